"""The query planner's statistics (core/planner.py): refreshed after bulk loads and, while a site serves, when
a table has grown or shrunk, so a listing of a few pages is not found by reading the whole page tree."""

import random
import time
import uuid

import pytest

from django.apps import apps
from django.db import connection
from django.test import override_settings

from taggit.models import Tag
from wagtail.models import Page

from core import planner

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics; PostgreSQL's below")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ANALYZE")


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def page_types_with_few_pages():
    """Every page type with pages, at most one in twenty of the tree's: its listing should start from its
    own table (with more, reading the tree may be as cheap, and SQLite's estimates may say so)."""
    pages = Page.objects.count()
    models = [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]
    counts = {model: model.objects.count() for model in models}
    return [model for model, count in counts.items() if count and count * 20 <= pages]


def new_tags(count):
    Tag.objects.bulk_create(Tag(name=f"t-{uuid.uuid4().hex}", slug=f"t-{uuid.uuid4().hex}") for _ in range(count))


def recorded_rows(table):
    with connection.cursor() as cursor:
        return planner._recorded_rows(cursor).get(table)


@sqlite_only
def test_after_the_demo_data_a_listing_of_a_page_type_starts_from_its_own_table():
    assert planner.stale_tables() == []  # the session's demo data was loaded by load_demo_data
    models = page_types_with_few_pages()
    assert len(models) >= 4, models
    for model in models:
        for queryset in (model.objects.live().order_by("title")[:3], model.objects.live().order_by("-pk")):
            steps = plan(queryset)
            assert not steps[0].startswith(f"SCAN {Page._meta.db_table}"), (model.__name__, steps)


@sqlite_only
def test_a_table_that_grows_or_shrinks_fourfold_is_analysed_again_and_only_then():
    table = Tag._meta.db_table
    rng = random.Random()
    planner.refresh_statistics()
    for _ in range(3):
        known = recorded_rows(table) or 0
        rows = Tag.objects.count()
        assert abs(rows - known) * 2 <= rows, (rows, known)  # sampled, but close
        new_tags(rng.randint(1, max(1, known * (planner.GROWTH - 1) - rows - 1)))  # less than fourfold
        assert table not in planner.stale_tables()
        new_tags(known * planner.GROWTH - Tag.objects.count() + rng.randint(0, 40))
        assert table in planner.stale_tables()
        assert table in planner.refresh_statistics()
        assert planner.stale_tables() == []

    known = recorded_rows(table)
    keep = rng.randint(1, known // planner.GROWTH)
    Tag.objects.filter(pk__in=Tag.objects.order_by("?").values("pk")[: Tag.objects.count() - keep]).delete()
    assert table in planner.stale_tables()
    planner.refresh_statistics()
    assert recorded_rows(table) == keep


@sqlite_only
def test_a_serving_site_refreshes_them_after_a_response_at_most_once_per_interval(client, monkeypatch):
    table = Tag._meta.db_table
    monkeypatch.setattr(planner, "SCHEDULE", planner._Schedule())
    planner.refresh_statistics()

    def grow():
        new_tags(recorded_rows(table) * planner.GROWTH)
        assert table in planner.stale_tables()

    grow()
    client.get("/")
    assert table in planner.stale_tables()  # the test settings: never

    with override_settings(PLANNER_STATISTICS_SECONDS=3600):
        client.get("/")
        assert planner.stale_tables() == []
        grow()
        client.get("/")
        assert table in planner.stale_tables()  # within the hour
        planner.SCHEDULE.last = time.monotonic() - 3601
        client.get("/")
        assert planner.stale_tables() == []


@postgresql_only
def test_after_a_bulk_load_postgresql_knows_how_big_the_tables_are():
    new_tags(random.randint(200, 600))
    rows = Tag.objects.count()

    def estimated_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Tag._meta.db_table])
            return cursor.fetchone()[0]

    assert planner.refresh_statistics() == []  # between bulk loads, autovacuum's
    assert estimated_rows() != rows
    assert Tag._meta.db_table in planner.refresh_statistics(bulk_load=True)
    assert estimated_rows() == rows
