"""数据导入 in the admin: template downloads, upload → preview → confirm, and who may import."""

import io
import os

import pytest
from openpyxl import load_workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.storage import private_storage
from exchange import views
from exchange.importers import IMPORTERS, StudioImporter
from exchange.tasks import import_in_background
from review.models import Notification
from studios.models import StudioPage
from tests.test_import import everything, generated_rows, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def upload(client, path, **data):
    with open(path, "rb") as stream:
        file = SimpleUploadedFile(path.name, stream.read())
    return client.post(reverse("data_import"), {"file": file, **data})


def stored_uploads():
    folder = private_storage().path("imports")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_uploads_left_at_the_preview_are_removed_after_a_day(reviewer_client, tmp_path, demo):
    path = write_xlsx(tmp_path / "studios.xlsx", StudioImporter.headers(), generated_rows(StudioImporter, 2))
    before = set(stored_uploads())
    upload(reviewer_client, path)
    (left,) = set(stored_uploads()) - before
    stale = private_storage().path(f"imports/{left}")
    os.utime(stale, (0, 0))  # as if uploaded long ago and never confirmed
    upload(reviewer_client, path)
    assert not os.path.exists(stale)


def test_a_studio_lead_cannot_import_nor_see_the_menu(client, django_user_model, demo):
    lead = django_user_model.objects.create_user("lead-x", "x@example.com", "pw-for-tests", person=demo.studio.lead)
    client.force_login(lead)
    for url in (reverse("data_import"), reverse("data_import_template", args=["studios"])):
        response = client.get(url)  # Wagtail's answer to PermissionDenied: back to the dashboard
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert reverse("data_import") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_every_template_downloads_as_a_workbook_with_its_columns(reviewer_client):
    page = reviewer_client.get(reverse("data_import")).content.decode()
    for type_name, importer in IMPORTERS.items():
        url = reverse("data_import_template", args=[type_name])
        assert url in page
        response = reviewer_client.get(url)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [cell.value for cell in sheet[1]] == importer.headers()
    assert reviewer_client.get(reverse("data_import_template", args=["nothing"])).status_code == 404


