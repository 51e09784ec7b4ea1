"""Relevance floors on the fixed corpus (tests/relevance), for both engines.

The full table, with the baselines, is printed by `make relevance` and kept in BENCHMARKS.md.
A change that makes any kind of query worse than its floor fails here.
"""

import pytest

from tests.relevance import corpus
from tests.relevance.evaluate import evaluate, index_only, search_service

# nDCG@10 floors per kind (the goal overall is 0.90); recall@10 and MRR are printed by the bench.
FLOORS = {
    "whole": 0.90,
    "synonym": 0.90,
    "short": 0.85,
    "multi": 0.90,
    "name": 0.90,
    "pinyin": 0.90,
    "traditional": 0.90,
    "partial": 0.90,
    "overall": 0.90,
}


@pytest.mark.parametrize("engine_name", ["database", "elasticsearch"])
def test_relevance_floors(engine_name, request, db, settings):
    if engine_name == "elasticsearch":
        # Before the corpus exists: the node's shared read-only index must hold the demo content only.
        request.getfixturevalue("writable_elasticsearch")
    else:
        settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    refs = corpus.load()
    index_only(refs.values())
    scores = evaluate(search_service, refs)
    below = {kind: round(scores[kind]["ndcg"], 3) for kind, floor in FLOORS.items() if scores[kind]["ndcg"] < floor}
    assert not below, f"nDCG@10 below the floor on {engine_name}: {below}"
