"""The database engine's index (SQLite's FTS5 table, PostgreSQL's trigram indexes) narrows its search
without changing a single result.

The index is only a shortcut to the rows the engine's own conditions accept, so every search must give
exactly what the full scan gives: the same count, hits, order, scores, facets and tabs — on queries
generated from the indexed content (whole words, fragments across word boundaries, single characters,
pinyin, several words, symbols), not picked by hand.
"""

import random
from contextlib import contextmanager

import psycopg
import pytest

from django.db import DatabaseError, connection, transaction

from search import fulltext, indexing
from search.engines import DatabaseEngine, _suggest_input, suggestion_entries
from search.models import SearchEntry
from search.params import SearchParams
from tests.conftest import manage, scratch_database
from textsearch.analysis import analyze

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram indexes")


def outcome(results):
    return (
        results.count,
        [(hit.key, hit.score, hit.partial) for hit in results.hits],
        {name: [(v.value, v.count) for v in values] for name, values in results.facets.items()},
        results.type_counts,
    )


def generated_queries(count, seed):
    rng = random.Random(seed)
    rows = list(SearchEntry.objects.values_list("title_terms", "body_terms", "text", "suggest_keys"))
    words = sorted({w for row in rows for column in row[:2] for w in column.split()})
    texts = [row[2] for row in rows if row[2]]
    keys = sorted({k for row in rows for k in row[3].split()})
    symbols = ["c++", "#", "-", "“", "10kV", "Ⅱ", "℃", "a.b", '"', "*", "OR", "NEAR(", "：", "𠀀"]

    def fragment():
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        return text[start : start + rng.randint(1, 6)].strip() or text[0]

    makers = [
        lambda: rng.choice(words),
        fragment,
        lambda: rng.choice(rng.choice(texts)),  # one character
        lambda: rng.choice(keys)[: rng.randint(2, 8)] if keys else "wang",
        lambda: " ".join(rng.choice(words) for _ in range(rng.randint(2, 4))),
        lambda: f"{rng.choice(words)} {fragment()}",
        lambda: f"{rng.choice(words)} {rng.choice(symbols)}",
        lambda: rng.choice(symbols),
    ]
    return [rng.choice(makers)() for _ in range(count)]


@pytest.fixture
def scanning(monkeypatch):
    """`with scanning():` the database engine goes without the index."""
    assert fulltext.available(), "migrate installs the index"

    @contextmanager
    def without_index():
        with monkeypatch.context() as patch:
            patch.setattr(fulltext, "available", lambda: False)
            yield

    return without_index


@pytest.mark.parametrize("doc_type", ["", "project", "person"])
def test_the_index_changes_no_result(scanning, doc_type):
    engine = DatabaseEngine()
    for q in generated_queries(60, seed=f"fulltext-{doc_type}"):
        params = SearchParams(q=q, doc_type=doc_type, page_size=50)
        narrowed = outcome(engine.search(params))
        with scanning():
            assert narrowed == outcome(engine.search(params)), q


def test_the_index_changes_no_similar_project(demo, scanning):
    engine = DatabaseEngine()
    projects = list(SearchEntry.objects.filter(doc_type="project").values_list("object_id", flat=True))
    for project_id in random.Random("similar").sample(projects, min(25, len(projects))):
        narrowed = [hit.key for hit in engine.similar(project_id)]
        with scanning():
            assert narrowed == [hit.key for hit in engine.similar(project_id)], project_id


def test_every_row_of_the_demo_index_carries_its_characters():
    """Rows come from indexing (single updates, bulk rebuilds); a row without them is lost to fragments."""
    rows = SearchEntry.objects.values_list("text", "characters")
    assert rows and all(characters == fulltext.spaced_characters(text) for text, characters in rows)


@sqlite_only
def test_the_index_narrows_a_search_to_its_matches():
    assert 0 < len(found("空压机")) < SearchEntry.objects.count()


def index_is_consistent():
    with connection.cursor() as cursor:
        # FTS5 compares an external-content index with its table and raises when they differ.
        cursor.execute(f"INSERT INTO {fulltext.TABLE}({fulltext.TABLE}, rank) VALUES ('integrity-check', 1)")
    return True