def test_a_file_with_a_bad_row_shows_every_problem_and_writes_nothing(reviewer_client, tmp_path, demo):
    rows = generated_rows(StudioImporter, 50)
    rows[17][StudioImporter.headers().index("所属企业")] = "没有这家企业"
    snapshot, files = everything(), stored_uploads()
    response = upload(reviewer_client, write_xlsx(tmp_path / "studios.xlsx", StudioImporter.headers(), rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert "未导入任何数据" in page and "没有这家企业" in page and "<td>19</td>" in page
    assert "确认导入" not in page
    assert everything() == snapshot
    assert stored_uploads() == files


def test_upload_preview_confirm_writes_the_rows_once(reviewer_client, tmp_path, demo):
    rows = generated_rows(StudioImporter, 50)
    files = stored_uploads()
    response = upload(reviewer_client, write_xlsx(tmp_path / "studios.xlsx", StudioImporter.headers(), rows))
    page = response.content.decode()
    assert "将新增 50 条" in page and "确认导入" in page
    assert not StudioPage.objects.filter(code=rows[0][0]).exists()  # the preview writes nothing
    token = response.context["token"]
    done = reviewer_client.post(reverse("data_import"), {"token": token}, follow=True)
    assert "新增 50 条" in done.content.decode()
    assert StudioPage.objects.filter(code__in=[row[0] for row in rows], live=True).count() == 50
    again = reviewer_client.post(reverse("data_import"), {"token": token}, follow=True)
    assert "已失效" in again.content.decode()
    assert stored_uploads() == files
    # The same file again: every row unchanged.
    page = upload(reviewer_client, tmp_path / "studios.xlsx").content.decode()
    assert "将新增 0 条，修改 0 条，50 条不变" in page
    assert "没有需要写入的更改" in page and "确认导入" not in page


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.txt", b"hello", "只接受"),
        ("fake.xlsx", b"PK\x03\x04 garbage", "XLSX"),
        ("utf16.csv", "工作室编号\n".encode("utf-16"), "编码"),
        ("empty.csv", b"", "空"),
    ],
)
def test_files_that_are_not_spreadsheets_get_a_clear_message(reviewer_client, name, content, words):
    files = stored_uploads()
    response = reviewer_client.post(reverse("data_import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert stored_uploads() == files


def test_a_forged_token_imports_nothing(reviewer_client, demo):
    snapshot = everything()
    response = reviewer_client.post(reverse("data_import"), {"token": "../../etc/passwd"}, follow=True)
    assert "已失效" in response.content.decode()
    assert everything() == snapshot


def test_a_new_users_path_from_the_template_to_site_search_statistics_map_and_api(
    reviewer_client, tmp_path, demo, django_capture_on_commit_callbacks
):
    from search.params import SearchParams
    from search.service import search
    from tests.test_statistics import figures_of

    # Download the template and fill 50 studios into it, one with an enterprise nobody knows.
    template = reviewer_client.get(reverse("data_import_template", args=["studios"]))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    rows = generated_rows(StudioImporter, 50, tag="新用户")
    enterprise = StudioImporter.headers().index("所属企业")
    good = rows[30][enterprise]
    rows[30][enterprise] = "一家不存在的公司"
    for row in rows:
        sheet.append(row)
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    before = figures_of(reviewer_client.get(reverse("statistics")))

    # The exact error: row 32 (row 1 is the header), the column, the reason.
    page = upload(reviewer_client, path).content.decode()
    assert "<td>32</td><td>所属企业</td><td>找不到企业“一家不存在的公司”" in page
    assert not StudioPage.objects.filter(code=rows[0][0]).exists()

    # Fixed, imported, confirmed.
    sheet.cell(row=32, column=enterprise + 1, value=good)
    workbook.save(path)
    token = upload(reviewer_client, path).context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(reverse("data_import"), {"token": token})
    imported = StudioPage.objects.live().filter(code__in=[row[0] for row in rows])
    assert imported.count() == 50

    studio = imported.order_by("pk").first()
    assert reviewer_client.get(studio.url).status_code == 200
    assert studio.title in [hit.title for hit in search(SearchParams(q=studio.title, doc_type="studio")).hits]
    after = figures_of(reviewer_client.get(reverse("statistics")))
    level_total = sum(r["value"] for r in after["studios-by-level"]["rows"])
    assert level_total == sum(r["value"] for r in before["studios-by-level"]["rows"]) + 50
    on_map = {r["name"]: r["value"] for r in after["studios-by-city"]["rows"]}
    on_map_before = {r["name"]: r["value"] for r in before["studios-by-city"]["rows"]}
    for city in {s.region for s in imported if s.region.name in on_map}:
        assert on_map[city.name] == on_map_before[city.name] + sum(1 for s in imported if s.region_id == city.pk)
    listed = reviewer_client.get("/api/studios/", {"page_size": 100, "ordering": "title"}).json()
    assert listed["count"] == StudioPage.objects.live().count()
    assert reviewer_client.get(f"/api/studios/{studio.pk}/").json()["code"] == studio.code


def test_a_long_file_is_imported_by_the_worker_and_reported_under_notifications(
    reviewer_client, reviewer, tmp_path, demo, monkeypatch
):
    monkeypatch.setattr(views, "IN_REQUEST_ROWS", 3)
    rows = generated_rows(StudioImporter, 8)
    files = stored_uploads()
    token = upload(reviewer_client, write_xlsx(tmp_path / "long.xlsx", StudioImporter.headers(), rows)).context["token"]
    done = reviewer_client.post(reverse("data_import"), {"token": token}, follow=True)
    assert "正在后台导入" in done.content.decode()
    # The test settings run tasks at once, as the worker would.
    assert StudioPage.objects.filter(code__in=[row[0] for row in rows]).count() == 8
    notice = Notification.objects.get(recipient=reviewer, kind=Notification.Kind.IMPORT)
    assert "long.xlsx" in notice.subject and "已导入" in notice.subject and "新增 8 条" in notice.body
    assert stored_uploads() == files  # the worker removed the upload


def test_a_background_import_that_finds_problems_writes_nothing_and_says_which(reviewer, tmp_path, demo):
    rows = generated_rows(StudioImporter, 8)
    rows[-1][StudioImporter.headers().index("所属企业")] = "没有这家企业"
    path = write_xlsx(tmp_path / "bad.xlsx", StudioImporter.headers(), rows)
    with open(path, "rb") as stream:
        stored = private_storage().save("imports/bad.xlsx", stream)
    snapshot = everything()
    import_in_background.call(stored, "", "bad.xlsx", reviewer.pk)
    assert everything() == snapshot
    notice = Notification.objects.get(recipient=reviewer, kind=Notification.Kind.IMPORT)
    assert "未导入" in notice.subject and "第 9 行" in notice.body and "没有这家企业" in notice.body
    assert not private_storage().exists(stored)
