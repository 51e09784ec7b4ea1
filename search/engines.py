"""The two search engines. Both take SearchParams and return the same result shapes.

Both rank the same way (textsearch.analysis.analyze does the analysis), in tiers:

1. results matching every clause of the query (by a whole word, a synonym, or its characters);
2. then, when those do not fill a page (sorted by date or benefit: when there are none), results matching
   at least half the clauses, the more the better ("relaxed" matching: a long phrase said with one
   different word is not lost).

Within a tier, each clause matched by whole words (the typed word or a synonym) counts far more than a
match of its characters (the fallback for partial and unknown words), so whole words rank first.
"""

import heapq
import math
from collections import Counter

from elasticsearch.dsl import Q as EQ
from elasticsearch.dsl import Search

from django.db import connection
from django.db.models import Case, F, Q, Value, When

from search import elastic, fulltext
from search.facets import FACETS
from search.highlight import highlight
from search.models import DocumentType, SearchEntry
from search.recommend import explain
from search.results import FacetValue, Hit, Recommendation, SearchResults, Suggestion, mix_types
from textsearch.analysis import CJK, analyze, bigrams, fold, normalize, query_terms

SUMMARY_LENGTH = 120
SUGGESTIONS = 10
SUGGEST_TIMEOUT = 1  # seconds
FACET_SIZE = 50
# Scores (the database engine's are integers on the same scale): a result matching every clause gets
# FULL_MATCH_TIER, far above what any number of matched clauses adds; each clause matched by whole
# words adds WHOLE_WORD_TIER, far above what word weights can add, so such results come first.
FULL_MATCH_TIER = 1_000_000
WHOLE_WORD_TIER = 1000
EXACT_TITLE_BOOST = 100
TITLE_WEIGHT, BODY_WEIGHT, CONTEXT_WEIGHT, SYNONYM_FACTOR, FALLBACK_WEIGHT = 30, 10, 2, 0.8, 3
WORD_WEIGHTS = dict(zip(fulltext.WORD_COLUMN_NAMES, (TITLE_WEIGHT, BODY_WEIGHT, CONTEXT_WEIGHT), strict=True))
# Elasticsearch's field boosts: the database engine's word weights, in proportion to the body's (3, 1, 0.2).
TEXT_FIELDS = [f"{column}^{weight / BODY_WEIGHT:g}" for column, weight in WORD_WEIGHTS.items()]
HIT_FIELDS = ("doc_type", "object_id", "title", "url", "summary")  # what a hit shows (not the long texts)


def _hit(entry, terms, score, partial=False):
    """entry: anything with the HIT_FIELDS (a model or a dict)."""
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    return Hit(
        type=get("doc_type"),
        key=f"{get('doc_type')}:{get('object_id')}",
        title=get("title"),
        url=get("url"),
        summary=get("summary"),
        highlight={
            "title": highlight(get("title"), terms),
            "summary": highlight(get("summary"), terms, limit=SUMMARY_LENGTH),
        },
        score=round(float(score or 0), 4),
        partial=partial,
    )


def _quorum(query):
    """(the clauses that count, how many of them a partial match needs): at least half of them, and a
    clause of one character (a fragment of an unknown word, say) does not count by itself."""
    counted = [clause for clause in query.clauses if len(clause.text) > 1] or list(query.clauses)
    return counted, max(1, math.ceil(len(counted) / 2))


def _tiered(engine, params, query):
    """Full matches; then, when they do not fill a page (sorted by relevance; sorted by date or benefit,
    when there are none), the relaxed search that adds partial matches below them. A page full of full
    matches is the same either way, and counting thousands of partial matches would only cost time."""
    results = engine.search_with(params, query, relaxed=False)
    enough = params.page_size if params.sort == "relevance" else 1
    if len(query.clauses) > 1 and results.count < enough:
        results = engine.search_with(params, query, relaxed=True)
    return results


def _facets(params, counters):
    """{facet name: [FacetValue]} from {facet name: {value: count}}, labelled and ordered by the registry."""
    facets = {}
    for facet in FACETS:
        counted = [(v, n) for v, n in counters.get(facet.name, {}).items() if v not in ("", None)]
        selected = params.filters.get(facet.name)
        if selected and selected not in {str(v) for v, _ in counted}:
            counted.append((selected, 0))
        labels = facet.labels([v for v, _ in counted], params.doc_type)
        facets[facet.name] = [
            FacetValue(value=str(v), label=labels.get(v, str(v)), count=n, selected=str(v) == selected)
            for v, n in facet.ordered(counted, params.doc_type)[:FACET_SIZE]
        ]
    return facets


