"""Exports: every filtered list a visitor sees downloads as XLSX and CSV with the same rows, and the admin's
listings export through Wagtail's own list_export — private contact details never leave with them."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from wagtail.models import Page

from collaboration.models import CollaborationRequest
from core.models import EXPORT_LIMIT, DirectoryPage
from studios.models import Person

pytestmark = pytest.mark.django_db


def directory_pages():
    return [
        page.specific
        for page in Page.objects.live().type(*[m for m in DirectoryPage.__subclasses__() if m.export_columns])
    ]


def shown_count(client, url):
    html = client.get(url).content.decode()
    return int(re.search(r"共 ([\d,]+) 条", html).group(1).replace(",", ""))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def csv_rows(response):
    content = body(response)
    assert content.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def filter_choices(client, page):
    """Every (filter, value) the page's filter form offers, from the form itself."""
    filterset = page.filterset_class(None, queryset=page.get_listing())
    for name, field in filterset.form.fields.items():
        for value, _label in getattr(field, "choices", []):
            if value not in ("", None) and name != "sort":
                yield name, value
                break


def test_every_directory_exports_what_it_shows_under_every_filter(client, demo):
    pages = directory_pages()
    assert {type(p).__name__ for p in pages} >= {"StudioIndexPage", "ProjectIndexPage", "PeopleIndexPage"}
    for page in pages:
        html = client.get(page.url).content.decode()
        assert "export=xlsx" in html and "export=csv" in html, page
        for query in ["", *(f"{name}={value}" for name, value in filter_choices(client, page))]:
            url = f"{page.url}?{query}"
            count = min(shown_count(client, url), EXPORT_LIMIT)
            sheet = xlsx_rows(client.get(f"{url}&export=xlsx"))
            table = csv_rows(client.get(f"{url}&export=csv"))
            assert len(sheet) - 1 == count == len(table) - 1, (page, query)
            assert [str(h) for h in sheet[0]] == table[0]
            assert all(row[-1].startswith("http://testserver/") for row in table[1:]), (page, query)


def test_the_project_export_holds_the_filtered_projects_themselves(client, demo):
    from projects.choices import Category
    from projects.models import ProjectPage

    table = csv_rows(client.get(f"{demo.project_index.url}?category=design&export=csv"))
    headers = table[0]
    titles = {row[headers.index("成果名称")] for row in table[1:]}
    assert titles == set(ProjectPage.objects.live().filter(category="design").values_list("title", flat=True))
    assert {row[headers.index("五小类别")] for row in table[1:]} == {str(Category.DESIGN.label)}


def test_private_phone_numbers_and_emails_never_leave_in_the_public_export(client, demo):
    hidden, shown = Person.objects.order_by("pk")[:2]
    Person.objects.filter(pk=hidden.pk).update(phone="13900000001", email="hidden@example.com", contact_public=False)
    Person.objects.filter(pk=shown.pk).update(phone="13900000002", email="shown@example.com", contact_public=True)
    for kind in ("csv", "xlsx"):
        response = client.get(f"{demo.people_index.url}?export={kind}")
        content = repr(xlsx_rows(response)).encode() if kind == "xlsx" else body(response)
        assert b"13900000001" not in content and b"hidden@example.com" not in content
        assert b"13900000002" in content and b"shown@example.com" in content


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(client, demo):
    studio = demo.studio
    Page.objects.filter(pk=studio.pk).update(title='=HYPERLINK("http://evil.example")')
    studio.specific_class.objects.filter(pk=studio.pk).update(summary="+1+1")
    table = csv_rows(client.get(f"{demo.studio_index.url}?export=csv"))
    cells = [cell for row in table for cell in row]
    assert not any(cell[:1] in "=+@" for cell in cells if cell)
    assert '\'=HYPERLINK("http://evil.example")' in cells


def test_an_unknown_export_format_or_a_bad_filter_is_no_error(client, demo):
    assert client.get(f"{demo.project_index.url}?export=pdf").status_code == 200
    response = client.get(f"{demo.project_index.url}?year=abc&category=nothing&export=csv")
    assert response.status_code == 200 and len(csv_rows(response)) > 1


@pytest.fixture
def requests_for_two_studios(demo):
    from studios.models import StudioPage

    first, second = StudioPage.objects.live().order_by("pk")[:2]
    for studio, name in ((first, "甲单位张工"), (second, "乙单位李工")):
        CollaborationRequest.objects.create(
            studio=studio, name=name, organisation="某公司", contact="13800000000", topic="joint", message="想合作"
        )
    return first, second


def test_admin_exports_collaboration_requests_as_filtered_and_a_lead_only_their_own(
    client, admin_client, django_user_model, requests_for_two_studios
):
    url = reverse("collaboration_requests:index")
    everything = csv_rows(admin_client.get(f"{url}?export=csv"))
    names = [row[1] for row in everything[1:]]
    assert {"甲单位张工", "乙单位李工"} <= set(names)
    assert len(everything) - 1 == CollaborationRequest.objects.count()
    sheet = xlsx_rows(admin_client.get(f"{url}?export=xlsx"))
    assert len(sheet) == len(everything)
    # Labels, not stored values.
    headers = everything[0]
    assert {row[headers.index("合作事项")] for row in everything[1:]} >= {"联合攻关"}
    assert "new" not in {row[headers.index("状态")] for row in everything[1:]}
    # A name typed into the public form as a formula stays text.
    CollaborationRequest.objects.filter(name="甲单位张工").update(name="=cmd|' /C calc'!A0")
    assert "'=cmd|' /C calc'!A0" in [row[1] for row in csv_rows(admin_client.get(f"{url}?export=csv"))]
    first, _second = requests_for_two_studios
    lead = django_user_model.objects.create_user("lead-export", "le@example.com", "pw", person=first.lead)
    client.force_login(lead)  # the same client: from here on it is the lead's
    own = [row[1] for row in csv_rows(client.get(f"{url}?export=csv"))[1:]]
    assert "'=cmd|' /C calc'!A0" in own and "乙单位李工" not in own


def test_search_results_export_as_ranked_with_their_tab_and_facets(client, demo):
    import random

    from search.params import SearchParams
    from search.service import search

    words = [p.title[:2] for p in random.Random("export-search").sample(list(Page.objects.live()), 6)]
    for q, doc_type in [(words[0], ""), (words[1], "project"), (words[2], "studio"), ("工作室", ""), (words[3], "")]:
        html = client.get(reverse("search"), {"q": q, "type": doc_type}).content.decode()
        expected = search(SearchParams(q=q, doc_type=doc_type, page_size=50))
        table = csv_rows(client.get(reverse("search"), {"q": q, "type": doc_type, "export": "csv"}))
        assert ("export=csv" in html) == bool(expected.count)
        assert len(table) - 1 == min(expected.count, 1000), q
        assert [row[1] for row in table[1 : 1 + len(expected.hits)]] == [hit.title for hit in expected.hits], q
        sheet = xlsx_rows(client.get(reverse("search"), {"q": q, "type": doc_type, "export": "xlsx"}))
        assert [row[1] for row in sheet[1:]] == [row[1] for row in table[1:]]
