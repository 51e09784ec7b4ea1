"""The search part of the public JSON API (alliance.api): GET /api/search/ and GET /api/search/suggest/."""

from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import create_model

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.after_response import after_response
from search import querylog, service
from search.facets import ALL_TYPES, FACETS, MAX_VALUE_LENGTH
from search.params import MAX_PAGE, MAX_PAGE_SIZE, MESSAGES, SORTS, InvalidParams, SearchParams
from textsearch.analysis import MAX_QUERY_LENGTH

router = Router(tags=["搜索"])


SUGGEST_MAX_LENGTH = 50
API_MESSAGES = {**MESSAGES, "q": gettext_lazy("q 不能超过 50 个字")}  # SUGGEST_MAX_LENGTH


def _search_query_schema():
    """The query parameters as they really are (types, choices, ranges), with one per registered facet
    (search.facets). A value outside them is answered 400 with a Chinese message (below)."""
    fields = {
        "q": (str, Field("", description=f"检索词，纯文本；超过 {MAX_QUERY_LENGTH} 字的部分被截断")),
        "type": (Literal[ALL_TYPES] | None, Field(None, description="结果类型；不填为全部类型")),
    }
    for facet in FACETS:
        fields[facet.name] = (
            str | None,
            Field(None, description=f"{facet.label}（超过 {MAX_VALUE_LENGTH} 字的部分被截断）"),
        )
    fields["sort"] = (Literal[SORTS] | None, Field(None, description="排序：相关度、最新、经济效益、推广应用企业数"))
    fields["page"] = (int | None, Field(None, ge=1, le=MAX_PAGE, description="页码"))
    fields["page_size"] = (int | None, Field(None, ge=1, le=MAX_PAGE_SIZE, description="每页条数"))
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
    partial: bool = Field(False, description="只匹配了部分检索词（排在匹配全部检索词的结果之后）")


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


def invalid_params(request, error):
    return JsonResponse({"detail": str(error)}, status=400)


def invalid_types(request, error):
    """A parameter of the wrong type or out of range: 400 saying what it must be, like our own checks."""
    names = sorted({str(e["loc"][-1]) for e in error.errors if e.get("loc")})
    messages = [str(API_MESSAGES.get(name) or _("参数 %(name)s 不合法") % {"name": name}) for name in names]
    return JsonResponse({"detail": "；".join(messages) or _("参数不合法")}, status=400)


@router.get("/search/", response={200: SearchOut, 400: ErrorOut}, summary="搜索成果、工作室和人才")
def search(request, query: Query[SearchQuery]):
    # Read from the request itself: every registered facet, including any registered after start-up.
    params = SearchParams.from_querydict(request.GET, strict=True)
    results = service.search(params)
    after_response(request, querylog.record, params, results)  # counted once the answer is sent
    return {
        "count": results.count,
        "page": params.page,
        "page_size": params.page_size,
        "results": results.hits,
        "facets": results.facets,
        "engine": results.engine,
        "notice": results.notice,
    }


@router.get("/search/suggest/", response={200: SuggestOut, 400: ErrorOut}, summary="输入提示")
def suggest(request, q: str = Query("", max_length=SUGGEST_MAX_LENGTH, description="已输入的文字")):
    return {"suggestions": service.suggest(q)}


EXCEPTION_HANDLERS = {InvalidParams: invalid_params, ValidationError: invalid_types}
