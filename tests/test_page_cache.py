"""Whole pages cached for anonymous visitors (core.pagecache): the second visit is served from the cache,
and whatever changes — a publish, unpublish, move, edit or delete of a page or of what it lists — shows at
once. Editors, forms with a CSRF token and search with parameters are never served from it."""

import random
import re

from bs4 import BeautifulSoup

from django.core.cache import cache
from django.test import Client

from wagtail.models import Page

from core.pagecache import HIT_HEADER, content_version
from projects.models import ProjectPage
from studios.models import StudioPage
from tests.site_urls import public_urls
from tests.test_content_caches import new_project
from tests.test_rendering import PROJECT_CARDS

NONCE = re.compile(rb'nonce="([^"]+)"')


def text(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def cached(client, url):
    """The page as an anonymous visitor sees it, after making sure it is in the cache."""
    client.get(url)
    response = client.get(url)
    assert response[HIT_HEADER] == "hit", url
    return text(response)


def studio_count(client, studio):
    """The studio page's project count ("共 N 条"), served from the cache when nothing changed."""
    return int(re.search(r"共 (\d+) 条", cached(client, studio.url)).group(1))


def home_projects_counter(client):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    counters = {
        dt.get_text(): dd.get_text()
        for dt, dd in zip(page.select(".counters dt"), page.select(".counters dd"), strict=True)
    }
    return int(counters["五小成果"])


def test_every_public_html_page_comes_from_the_cache_the_second_time(client, demo):
    urls = public_urls(client)
    cache.clear()
    cacheable = 0
    for url in urls:
        first = client.get(url)
        second = client.get(url)
        assert second.status_code == first.status_code, url
        if first.status_code != 200 or not first["Content-Type"].startswith("text/html"):
            assert second.get(HIT_HEADER) != "hit", url
            continue
        if first.cookies:  # a page with a form sets this visitor's CSRF cookie: never shared
            assert second.get(HIT_HEADER) != "hit", url
            continue
        cacheable += 1
        assert first[HIT_HEADER] == "miss" and second[HIT_HEADER] == "hit", url
        # The same page, with a new CSP nonce each time, in the header and in the page alike.
        first_nonces, second_nonces = set(NONCE.findall(first.content)), set(NONCE.findall(second.content))
        assert len(second_nonces) <= 1 and first_nonces.isdisjoint(second_nonces), url
        for nonce in second_nonces:
            assert f"'nonce-{nonce.decode()}'" in second["Content-Security-Policy"], url
        assert NONCE.sub(b"", first.content) == NONCE.sub(b"", second.content), url
    assert cacheable >= len(urls) // 2  # most public pages are shared, not a handful


def test_publishing_an_edit_shows_on_the_page_and_its_lists_at_once(client, demo):
    studio_page = BeautifulSoup(client.get(demo.studio.url).content, "html.parser")
    listed = studio_page.select_one(PROJECT_CARDS)["href"]  # the studio's latest project, on its first page
    project = next(p for p in ProjectPage.objects.live().child_of(demo.studio) if p.url == listed)
    before = {url: cached(client, url) for url in (project.url, demo.studio.url)}
    assert all(project.title in page for page in before.values())
    project.title = "经缓存校验的全新成果标题"
    project.save_revision().publish()
    for url in before:
        assert "经缓存校验的全新成果标题" in text(client.get(url)), url


def test_a_new_project_counts_on_home_and_its_studio_at_once(client, demo):
    studio = demo.studio
    projects_before, listed_before = home_projects_counter(client), studio_count(client, studio)
    cached(client, "/")
    new_project(studio, "creation", 2025)
    assert home_projects_counter(client) == projects_before + 1
    assert studio_count(client, studio) == listed_before + 1


def test_unpublishing_and_deleting_take_a_project_off_every_page(client, demo):
    project, other = ProjectPage.objects.live().filter(studio=demo.studio).order_by("pk")[:2]
    project_url, listed = project.url, studio_count(client, demo.studio)
    assert project.title in cached(client, project_url)
    project.unpublish()
    assert client.get(project_url).status_code == 404
    assert studio_count(client, demo.studio) == listed - 1
    other_url = other.url
    cached(client, other_url)
    other.delete()
    assert client.get(other_url).status_code == 404
    assert studio_count(client, demo.studio) == listed - 2


def test_moving_a_project_moves_it_between_studio_pages(client, demo):
    project = demo.project
    source = project.studio
    target = StudioPage.objects.live().exclude(pk=source.pk).first()
    counts = studio_count(client, source), studio_count(client, target)
    project.move(target, pos="last-child")
    assert (studio_count(client, source), studio_count(client, target)) == (counts[0] - 1, counts[1] + 1)


def test_editing_a_snippet_shows_on_the_pages_that_name_it(client, demo):
    enterprise = demo.studio.enterprise
    assert enterprise.name in cached(client, demo.studio.url)
    enterprise.name = "缓存校验能源集团有限公司"
    enterprise.save()
    assert "缓存校验能源集团有限公司" in text(client.get(demo.studio.url))


def test_editors_query_strings_and_other_languages_are_never_served_a_shared_page(admin_client, demo):
    url, client = demo.studio.url, Client()  # admin_client is the suite's `client`, signed in
    cached(client, url)
    for response in (admin_client.get(url), admin_client.get(url)):
        assert HIT_HEADER not in response  # signed in: the session cookie bypasses the cache
    for query in ("?page=2", "?q=液压"):
        assert HIT_HEADER not in client.get(url + query)
        assert HIT_HEADER not in client.get(url + query)
    assert HIT_HEADER not in client.get("/search/?q=液压")
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    english = client.get(url)
    assert english["Content-Language"] == "en" and english.get(HIT_HEADER) != "hit"
    assert client.get(url)[HIT_HEADER] == "hit"
    assert client.get(url)["Content-Language"] == "en"


def test_a_form_with_a_csrf_token_is_never_shared(client, demo):
    url = f"/collaborate/project/{demo.project.pk}/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and HIT_HEADER not in response
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_the_cache_can_be_switched_off(demo, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visitor = Client()  # a new client loads the middleware with the setting
    visitor.get("/")
    assert HIT_HEADER not in visitor.get("/")


def test_demo_data_inserted_in_bulk_shows_at_once(client, demo):
    from django.core.management import call_command

    from tests.conftest import DEMO_SIZE

    before = home_projects_counter(client)
    cached(client, "/")
    call_command("load_demo_data", verbosity=0, **{**DEMO_SIZE, "projects": DEMO_SIZE["projects"] + 3})
    assert home_projects_counter(client) == before + 3


def test_reading_and_searching_leave_every_cached_page_cached(client, demo):
    """A visitor's reads write only bookkeeping (renditions, the search statistics): none of it is content,
    so none of it may put the cached pages out of date."""
    urls = public_urls(client)
    for url in urls:  # made once: renditions, the search statistics' first rows of the day
        client.get(url)
    version = content_version()
    titles = [page.title for page in Page.objects.live().order_by("?")[:5]]
    queries = [title[: random.randint(1, len(title))] for title in titles] + [
        f"{titles[0]} zq{random.randint(0, 10**6)}"
    ]
    for q in queries + queries:  # a new query and the same query again
        assert client.get("/search/", {"q": q}).status_code == 200
        assert client.get("/api/search/", {"q": q, "page": 1}).status_code == 200
        assert client.get("/api/search/suggest/", {"q": q[:2]}).status_code == 200
    for url in urls:
        client.get(url)
    assert content_version() == version
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html") and not response.cookies:
            assert response[HIT_HEADER] == "hit", url