# Each sort: the fields it reads, and its key (largest first), ordered as ORDER BY … NULLS LAST, pk would: a
# missing date or benefit after every other, and the earlier row first among equals.
SORT_KEYS = {
    "relevance": (("date",), lambda pk, score, date: (score, date is not None, date, -pk)),
    "newest": (("date",), lambda pk, score, date: (date is not None, date, score, -pk)),
    "benefit": (("benefit",), lambda pk, score, benefit: (benefit is not None, benefit, score, -pk)),
    "adoptions": (
        ("adoptions", "benefit"),
        lambda pk, score, adoptions, benefit: (adoptions, benefit is not None, benefit, score, -pk),
    ),
}


def _page(rows, scores, params):
    """The keys of the page's rows, in the sort's order. rows: (pk, the sort's fields, …)."""
    fields, key = SORT_KEYS[params.sort]
    end = 1 + len(fields)
    first = heapq.nlargest(
        params.offset + params.page_size, rows, key=lambda row: key(row[0], scores[row[0]], *row[1:end])
    )
    return [row[0] for row in first[params.offset :]]


class QuerySignals:
    """What the database engine asks of each row for a query: every condition its matching and ranking read (a
    whole term in a terms column, the typed text in the text, the start of a pinyin key, the title being the
    query), each once, as one bit. The database returns the bits packed in a few integers (BITS to each: its
    integers have 64); whether the row matches and its score are worked out from them here, once for each
    combination of bits met. A clause matches by whole words or by its characters (_db_clause); the score is
    FULL_MATCH_TIER for matching every clause, WHOLE_WORD_TIER for each clause matched by whole words, the
    words' weights by column, FALLBACK_WEIGHT for the typed text, EXACT_TITLE_BOOST for the exact title."""

    BITS = 62

    def __init__(self, query, q, relaxed):
        self._bits = {}  # (lookup, value) → its bit
        self.exact_title = self._bit("title", q.strip()) if query else 0
        self.clauses = [self._clause(clause) for clause in query.clauses]
        if relaxed:
            counted, self.needed = _quorum(query)
            self.counted = [number for number, clause in enumerate(query.clauses) if clause in counted]
        else:
            self.counted, self.needed = range(len(query.clauses)), len(query.clauses)
        self.names = [f"signals_{n}" for n in range(math.ceil(len(self._bits) / self.BITS))]
        self._scores = {}

    def _bit(self, lookup, value):
        return 1 << self._bits.setdefault((lookup, value), len(self._bits))

    def _clause(self, clause):
        """(its pinyin bit, each alternative's terms' bits (any column), (bit, weight) of each term and column,
        its typed text's bit)."""
        pinyin = self._bit("suggest_keys__contains", f" {clause.text}") if clause.may_be_pinyin else 0
        alternatives, weights = [], []
        for number, alternative in enumerate(clause.alternatives):
            factor = 1 if number == 0 else SYNONYM_FACTOR
            terms = []
            for term in alternative:
                columns = [
                    (self._bit(f"{column}__contains", f" {term} "), round(weight * factor))
                    for column, weight in WORD_WEIGHTS.items()
                ]
                terms.append(sum(bit for bit, _weight in columns))
                weights += columns
            alternatives.append(terms)
        return pinyin, alternatives, weights, self._bit("text__contains", clause.text)

    def annotations(self):
        """{name: the sum of its bits' conditions, each its bit when the row holds it}."""
        conditions = list(self._bits)
        return {
            name: _total(
                [
                    Case(When(Q(**{lookup: value}), then=Value(1 << bit)), default=Value(0))
                    for bit, (lookup, value) in enumerate(conditions[n * self.BITS : (n + 1) * self.BITS])
                ]
            )
            for n, name in enumerate(self.names)
        }

    def score(self, packed):
        """The score of a row whose signals are these integers; None when the row does not match."""
        held = 0
        for n, bits in enumerate(packed):
            held |= bits << (n * self.BITS)
        if held not in self._scores:
            self._scores[held] = self._score(held)
        return self._scores[held]

    def _score(self, held):
        matched, score = [], 0
        for pinyin, alternatives, weights, text in self.clauses:
            whole_words = bool(held & pinyin) or any(
                terms and all(held & term for term in terms) for terms in alternatives
            )
            score += WHOLE_WORD_TIER * whole_words + FALLBACK_WEIGHT * bool(held & text)
            score += sum(weight for bit, weight in weights if held & bit)
            matched.append(whole_words or bool(held & text))
        if sum(matched[number] for number in self.counted) < self.needed:
            return None
        if not self.clauses:  # the empty query: every row, unscored
            return 0
        return score + FULL_MATCH_TIER * all(matched) + EXACT_TITLE_BOOST * bool(held & self.exact_title)