def found(word):
    return set(SearchEntry.objects.filter(fulltext.candidates(analyze(word).clauses)).values_list("key", flat=True))


@sqlite_only
def test_every_write_path_keeps_the_index_in_step(demo, django_capture_on_commit_callbacks):
    project = demo.project
    key = f"project:{project.pk}"
    assert key in found(project.title)

    # An edit (update_or_create), a new title the old index never saw.
    project.title = "量子隧穿式防爆接线盒"
    with django_capture_on_commit_callbacks(execute=True):
        project.save_revision().publish()
    assert key in found("量子隧穿") and index_is_consistent()

    # A rebuild (bulk upserts) and a delete.
    indexing.rebuild()
    assert key in found("量子隧穿") and index_is_consistent()
    SearchEntry.objects.filter(key=key).delete()
    assert key not in found("量子隧穿") and index_is_consistent()
    SearchEntry.objects.filter(doc_type="person").delete()
    assert not any(k.startswith("person:") for k in found("王建国")) and index_is_consistent()


def test_the_table_writes_more_rows_than_a_statement_holds_and_overwrites_them_whole(demo):
    """search_index rebuilds and updates write the table in statements of as many rows as the database takes;
    3,000 generated rows are more than one statement holds on either database. Written twice with new
    words, each row is replaced (no copy, no old word left) and the engine finds exactly the new ones."""
    template = dict(SearchEntry.objects.filter(doc_type="project").values().first())
    for name in ("id", "key", "characters"):
        template.pop(name)
    rng = random.Random(7)

    def generated(word):
        records = []
        for number in range(3000):
            title = f"{word}{number} " + "".join(rng.choice("压缩机轴承座改进装置") for _ in range(6))
            records.append(
                (
                    f"project:{10**9 + number}",
                    {**template, "object_id": 10**9 + number, "title": title, "text": title,
                     "title_terms": f" {word} {title.split()[1]} ", "date": None, "year": None},
                )
            )  # fmt: skip
        return records

    before = SearchEntry.objects.count()
    SearchEntry.objects.write(generated("zqold"))
    assert SearchEntry.objects.count() == before + 3000
    rewritten = generated("zqnew")
    SearchEntry.objects.write([*rewritten[:10], *rewritten])  # a key twice in one call: the last one counts
    assert SearchEntry.objects.count() == before + 3000
    rows = dict(SearchEntry.objects.filter(object_id__gte=10**9).values_list("key", "title"))
    assert rows == {key: record["title"] for key, record in rewritten}
    assert DatabaseEngine().search(SearchParams(q="zqnew")).count == 3000
    assert DatabaseEngine().search(SearchParams(q="zqold")).count == 0
    entry = SearchEntry.objects.get(key=rewritten[1234][0])
    assert entry.characters == fulltext.spaced_characters(entry.text) and entry.date is None
    if connection.vendor == "sqlite":
        assert index_is_consistent()


def triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{fulltext.TABLE}%"])
        return {row[0] for row in cursor.fetchall()}


@sqlite_only
def test_a_build_into_an_empty_table_indexes_every_row_at_the_end_and_puts_the_triggers_back(scanning):
    """A first build writes its rows without a trigger each and indexes them at the end: the index then holds
    exactly the table's rows, every search gives what the scan gives, and later writes reach it again."""
    before = set(SearchEntry.objects.values_list("key", flat=True))
    SearchEntry.objects.all().delete()
    indexing.rebuild()
    assert set(SearchEntry.objects.values_list("key", flat=True)) == before
    assert triggers() == set(fulltext.TRIGGERS) and index_is_consistent()
    engine = DatabaseEngine()
    for q in generated_queries(40, seed="first-build"):
        narrowed = outcome(engine.search(SearchParams(q=q)))
        with scanning():
            assert narrowed == outcome(engine.search(SearchParams(q=q))), q
    SearchEntry.objects.filter(doc_type="studio").delete()
    assert index_is_consistent()
    # A type already in the table is written through the triggers (its old words leave the index as rows change).
    indexing.rebuild()
    assert triggers() == set(fulltext.TRIGGERS) and index_is_consistent()


