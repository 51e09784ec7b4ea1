"""Wagtail search fields that index Chinese as words.

Stock full-text search (SQLite FTS5, PostgreSQL tsvector, Elasticsearch's standard analyzer) cannot
find 工作室 inside 王建国劳模创新工作室: it sees one long token or single characters. These fields
hand every backend the text already cut into words by textsearch.analysis, and textsearch.backends cuts the
query the same way. Models declare their search fields as usual and pass them through chinese().
"""

from contextlib import contextmanager
from contextvars import ContextVar

from modelsearch import index

from textsearch.analysis import CJK, index_terms

MAX_PREFIX = 15  # as Wagtail's edge n-grams


def _text(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return str(value)


def token(word):
    """A word as Wagtail's full-text indexes store it: Chinese characters spelled as their code points
    (工作室 → z05de5z04f5cz05ba4, plc编程 → plcz07f16z07a0b). How a full-text parser treats CJK characters
    depends on the backend and, for PostgreSQL, on the database's locale; ASCII letters and digits every
    parser keeps as one word, so the index means the same on SQLite, PostgreSQL and Elasticsearch.
    A prefix of a word is still a prefix of its token, so autocomplete keeps working."""
    return "".join(c if c.isascii() else f"z{ord(c):05x}" for c in word)


def segmented(value, prefixes=False):
    """The words of a value as tokens, space separated; with `prefixes`, also the leading parts of
    longer Chinese words (空压机 → 空压) so that typing the start of a word completes it."""
    terms = list(index_terms(_text(value)))
    if prefixes:
        for term in list(terms):
            # Chinese from two characters (a single one matches too much); Latin letters and digits
            # from one, as an edge n-gram analyzer would (Py → python, 31 → 313).
            first = 2 if CJK.match(term) else 1
            terms.extend(term[:end] for end in range(first, min(len(term), MAX_PREFIX + 1)))
    return " ".join(dict.fromkeys(token(term) for term in terms))


# The database backends read every field of an object three times (for the title, the body and the
# autocomplete columns); while a batch is being indexed each field's words are worked out once.
_indexing_pass = ContextVar("indexing_pass", default=None)


@contextmanager
def one_reading_per_field():
    values = {}
    reset = _indexing_pass.set(values)
    try:
        yield
    finally:
        _indexing_pass.reset(reset)


def _remembered(field, obj, read):
    values = _indexing_pass.get()
    if values is None:
        return read()
    key = (id(field), id(obj))
    if key not in values:
        values[key] = (obj, read())  # the object is kept so that its id is not reused during the pass
    return values[key][1]


class SearchField(index.SearchField):
    def get_value(self, obj):
        return _remembered(self, obj, lambda: segmented(super(SearchField, self).get_value(obj)))


class AutocompleteField(index.AutocompleteField):
    def get_value(self, obj):
        return _remembered(self, obj, lambda: segmented(super(AutocompleteField, self).get_value(obj), prefixes=True))


def chinese(fields):
    """The same search_fields, with their text fields indexing Chinese words."""
    converted = []
    for field in fields:
        if isinstance(field, index.SearchField) and not isinstance(field, SearchField):
            field = SearchField(field.field_name, boost=field.boost, **field.kwargs)
        elif isinstance(field, index.AutocompleteField) and not isinstance(field, AutocompleteField):
            field = AutocompleteField(field.field_name, **field.kwargs)
        elif isinstance(field, index.RelatedFields):
            field = index.RelatedFields(field.field_name, chinese(field.fields))
        converted.append(field)
    return converted


def chinese_everywhere(models):
    """Every indexed model's search_fields through chinese(), for the models that declare them the
    stock way (Wagtail's documents, third-party apps): the query is cut into Chinese words by every
    backend, so the text it is matched against must be too."""
    for model in models:
        if any(_stock(field) for field in model.search_fields):
            model.search_fields = chinese(model.search_fields)


def _stock(field):
    if isinstance(field, index.RelatedFields):
        return any(_stock(inner) for inner in field.fields)
    return type(field) in (index.SearchField, index.AutocompleteField)
