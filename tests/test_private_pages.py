"""A page under a view restriction (the admin's 隐私 setting: login, password or groups) is seen only by
opening it and passing Wagtail's check: no public list, count, feed, export, API answer or search shows it
— nor the pages under it — on either search engine, and it comes back when the restriction is lifted.

The pages are the first item each directory page lists (studios, projects, alliances, challenges,
competitions, whatever is added later), each given an unguessable word in its title; the pages walked are
every public URL (tests.site_urls) plus every page those pages link to on the site."""

import json
import re
import secrets
from urllib.parse import urlencode

import pytest

from django.test import Client

from wagtail.models import Page, PageViewRestriction

from core.models import DirectoryPage
from search import elastic
from search.records import TYPES
from tests.site_urls import public_urls

pytestmark = pytest.mark.django_db

SEARCHABLE = tuple(searchable.model for searchable in TYPES.values() if issubclass(searchable.model, Page))
LINK = re.compile(r'href="(/[^"#?]*)"')
NOT_PUBLIC = ("/admin/", "/documents/", "/django-admin/", "/_util/", "/i18n/", "/static/", "/media/")


def directories():
    return [page for page in Page.objects.live().specific().order_by("path") if isinstance(page, DirectoryPage)]


def directory_firsts():
    """The first page each live directory page lists (its newest project, its top studio …)."""
    firsts = [directory.get_listing().first() for directory in directories()]
    return [first for first in firsts if isinstance(first, Page)]