class DatabaseEngine:
    """The embedded default: searches the SearchEntry table on SQLite or PostgreSQL.

    One query reads the rows that can match (the index narrows, the facets filter) with, for each row, which
    of the query's conditions it holds (QuerySignals); which clauses a row matches, its score and the page's
    order are worked out from those here, so no condition is evaluated twice and no second query scores and
    sorts the same rows again. The page's rows are then read by their keys."""

    name = "database"

    def filtered(self, params, query, relaxed=False):
        """The rows that can match: narrowed by the index (search.fulltext), filtered by the facets.

        The engine's own conditions are asked here too where the index gives no narrowing (they scan, so that
        only matching rows leave the database) and on PostgreSQL. There the index's conditions are the same
        `LIKE`s, and asked twice they make the planner expect fewer rows: it then reads them through the trigram
        indexes rather than testing every row of the table, which it judges about as cheap because it does not
        count reading each row's long texts (小革新 at 100,000 projects: 187 ms against 628)."""
        entries = SearchEntry.objects.all()
        if relaxed:
            counted, needed = _quorum(query)
            narrowing = fulltext.candidates(counted, needed)
        else:
            narrowing = fulltext.candidates(query.clauses)
        entries = entries.filter(narrowing)
        if query and (not narrowing or connection.vendor == "postgresql"):
            if relaxed:
                matched = _total([Case(When(_db_clause(c), then=Value(1)), default=Value(0)) for c in counted])
                entries = entries.alias(clauses_matched=matched).filter(clauses_matched__gte=needed)
            else:
                for clause in query.clauses:
                    entries = entries.filter(_db_clause(clause))
        for name, value in params.filters.items():
            entries = entries.filter(FACETS[name].db_filter(value))
        return entries

    def search(self, params):
        return _tiered(self, params, analyze(params.q))

    def search_with(self, params, query, relaxed):
        signals = QuerySignals(query, params.q, relaxed)
        facets = list(FACETS)
        counted_fields = sorted({"doc_type", "province", *(facet.record_field for facet in facets)})
        entries = self.filtered(params, query, relaxed).annotate(**signals.annotations())
        fields = ["pk", *SORT_KEYS[params.sort][0], *counted_fields, *signals.names]
        packed = len(fields) - len(signals.names)
        matches, scores = [], {}
        for row in entries.values_list(*fields):
            score = signals.score(row[packed:])
            if score is not None:
                matches.append(row)
                scores[row[0]] = score
        doc_type = fields.index("doc_type")
        type_counts = Counter(row[doc_type] for row in matches)
        if params.doc_type:
            matches = [row for row in matches if row[doc_type] == params.doc_type]
        columns = dict(zip(fields, zip(*matches, strict=True), strict=True)) if matches else dict.fromkeys(fields, ())
        counters = {facet.name: Counter() for facet in facets}
        for facet in facets:
            facet.db_count(counters[facet.name], columns)
        count = len(matches)
        page = _page(matches, scores, params)
        entries = SearchEntry.objects.only(*HIT_FIELDS).in_bulk(page)
        hits = [
            _hit(entries[pk], query.terms, scores[pk], bool(query) and scores[pk] < FULL_MATCH_TIER)
            for pk in page
            if pk in entries  # deleted since it was counted
        ]
        return SearchResults(
            params, count, hits, _facets(params, counters), dict(type_counts), self.name, query.typed_terms
        )

    def suggest(self, q):
        text, keys = _suggest_input(q)
        if not text:
            return []
        entries = suggestion_entries(text, keys)[: SUGGESTIONS * 3]
        return mix_types([Suggestion(text=e.title, type=e.doc_type, url=e.url) for e in entries], SUGGESTIONS)

    def similar(self, project_id, limit=4):
        source = SearchEntry.objects.filter(key=f"project:{project_id}").first()
        if source is None:
            return []
        terms = _distinctive_terms(source)
        if not terms:
            return []
        overlap = _total([_contains("body_terms", t, 1) for t in terms])
        entries = (
            SearchEntry.objects.filter(fulltext.any_term("body_terms", terms), doc_type=DocumentType.PROJECT)
            .exclude(pk=source.pk)
            .annotate(score=overlap)
            .filter(score__gte=2)
            .only(*HIT_FIELDS)
            .order_by("-score", F("date").desc(nulls_last=True))[:limit]
        )
        return [_hit(e, (), e.score) for e in entries]

    def recommend(self, project_id, limit=5):
        source = SearchEntry.objects.filter(key=f"project:{project_id}").first()
        if source is None:
            return []
        skills = [s for s in source.skills.split("|") if s]
        if not skills:
            return []
        candidates = SearchEntry.objects.filter(doc_type=DocumentType.PERSON, open_to_collaboration=True).exclude(
            enterprise=source.enterprise
        )
        match = Q()
        for skill in skills:
            words = query_terms(skill)
            match |= (
                Q(skills__contains=f"|{skill}|")
                | _db_all_terms("body_terms", words)
                | _db_all_terms("context_terms", words)
            )
        people = []
        for entry in candidates.filter(match)[:200]:
            matched, reasons, score = explain(
                skills, entry.skills.split("|"), entry.body_terms, entry.projects.split("|")
            )
            people.append((score, entry, matched, reasons))
        people.sort(key=lambda item: (-item[0], item[1].title))
        return [
            Recommendation(e.key, e.title, e.url, e.summary, matched=m, score=float(n), reasons=r)
            for n, e, m, r in people[:limit]
        ]


