"""The site root's shortcut (core.routing) routes every path exactly as Wagtail's walk down the tree does."""

import random

import pytest

from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

pytestmark = pytest.mark.django_db


def routed(route, root, components):
    try:
        result = route(root, RequestFactory().get("/"), list(components))
    except Http404:
        return "404"
    page, args, kwargs = result
    return type(page), page.pk, page.live, list(args), kwargs


def paths_to_try(home):
    """Every page's own path, then generated near misses: a slug swapped for another page's at that
    depth, a component added or cut, a slug that is nowhere, the same slug under another parent."""
    pages = list(Page.objects.descendant_of(home).order_by("path"))
    own = [page.url_path[len(home.url_path) :].strip("/").split("/") for page in pages]
    rng = random.Random(11)
    slugs_by_depth = {}
    for components in own:
        slugs_by_depth.setdefault(len(components), []).append(components[-1])
    near = []
    for components in rng.sample(own, min(len(own), 150)):
        swapped = list(components)
        position = rng.randrange(len(swapped))
        swapped[position] = rng.choice(slugs_by_depth.get(position + 1, ["x"]))
        near += [swapped, [*components, "no-such-page"], components[:-1] + ["不存在"], components[1:]]
    return pages, own + near


def test_every_page_and_every_near_miss_routes_as_the_walk_does(demo):
    home = demo.home
    deep = Page.objects.descendant_of(home).filter(depth__gte=home.depth + 2)
    deep.filter(pk__in=deep.values("pk")[:3]).update(live=False)  # drafts: found, not served
    pages, paths = paths_to_try(home)
    assert any(not page.live for page in pages) and max(page.depth for page in pages) >= home.depth + 3
    for components in paths:
        assert routed(type(home).route, home, components) == routed(Page.route, home, components), components


def test_a_deep_page_is_found_with_what_it_shows_in_four_queries(demo):
    project = demo.project
    components = project.url_path[len(demo.home.url_path) :].strip("/").split("/")
    assert len(components) >= 3
    demo.home.route(RequestFactory().get("/"), components)  # page types known, as in a running site
    with CaptureQueriesContext(connection) as shortcut:
        page, _args, _kwargs = demo.home.route(RequestFactory().get("/"), components)
    with CaptureQueriesContext(connection) as walk:
        Page.route(demo.home, RequestFactory().get("/"), components)
    parent_pk = project.get_parent().pk
    with CaptureQueriesContext(connection) as shown:
        assert page.pk == project.pk and page.get_parent().pk == parent_pk
        assert page.studio.enterprise.name and page.studio.region.display_name
    # the pages on the way; the project with its studio and enterprise; the studio's region with its province
    # (its own query: PostgreSQL took longer to plan the joined one than to read it); its cover's renditions
    assert len(shortcut) == 4 < len(walk) and len(shown) == 0


def test_breadcrumbs_come_from_the_routed_chain_and_match_the_tree(demo):
    from core.templatetags.alliance_tags import breadcrumb_ancestors

    for page in Page.objects.live().descendant_of(demo.home):
        components = page.url_path[len(demo.home.url_path) :].strip("/").split("/")
        routed, _args, _kwargs = demo.home.route(RequestFactory().get("/"), components)
        with CaptureQueriesContext(connection) as queries:
            trail = breadcrumb_ancestors(routed)
        assert [a.pk for a in trail] == [a.pk for a in page.get_ancestors() if a.depth > 1], page.url_path
        assert len(queries) == 0, page.url_path
    assert [a.pk for a in breadcrumb_ancestors(demo.project)] == [a.pk for a in demo.project.get_ancestors()[1:]]
