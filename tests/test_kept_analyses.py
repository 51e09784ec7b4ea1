"""A rebuild takes the Chinese analysis of texts unchanged since they were indexed from the search table, and
writes no row that already holds its record: what it leaves is what analysing everything again leaves."""

import datetime
import random
from io import StringIO

import pytest

from django.core.management import call_command

from search import indexing, records
from search.models import DictionaryWord, DocumentType, SearchEntry
from search.records import TYPES, key_for, records_for
from textsearch.analysis import CJK, normalize, terms_text

COLUMNS = [field.attname for field in SearchEntry._meta.fields if field.attname != "id"]


def table():
    return {row["key"]: row for row in SearchEntry.objects.values(*COLUMNS)}


def counting_analyses(monkeypatch):
    """How many texts the records built meanwhile segmented."""
    calls = []

    def counted(*texts):
        calls.append(texts)
        return terms_text(*texts)

    monkeypatch.setattr(records, "terms_text", counted)
    return calls


def generated_text(rng, length):
    common = "工作室创新技术设备检修安全装置改进方法系统智能巡检"
    return "".join(rng.choice(common + "abcxyz0123456789") for _ in range(length))


def test_a_rebuild_of_unchanged_content_segments_nothing_and_leaves_what_reanalysing_leaves(demo, monkeypatch):
    indexing.rebuild()
    before = table()
    calls = counting_analyses(monkeypatch)
    assert sum(indexing.rebuild().values()) == len(before)
    assert calls == [], f"{len(calls)} texts segmented again"
    assert table() == before
    call_command("search_index", "rebuild", "--reanalyse", stdout=StringIO())
    assert len(calls) >= 3 * len(before)  # title, body and context of every record
    assert table() == before


@pytest.mark.parametrize("doc_type", DocumentType.values)
def test_a_text_changed_behind_the_index_is_analysed_again_by_a_rebuild(demo, doc_type):
    indexing.rebuild()
    rng = random.Random(doc_type)
    searchable = TYPES[doc_type]
    chosen = list(searchable.queryset().order_by("?").values_list("pk", flat=True)[:3])
    title_field = "name" if doc_type == DocumentType.PERSON else "title"
    titles = {pk: generated_text(rng, rng.randint(4, 20)) for pk in chosen}
    for pk, title in titles.items():  # no signal: only a rebuild sees it
        searchable.model.objects.filter(pk=pk).update(**{title_field: title})
    indexing.rebuild()
    rows = table()
    for pk, title in titles.items():
        row = rows[key_for(doc_type, pk)]
        assert row["title"] == title
        assert row["title_terms"] == terms_text(title)
        assert row["text"].startswith(normalize(title))


def test_new_dictionary_words_cut_every_text_again_at_the_next_rebuild(demo):
    indexing.rebuild()
    before = table()
    # Pieces of three characters of the indexed texts that are not terms yet, made dictionary words.
    rng = random.Random(7)
    words = set()
    for row in rng.sample(sorted(before.values(), key=lambda row: row["key"]), 30):
        for word in row["text"].split():
            for start in range(len(word) - 2):
                piece = word[start : start + 3]
                if all(CJK.match(c) for c in piece) and f" {piece} " not in row["body_terms"]:
                    words.add(piece)
    assert len(words) >= 10
    for word in sorted(words)[:40]:
        DictionaryWord.objects.create(word=word)  # as the admin saves one
    indexing.rebuild()
    after = table()
    recut = [key for key in after if after[key]["body_terms"] != before[key]["body_terms"]]
    assert recut, "no text was cut again with the new words"
    indexing.rebuild(reanalyse=True)
    assert table() == after


def test_a_rebuild_deletes_the_rows_of_objects_no_longer_searchable(demo):
    indexing.rebuild()
    project = TYPES[DocumentType.PROJECT].queryset().order_by("pk").first()
    type(project).objects.filter(pk=project.pk).update(live=False)  # behind the index's back
    assert project.pk not in records_for(DocumentType.PROJECT, [project.pk])  # not searchable now
    SearchEntry.objects.create(key="person:999999999", doc_type=DocumentType.PERSON, object_id=999999999, title="x")
    indexing.rebuild()
    keys = set(table())
    assert key_for(DocumentType.PROJECT, project.pk) not in keys
    assert "person:999999999" not in keys
    assert len(keys) == sum(t.queryset().count() for t in TYPES.values())


def _other(value, field):
    """A different value of the same column's kind, None included where the column takes it."""
    if field.null and value is not None:
        return None
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=1)
    if value is None:
        return {"DateField": datetime.date(2020, 1, 2), "FloatField": 1.5}.get(field.get_internal_type(), 1)
    return (value + "改")[: field.max_length or None]


def test_writing_a_record_again_stores_every_column_that_differs(demo):
    """The search table's upsert skips rows that already hold the record: one changed column, whichever it
    is and to or from NULL, is still written."""
    for doc_type in DocumentType.values:
        pk = TYPES[doc_type].queryset().order_by("pk").values_list("pk", flat=True).first()
        key = key_for(doc_type, pk)
        record = records_for(doc_type, [pk])[pk]
        SearchEntry.objects.write([(key, record)])
        for name, value in record.items():
            field = SearchEntry._meta.get_field(name)
            if name in ("doc_type", "object_id"):
                continue
            for changed in (_other(value, field), value):  # there and back again
                SearchEntry.objects.write([(key, {**record, name: changed})])
                stored = SearchEntry.objects.values(name).get(key=key)[name]
                assert stored == changed, (doc_type, name, changed, stored)
                if name == "text":
                    assert SearchEntry.objects.get(key=key).characters == SearchEntry.derived(changed)["characters"]


def test_different_texts_never_share_an_analysis():
    """However the same characters are split between the texts of a record, a different split is a different
    set of texts to analyse (separators a text could itself contain included)."""
    rng = random.Random(11)
    alphabet = "工作a1:;\x1f\x1e "

    def text():
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3)))

    seen = {}
    for _ in range(5000):
        title = text()
        body, context, names = ([text() for _ in range(rng.randint(0, 3))] for _group in range(3))
        texts = (title, tuple(body), tuple(context), tuple(names))
        digest = records._analysis_digest(title, body, context, names)
        assert seen.setdefault(digest, texts) == texts, (texts, seen[digest])
    assert len(seen) > 1000