def _db_all_terms(field, terms):
    match = Q()
    for term in terms:
        match &= Q(**{f"{field}__contains": f" {term} "})
    return match


def _db_clause(clause):
    """A clause matches by whole words or by its characters."""
    return _db_whole_words(clause) | Q(text__contains=clause.text)


def _db_whole_words(clause):
    """Matches the clause as whole words: any alternative, all of its terms, in title or body
    (or, for letters, the start of a name's pinyin: wjg, wangjianguo)."""
    match = Q(suggest_keys__contains=f" {clause.text}") if clause.may_be_pinyin else Q()
    for alternative in clause.alternatives:
        every = Q()
        for term in alternative:
            needle = f" {term} "
            every &= (
                Q(title_terms__contains=needle) | Q(body_terms__contains=needle) | Q(context_terms__contains=needle)
            )
        match |= every
    return match


def suggestion_entries(text, keys):
    """The entries whose title holds the text or whose pinyin keys start with the letters, those that start
    with it first. The matching keys are found first by themselves: the (title, suggest_keys) index holds
    everything that condition reads, so SQLite scans the index rather than the table (128 → 13 ms at
    100,000 projects); PostgreSQL answers it from the trigram indexes."""
    match = Q(title__contains=text)
    if keys:
        match |= Q(suggest_keys__contains=f" {keys}")
    prefix = Q(title__startswith=text) | Q(suggest_keys__contains=f" {keys}") if keys else Q(title__startswith=text)
    return (
        SearchEntry.objects.filter(pk__in=SearchEntry.objects.filter(match).values("pk"))
        .annotate(prefix=Case(When(prefix, then=Value(0)), default=Value(1)))
        .order_by("prefix", "doc_type", "title")
        .only("title", "doc_type", "url")
    )


def _suggest_input(q):
    """(text for titles, letters for pinyin keys): 王建 → (王建, ""); Wang Jian → (wang jian, wangjian)."""
    text = fold(q).strip()[:50]
    keys = normalize(q).replace(" ", "")
    return text, keys if keys.isascii() and keys.isalnum() else ""


def _contains(field, term, weight):
    """weight when the terms field holds the whole term, else 0."""
    return Case(When(**{f"{field}__contains": f" {term} "}, then=Value(weight)), default=Value(0))


def _total(expressions):
    """The sum as a balanced tree: a chain a + b + c + … nests one level per term, and SQLite's
    parser gives up ("parser stack overflow") at about a hundred levels — a long query reaches that."""
    if len(expressions) == 1:
        return expressions[0]
    middle = len(expressions) // 2
    return _total(expressions[:middle]) + _total(expressions[middle:])


