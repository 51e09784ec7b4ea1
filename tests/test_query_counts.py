"""The number of database queries a page costs does not grow with the content.

Every page type (one page each, the one with the most children), the browse pages of a person,
region, industry, enterprise and honour, the search page and record building are measured at the
test size, then again after the demo generator has added as many projects again: the counts must
be the same.
"""

from collections import defaultdict

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from search.models import DocumentType
from search.records import iter_records
from studios.models import Enterprise, Honor, Industry, Person, Region
from tests.conftest import DEMO_SIZE

pytestmark = pytest.mark.django_db


def sample_urls():
    """One URL per page type and per browse view."""
    by_type = defaultdict(list)
    for page in Page.objects.live().filter(depth__gt=1).specific():
        by_type[type(page)].append(page)
    urls = [max(pages, key=lambda p: (p.numchild, -p.pk)).url for pages in by_type.values()]
    person = Person.objects.annotate(n=Count("project_roles")).order_by("-n", "pk").first()
    urls += [
        person.get_absolute_url(),
        Region.objects.filter(parent=None).first().get_absolute_url(),
        Industry.objects.first().get_absolute_url(),
        Enterprise.objects.annotate(n=Count("studios")).order_by("-n").first().get_absolute_url(),
        "/honors/",
        f"/honors/{Honor.objects.first().slug}/",
        "/regions/",
        "/search/?q=工作室",
        "/search/?q=&type=project",
    ]
    return urls


def queries_of(client, url):
    """Queries of a request with an empty cache, after one request that warms per-process lookups
    (the site's root paths, content types) as any running site has them."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def record_queries():
    counts = {}
    for doc_type in DocumentType.values:
        with CaptureQueriesContext(connection) as queries:
            records = list(iter_records(doc_type))
        counts[doc_type] = (len(queries), len(records))
    return counts


def test_queries_per_page_and_per_record_batch_do_not_grow_with_the_projects(client):
    urls = sample_urls()
    assert len(urls) >= 15
    before = {url: queries_of(client, url) for url in urls}
    records_before = record_queries()

    call_command("load_demo_data", verbosity=0, **{**DEMO_SIZE, "projects": DEMO_SIZE["projects"] * 2})

    after = {url: queries_of(client, url) for url in urls}
    records_after = record_queries()
    assert records_after["project"][1] > records_before["project"][1]  # the content did grow
    grown = {url: (before[url], after[url]) for url in urls if after[url] > before[url]}
    assert not grown, f"queries per page grew with the content (before, after): {grown}"
    for doc_type, (queries, _count) in records_before.items():
        assert records_after[doc_type][0] == queries, doc_type


def test_records_read_the_sites_root_paths_once_not_per_page(monkeypatch):
    """Wagtail reads them from the cache on every call: with the database or Redis cache, a round trip
    per record of a rebuild."""
    from wagtail.models import Site

    from search.records import records_for

    reads = []
    real = Site.get_site_root_paths

    def counted():
        reads.append(1)
        return real()

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(counted))
    for doc_type in (DocumentType.PROJECT, DocumentType.STUDIO):
        reads.clear()
        records = list(iter_records(doc_type))
        assert len(records) > 1 and len(reads) == 1, doc_type
        reads.clear()
        pks = [int(key.split(":")[1]) for key, _record in records[:20]]
        assert len(records_for(doc_type, pks)) == len(pks) and len(reads) == 1, doc_type
    assert all(record["url"].startswith("/") for _key, record in records)
