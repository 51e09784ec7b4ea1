"""Backups: the whole site in one archive, and back.

An archive (`.tar.gz`, readable by the operator only: it holds password hashes and private contact
details) holds

- `manifest.json`: format, date, database engine, the migrations applied, each model's row count and
  the content types' ids (see `_remap_revision_content_types`);
- `database.jsonl`: every row of every model that holds data, in Django's JSON-lines serialisation,
  foreign keys to content types and permissions by natural key, so it loads into any engine;
- `media/…` and `private/…`: the uploaded files (originals; renditions are made again on demand).

What can be rebuilt is left out (`EXCLUDED_MODELS`): search indexes, the reference index, renditions,
content types and permissions (made by `migrate`), sessions, sign-in attempts, the task queue.

A restore is all-or-nothing: it checks the archive, loads every row into the emptied database in one
transaction and compares the row counts with the manifest before it commits; files are unpacked to
a staging folder first and moved into place only after the commit.
"""

import contextlib
import datetime
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from wagtail.images.models import AbstractRendition
from wagtail.models import Revision

from core.progress import Progress

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
EXCLUDED_MODELS = {
    "contenttypes.ContentType",  # made by migrate; rows point at them by natural key
    "auth.Permission",
    "sessions.Session",  # sign-ins do not survive a restore
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "core.RequestCount",
    "django_tasks_database.DBTaskResult",  # the queue: what it would do, the rebuild after a restore does
    "wagtailadmin.EditingSession",
    "wagtailcore.ReferenceIndex",  # rebuilt
    "wagtailsearch.IndexEntry",
    "wagtailsearch.SQLiteFTSIndexEntry",
    "alliance_search.SearchEntry",
    "alliance_search.PendingIndexUpdate",
    "alliance_search.IndexChange",
}
RENDITIONS_FOLDER = "images"  # Wagtail's renditions, under MEDIA_ROOT; originals are in original_images/
BATCH = 2000


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


class ExactTimesEncoder(DjangoJSONEncoder):
    """Times to the microsecond, as the database keeps them: Django's encoder cuts them to the millisecond, so a
    page published in the admin came back from a restore with another publication time than it had."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def included(model):
    meta = model._meta
    return (
        meta.managed
        and not meta.proxy
        and meta.label not in EXCLUDED_MODELS
        and not issubclass(model, AbstractRendition)
    )


def backed_up_models(connection):
    """The models to dump, in an order that loads (what rows point at first). A model whose table this
    database has not got (an app installed but never migrated) holds nothing to back up."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    tables = set(connection.introspection.table_names())
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [model for model in ordered if included(model) and model._meta.db_table in tables]


def file_roots():
    """Folder in the archive → folder on disk, for the uploads kept on this machine's disk."""
    roots = {}
    if isinstance(default_storage, FileSystemStorage):
        roots["media"] = Path(settings.MEDIA_ROOT)
    roots["private"] = Path(settings.PRIVATE_MEDIA_ROOT)
    return roots


def _files(roots):
    for name, root in roots.items():
        if not root.is_dir():
            continue
        for folder, subfolders, files in os.walk(root):
            relative = Path(folder).relative_to(root)
            if name == "media" and relative == Path():
                subfolders[:] = [s for s in subfolders if s != RENDITIONS_FOLDER]
            for file in sorted(files):
                yield Path(folder) / file, f"{name}/{(relative / file).as_posix()}"


# Backup ------------------------------------------------------------------------------------------


