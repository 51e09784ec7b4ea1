"""The public JSON API: GET /api/search/ and GET /api/search/suggest/ (OpenAPI at /api/docs)."""

from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import create_model

from django.http import JsonResponse

from search import service
from search.facets import FACETS
from search.params import InvalidParams, SearchParams

api = NinjaAPI(
    title="创新工作室联盟 · 搜索 API",
    version="1.0",
    description="跨企业搜索五小成果、创新工作室和工匠人才。查询是纯文本，不支持查询语法；超过 200 字的部分会被截断。",
    urls_namespace="api",
)


def _search_query_schema():
    """The query parameters, with one per registered facet (search.facets)."""
    fields = {
        "q": (str, ""),
        "type": (str | None, Field(None, description="project | studio | person | challenge；不填为全部类型")),
    }
    for facet in FACETS:
        fields[facet.name] = (str | None, Field(None, description=str(facet.label)))
    fields["sort"] = (str | None, Field(None, description="relevance | newest | benefit"))
    # Strings so that malformed values get our 400 with a message rather than a validation 422.
    fields["page"] = (str | None, None)
    fields["page_size"] = (str | None, None)
    return create_model("SearchQuery", __base__=Schema, **fields)


SearchQuery = _search_query_schema()


class ResultOut(Schema):
    type: str
    key: str
    title: str
    url: str
    summary: str
    highlight: dict[str, str]
    score: float


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ResultOut]
    facets: dict[str, list[FacetValueOut]]
    engine: str
    notice: str


class SuggestionOut(Schema):
    text: str
    type: str
    url: str


class SuggestOut(Schema):
    suggestions: list[SuggestionOut]


class ErrorOut(Schema):
    detail: str


@api.exception_handler(InvalidParams)
def invalid_params(request, error):
    return JsonResponse({"detail": str(error)}, status=400)


@api.get("/search/", response={200: SearchOut, 400: ErrorOut}, summary="搜索成果、工作室和人才")
def search(request, query: Query[SearchQuery]):
    # Read from the request itself: every registered facet, including any registered after start-up.
    params = SearchParams.from_querydict(request.GET, strict=True)
    results = service.search(params)
    return {
        "count": results.count,
        "page": params.page,
        "page_size": params.page_size,
        "results": results.hits,
        "facets": results.facets,
        "engine": results.engine,
        "notice": results.notice,
    }


@api.get("/search/suggest/", response={200: SuggestOut, 400: ErrorOut}, summary="输入提示")
def suggest(request, q: str = ""):
    if len(q) > 50:
        raise HttpError(400, "q 不能超过 50 个字")
    return {"suggestions": service.suggest(q)}
