"""The public JSON API under /api/: search (search.api) and the open read API (exchange.api), one OpenAPI
document at /api/openapi.json and its docs at /api/docs, served from our own static files.

Read-only. Every answer carries an ETag and a conditional GET answers 304 (other systems poll it); CORS is
off unless API_CORS_ORIGINS names the origins allowed to read it from a browser (core.middleware)."""

from ninja import NinjaAPI

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from exchange.api import router as open_data
from search.api import EXCEPTION_HANDLERS
from search.api import router as search

api = NinjaAPI(
    title="创新工作室联盟 · 开放 API",
    version="1.1",
    description=(
        "跨企业搜索五小成果、创新工作室和工匠人才，并读取已发布的工作室、成果、人才（公开字段）、联盟、攻关榜和参考数据。"
        "只读；列表支持与网站相同的筛选、排序（ordering）和分页（page、page_size）。"
        "查询是纯文本，不支持查询语法；超过 200 字的部分会被截断。"
    ),
    urls_namespace="api",
)
api.add_router("", search)
api.add_router("", open_data)
for exception, handler in EXCEPTION_HANDLERS.items():
    api.add_exception_handler(exception, handler)


@api.exception_handler(Http404)
def not_found(request, error):
    return JsonResponse({"detail": _("找不到")}, status=404)
