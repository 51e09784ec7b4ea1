"""Wagtail's own search (admin page search, choosers, snippet listings), Chinese-aware.

Configured in WAGTAILSEARCH_BACKENDS. Indexed text arrives already cut into words and spelled as
tokens (textsearch.fields); these backends cut and spell the query the same way before handing it to
django-modelsearch:

- `textsearch.backends.database`: SQLite FTS5 / PostgreSQL full text, as Wagtail's default;
- `textsearch.backends.ChineseElasticsearch8SearchBackend`: Wagtail's Elasticsearch 8 backend with the
  built-in whitespace analyzer only (no edge_ngram, which needs the analysis-common module): prefixes
  for autocomplete are prepared by textsearch.fields too.
"""

from modelsearch.backends.database import SearchBackend as database_backend_for_connection
from modelsearch.backends.elasticsearch8 import Elasticsearch8Mapping, Elasticsearch8SearchBackend
from modelsearch.query import And, Or, PlainText

from textsearch.analysis import analyze
from textsearch.fields import token


class ChineseQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = self.chinese_query(query_compiler_class, query, kwargs.get("operator"))
        elif isinstance(query, PlainText):  # what the admin's page search passes (parse_query_string)
            query = self.chinese_query(query_compiler_class, query.query_string, query.operator)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def chinese_query(self, query_compiler_class, text, operator):
        """The query cut into words; for full searches each word also matches its synonyms.
        Autocomplete takes only plain text in modelsearch, so it gets the typed words."""
        analysed = analyze(text)
        if not analysed:
            return ""
        if query_compiler_class is self.autocomplete_query_compiler_class:
            return " ".join(token(term) for term in analysed.typed_terms)
        clauses = []
        for clause in analysed.clauses:
            alternatives = [
                PlainText(" ".join(token(term) for term in terms), operator="and") for terms in clause.alternatives
            ]
            clauses.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
        operator = (operator or query_compiler_class.DEFAULT_OPERATOR).lower()
        if len(clauses) == 1:
            return clauses[0]
        return And(clauses) if operator == "and" else Or(clauses)


_database_classes = {}


def database(params):
    """Wagtail's database backend for the current connection (SQLite, PostgreSQL …), Chinese-aware."""
    base = type(database_backend_for_connection(params))  # modelsearch picks FTS5, tsvector or a fallback
    if base not in _database_classes:
        _database_classes[base] = type(f"Chinese{base.__name__}", (ChineseQueryMixin, base), {})
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


class ChineseElasticsearch8SearchBackend(ChineseQueryMixin, Elasticsearch8SearchBackend):
    mapping_class = ChineseElasticsearch8Mapping
    settings = {"settings": {}}  # no custom analyzers: any Elasticsearch 8, no plugins or modules
