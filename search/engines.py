"""The two search engines. Both take SearchParams and return the same result shapes."""

from collections import Counter

from elasticsearch.dsl import Q as EQ
from elasticsearch.dsl import Search

from django.db.models import Case, F, IntegerField, Q, Value, When

from search import elastic
from search.chinese import query_terms
from search.highlight import highlight
from search.labels import facet_labels, sort_facet_values
from search.models import DocumentType, SearchEntry
from search.params import FACETS
from search.results import FacetValue, Hit, Recommendation, SearchResults, Suggestion

SUMMARY_LENGTH = 120
SUGGESTIONS = 10
EXACT_TITLE_BOOST = 10
FACET_SIZE = 50


def _hit(entry, terms, score):
    """entry: anything with the SearchEntry fields (a model or a dict)."""
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
    )


def _facets(params, counters):
    facets = {}
    for name in FACETS:
        counted = [(v, n) for v, n in counters.get(name, {}).items() if v not in ("", None)]
        selected = params.filters.get(name)
        if selected and selected not in {str(v) for v, _ in counted}:
            counted.append((selected, 0))
        labels = facet_labels(name, [v for v, _ in counted])
        facets[name] = [
            FacetValue(value=str(v), label=labels.get(v, str(v)), count=n, selected=str(v) == selected)
            for v, n in sort_facet_values(name, counted)[:FACET_SIZE]
        ]
    return facets


