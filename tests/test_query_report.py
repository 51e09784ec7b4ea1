"""What people search for reaches the reviewers: the 搜索词报告, its one-click vocabulary links, and the
editors' picks (Wagtail's search promotions) on the search page."""

import secrets
import string

import pytest
from bs4 import BeautifulSoup

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.after_response import AfterResponseMiddleware, after_response
from projects.models import ProjectPage
from search.models import QueryOutcome
from search.querylog import logged_form

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/search-queries/"


def nonsense():
    """A word no content contains (made up here, so no test relies on a remembered example)."""
    return "zq" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


def section(page, name):
    soup = BeautifulSoup(page, "html.parser")
    heading = soup.find(id=f"report-{name}")
    return [cell.get_text(strip=True) for cell in heading.find_parent("section").select("tbody tr td:first-child")]


def test_a_query_typed_a_moment_ago_is_in_the_reviewers_report(client, reviewer):
    # On PostgreSQL the browser tests' server commits its searches; the report shows 50 rows per list.
    QueryOutcome.objects.all().delete()
    missing, word = nonsense(), ProjectPage.objects.live().first().title[:4]
    partial = f"{word} {nonsense()}"
    client.get("/search/", {"q": missing})
    client.get("/api/search/", {"q": f"  {missing.upper()} "})  # the same query, typed differently
    client.get("/search/", {"q": partial})
    client.get("/search/", {"q": partial, "page": 2})  # paging on is the same search, not another
    client.get("/search/", {"q": word})

    client.force_login(reviewer)
    page = client.get(REPORT).content.decode()
    assert missing in section(page, "zero")
    assert logged_form(partial) in section(page, "partial")
    assert logged_form(word) not in section(page, "zero") + section(page, "partial")
    assert {missing, logged_form(partial), logged_form(word)} <= set(section(page, "frequent"))
    outcome = QueryOutcome.objects.get(query_string=missing)
    assert (outcome.searches, outcome.zero_results) == (2, 2)
    assert QueryOutcome.objects.get(query_string=logged_form(partial)).searches == 1
    # Wagtail's own daily hits, which its search promotions hang on, are counted too.
    assert Query.objects.get(query_string=missing).daily_hits.get().hits == 2


def test_nothing_personal_is_stored(client, django_user_model):
    user = django_user_model.objects.create_user("searcher", "searcher@example.com", "pw-for-tests")
    client.force_login(user)
    client.get("/search/", {"q": nonsense()}, REMOTE_ADDR="203.0.113.9")
    stored = [str(value) for row in QueryOutcome.objects.values() for value in row.values()]
    assert not any("203.0.113.9" in value or "searcher" in value for value in stored)


def test_the_report_links_open_prefilled_vocabulary_forms(client, reviewer):
    missing = nonsense()
    client.get("/search/", {"q": missing})
    client.force_login(reviewer)
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("#report-zero ~ table a.button")}
    synonym_form = BeautifulSoup(client.get(links["加同义词"]).content, "html.parser")
    assert synonym_form.find(attrs={"name": "rule"}).get_text().startswith(missing) or synonym_form.find(
        attrs={"name": "rule"}
    ).get("value", "").startswith(missing)
    word_form = BeautifulSoup(client.get(links["加词条"]).content, "html.parser")
    assert word_form.find(attrs={"name": "word"})["value"] == missing


def test_studio_members_and_the_public_do_not_see_the_report(client, django_user_model):
    from review.roles import STUDIO_MEMBERS, role_group

    assert client.get(REPORT).status_code == 302  # to the login page
    lead = django_user_model.objects.create_user("lead-report", "lead-report@example.com", "pw-for-tests")
    lead.groups.add(role_group(STUDIO_MEMBERS))
    client.force_login(lead)
    assert client.get(REPORT).status_code in (302, 403)


def test_an_editors_pick_comes_first_on_the_search_page(client):
    project = ProjectPage.objects.live().order_by("-pk").first()
    q = nonsense()
    SearchPromotion.objects.create(query=Query.get(q), page=project, description="编辑推荐说明", sort_order=0)
    soup = BeautifulSoup(client.get("/search/", {"q": q}).content, "html.parser")
    pick = soup.select_one(".promotions .search-hit__title a")
    assert pick is not None and pick["href"] == project.url
    assert reverse("search") == "/search/"


def test_a_log_the_database_refuses_does_not_cost_the_search(client):
    from django.db import connection

    project = ProjectPage.objects.live().first()
    with connection.cursor() as cursor:  # a real refusal: the table is gone (rolled back after the test)
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(QueryOutcome._meta.db_table)}")
    response = client.get("/api/search/", {"q": project.title})
    assert response.status_code == 200
    assert project.url in [hit["url"] for hit in response.json()["results"]]
    assert client.get("/search/", {"q": project.title}).status_code == 200


def served_without_closing(path, **params):
    """A request through the whole WSGI stack as a server runs it, the response not yet closed."""
    environ = RequestFactory().get(path, params).environ
    statuses = []
    request_started.disconnect(close_old_connections)  # as the test client does: keep the test's transaction
    try:
        response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    finally:
        request_started.connect(close_old_connections)
    return statuses[0], response


def close(response):
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("path", ["/search/", "/api/search/"])
def test_a_search_is_counted_once_its_answer_is_sent(path):
    q = nonsense()
    status, response = served_without_closing(path, q=q)
    assert status.startswith("200") and b"".join(response)  # the visitor has the whole answer …
    assert not QueryOutcome.objects.filter(query_string=q).exists()  # … without waiting for the count
    close(response)  # the server is done sending
    assert QueryOutcome.objects.get(query_string=q).searches == 1
    assert Query.objects.get(query_string=q).daily_hits.get().hits == 1


def test_work_after_the_response_that_fails_is_logged_and_the_rest_still_runs(rf, caplog):
    done = []

    def view(request):
        after_response(request, lambda: 1 / 0)
        after_response(request, done.append, "second")
        return HttpResponse("ok")

    response = AfterResponseMiddleware(view)(rf.get("/"))
    assert done == []
    with caplog.at_level("ERROR", logger="core.after_response"):
        response.close()
    assert done == ["second"] and "ZeroDivisionError" in caplog.text


def test_without_the_middleware_the_work_is_done_at_once(rf):
    done = []
    after_response(rf.get("/"), done.append, "now")
    assert done == ["now"]
