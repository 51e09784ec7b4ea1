"""Relevance measurement: nDCG@10, recall@10 and MRR per query kind and overall.

Runs the project's two engines and two baselines over each judged corpus (CORPORA): the one the
vocabulary grew up with (corpus.py + queries.py) and one written independently of it (industries.py).
Used by tests/test_relevance.py (floors) and bench/relevance.py (the tables in BENCHMARKS.md).
"""

import math
import unicodedata
from collections import Counter, defaultdict
from contextlib import contextmanager, nullcontext

from modelsearch import index
from modelsearch.backends.database import SearchBackend as stock_database_backend

from projects.models import ProjectPage
from search import elastic, service
from search.models import DocumentType, SearchEntry
from search.params import SearchParams
from search.records import record_for
from studios.models import Person, StudioPage
from tests.relevance import corpus, industries
from tests.relevance.queries import QUERIES
from textsearch import fields
from textsearch.analysis import SEPARATORS
from textsearch.backends import database as chinese_database_backend

K = 10
# name: (what it is, the module whose tables load() reads, its judged queries)
CORPORA = {
    "tuned": ("词库同步编写的语料 / corpus written with the vocabulary", corpus, QUERIES),
    "industries": ("独立编写的八行业语料 / eight industries, written independently", industries, industries.QUERIES),
}
MODELS = {DocumentType.PROJECT: ProjectPage, DocumentType.STUDIO: StudioPage, DocumentType.PERSON: Person}


# --- Metrics -------------------------------------------------------------------------------------


def ndcg(ranked, grades, k=K):
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked, grades, k=K):
    relevant = {key for key, grade in grades.items() if grade > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked, grades):
    return next((1 / (rank + 1) for rank, key in enumerate(ranked) if grades.get(key, 0) > 0), 0.0)


def load(name):
    """Create a corpus's content; {ref: search key}."""
    return corpus.load(CORPORA[name][1])


def evaluate(run, refs, queries=QUERIES):
    """{kind: {"ndcg", "recall", "mrr", "queries"}} plus "overall", for run(q) → ranked search keys."""
    per_kind = defaultdict(list)
    for kind, q, judged in queries:
        grades = {refs[ref]: grade for ref, grade in judged.items()}
        ranked = run(q)[:K]
        per_kind[kind].append((ndcg(ranked, grades), recall(ranked, grades), reciprocal_rank(ranked, grades)))
    per_kind["overall"] = [scores for kind_scores in list(per_kind.values()) for scores in kind_scores]
    return {
        kind: {
            "ndcg": sum(s[0] for s in scores) / len(scores),
            "recall": sum(s[1] for s in scores) / len(scores),
            "mrr": sum(s[2] for s in scores) / len(scores),
            "queries": len(scores),
        }
        for kind, scores in per_kind.items()
    }


def kinds(queries=QUERIES):
    return list(dict.fromkeys(kind for kind, _q, _j in queries)) + ["overall"]