def _distinctive_terms(entry, limit=12):
    """The project's own words that say most about it: its title's, then its skills and body's."""
    words = [w for w in entry.title_terms.split() if len(w) > 1]
    words += [s for s in entry.skills.split("|") if s]
    words += [w for w, _ in Counter(w for w in entry.body_terms.split() if len(w) > 1).most_common(limit)]
    return list(dict.fromkeys(words))[:limit]


class ElasticsearchEngine:
    """Searches the indexes of every searchable type (one per type, behind aliases) of an Elasticsearch 8 cluster."""

    name = "elasticsearch"
    # Elasticsearch pages at most this deep (index.max_result_window).
    MAX_WINDOW = 10_000

    def base_query(self, params, query, relaxed=False):
        search = Search(using=elastic.client(), index=elastic.all_aliases())
        if query:
            clauses = [_es_clause(clause) for clause in query.clauses]
            exact_title = EQ("term", title={"value": params.q.strip(), "boost": EXACT_TITLE_BOOST})
            full_match = EQ("constant_score", filter=EQ("bool", must=clauses), boost=FULL_MATCH_TIER)
            if relaxed:
                counted, needed = _quorum(query)
                enough = EQ("bool", should=[_es_clause(c) for c in counted], minimum_should_match=needed)
                search = search.query(EQ("bool", filter=[enough], should=[full_match, *clauses, exact_title]))
            else:
                search = search.query(EQ("bool", must=clauses, should=[full_match, exact_title]))
        for name, value in params.filters.items():
            search = search.filter(FACETS[name].es_filter(value))
        return search

    def search(self, params):
        return _tiered(self, params, analyze(params.q))

    def search_with(self, params, query, relaxed):
        search = self.base_query(params, query, relaxed)
        # Tabs count every type; facets and hits only the chosen type (post_filter).
        search.aggs.bucket("types", "terms", field="doc_type", size=5)
        facet_scope = search.aggs.bucket("scope", "filter", filter=self.type_filter(params))
        facets = list(FACETS)
        for facet in facets:
            for name, (kind, options) in facet.es_aggregations(FACET_SIZE).items():
                facet_scope.bucket(name, kind, **options)
        search = search.post_filter(self.type_filter(params))
        sort = {
            "relevance": ["_score", {"date": {"order": "desc", "missing": "_last"}}],
            "newest": [{"date": {"order": "desc", "missing": "_last"}}, "_score"],
            "benefit": [{"benefit": {"order": "desc", "missing": "_last"}}, "_score"],
            # unmapped_type: an index built before the field existed sorts as if it were 0 everywhere
            "adoptions": [
                {"adoptions": {"order": "desc", "missing": "_last", "unmapped_type": "integer"}},
                {"benefit": {"order": "desc", "missing": "_last"}},
                "_score",
            ],
        }[params.sort]
        size = params.page_size if params.offset + params.page_size <= self.MAX_WINDOW else 0
        search = search.sort(*sort).extra(from_=params.offset if size else 0, size=size, track_total_hits=True)
        # The shard request cache keeps what each shard answered (the page's keys, the counts, the facets) until
        # the index next refreshes, so a repeated search skips scoring and counting; Elasticsearch caches
        # only requests of size 0 unless asked. A changed index is a new cache: results are never stale.
        search = search.extra(track_scores=True).params(request_cache=True)
        # Only what a hit shows: a record's analysed texts are ten times the rest (≈ 40 KB a page of ten).
        response = search.source(list(HIT_FIELDS)).execute()
        type_counts = {b.key: b.doc_count for b in response.aggregations.types.buckets}
        scope = response.aggregations.scope
        counters = {facet.name: facet.es_counts(scope) for facet in facets}
        hits = [
            _hit(hit.to_dict(), query.terms, hit.meta.score, bool(query) and hit.meta.score < FULL_MATCH_TIER)
            for hit in response.hits
        ]
        count = response.hits.total.value
        return SearchResults(params, count, hits, _facets(params, counters), type_counts, self.name, query.typed_terms)

    def type_filter(self, params):
        return EQ("term", doc_type=params.doc_type) if params.doc_type else EQ("match_all")

    def suggest(self, q):
        text, keys = _suggest_input(q)
        if not text:
            return []
        # Suggestions are worth little once the user has typed on: give up sooner than a search.
        client = elastic.client().options(request_timeout=min(SUGGEST_TIMEOUT, elastic.config().get("TIMEOUT", 5)))
        search = Search(using=client, index=elastic.all_aliases()).source(["title", "url", "doc_type"])
        completion = {"field": "suggest", "size": SUGGESTIONS * 3, "skip_duplicates": True}
        search = search.suggest("titles", keys or text, completion=completion)
        response = search.extra(size=0).execute()
        options = response.suggest.titles[0].options if response.suggest.titles else []
        suggestions = [Suggestion(text=o._source.title, type=o._source.doc_type, url=o._source.url) for o in options]
        return mix_types(suggestions, SUGGESTIONS)

    def similar(self, project_id, limit=4):
        key = f"project:{project_id}"
        # Tuned for an index of hundreds to thousands of projects: a word that appears once in the
        # project and in one other project is already telling.
        search = Search(using=elastic.client(), index=elastic.alias(DocumentType.PROJECT)).query(
            "more_like_this",
            fields=["title_terms", "body_terms"],
            like=[{"_index": elastic.alias(DocumentType.PROJECT), "_id": key}],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
            minimum_should_match="20%",
        )
        response = search.source(list(HIT_FIELDS)).extra(size=limit).execute()
        return [_hit(hit.to_dict(), (), hit.meta.score) for hit in response.hits]

    def recommend(self, project_id, limit=5):
        source = (
            elastic.client()
            .options(ignore_status=404)
            .get(
                index=elastic.alias(DocumentType.PROJECT),
                id=f"project:{project_id}",
                source_includes=["skills", "enterprise"],
            )
        )
        if not source.get("found"):
            return []
        project = source["_source"]
        skills = project.get("skills") or []
        if not skills:
            return []
        search = Search(using=elastic.client(), index=elastic.alias(DocumentType.PERSON))
        should = [EQ("term", skills={"value": s, "boost": 2}) for s in skills]
        should += [
            EQ("multi_match", query=" ".join(query_terms(s)), fields=["body_terms", "context_terms"], operator="and")
            for s in skills
        ]
        search = search.query(EQ("bool", should=should, minimum_should_match=1))
        search = search.filter("term", open_to_collaboration=True)
        if project.get("enterprise"):
            search = search.exclude("term", enterprise=project["enterprise"])
        recommendations = []
        for hit in search.extra(size=limit).execute().hits:
            person = hit.to_dict()
            body = f" {person.get('body_terms', '')} "
            matched, reasons, _score = explain(skills, person.get("skills", []), body, person.get("projects", []))
            recommendations.append(
                Recommendation(
                    key=hit.meta.id,
                    title=person["title"],
                    url=person["url"],
                    summary=person.get("summary", ""),
                    matched=matched,
                    score=round(hit.meta.score, 4),
                    reasons=reasons,
                )
            )
        return recommendations


