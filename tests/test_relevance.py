"""Relevance floors on both judged corpora (tests/relevance), for both engines.

The full tables, with the baselines, are printed by `make relevance` and kept in BENCHMARKS.md.
A change that makes any kind of query worse than its floor fails here.
"""

import pytest

from tests.conftest import use_engine
from tests.relevance.evaluate import CORPORA, evaluate, index_only, load, search_service

# nDCG@10 floors per kind (the goal overall is 0.90, no kind below 0.80); recall@10 and MRR are
# printed by the bench.
FLOORS = {
    "tuned": {
        "whole": 0.90,
        "synonym": 0.90,
        "short": 0.85,
        "multi": 0.90,
        "name": 0.90,
        "pinyin": 0.90,
        "traditional": 0.90,
        "partial": 0.90,
        "overall": 0.90,
    },
    "industries": {
        "place": 0.90,
        "enterprise": 0.90,
        "abbreviation": 0.90,
        "shopfloor": 0.90,
        "relaxed": 0.90,
        "combined": 0.90,
        "name": 0.90,
        "overall": 0.90,
    },
}


def test_every_kind_of_query_has_a_floor():
    for name, (_label, _module, queries) in CORPORA.items():
        assert {kind for kind, _q, _j in queries} | {"overall"} == set(FLOORS[name]), name


@pytest.mark.parametrize("corpus_name", list(CORPORA))
@pytest.mark.parametrize("engine_name", ["database", "elasticsearch"])
def test_relevance_floors(engine_name, corpus_name, request, db, settings):
    # Before the corpus exists: the node's shared read-only index must hold the demo content only.
    use_engine(request, settings, engine_name, writable=True)
    refs = load(corpus_name)
    index_only(refs.values())
    scores = evaluate(search_service, refs, CORPORA[corpus_name][2])
    floors = FLOORS[corpus_name]
    below = {kind: round(scores[kind]["ndcg"], 3) for kind, floor in floors.items() if scores[kind]["ndcg"] < floor}
    assert not below, f"nDCG@10 below the floor on {corpus_name}, {engine_name}: {below}"