def table(results, queries=QUERIES):
    """Markdown: one row per system, nDCG@10 / recall@10 / MRR per kind."""
    columns = kinds(queries)
    counts = Counter(kind for kind, _q, _j in queries)
    header = ["系统 / system"] + [f"{kind} ({counts.get(kind, len(queries))})" for kind in columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for system, scores in results.items():
        cells = [f"{scores[k]['ndcg']:.2f} / {scores[k]['recall']:.2f} / {scores[k]['mrr']:.2f}" for k in columns]
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- Systems -------------------------------------------------------------------------------------


def index_only(keys):
    """Make the corpus the whole search index: the SearchEntry table and, when Elasticsearch is
    configured, fresh indexes behind its aliases."""
    records = [(key, record_for(*_split(key))) for key in keys]
    SearchEntry.objects.all().delete()
    SearchEntry.objects.write(records)
    if elastic.enabled():
        for doc_type in DocumentType.values:
            new_index = elastic.create_versioned_index(doc_type)
            elastic.bulk_index(new_index, [(k, elastic.source(r)) for k, r in records if r["doc_type"] == doc_type])
            elastic.finished(new_index)
            elastic.swap_alias(doc_type, new_index)


def _split(key):
    doc_type, pk = key.split(":")
    return doc_type, int(pk)


def search_service(q):
    """The project's search (whichever engine the settings choose), all types in one ranking."""
    return [hit.key for hit in service.search(SearchParams(q=q, page_size=K)).hits]


@contextmanager
def stock_fields():
    """The corpus models with Wagtail's own field classes, as a site without this project would have."""
    saved = {model: model.search_fields for model in MODELS.values()}
    try:
        for model in MODELS.values():
            model.search_fields = _unwrap(model.search_fields)
        yield
    finally:
        for model, search_fields in saved.items():
            model.search_fields = search_fields


def _unwrap(search_fields):
    unwrapped = []
    for field in search_fields:
        if isinstance(field, fields.SearchField):
            field = index.SearchField(field.field_name, boost=field.boost, **field.kwargs)
        elif isinstance(field, fields.AutocompleteField):
            field = index.AutocompleteField(field.field_name, **field.kwargs)
        elif isinstance(field, index.RelatedFields):
            field = index.RelatedFields(field.field_name, _unwrap(field.fields))
        unwrapped.append(field)
    return unwrapped


class WagtailSearch:
    """Wagtail's search API over the corpus (pages and people ranked together by score).

    stock=True: Wagtail's default database backend and field classes, untouched — the baseline.
    stock=False: the same API with this project's Chinese-aware fields and backend."""

    def __init__(self, keys, stock):
        self.stock = stock
        self.ids = defaultdict(list)
        for key in keys:
            doc_type, pk = _split(key)
            self.ids[doc_type].append(pk)
        with self.fields():
            self.backend = (stock_database_backend if stock else chinese_database_backend)({})
            for doc_type, model in MODELS.items():
                self.backend.add_bulk(model, list(model.objects.filter(pk__in=self.ids[doc_type])))

    def fields(self):
        return stock_fields() if self.stock else nullcontext()

    def __call__(self, q):
        scored = []
        with self.fields():
            for doc_type, model in MODELS.items():
                corpus = set(self.ids[doc_type])  # the database may hold other content too
                results = self.backend.search(q, model).annotate_score("_score")
                scored += [(obj._score or 0, f"{doc_type}:{obj.pk}") for obj in results[:200] if obj.pk in corpus]
        scored.sort(key=lambda item: -item[0])
        return [key for _score, key in scored]


class BigramSearch:
    """Plain character-bigram matching (what Elasticsearch's cjk analyzer does), BM25-ranked."""

    def __init__(self, keys, k1=1.2, b=0.75):
        self.k1, self.b = k1, b
        self.documents = {}
        for key in keys:
            record = record_for(*_split(key))
            self.documents[key] = Counter(_grams(record["text"]))
        self.average_length = sum(sum(d.values()) for d in self.documents.values()) / len(self.documents)
        frequency = Counter(gram for grams in self.documents.values() for gram in grams)
        total = len(self.documents)
        self.idf = {gram: math.log(1 + (total - n + 0.5) / (n + 0.5)) for gram, n in frequency.items()}

    def __call__(self, q):
        query = set(_grams(q))
        scores = []
        for key, grams in self.documents.items():
            length = sum(grams.values())
            score = 0.0
            for gram in query & grams.keys():
                tf = grams[gram]
                norm = tf + self.k1 * (1 - self.b + self.b * length / self.average_length)
                score += self.idf[gram] * tf * (self.k1 + 1) / norm
            if score > 0:
                scores.append((score, key))
        scores.sort(key=lambda item: (-item[0], item[1]))
        return [key for _score, key in scores]


def _grams(text):
    """Bigrams after width folding and lower case only (no segmentation, synonyms or simplification)."""
    grams = []
    for word in SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text).lower()).split():
        if word.isascii():
            grams.append(word)
        else:
            grams.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
    return grams
