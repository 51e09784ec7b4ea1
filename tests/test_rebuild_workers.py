"""A rebuild builds large types' records in worker processes (one per core): the index they write is the one
a single process writes, on the suite's database and on the Elasticsearch test node."""

import os

import pytest

from django.core.management import CommandError, call_command

from search import indexing
from tests.conftest import manage, scratch_database

pytestmark = pytest.mark.django_db  # for the PostgreSQL server's other databases

# Enough projects for two tasks of search.indexing.WORKER_BATCH keys.
PROJECTS = 700

ENTRIES = """
from search.models import SearchEntry
fields = [f.attname for f in SearchEntry._meta.fields if f.attname != "id"]
print(sorted(SearchEntry.objects.values_list(*fields)))
"""
DOCUMENTS = """
import json
from elasticsearch import helpers
from search import elastic
from search.models import DocumentType
for doc_type in DocumentType.values:
    hits = helpers.scan(elastic.client(), index=elastic.alias(doc_type))
    print(doc_type, sorted((hit["_id"], json.dumps(hit["_source"], sort_keys=True)) for hit in hits))
"""


def test_records_built_by_worker_processes_are_those_one_process_builds(tmp_path, elasticsearch_node):
    assert PROJECTS > indexing.WORKER_BATCH
    node = {"URL": elasticsearch_node, "INDEX_PREFIX": f"test-{os.getpid()}-workers"}
    with scratch_database(tmp_path, "rebuild_workers") as url:
        for step in (["migrate", "--noinput", "-v0"], ["load_demo_data", "--projects", str(PROJECTS), "-v0"]):
            done = manage(url, *step)
            assert done.returncode == 0, done.stderr
        entries, documents = {}, {}
        for workers in (1, 2):
            rebuilt = manage(url, "search_index", "rebuild", "--workers", str(workers), elasticsearch=node)
            assert rebuilt.returncode == 0, rebuilt.stderr
            assert ("project: records built by 2 processes" in rebuilt.stdout) == (workers == 2), rebuilt.stdout
            assert "person: records built" not in rebuilt.stdout  # 200 people: one task, no workers
            entries[workers] = manage(url, "shell", "-c", ENTRIES).stdout
            documents[workers] = manage(url, "shell", "-c", DOCUMENTS, elasticsearch=node).stdout
        assert entries[1].count("'project'") >= PROJECTS
        assert entries[2] == entries[1]
        assert documents[1].count('"doc_type": "project"') >= PROJECTS
        assert documents[2] == documents[1]


def test_a_rebuild_asks_for_at_least_one_worker():
    with pytest.raises(CommandError, match="--workers 至少为 1"):
        call_command("search_index", "rebuild", "--workers", "0")