def readable(response):
    """The response's text as a reader gets it (JSON without its \\u escapes)."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def pages_showing(client, urls, words):
    """{word: the URLs whose answer shows it}, over these URLs and the site pages they link to."""
    showing = {word: set() for word in words}
    seen, layer = set(), set(urls)
    for _depth in range(2):
        links = set()
        for url in sorted(layer - seen):
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200:
                continue
            text = readable(response)
            showing_here = [word for word in words if word in text]
            for word in showing_here:
                showing[word].add(url)
            if response["Content-Type"].startswith("text/html"):
                links |= {link for link in LINK.findall(text) if not link.startswith(NOT_PUBLIC)}
        layer = links
    return showing


def searches(title):
    """Searches for a page by its title as it was (a search page repeats its query: not the marked word)."""
    query = urlencode({"q": title})
    return [f"/search/?{query}", f"/api/search/?{query}", f"/api/search/suggest/?{query}"]


def exports():
    return [f"{directory.url}?export=csv" for directory in directories() if directory.export_columns]


def refreshed(engine_name):
    """What was written to Elasticsearch is searchable (the node makes it so within a second by itself)."""
    if engine_name == "elasticsearch":
        elastic.client().indices.refresh(index=elastic.all_aliases())


def test_a_restricted_page_and_what_is_under_it_show_nowhere_public_until_the_restriction_is_lifted(
    demo, writable_engine, django_capture_on_commit_callbacks
):
    client = Client()
    marked, titles = {}, {}
    with django_capture_on_commit_callbacks(execute=True):
        for page in directory_firsts():
            word = f"Qz{secrets.token_hex(4)}"
            titles[word] = page.title
            page.title = f"{page.title} {word}"
            page.save_revision().publish()
            marked[word] = page
    urls = {*public_urls(client), *exports(), *(page.url for page in marked.values())}
    urls |= {url for title in titles.values() for url in searches(title)}

    before = pages_showing(client, urls, marked)
    for word, page in marked.items():  # the walk would see the page where the public finds it
        assert before[word] - {page.url}, f"{type(page).__name__} {page.title} is listed nowhere before"
        if isinstance(page, SEARCHABLE):
            assert set(searches(titles[word])) & before[word], f"{page.title} is not found by its title before"

    with django_capture_on_commit_callbacks(execute=True):
        for page in marked.values():
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    refreshed(writable_engine)
    after = pages_showing(client, urls, marked)
    assert {word: shown for word, shown in after.items() if shown} == {}
    for page in marked.values():
        assert client.get(page.url).status_code == 302  # to the login, as Wagtail asks

    lifted_word, lifted = next((word, page) for word, page in marked.items() if isinstance(page, SEARCHABLE))
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=lifted).delete()
    refreshed(writable_engine)
    assert pages_showing(client, searches(titles[lifted_word]), [lifted_word])[lifted_word]


def test_a_restricted_studio_takes_its_projects_out_of_the_search_and_the_people_who_worked_on_them(
    demo, django_capture_on_commit_callbacks, settings
):
    from projects.models import ProjectPage
    from search.models import SearchEntry

    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    studio = demo.studio
    projects = list(ProjectPage.objects.live().child_of(studio))
    assert projects
    keys = [f"project:{project.pk}" for project in projects]
    assert SearchEntry.objects.filter(key__in=keys).count() == len(keys)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=studio, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert not SearchEntry.objects.filter(key__in=[f"studio:{studio.pk}", *keys]).exists()
    team = {m.person_id for project in projects for m in project.team_members.all()}
    assert team
    for entry in SearchEntry.objects.filter(key__in=[f"person:{pk}" for pk in team]):
        assert not {f"|{project.title}|" for project in projects} & {f"|{t}|" for t in entry.projects.split("|")}


def test_a_challenge_answer_names_its_project_only_while_the_public_may_see_it(client, demo):
    from challenges.models import ChallengePage, ChallengeResponse
    from projects.models import ProjectPage

    challenge = ChallengePage.objects.live().order_by("pk").first()
    project = ProjectPage.objects.live().child_of(demo.studio).order_by("pk").first()
    ChallengeResponse.objects.update_or_create(
        challenge=challenge, studio=demo.studio, defaults={"project": project, "plan": "联合攻关"}
    )
    assert project.title in client.get(challenge.url).content.decode()
    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.LOGIN)
    shown = client.get(challenge.url).content.decode()
    assert demo.studio.title in shown and project.title not in shown


def test_a_challenge_posted_by_a_restricted_alliance_shows_its_enterprise_and_not_the_alliance(
    client, demo, django_capture_on_commit_callbacks
):
    from challenges.models import ChallengePage
    from search.models import DocumentType
    from search.records import record_for
    from textsearch.analysis import index_terms

    def context_words(challenge):
        return set(record_for(DocumentType.CHALLENGE, challenge.pk)["context_terms"].split())

    alliance_words = set(index_terms(demo.alliance.title))
    challenge = ChallengePage.objects.live().exclude(enterprise=None).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        challenge.alliance = demo.alliance
        challenge.save_revision().publish()
    places = [challenge.url, challenge.get_parent().url, f"{challenge.get_parent().url}?export=csv"]
    places += [f"/api/challenges/{challenge.pk}/", "/api/challenges/"]
    assert all(demo.alliance.title in readable(client.get(url)) for url in places)
    assert alliance_words <= context_words(challenge)  # its search record is found by the alliance's name

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=demo.alliance, restriction_type=PageViewRestriction.LOGIN)
    for url in places:
        shown = readable(client.get(url))
        assert demo.alliance.title not in shown and challenge.title in shown, url
    assert not alliance_words <= context_words(challenge)


def test_a_document_in_a_restricted_collection_is_not_named_on_the_public_project_page(client, demo):
    from wagtail.models import Collection, CollectionViewRestriction

    from projects.models import ProjectDocument

    attached = ProjectDocument.objects.filter(page__live=True).select_related("page", "document").first()
    project, document = attached.page, attached.document
    private = Collection.get_first_root_node().add_child(name="内部资料")
    document.collection = private
    document.save()
    assert document.title in client.get(project.url).content.decode()
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    shown = client.get(project.url).content.decode()
    assert document.title not in shown and project.title in shown
    assert client.get(document.url).status_code == 302  # Wagtail asks for the login


def one_page_per_type():
    by_type = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        by_type.setdefault(type(page), page)
    return list(by_type.values())


def test_serving_a_page_reads_the_restrictions_only_when_one_could_cover_it(client, demo, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # every request is served, not answered from the page cache
    restricted = demo.project
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    pages = [page for page in one_page_per_type() if not page.path.startswith(restricted.path)]
    assert len(pages) >= 8
    for page in pages:
        client.get(page.url)  # what a running site keeps is kept
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200, page.url
        read = [query["sql"] for query in queries if "pageviewrestriction" in query["sql"]]
        assert not read, page.url
    assert client.get(restricted.url).status_code == 302  # Wagtail asks for the login


def test_an_alias_of_a_restricted_page_asks_for_the_login_as_its_source_does(client, demo):
    source = demo.project
    other_studio = demo.studio.get_siblings(inclusive=False).live().first().specific
    alias = source.create_alias(parent=other_studio, update_slug=f"{source.slug}-alias")
    assert client.get(alias.url).status_code == 200
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(source.url).status_code == 302
    assert client.get(alias.url).status_code == 302  # an alias takes its source's restrictions


def test_a_restricted_section_leaves_the_main_menu_and_comes_back_when_lifted(client, demo):
    menu = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
    sections = list(demo.home.get_children().live().in_menu())
    assert len(sections) >= 3
    for section in sections:
        shown = menu.search(client.get("/").content.decode()).group()
        assert f'href="{section.url}"' in shown
        restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
        shown = menu.search(client.get("/").content.decode()).group()
        assert f'href="{section.url}"' not in shown, section.title
        assert all(f'href="{other.url}"' in shown for other in sections if other != section)
        restriction.delete()
