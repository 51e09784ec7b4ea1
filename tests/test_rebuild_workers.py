"""A rebuild builds large types' records in worker processes (one per core): the index they write is the one
a single process writes, on the suite's database and on the Elasticsearch test node."""

import json
import os

import pytest

from django.core.management import CommandError, call_command

from search import indexing
from tests.conftest import manage, scratch_database

pytestmark = pytest.mark.django_db  # for the PostgreSQL server's other databases

# Enough projects for two tasks of search.indexing.WORKER_BATCH keys.
PROJECTS = 700

# What each rebuild wrote, as one line of JSON: {key: row} of the search table, {key: source} of the node.
ENTRIES = """
import json
from search.models import SearchEntry
fields = [f.attname for f in SearchEntry._meta.fields if f.attname != "id"]
print(json.dumps({row["key"]: row for row in SearchEntry.objects.values(*fields)}, default=str))
"""
DOCUMENTS = """
import json
from elasticsearch import helpers
from search import elastic
from search.models import DocumentType
scans = (helpers.scan(elastic.client(), index=elastic.alias(doc_type)) for doc_type in DocumentType.values)
print(json.dumps({hit["_id"]: hit["_source"] for hits in scans for hit in hits}))
"""


def written(url, script, **node):
    done = manage(url, "shell", "-c", script, **node)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def differences(one, other):
    """Which keys' rows differ and in which fields, briefly (a failure must not print the rows whole)."""

    def fields(key):
        mine, theirs = one.get(key, {}), other.get(key, {})
        return sorted(field for field in mine.keys() | theirs.keys() if mine.get(field) != theirs.get(field))

    keys = sorted(key for key in one.keys() | other.keys() if one.get(key) != other.get(key))
    return f"{len(keys)} of {len(one)} differ, e.g. { ({key: fields(key) for key in keys[:5]}) }" if keys else ""


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
            entries[workers] = written(url, ENTRIES)
            documents[workers] = written(url, DOCUMENTS, elasticsearch=node)
        for written_by in (entries, documents):
            assert sum(key.startswith("project:") for key in written_by[1]) >= PROJECTS
            assert not differences(written_by[1], written_by[2])


def test_a_rebuild_asks_for_at_least_one_worker():
    with pytest.raises(CommandError, match="--workers 至少为 1"):
        call_command("search_index", "rebuild", "--workers", "0")