@sqlite_only
def test_a_failed_build_into_an_empty_table_leaves_the_triggers_in_place():
    SearchEntry.objects.filter(doc_type="studio").delete()
    with transaction.atomic():
        with pytest.raises(RuntimeError), fulltext.added_afterwards("studio"):
            assert triggers() == set()
            raise RuntimeError("a record could not be built")
        assert triggers() == set(fulltext.TRIGGERS)
    assert index_is_consistent()


@sqlite_only
def test_install_puts_back_lost_triggers_and_refills_the_index():
    """Django alters a SQLite table by building a new one, which drops the table's triggers."""
    with connection.cursor() as cursor:
        for name in fulltext.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(f"DELETE FROM {fulltext.CONTENT} WHERE id = (SELECT min(id) FROM {fulltext.CONTENT})")
    with pytest.raises(DatabaseError):
        index_is_consistent()  # the index still lists the deleted row
    assert fulltext.install(connection) is True
    assert index_is_consistent()
    assert fulltext.install(connection) is False  # nothing missing: nothing done
    SearchEntry.objects.filter(doc_type="studio").delete()  # the triggers are back
    assert index_is_consistent()


@sqlite_only
def test_suggestions_read_an_index_not_the_table():
    """What people type into the search box (fragments of titles, pinyin) is matched by scanning the
    (title, suggest_keys) index: at 100,000 projects reading the table took 130 ms a keystroke."""
    rng = random.Random("suggest")
    titles = list(SearchEntry.objects.values_list("title", flat=True))
    keys = sorted({k for row in SearchEntry.objects.values_list("suggest_keys", flat=True) for k in row.split()})
    typed = [title[: rng.randint(1, 4)] for title in rng.sample(titles, 10)]
    typed += [key[: rng.randint(1, 6)] for key in rng.sample(keys, 10)]
    for q in typed:
        queryset = suggestion_entries(*_suggest_input(q))
        explained = queryset.explain()
        table_scans = [line for line in explained.splitlines() if "SCAN" in line and "COVERING INDEX" not in line]
        assert not table_scans, (q, explained)
        assert queryset.exists(), q  # typed from the index's own titles and keys


def plan(queryset):
    """PostgreSQL's plan for the queryset, as if the table were large (a small one is cheaper to scan)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@postgresql_only
@pytest.mark.parametrize("relaxed", [False, True])
def test_every_generated_search_is_answered_from_the_trigram_indexes(relaxed):
    """Whole words, fragments of one or two characters, pinyin, symbols: each condition the engine adds
    can come from an index, so no search reads the whole table."""
    engine = DatabaseEngine()
    for q in generated_queries(40, seed=f"trigram-{relaxed}"):
        query = analyze(q)
        if not query:
            continue
        explained = plan(engine.filtered(SearchParams(q=q), query, relaxed=relaxed))
        assert f"Seq Scan on {fulltext.CONTENT}" not in explained, (q, explained)
        assert "_trgm" in explained, (q, explained)


@postgresql_only
def test_similar_projects_are_found_from_the_trigram_index():
    source = SearchEntry.objects.filter(doc_type="project").exclude(body_terms="").first()
    terms = source.body_terms.split()[:8]
    explained = plan(SearchEntry.objects.filter(fulltext.any_term("body_terms", terms)))
    assert f"Seq Scan on {fulltext.CONTENT}" not in explained and "body_terms_trgm" in explained


@postgresql_only
def test_install_puts_back_a_lost_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {fulltext.CONTENT}_characters_trgm")
    fulltext._available.clear()
    assert not fulltext.available()  # the engine scans rather than trust a partial index
    assert fulltext.install(connection) is True
    assert fulltext.available()
    assert fulltext.install(connection) is False  # nothing missing: nothing done


@postgresql_only
def test_a_database_whose_locale_hides_chinese_characters_migrates_and_scans(tmp_path):
    """pg_trgm reads no Chinese character as a letter under LC_CTYPE "C": an index there would hold nothing
    for them, so migrate leaves it out (and says so) and the engine scans."""
    c_locale = "TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'"
    with scratch_database(tmp_path, "c_locale", c_locale) as url:
        migrated = manage(url, "migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        assert "pg_trgm sees no Chinese characters" in migrated.stderr
        with psycopg.connect(url) as other:
            trigram_indexes = other.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
            assert trigram_indexes.fetchone()[0] == 0
