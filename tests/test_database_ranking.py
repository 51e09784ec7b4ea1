"""The database engine's answers against the rules they follow, worked out here by reading every row: which rows
match a query, how many of each type, the category counts, each result's score and the order of the results under
every sort, across every page."""

import random
import string
from collections import Counter

import pytest

from search.engines import (
    BODY_WEIGHT,
    CONTEXT_WEIGHT,
    EXACT_TITLE_BOOST,
    FALLBACK_WEIGHT,
    FULL_MATCH_TIER,
    SYNONYM_FACTOR,
    TITLE_WEIGHT,
    WHOLE_WORD_TIER,
    DatabaseEngine,
    QuerySignals,
)
from search.models import SearchEntry
from search.params import SORTS, SearchParams
from tests.test_fulltext import generated_queries
from textsearch.analysis import analyze

pytestmark = pytest.mark.django_db
PAGE_SIZE = 20
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def holds(column, needle):
    """As the table's `LIKE '%needle%'`: ASCII letters without case."""
    return needle.translate(ASCII_LOWER) in column.translate(ASCII_LOWER)


def judged(row, query, q):
    """(which clauses the row matches, its score) by the engine's rules, from the row's own columns."""
    matched, score = [], 0
    for clause in query.clauses:
        whole = clause.may_be_pinyin and holds(row.suggest_keys, f" {clause.text}")
        for number, alternative in enumerate(clause.alternatives):
            factor = 1 if number == 0 else SYNONYM_FACTOR
            columns = [("title_terms", TITLE_WEIGHT), ("body_terms", BODY_WEIGHT), ("context_terms", CONTEXT_WEIGHT)]
            found = [[holds(getattr(row, column), f" {term} ") for column, _ in columns] for term in alternative]
            whole = whole or all(any(term) for term in found)
            score += sum(
                round(weight * factor) for term in found for (_, weight), hit in zip(columns, term, strict=True) if hit
            )
        fragment = holds(row.text, clause.text)
        score += WHOLE_WORD_TIER * whole + FALLBACK_WEIGHT * fragment
        matched.append(whole or fragment)
    if not query:
        return matched, 0
    return matched, score + FULL_MATCH_TIER * all(matched) + EXACT_TITLE_BOOST * (row.title == q.strip())


def expected(rows, verdicts, params):
    """(count, type counts, category counts, [(key, score)] in order) for the params; verdicts: {pk: judged(…)}."""
    query = analyze(params.q)
    matching = [row for row in rows if all(verdicts[row.pk][0])]
    shown = [row for row in matching if row.doc_type == params.doc_type or not params.doc_type]
    enough = params.page_size if params.sort == "relevance" else 1
    if len(query.clauses) > 1 and len(shown) < enough:  # too few with every clause: at least half of them
        counted = [n for n, clause in enumerate(query.clauses) if len(clause.text) > 1] or range(len(query.clauses))
        needed = max(1, -(-len(counted) // 2))
        matching = [row for row in rows if sum(verdicts[row.pk][0][n] for n in counted) >= needed]
    type_counts = Counter(row.doc_type for row in matching)
    if params.doc_type:
        matching = [row for row in matching if row.doc_type == params.doc_type]
    score = {row.pk: verdicts[row.pk][1] for row in matching}

    # Largest first; a missing date or benefit after every other; among equals the older row first.
    def dated(row):
        return row.date is not None, row.date

    def benefit(row):
        return row.benefit is not None, row.benefit

    key = {
        "relevance": lambda row: (score[row.pk], *dated(row), -row.pk),
        "newest": lambda row: (*dated(row), score[row.pk], -row.pk),
        "benefit": lambda row: (*benefit(row), score[row.pk], -row.pk),
        "adoptions": lambda row: (row.adoptions, *benefit(row), score[row.pk], -row.pk),
    }[params.sort]
    ordered = [(row.key, score[row.pk]) for row in sorted(matching, key=key, reverse=True)]
    categories = Counter(row.category for row in matching if row.category)
    return len(matching), dict(type_counts), dict(categories), ordered


def answered(params):
    """The same four, from the engine, reading page after page."""
    engine, ordered = DatabaseEngine(), []
    for page in range(1, 1000):
        results = engine.search(SearchParams(**{**params.__dict__, "page": page}))
        ordered += [(hit.key, hit.score) for hit in results.hits]
        if page >= results.num_pages:
            break
    categories = {value.value: value.count for value in results.facets["category"]}
    return results.count, results.type_counts, categories, ordered


def long_query(rows, words=24):
    """Words of one record, enough of them for more conditions than one of the database's integers holds."""

    def terms(row):
        return sorted({term for term in (row.title_terms + row.body_terms).split() if len(term) > 1})

    q = " ".join(random.Random("long").sample(terms(max(rows, key=lambda row: len(terms(row)))), words))
    assert len(QuerySignals(analyze(q), q, relaxed=True).names) > 1
    return q


@pytest.mark.parametrize("doc_type", ["", "project"])
def test_every_sort_orders_every_page_as_its_rules_say(demo, doc_type):
    rows = list(SearchEntry.objects.all())
    queries = ["", "工作室", "空压机 故障", "王建国", "wjg", long_query(rows)]
    queries += generated_queries(14, seed=f"ranking-{doc_type}")
    for q in queries:
        verdicts = {row.pk: judged(row, analyze(q), q) for row in rows}
        for sort in SORTS:
            params = SearchParams(q=q, doc_type=doc_type, sort=sort, page_size=PAGE_SIZE)
            assert answered(params) == expected(rows, verdicts, params), (q, sort)