class DatabaseEngine:
    """The embedded default: searches the SearchEntry table on SQLite or PostgreSQL."""

    name = "database"

    def filtered(self, params, terms):
        entries = SearchEntry.objects.all()
        for term in terms:
            needle = f" {term} "
            entries = entries.filter(Q(title_terms__contains=needle) | Q(body_terms__contains=needle))
        for name, value in params.filters.items():
            if name == "region":
                entries = entries.filter(Q(region=value) | Q(province=value))
            elif name == "year":
                entries = entries.filter(year=int(value))
            else:
                entries = entries.filter(**{name: value})
        return entries

    def score(self, entries, terms, q=""):
        if not terms:
            return entries.annotate(score=Value(0, output_field=IntegerField()))
        # A title that is exactly the query (a person's name, a studio's name) comes first.
        parts = [Case(When(title=q.strip(), then=Value(EXACT_TITLE_BOOST)), default=Value(0))]
        for term in terms:
            parts.append(_contains("title_terms", term, 3))
            parts.append(_contains("body_terms", term, 1))
        return entries.annotate(score=_total(parts))

    def search(self, params):
        terms = query_terms(params.q)
        entries = self.score(self.filtered(params, terms), terms, params.q)
        # One pass over the matches: counts for tabs and facets, then the page is sorted in the database.
        rows = entries.values_list("doc_type", "province", *FACETS)
        type_counts, counters = Counter(), {name: Counter() for name in FACETS}
        for doc_type, province, *values in rows:
            type_counts[doc_type] += 1
            if params.doc_type and doc_type != params.doc_type:
                continue
            if province:
                counters["region"][province] += 1  # a province counts everything in its cities
            for name, value in zip(FACETS, values, strict=True):
                if value not in ("", None):
                    counters[name][str(value) if name == "year" else value] += 1
        if params.doc_type:
            entries = entries.filter(doc_type=params.doc_type)
        count = type_counts[params.doc_type] if params.doc_type else sum(type_counts.values())
        ordering = {
            "relevance": [F("score").desc(), F("date").desc(nulls_last=True), "pk"],
            "newest": [F("date").desc(nulls_last=True), F("score").desc(), "pk"],
            "benefit": [F("benefit").desc(nulls_last=True), F("score").desc(), "pk"],
        }[params.sort]
        page = entries.order_by(*ordering)[params.offset : params.offset + params.page_size]
        hits = [_hit(entry, terms, entry.score) for entry in page]
        return SearchResults(params, count, hits, _facets(params, counters), dict(type_counts), self.name, terms)

    def suggest(self, q):
        q = q.strip()
        if not q:
            return []
        entries = (
            SearchEntry.objects.filter(title__contains=q)
            .annotate(prefix=Case(When(title__startswith=q, then=Value(0)), default=Value(1)))
            .order_by("prefix", "doc_type", "title")[:SUGGESTIONS]
        )
        return [Suggestion(text=e.title, type=e.doc_type, url=e.url) for e in entries]

    def similar(self, project_id, limit=4):
        source = SearchEntry.objects.filter(key=f"project:{project_id}").first()
        if source is None:
            return []
        terms = _distinctive_terms(source)
        if not terms:
            return []
        overlap = _total([_contains("body_terms", t, 1) for t in terms])
        entries = (
            SearchEntry.objects.filter(doc_type=DocumentType.PROJECT)
            .exclude(pk=source.pk)
            .annotate(score=overlap)
            .filter(score__gte=2)
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
            match |= Q(skills__contains=skill) | Q(body_terms__contains=f" {skill} ")
        people = []
        for entry in candidates.filter(match)[:200]:
            matched = [s for s in skills if s in entry.skills.split("|") or f" {s} " in entry.body_terms]
            people.append((len(matched), entry, matched))
        people.sort(key=lambda item: (-item[0], item[1].title))
        return [
            Recommendation(key=e.key, title=e.title, url=e.url, summary=e.summary, matched=m, score=float(n))
            for n, e, m in people[:limit]
        ]


def _contains(field, term, weight):
    """weight when the terms field holds the whole term, else 0."""
    return Case(When(**{f"{field}__contains": f" {term} "}, then=Value(weight)), default=Value(0))


def _total(expressions):
    total = expressions[0]
    for expression in expressions[1:]:
        total = total + expression
    return total


def _distinctive_terms(entry, limit=12):
    """The project's own words that say most about it: its title's, then its skills and body's."""
    words = [w for w in entry.title_terms.split() if len(w) > 1]
    words += [s for s in entry.skills.split("|") if s]
    words += [w for w, _ in Counter(w for w in entry.body_terms.split() if len(w) > 1).most_common(limit)]
    return list(dict.fromkeys(words))[:limit]


class ElasticsearchEngine:
    """Searches the project, studio and person indexes of an Elasticsearch 8 cluster."""

    name = "elasticsearch"
    # Elasticsearch pages at most this deep (index.max_result_window).
    MAX_WINDOW = 10_000

    def base_query(self, params, terms):
        search = Search(using=elastic.client(), index=elastic.all_aliases())
        if terms:
            words = EQ(
                "multi_match",
                query=" ".join(terms),
                fields=["title_terms^3", "body_terms"],
                type="cross_fields",
                operator="and",
            )
            exact_title = EQ("term", title={"value": params.q.strip(), "boost": EXACT_TITLE_BOOST})
            search = search.query(EQ("bool", must=[words], should=[exact_title]))
        for name, value in params.filters.items():
            if name == "region":
                search = search.filter(EQ("term", region=value) | EQ("term", province=value))
            elif name == "year":
                search = search.filter("term", year=int(value))
            else:
                search = search.filter("term", **{name: value})
        return search

    def search(self, params):
        terms = query_terms(params.q)
        search = self.base_query(params, terms)
        # Tabs count every type; facets and hits only the chosen type (post_filter).
        search.aggs.bucket("types", "terms", field="doc_type", size=5)
        facet_scope = search.aggs.bucket("scope", "filter", filter=self.type_filter(params))
        for name in (*FACETS, "province"):
            facet_scope.bucket(name, "terms", field=name, size=FACET_SIZE)
        search = search.post_filter(self.type_filter(params))
        sort = {
            "relevance": ["_score", {"date": {"order": "desc", "missing": "_last"}}],
            "newest": [{"date": {"order": "desc", "missing": "_last"}}, "_score"],
            "benefit": [{"benefit": {"order": "desc", "missing": "_last"}}, "_score"],
        }[params.sort]
        size = params.page_size if params.offset + params.page_size <= self.MAX_WINDOW else 0
        search = search.sort(*sort).extra(from_=params.offset if size else 0, size=size, track_total_hits=True)
        search = search.extra(track_scores=True)
        response = search.execute()
        type_counts = {b.key: b.doc_count for b in response.aggregations.types.buckets}
        counters = {
            name: {str(b.key): b.doc_count for b in getattr(response.aggregations.scope, name).buckets}
            for name in (*FACETS, "province")
        }
        counters["region"].update(counters.pop("province"))  # a province counts everything in its cities
        hits = [_hit(hit.to_dict(), terms, hit.meta.score) for hit in response.hits]
        count = response.hits.total.value
        return SearchResults(params, count, hits, _facets(params, counters), type_counts, self.name, terms)

    def type_filter(self, params):
        return EQ("term", doc_type=params.doc_type) if params.doc_type else EQ("match_all")

    def suggest(self, q):
        q = q.strip()
        if not q:
            return []
        search = Search(using=elastic.client(), index=elastic.all_aliases()).source(["title", "url", "doc_type"])
        search = search.suggest(
            "titles", q.lower(), completion={"field": "suggest", "size": SUGGESTIONS, "skip_duplicates": True}
        )
        response = search.extra(size=0).execute()
        options = response.suggest.titles[0].options if response.suggest.titles else []
        return [Suggestion(text=o._source.title, type=o._source.doc_type, url=o._source.url) for o in options]

    def similar(self, project_id, limit=4):
        key = f"project:{project_id}"
        search = Search(using=elastic.client(), index=elastic.alias(DocumentType.PROJECT)).query(
            "more_like_this",
            fields=["title_terms", "body_terms"],
            like=[{"_index": elastic.alias(DocumentType.PROJECT), "_id": key}],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
            minimum_should_match="20%",
        )
        response = search.extra(size=limit).execute()
        return [_hit(hit.to_dict(), (), hit.meta.score) for hit in response.hits]

    def recommend(self, project_id, limit=5):
        source = (
            elastic.client()
            .options(ignore_status=404)
            .get(index=elastic.alias(DocumentType.PROJECT), id=f"project:{project_id}")
        )
        if not source.get("found"):
            return []
        project = source["_source"]
        skills = project.get("skills") or []
        if not skills:
            return []
        search = Search(using=elastic.client(), index=elastic.alias(DocumentType.PERSON))
        should = [EQ("term", skills={"value": s, "boost": 2}) for s in skills]
        should += [EQ("match", body_terms={"query": " ".join(query_terms(s)), "operator": "and"}) for s in skills]
        search = search.query(EQ("bool", should=should, minimum_should_match=1))
        search = search.filter("term", open_to_collaboration=True)
        if project.get("enterprise"):
            search = search.exclude("term", enterprise=project["enterprise"])
        recommendations = []
        for hit in search.extra(size=limit).execute().hits:
            person = hit.to_dict()
            body = f" {person.get('body_terms', '')} "
            matched = [
                s for s in skills if s in person.get("skills", []) or all(f" {t} " in body for t in query_terms(s))
            ]
            recommendations.append(
                Recommendation(
                    key=hit.meta.id,
                    title=person["title"],
                    url=person["url"],
                    summary=person.get("summary", ""),
                    matched=matched,
                    score=round(hit.meta.score, 4),
                )
            )
        return recommendations
