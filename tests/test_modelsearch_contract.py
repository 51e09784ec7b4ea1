"""Wagtail's own search keeps Wagtail's contract: django-modelsearch's backend suite, run against this
project's backends.

`BackendTests` (modelsearch/tests/test_backends.py, shipped in the installed package) is what every
modelsearch backend is held to: simple and filtered searches, ordering, autocomplete by prefix, phrases,
the And/Or/Not/Boost query classes, related fields, facets, index updates. The admin's page search, the
page chooser and every listing's search box go through these backends, so they must keep that contract
while cutting Chinese into words. The suite's models come from `modelsearch.test.testapp` (installed by
the test settings); they declare their search fields the stock way, not through textsearch.fields.chinese(),
as Wagtail's documents and third-party models do. Its fixture, `search.json`, is not in the wheel:
tests/fixtures/search.json is upstream's (wagtail/django-modelsearch, BSD licence).

The database backend runs on whichever database the suite runs on (SQLite, PostgreSQL in CI); the
Elasticsearch backend on the real test node. Tests the upstream suite itself expects to fail for the
underlying stock backend are marked the same way here, with upstream's reason (UPSTREAM_MARKS). No test
had to be excused for Chinese segmentation: English words, numbers and prefixes behave as upstream expects.
"""

import functools
import sys
import unittest
from io import StringIO

import pytest
from elasticsearch.helpers import bulk

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings

from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
from wagtail.search import models as wagtail_search_models

# The suite imports the index tables from `modelsearch.models`; under Wagtail they are wagtail.search's
# (modelsearch is installed as "wagtail.search", which defines the concrete models).
sys.modules.setdefault("modelsearch.models", wagtail_search_models)
from modelsearch.tests.test_backends import BackendTests  # noqa: E402

from tests.conftest import ES_TEST_PORT  # noqa: E402
from textsearch.backends import ChineseElasticsearch8SearchBackend  # noqa: E402

SUITE_APP = "searchtests"


def backends(path, **options):
    conf = {"default": {"BACKEND": path, **options}}
    return override_settings(MODELSEARCH_BACKENDS=conf, WAGTAILSEARCH_BACKENDS=conf)


class ProjectBackendTests(BackendTests):
    def test_rebuild_modelsearch_index_no_verbosity(self):
        """Upstream's test, with the command's name under Wagtail (update_index)."""
        stdout = StringIO()
        call_command("update_index", verbosity=0, backend_name=self.backend_name, stdout=stdout)
        self.assertFalse(stdout.getvalue())

    def setUp(self):
        """Upstream's set-up, with the rebuild limited to the suite's own models: the demo content
        shares the database, and re-indexing it before each of 140 tests would only cost time."""
        self.backend_name = "default"
        self.backend = get_search_backend(self.backend_name)
        self.clear_index_entries()
        suite_models = [model for model in get_indexed_models() if model._meta.app_label == SUITE_APP]
        for index, models in group_models_by_index(self.backend, suite_models).items():
            if isinstance(self.backend, ChineseElasticsearch8SearchBackend) and index.exists():
                # Emptied rather than created again: the same state, in a fraction of the time (the
                # test node has no delete-by-query, which lives in the reindex module).
                index.refresh()  # a document the last test deleted must not be listed again
                hits = index.es.search(index=index.name, size=10_000, source=False)["hits"]["hits"]
                deletes = ({"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]} for hit in hits)
                bulk(index.es, deletes, ignore_status=(404,))
                rebuilder = None
            else:
                rebuilder = self.backend.rebuilder_class(index)
                index = rebuilder.start()
            for model in models:
                index.add_model(model)
            for model in models:
                index.add_items(model, list(model.get_indexed_objects().order_by("pk")))
            if rebuilder:
                rebuilder.finish()
            else:
                index.refresh()


DATABASE = "textsearch.backends.database"


# What upstream's own test classes for the stock backends these extend skip or expect to fail
# (modelsearch/tests/test_sqlite_backend.py, test_postgres_backend.py, elasticsearch_common_tests.py),
# with their reasons.
MATCH_ALL_INNER = "doesn't support MatchAll as an inner expression"
UPSTREAM_MARKS = {
    "sqlite": {
        "test_boost": "The SQLite backend doesn't support boosting.",
        "test_search_boosting_on_related_fields": "The SQLite backend doesn't support boosting.",
        "test_autocomplete_with_fields_arg": "The SQLite backend doesn't support searching on specified fields.",
        **{
            f"test_search_{name}": f"The SQLite backend {MATCH_ALL_INNER}."
            for name in ("not_match_none", "or_match_all", "or_match_none", "and_match_all")
        },
    },
    "postgresql": {
        f"test_search_{name}": f"The Postgres backend {MATCH_ALL_INNER}."
        for name in ("not_match_none", "or_match_all", "or_match_none", "and_match_all", "and_match_none")
    },
    "elasticsearch": {"test_order_by_expression": unittest.expectedFailure},  # no ORDER BY expressions
}


def _own_copy(test):
    @functools.wraps(test)
    def run(self):
        return test(self)

    return run


def with_upstream_marks(key):
    def mark(cls):
        for name, reason in UPSTREAM_MARKS.get(key, {}).items():
            test = _own_copy(getattr(BackendTests, name))  # a mark set on the shared function marks every class
            setattr(cls, name, reason(test) if callable(reason) else unittest.skip(reason)(test))
        return cls

    return mark


@with_upstream_marks(connection.vendor)
@backends(DATABASE)
class TestChineseDatabaseBackend(ProjectBackendTests, TestCase):
    backend_path = DATABASE


ELASTICSEARCH = "textsearch.backends.ChineseElasticsearch8SearchBackend"


@with_upstream_marks("elasticsearch")
@pytest.mark.usefixtures("elasticsearch_node")
@backends(ELASTICSEARCH, URLS=[f"http://127.0.0.1:{ES_TEST_PORT}"], INDEX_PREFIX="modelsearch-suite-", TIMEOUT=20)
class TestChineseElasticsearchBackend(ProjectBackendTests, TestCase):
    backend_path = ELASTICSEARCH

    @classmethod
    def setUpClass(cls):
        """The suite's indexes of an earlier run (with that run's mappings) go first."""
        super().setUpClass()
        es = get_search_backend("default").es
        for name in es.indices.get(index="modelsearch-suite-*"):
            es.indices.delete(index=name)
