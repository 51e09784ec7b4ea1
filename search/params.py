"""The search vocabulary: what a query may ask for, validated once for the page and the API."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from search.facets import FACETS, MAX_VALUE_LENGTH
from search.models import DocumentType
from textsearch.analysis import MAX_QUERY_LENGTH, printable

SORTS = ("relevance", "newest", "benefit", "adoptions")
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_PAGE = 1000
# What a client is told about a malformed parameter (the API's 400s).
MESSAGES = {
    "page": _("page 必须是 1 到 1000 之间的整数"),
    "page_size": _("page_size 必须是 1 到 50 之间的整数"),
    "type": _("type 只能是 project、studio、person 或 challenge"),
    "sort": _("sort 只能是 relevance、newest、benefit 或 adoptions"),
}


class InvalidParams(ValueError):
    """A request the API answers with 400 (the page quietly corrects it instead)."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    doc_type: str = ""  # "" → every type in one ranking
    filters: dict = field(default_factory=dict)  # facet → value
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @classmethod
    def from_querydict(cls, data, *, strict):
        """Parse GET parameters. Unknown facet values are kept (they match nothing and are harmless);
        unknown types and sorts fall back to the default. Malformed paging raises InvalidParams when
        strict (the API), and falls back to the first page otherwise (the search page)."""
        q = " ".join(printable(data.get("q", "")).split())[:MAX_QUERY_LENGTH]
        doc_type = data.get("type", "")
        if doc_type not in DocumentType.values:
            doc_type = ""
        sort = data.get("sort", "relevance")
        if sort not in SORTS:
            sort = "relevance"
        filters = {}
        for name in FACETS.names():
            value = printable(str(data.get(name, ""))).strip()[:MAX_VALUE_LENGTH]
            if value:
                filters[name] = value
        page = _positive_int(data.get("page"), 1, MAX_PAGE, MESSAGES["page"], strict)
        page_size = _positive_int(
            data.get("page_size"), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MESSAGES["page_size"], strict
        )
        return cls(q=q, doc_type=doc_type, filters=filters, sort=sort, page=page, page_size=page_size)


def _positive_int(raw, default, maximum, message, strict):
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = None
    if value is None or not 1 <= value <= maximum:
        if strict:
            raise InvalidParams(str(message))
        return default
    return value
