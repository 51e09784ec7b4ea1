"""The public JSON API: GET /api/search/ and GET /api/search/suggest/ (OpenAPI at /api/docs)."""

from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError

from django.http import JsonResponse

from search import service
from search.params import InvalidParams, SearchParams

api = NinjaAPI(
    title="创新工作室联盟 · 搜索 API",
    version="1.0",
    description="跨企业搜索五小成果、创新工作室和工匠人才。查询是纯文本，不支持查询语法；超过 200 字的部分会被截断。",
    urls_namespace="api",
)


class SearchQuery(Schema):
    q: str = ""
    type: str | None = None  # project | studio | person | challenge; none → all types in one ranking
    region: str | None = None
    industry: str | None = None
    enterprise: str | None = None
    category: str | None = None
    studio_type: str | None = None
    level: str | None = None
    status: str | None = None
    year: str | None = None
    skill: str | None = None
    honor: str | None = None
    open: str | None = None  # "1": only people open to collaboration (projects seeking it)
    sort: str | None = None  # relevance | newest | benefit
    # Strings so that malformed values get our 400 with a message rather than a validation 422.
    page: str | None = None
    page_size: str | None = None


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
    params = SearchParams.from_querydict({k: v for k, v in query.dict().items() if v is not None}, strict=True)
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
