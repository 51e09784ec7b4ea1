"""Wagtail's own search (admin page search, choosers, snippet listings), Chinese-aware.

Configured in WAGTAILSEARCH_BACKENDS. Indexed text arrives already cut into words and spelled as
tokens (textsearch.fields); these backends cut and spell the query the same way before handing it to
django-modelsearch:

- `textsearch.backends.database`: SQLite FTS5 / PostgreSQL full text, as Wagtail's default;
- `textsearch.backends.ChineseElasticsearch8SearchBackend`: Wagtail's Elasticsearch 8 backend with the
  built-in whitespace analyzer only (no edge_ngram, which needs the analysis-common module): prefixes
  for autocomplete (Chinese from two characters, Latin letters and digits from one) are prepared by
  textsearch.fields too.

Every query class is spelled the index's way however it is nested (PlainText, Phrase, Fuzzy, Boost,
And, Or, Not), and every indexed model's text is prepared, declared through chinese() or not
(search.apps calls textsearch.fields.chinese_everywhere): django-modelsearch's own backend suite passes
against both (tests/test_modelsearch_contract.py).
"""

from modelsearch.backends.database import SearchBackend as database_backend_for_connection
from modelsearch.backends.elasticsearch8 import Elasticsearch8Index, Elasticsearch8Mapping, Elasticsearch8SearchBackend
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from textsearch.analysis import analyze, index_terms, query_terms
from textsearch.fields import one_reading_per_field, token


class ChineseQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        operator = kwargs.get("operator")
        if operator is not None and operator.lower() not in PlainText.OPERATORS:
            raise ValueError("`operator` must be either 'or' or 'and'.")
        if isinstance(query, str):
            query = PlainText(query, operator=operator or query_compiler_class.DEFAULT_OPERATOR)
            query = self.chinese(query_compiler_class, query)
            autocomplete = query_compiler_class is self.autocomplete_query_compiler_class
            if isinstance(query, PlainText) and (autocomplete or not query.query_string):
                query = query.query_string  # autocomplete takes a string; "" finds nothing
        else:
            query = self.chinese(query_compiler_class, query)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def chinese(self, query_compiler_class, query):
        """The query with its text spelled as the index spells it, however deeply it is nested
        (the admin's page search passes PlainText; code may pass Phrase, Boost, And, Or, Not)."""
        if isinstance(query, PlainText):
            return self.chinese_query(query_compiler_class, query.query_string, query.operator, query.boost)
        if isinstance(query, Phrase):
            return Phrase(" ".join(token(term) for term in query_terms(query.query_string)))
        if isinstance(query, Fuzzy):
            return Fuzzy(" ".join(token(term) for term in query_terms(query.query_string)), operator=query.operator)
        if isinstance(query, Boost):
            return Boost(self.chinese(query_compiler_class, query.subquery), query.boost)
        if isinstance(query, Not):
            return Not(self.chinese(query_compiler_class, query.subquery))
        if isinstance(query, And | Or):
            return type(query)([self.chinese(query_compiler_class, subquery) for subquery in query.subqueries])
        return query  # MATCH_ALL, MATCH_NONE

    def chinese_query(self, query_compiler_class, text, operator, boost=1):
        """The query cut into words; for full searches each word also matches its synonyms.
        Autocomplete takes only plain text in modelsearch, so it gets the typed words."""
        analysed = analyze(text)
        if query_compiler_class is self.autocomplete_query_compiler_class:
            return PlainText(" ".join(token(term) for term in analysed.typed_terms), operator=operator, boost=boost)
        if not analysed:
            return PlainText("", operator=operator, boost=boost)
        clauses = []
        for clause in analysed.clauses:
            alternatives = [
                PlainText(" ".join(token(term) for term in terms), operator="and", boost=boost)
                for terms in [*clause.alternatives, *_as_indexed(clause.text)]
            ]
            clauses.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
        if len(clauses) == 1:
            return clauses[0]
        return And(clauses) if operator == "and" else Or(clauses)


def _as_indexed(fragment):
    """A query fragment the index never stores as one word (a run of characters jieba leaves single, such
    as an unknown 月月考) is matched by the terms the index stores for it (月, 考): [those terms] or []."""
    terms = tuple(dict.fromkeys(index_terms(fragment)))
    return [terms] if terms and fragment not in terms else []


class OneReadingIndexMixin:
    def add_items(self, model, objs):
        with one_reading_per_field():
            return super().add_items(model, objs)


_database_classes = {}


def database(params):
    """Wagtail's database backend for the current connection (SQLite, PostgreSQL …), Chinese-aware."""
    base = type(database_backend_for_connection(params))  # modelsearch picks FTS5, tsvector or a fallback
    if base not in _database_classes:
        index_class = type(f"Chinese{base.index_class.__name__}", (OneReadingIndexMixin, base.index_class), {})
        _database_classes[base] = type(
            f"Chinese{base.__name__}", (ChineseQueryMixin, base), {"index_class": index_class}
        )
    return _database_classes[base](params)


class ChineseElasticsearch8Mapping(Elasticsearch8Mapping):
    """Every text field analysed by the built-in whitespace analyzer: the words arrive prepared."""

    edgengram_analyzer_config = {"analyzer": "whitespace", "search_analyzer": "whitespace"}

    def get_mapping(self):
        mapping = super().get_mapping()
        _whitespace_text(mapping)
        return mapping


def _whitespace_text(mapping):
    for field in mapping.get("properties", {}).values():
        if field.get("type") == "text":
            field["analyzer"] = "whitespace"
        _whitespace_text(field)


class ChineseElasticsearch8Index(Elasticsearch8Index):
    def exists(self):
        # modelsearch 1.3 passes the name positionally, which the Elasticsearch 8 client refuses.
        return bool(self.es.indices.exists(index=self.name))


class ChineseElasticsearch8SearchBackend(ChineseQueryMixin, Elasticsearch8SearchBackend):
    mapping_class = ChineseElasticsearch8Mapping
    index_class = ChineseElasticsearch8Index
    settings = {"settings": {}}  # no custom analyzers: any Elasticsearch 8, no plugins or modules
