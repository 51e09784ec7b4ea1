"""The open read API: every list and detail the OpenAPI document names, the site's filters, only what is
published, only public contact details, nothing of collaboration requests, conditional GETs and CORS."""

import json
import re

import pytest

from django.urls import reverse

from wagtail.models import Page

from collaboration.models import CollaborationRequest
from core.models import DirectoryPage
from studios.models import Person, StudioPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    return client.get("/api/openapi.json").json()


def list_paths(openapi):
    return sorted(p for p in openapi["paths"] if "{" not in p and not p.startswith("/api/search"))


def every_row(client, path, **params):
    """All rows of a list, page by page."""
    rows, page = [], 1
    while True:
        answer = client.get(path, {**params, "page": page, "page_size": 100}).json()
        rows += answer["results"]
        if len(rows) >= answer["count"] or not answer["results"]:
            return answer["count"], rows
        page += 1


def test_every_list_pages_through_all_its_rows_and_every_row_has_a_detail(client, openapi):
    paths = list_paths(openapi)
    assert {"/api/studios/", "/api/projects/", "/api/people/", "/api/alliances/", "/api/challenges/"} <= set(paths)
    assert {"/api/enterprises/", "/api/regions/", "/api/industries/"} <= set(paths)
    for path in paths:
        count, rows = every_row(client, path)
        assert count == len(rows) > 0, path
        detail = next((p for p in openapi["paths"] if p.startswith(path) and "{" in p), None)
        if detail:
            key = re.search(r"\{(\w+)\}", detail).group(1)
            for row in rows[:5]:
                answer = client.get(detail.replace(f"{{{key}}}", str(row[key])))
                assert answer.status_code == 200, (detail, row[key])
                assert {k: v for k, v in answer.json().items() if k in row} == row


def test_lists_count_what_the_site_publishes(client):
    assert client.get("/api/studios/").json()["count"] == StudioPage.objects.live().count()
    assert client.get("/api/people/").json()["count"] == Person.objects.count()


def test_the_sites_filters_give_the_sites_results(client, demo):
    """Each directory's filters, every value its form offers, in the API as on the page."""
    mapping = {
        "StudioIndexPage": "/api/studios/",
        "ProjectIndexPage": "/api/projects/",
        "PeopleIndexPage": "/api/people/",
    }
    checked = 0
    for model in DirectoryPage.__subclasses__():
        if model.__name__ not in mapping:
            continue
        page = model.objects.live().first()
        filterset = page.filterset_class(None, queryset=page.get_listing())
        for name, field in filterset.form.fields.items():
            for value, _label in list(getattr(field, "choices", []))[1:3]:
                if name == "sort" or value in ("", None):
                    continue
                value = getattr(value, "value", value)
                shown = re.search(r"共 ([\d,]+) 条", client.get(page.url, {name: value}).content.decode()).group(1)
                answer = client.get(mapping[model.__name__], {name: value}).json()
                assert answer["count"] == int(shown.replace(",", "")), (model.__name__, name, value)
                checked += 1
    assert checked >= 15


def test_drafts_are_not_reachable(client, demo):
    studio = StudioPage.objects.live().order_by("pk").first()
    project = studio.projects.live().first()
    for page in (project, studio):
        Page.objects.get(pk=page.pk).specific.unpublish()
    ids = {row["id"] for row in every_row(client, "/api/studios/")[1]}
    assert studio.pk not in ids
    assert client.get(f"/api/studios/{studio.pk}/").status_code == 404
    assert client.get(f"/api/projects/{project.pk}/").status_code == 404
    assert client.get(f"/api/projects/{project.pk}/").json() == {"detail": "找不到"}


def test_contact_details_leave_only_when_the_person_chose_to_show_them(client):
    hidden, shown = Person.objects.order_by("pk")[:2]
    Person.objects.filter(pk=hidden.pk).update(phone="13911110001", email="hidden@example.com", contact_public=False)
    Person.objects.filter(pk=shown.pk).update(phone="13911110002", email="shown@example.com", contact_public=True)
    everything = json.dumps(every_row(client, "/api/people/")[1], ensure_ascii=False)
    everything += client.get(f"/api/people/{hidden.slug}/").content.decode()
    assert "13911110001" not in everything and "hidden@example.com" not in everything
    assert "13911110002" in everything and "shown@example.com" in everything


def test_collaboration_requests_are_not_part_of_it(client, openapi, demo):
    CollaborationRequest.objects.create(
        studio=demo.studio,
        name="保密的申请人",
        organisation="某单位",
        contact="13700000000",
        topic="joint",
        message="x",
    )
    assert not [p for p in openapi["paths"] if "collaborat" in p or "request" in p]
    for path in list_paths(openapi):
        assert "保密的申请人" not in client.get(path, {"page_size": 100}).content.decode()
        assert client.post(path).status_code == 405


def test_bad_filters_and_paging_are_a_400_in_chinese(client):
    for path, params in [
        ("/api/projects/", {"category": "nothing"}),
        ("/api/people/", {"page_size": 1000}),
        ("/api/studios/", {"page": 0}),
        ("/api/projects/", {"ordering": "password"}),
    ]:
        answer = client.get(path, params)
        assert answer.status_code == 400, (path, params)
        assert re.search(r"[\u4e00-\u9fff]", answer.json()["detail"]), answer.json()


def test_a_name_nothing_has_matches_nothing(client):
    for path, name in [("/api/studios/", "region"), ("/api/projects/", "enterprise"), ("/api/people/", "honor")]:
        answer = client.get(path, {name: "no-such-slug"})
        assert answer.status_code == 200 and answer.json()["count"] == 0, (path, name)


def test_an_unchanged_answer_is_a_304_for_a_poller(client):
    first = client.get("/api/studios/", {"page_size": 5})
    etag = first["ETag"]
    assert etag
    assert client.get("/api/studios/", {"page_size": 5}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/studios/", {"page_size": 6}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cors_is_off_unless_an_origin_is_named(client, settings):
    origin = "https://other-enterprise.example.com"
    assert "Access-Control-Allow-Origin" not in client.get("/api/regions/", HTTP_ORIGIN=origin)
    settings.API_CORS_ORIGINS = [origin]
    answer = client.get("/api/regions/", HTTP_ORIGIN=origin)
    assert answer["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Origin" not in client.get("/api/regions/", HTTP_ORIGIN="https://evil.example")
    preflight = client.options("/api/regions/", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204 and "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get(reverse("statistics"), HTTP_ORIGIN=origin)


def test_the_docs_load_nothing_from_elsewhere(client):
    html = client.get("/api/docs").content.decode()
    assert not re.search(r"(src|href)=\"https?://", html)
