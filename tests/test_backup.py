"""manage.py backup / restore: a restore into an empty database gives back the same site."""

import functools
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from core.backup import read_manifest
from core.progress import Progress
from projects.models import ProjectPage
from search import service
from search.params import SearchParams
from studios.models import Person, StudioPage
from tests.test_breaker import Clock  # a clock the test moves by hand

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def content_types_of_the_test_database():
    """A restore makes the content types again; the test's rollback brings back the old ids."""
    yield
    ContentType.objects.clear_cache()


def site():
    """What a visitor, an editor and the platform admin would notice is missing or different."""
    return {
        "pages": sorted(
            Page.objects.values_list(
                "url_path", "title", "live", "content_type__model", "first_published_at", "last_published_at"
            )
        ),
        "people": sorted(tuple(row.values()) for row in Person.objects.values()),
        "users": sorted(get_user_model().objects.values_list("username", "password", "is_superuser", "groups__name")),
        "grants": sorted(Group.objects.values_list("name", "permissions__codename")),
        "revisions": sorted(Revision.objects.values_list("object_id", "created_at")),
        "images": sorted(get_image_model().objects.values_list("title", "file")),
        "documents": sorted(get_document_model().objects.values_list("title", "file")),
        "files": uploaded_files(),
    }


def uploaded_files():
    found = {}
    for name, root in (("media", Path(settings.MEDIA_ROOT)), ("private", Path(settings.PRIVATE_MEDIA_ROOT))):
        for path in root.rglob("*"):
            if path.is_file() and "images" not in path.relative_to(root).parts[:1]:  # renditions are made again
                found[f"{name}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def queries():
    """Queries made from the content itself: studio names, people's names and the start of project titles."""
    rng = random.Random(7)
    titles = list(ProjectPage.objects.live().values_list("title", flat=True))
    words = [title[:2] for title in rng.sample(titles, min(12, len(titles)))]
    words += rng.sample(list(StudioPage.objects.live().values_list("title", flat=True)), 4)
    words += rng.sample(list(Person.objects.values_list("name", flat=True)), 4)
    return sorted(set(words))


def search_results(words):
    return {q: [hit.key for hit in service.search(SearchParams(q=q)).hits] for q in words}


def empty_everything():
    if connection.vendor == "postgresql":  # TRUNCATE waits for no deferred check (the test's own edits)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)):
        for child in root.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()


@pytest.fixture
def archive(tmp_path, demo, admin_client):
    """A backup of the demo site with an editor's revision, a user and an uploaded private file in it."""
    demo.project.save_revision().publish()
    private = Path(settings.PRIVATE_MEDIA_ROOT) / "applications" / "证书.pdf"
    private.parent.mkdir(parents=True, exist_ok=True)
    private.write_bytes(b"%PDF-1.4 certificate")
    path = tmp_path / "site.tar.gz"
    call_command("backup", output=str(path), stdout=io.StringIO())
    return path


def test_a_restore_into_an_empty_database_gives_back_the_same_pages_people_files_and_search_results(archive, client):
    words = queries()
    before, found_before = site(), search_results(words)
    assert any(found_before.values())
    empty_everything()
    assert Page.objects.count() == 0 and not uploaded_files()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert site() == before
    assert search_results(words) == found_before
    assert "恢复完成" in out.getvalue()
    project = ProjectPage.objects.live().order_by("?").first()
    response = client.get(project.url)
    assert response.status_code == 200
    assert project.title in response.content.decode()
    admin = client.get("/admin/pages/search/", {"q": project.title[:4]})  # Wagtail's own index is back too
    assert admin.status_code in (200, 302)


def test_the_archive_is_readable_by_its_owner_only_and_says_what_it_holds(archive):
    assert archive.stat().st_mode & 0o077 == 0
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        names = opened.getnames()
    assert manifest["counts"]["wagtailcore.Page"] == Page.objects.count()
    assert manifest["counts"]["studios.Person"] == Person.objects.count()
    assert "sessions.Session" not in manifest["counts"] and "alliance_search.SearchEntry" not in manifest["counts"]
    assert set(uploaded_files()) <= set(names)
    assert not any(name.startswith("media/images/") for name in names)  # renditions are made again


def test_a_database_with_content_is_not_replaced_without_confirmation(archive, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: nobody to ask
    ProjectPage.objects.live().order_by("pk").first().delete()
    before = site()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert site() == before
    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert Page.objects.count() == len(before["pages"]) + 1


def damaged(archive, tmp_path, damage):
    """A copy of the archive whose database dump was hurt by `damage(lines, rng)`."""
    with tarfile.open(archive) as source:
        members = [(member, source.extractfile(member).read() if member.isfile() else None) for member in source]
    path = tmp_path / "damaged.tar.gz"
    with tarfile.open(path, "w:gz") as target:
        for member, data in members:
            if member.name == "database.jsonl":
                lines = data.decode().splitlines()
                damage(lines, random.Random(len(lines)))
                data = ("\n".join(lines) + "\n").encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    return path


def cut_a_row_short(lines, rng):
    index = rng.randrange(len(lines))
    lines[index] = lines[index][: len(lines[index]) // 2]


def lose_a_row(lines, rng):
    del lines[rng.randrange(len(lines))]


@pytest.mark.parametrize("damage", [cut_a_row_short, lose_a_row])
def test_a_damaged_archive_changes_nothing_and_says_so(archive, tmp_path, damage):
    bad = damaged(archive, tmp_path, damage)
    ProjectPage.objects.live().order_by("pk").first().delete()  # so the restore would have something to undo
    before = site()
    with pytest.raises(CommandError, match="数据库未被更改"):
        call_command("restore", str(bad), yes=True, stdout=io.StringIO())
    assert site() == before


def grant_a_permission_of_a_model_this_database_lacks(lines, rng):
    groups = [i for i, line in enumerate(lines) if json.loads(line)["model"] == "auth.group"]
    index = rng.choice(groups)
    row = json.loads(lines[index])
    row["fields"]["permissions"].append(["add_retiredmodel", "retired_app", "retiredmodel"])
    lines[index] = json.dumps(row, ensure_ascii=False)


def test_a_grant_of_a_permission_this_database_has_no_model_for_is_left_out(archive, tmp_path):
    """As an archive from SQLite grants permissions on its full-text table, which PostgreSQL has not got."""
    other_engine = damaged(archive, tmp_path, grant_a_permission_of_a_model_this_database_lacks)
    before = site()
    call_command("restore", str(other_engine), yes=True, stdout=io.StringIO())
    assert site() == before


def test_what_is_not_a_backup_is_refused_in_chinese(tmp_path):
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("a spreadsheet, perhaps")
    with pytest.raises(CommandError, match="不是本平台的备份文件"):
        call_command("restore", str(not_an_archive))
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_a_backup_from_newer_code_is_refused_before_anything_changes(archive, tmp_path):
    with tarfile.open(archive) as source:
        manifest = json.load(source.extractfile("manifest.json"))
        dump = source.extractfile("database.jsonl").read()
    manifest["migrations"].append(["projects", "9999_from_the_future"])
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(newer, "w:gz") as target:
        for name, data in (("manifest.json", json.dumps(manifest).encode()), ("database.jsonl", dump)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="升级代码"):
        call_command("restore", str(newer), yes=True)
    assert Page.objects.count() == pages


def test_a_file_path_that_leaves_the_media_folder_is_refused(archive, tmp_path):
    escaped = tmp_path / "escaped.txt"
    with tarfile.open(archive) as source:
        members = [(member, source.extractfile(member).read()) for member in source if member.isfile()]
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as target:
        for member, data in members:
            target.addfile(member, io.BytesIO(data))
        info = tarfile.TarInfo(f"media/../../{escaped.name}")
        info.size = 4
        target.addfile(info, io.BytesIO(b"evil"))
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="不安全"):
        call_command("restore", str(evil), yes=True, stdout=io.StringIO())
    assert not escaped.exists() and Page.objects.count() == pages


def test_progress_shows_counts_and_time_left_on_a_terminal_and_one_line_in_a_log():
    for interactive in (True, False):
        out, clock = io.StringIO(), Clock()
        with Progress(out, "导出数据库", 400, interactive=interactive, clock=clock) as bar:
            for _ in range(4):
                clock.now += 30
                bar.advance(50)
        text = out.getvalue()
        assert text.endswith(
            "导出数据库：200 条，用时 2 分 00 秒\x1b[K\n" if interactive else "导出数据库：200 条，用时 2 分 00 秒\n"
        )
        if interactive:  # 200 of 400 after two minutes: two more to go
            assert "200/400 条（50%），约剩 2 分 00 秒" in text
        else:
            assert text.count("\n") == 1 and "\r" not in text


def test_the_nightly_script_writes_an_archive_and_drops_only_those_older_than_kept(tmp_path):
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "ELASTICSEARCH_URL": "",
        "PYTHON": sys.executable,
        "BACKUP_DIR": str(tmp_path / "backups"),
        "BACKUP_KEEP_DAYS": "14",
    }
    run = functools.partial(subprocess.run, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert run([sys.executable, "manage.py", "migrate", "--noinput"]).returncode == 0
    (tmp_path / "backups").mkdir()
    old, recent = tmp_path / "backups" / "alliance-old.tar.gz", tmp_path / "backups" / "alliance-recent.tar.gz"
    for archive, days in ((old, 30), (recent, 3)):
        archive.write_bytes(b"")
        when = time.time() - days * 86400
        os.utime(archive, (when, when))
    result = run(["sh", "deploy/backup.sh"])
    assert result.returncode == 0, result.stderr
    written = set((tmp_path / "backups").glob("alliance-*.tar.gz")) - {recent}
    assert len(written) == 1 and not old.exists() and recent.exists()
    assert read_manifest(written.pop())["counts"]["wagtailcore.Page"] >= 1