def backup(path, stdout, using=DEFAULT_DB_ALIAS):
    """Write the archive to `path` (through a temporary file, so a failed backup leaves no half archive)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    models = backed_up_models(connection)
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        dump = Path(work) / DATABASE
        with _snapshot(using):
            counts = {model._meta.label: model._base_manager.using(using).count() for model in models}
            serializer = serializers.get_serializer("jsonl")()
            with open(dump, "w", encoding="utf-8") as out, Progress(stdout, "导出数据库", sum(counts.values())) as bar:
                for model in models:
                    rows = model._base_manager.using(using).order_by(model._meta.pk.name).iterator(chunk_size=BATCH)
                    serializer.serialize(
                        _counted(rows, bar), stream=out, use_natural_foreign_keys=True, cls=ExactTimesEncoder
                    )
            applied = sorted(MigrationRecorder(connection).applied_migrations())
            content_types = _content_types(using)
        files = list(_files(file_roots()))
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": [list(key) for key in applied],
            "content_types": content_types,
            "counts": counts,
            "files": {"count": len(files), "bytes": sum(source.stat().st_size for source, _ in files)},
        }
        part = Path(work) / "archive.part"
        with tarfile.open(part, "w:gz", compresslevel=6) as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            archive.add(dump, arcname=DATABASE)
            with Progress(stdout, "打包文件", len(files), unit="个") as bar:
                for source, name in files:
                    archive.add(source, arcname=name, recursive=False)
                    bar.advance()
        part.chmod(0o600)
        os.replace(part, path)
    return manifest


@contextlib.contextmanager
def _snapshot(using):
    """One consistent picture of every table while the site stays in use. On PostgreSQL a repeatable-read
    transaction (what pg_dump uses: READ COMMITTED would see each table at another moment); on SQLite a
    deferred read transaction, which WAL lets writers work beside (Django's atomic here begins IMMEDIATE
    and would hold every editor back for the whole dump). Inside a caller's transaction, that one."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic(using=using):
            yield


def _counted(rows, bar):
    for row in rows:
        yield row
        bar.advance()


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _content_types(using):
    return {str(ct.pk): f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.using(using).all()}


# Restore -----------------------------------------------------------------------------------------


def read_manifest(path):
    """The archive's manifest, checked against this code: a BackupError says what is wrong."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.load(archive.extractfile(MANIFEST))
            names = set(archive.getnames())
    except FileNotFoundError as error:
        raise BackupError(f"找不到备份文件：{path}") from error
    except (tarfile.TarError, KeyError, AttributeError, ValueError, OSError, EOFError) as error:
        raise BackupError(f"{path} 不是本平台的备份文件，或已损坏（{type(error).__name__}）。") from error
    if not isinstance(manifest, dict) or DATABASE not in names:
        raise BackupError(f"{path} 不是本平台的备份文件（没有 {MANIFEST} 或 {DATABASE}）。")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 的格式是 {manifest.get('format')!r}，本代码能读的是 {FORMAT}。")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(f"{app}.{name}" for app, name in map(tuple, manifest["migrations"]) if (app, name) not in known)
    if newer:
        raise BackupError(
            f"备份来自更新版本的代码（本代码没有这些迁移：{', '.join(newer[:5])}"
            f"{' 等' if len(newer) > 5 else ''}）。请先升级代码再恢复。"
        )
    return manifest


def restore(path, stdout, using=DEFAULT_DB_ALIAS):
    """Replace the database's rows and the uploaded files with the archive's. The schema must exist
    (run migrate first); callers confirm with the operator before calling this."""
    manifest = read_manifest(path)
    roots = file_roots()
    media_parent = Path(settings.MEDIA_ROOT).parent  # staged beside the media: moved, not copied, into place
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_parent if media_parent.is_dir() else None) as work:
        work = Path(work)
        with tarfile.open(path, "r:gz") as archive:
            staged = _unpack(archive, work, roots, stdout)
        try:
            with transaction.atomic(using=using):
                _empty(using)
                _load(work / DATABASE, manifest, stdout, using)
                _remap_revision_content_types(manifest, using)
                _check_counts(manifest, using)
        except (DatabaseError, DeserializationError, ValueError, LookupError) as error:
            raise BackupError(f"备份的数据无法载入：{error}") from error
        finally:  # the ids it holds are the emptied database's, or the rolled-back ones
            ContentType.objects.clear_cache()
        _move_into_place(staged, roots)
    return manifest


def _empty(using):
    """Every table emptied, then the content types and permissions the rows point at made again —
    only those: the other post-migrate work (the project's roles, Wagtail's defaults) is in the archive."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred foreign-key checks pending in this transaction (rows
        # changed earlier in it): run those checks now, and defer them again for the rows to come.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0, database=using, inhibit_post_migrate=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)