def _es_clause(clause):
    """A clause on Elasticsearch: whole words (the typed word or a synonym, best of them) lift the
    result into the whole-word tier; the character bigrams of the typed text match as a fallback."""
    alternatives = [
        EQ(
            "multi_match",
            query=" ".join(terms),
            fields=TEXT_FIELDS,
            type="cross_fields",
            operator="and",
            boost=1 if number == 0 else SYNONYM_FACTOR,
        )
        for number, terms in enumerate(clause.alternatives)
    ]
    if clause.may_be_pinyin:
        alternatives.append(EQ("prefix", pinyin={"value": clause.text, "boost": 2}))
    whole_words = EQ("dis_max", queries=alternatives, tie_breaker=0.1)
    if len(clause.text) == 1 and CJK.match(clause.text):
        # One character: any bigram that starts or ends with it.
        fallback = EQ(
            "bool",
            should=[EQ("prefix", grams=clause.text), EQ("wildcard", grams=f"?{clause.text}")],
            boost=0.1,
        )
    else:
        fallback = EQ("match_phrase", grams={"query": " ".join(bigrams(clause.text)), "boost": 0.3})
    return EQ(
        "bool",
        should=[EQ("constant_score", filter=whole_words, boost=WHOLE_WORD_TIER), whole_words, fallback],
        minimum_should_match=1,
    )
