"""Wagtail's own search (admin page search, choosers, snippet listings), Chinese-aware.

Configured in WAGTAILSEARCH_BACKENDS. Indexed text arrives already cut into words (search.fields);
these backends cut the query the same way before handing it to django-modelsearch:

- `search.backends.database`: SQLite FTS5 / PostgreSQL full text, as Wagtail's default;
- `search.backends.elasticsearch8`: Wagtail's Elasticsearch 8 backend with stock analyzers only
  (whitespace; no edge_ngram, which needs the analysis-common module): prefixes for autocomplete
  are prepared by search.fields too.
"""

from modelsearch.backends.database import SearchBackend as database_backend_for_connection
from modelsearch.backends.elasticsearch8 import Elasticsearch8Mapping, Elasticsearch8SearchBackend

from search.chinese import analyze


class ChineseQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            analysed = analyze(query)
            # "or" (Wagtail's default) can take the synonyms along; "and" must keep to the typed words.
            words = analysed.typed_terms if (kwargs.get("operator") or "or").lower() == "and" else analysed.terms
            query = " ".join(words)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


_database_classes = {}


def database(params):
    """Wagtail's database backend for the current connection (SQLite, PostgreSQL …), Chinese-aware."""
    base = type(database_backend_for_connection(params))  # modelsearch picks FTS5, tsvector or a fallback
    if base not in _database_classes:
        _database_classes[base] = type(f"Chinese{base.__name__}", (ChineseQueryMixin, base), {})
    return _database_classes[base](params)


class ChineseElasticsearch8Mapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": "whitespace"}


class ChineseElasticsearch8SearchBackend(ChineseQueryMixin, Elasticsearch8SearchBackend):
    mapping_class = ChineseElasticsearch8Mapping
    settings = {
        "settings": {
            "analysis": {
                "analyzer": {
                    "default": {"type": "whitespace"},
                    "ngram_analyzer": {"type": "whitespace"},
                    "edgengram_analyzer": {"type": "whitespace"},
                }
            }
        }
    }


elasticsearch8 = ChineseElasticsearch8SearchBackend