def _unpack(archive, work, roots, stdout):
    """The database dump and the files, to a staging folder; unknown or unsafe members are refused."""
    members = archive.getmembers()
    files = [m for m in members if m.isfile() and m.name.split("/", 1)[0] in roots]
    strays = [m.name for m in members if m.name not in (MANIFEST, DATABASE) and m not in files and not m.isdir()]
    if strays:
        raise BackupError(f"备份中有无法识别的内容：{', '.join(strays[:5])}")
    archive.extract(DATABASE, work, filter="data")
    with Progress(stdout, "解包文件", len(files), unit="个") as bar:
        for member in files:
            try:
                archive.extract(member, work / "files", filter="data")
            except tarfile.FilterError as error:
                raise BackupError(f"备份中的文件路径不安全：{member.name}") from error
            bar.advance()
    return work / "files"


def _load(dump, manifest, stdout, using):
    connection = connections[using]
    loaded = set()
    with open(dump, encoding="utf-8") as lines, connection.constraint_checks_disabled():
        rows = _without_unknown_permissions(lines, using)
        deferred = []
        with Progress(stdout, "载入数据库", sum(manifest["counts"].values())) as bar:
            objects = serializers.deserialize("jsonl", rows, using=using, handle_forward_references=True)
            for obj in objects:
                obj.save(using=using)
                loaded.add(type(obj.object))
                if obj.deferred_fields:
                    deferred.append(obj)
                bar.advance()
            for obj in deferred:
                obj.save_deferred_fields(using=using)
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _without_unknown_permissions(lines, using):
    """The dump's lines, with grants of permissions this database has no model for left out (an archive
    from SQLite grants some on SQLite's full-text table, which PostgreSQL has not got)."""
    known = {
        (codename, app_label, model)
        for codename, app_label, model in Permission.objects.using(using).values_list(
            "codename", "content_type__app_label", "content_type__model"
        )
    }
    granting = {
        model._meta.label_lower: [field.name for field in model._meta.many_to_many if field.related_model is Permission]
        for model in apps.get_models()
    }
    granting = {label: fields for label, fields in granting.items() if fields}
    for line in lines:
        row = json.loads(line) if any(f'"{label}"' in line[:80] for label in granting) else None
        if row and row.get("model") in granting:
            for field in granting[row["model"]]:
                row["fields"][field] = [key for key in row["fields"].get(field, []) if tuple(key) in known]
            line = json.dumps(row, ensure_ascii=False)
        yield line


def _remap_revision_content_types(manifest, using):
    """Rows point at content types by natural key, but a page's revisions keep its content type's id
    inside their JSON; `migrate` on another database may have numbered the types differently."""
    now = {f"{ct.app_label}.{ct.model}": ct.pk for ct in ContentType.objects.using(using).all()}
    before = {int(old): label for old, label in manifest["content_types"].items()}
    moved = {old: now[label] for old, label in before.items() if now.get(label, old) != old}
    if not moved:
        return
    changed = []
    for revision in Revision.objects.using(using).iterator(chunk_size=BATCH):
        if isinstance(revision.content, dict) and revision.content.get("content_type") in moved:
            revision.content["content_type"] = moved[revision.content["content_type"]]
            changed.append(revision)
    Revision.objects.using(using).bulk_update(changed, ["content"], batch_size=BATCH)


def _check_counts(manifest, using):
    wrong = []
    for label, expected in manifest["counts"].items():
        with contextlib.suppress(LookupError):
            found = apps.get_model(label)._base_manager.using(using).count()
            if found != expected:
                wrong.append(f"{label} {found}/{expected}")
    if wrong:
        raise BackupError(f"载入后的行数与备份不符，已撤销：{', '.join(wrong[:5])}")


def _move_into_place(staged, roots):
    for name, root in roots.items():
        source = staged / name
        if not source.is_dir():
            continue
        for folder, _, files in os.walk(source):
            target = root / Path(folder).relative_to(source)
            target.mkdir(parents=True, exist_ok=True)
            for file in files:
                shutil.move(Path(folder) / file, target / file)  # across file systems too
    shutil.rmtree(staged, ignore_errors=True)
