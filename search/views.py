from dataclasses import replace

from django.shortcuts import render
from django.utils.translation import gettext as _

from core.after_response import after_response
from core.spreadsheets import csv_response, xlsx_response
from search import querylog, service
from search.facets import FACETS
from search.models import DocumentType
from search.params import MAX_PAGE_SIZE, SearchParams

EXPORT_LIMIT = 1000  # results in one export: the best matches, as ranked


def search_page(request):
    params = SearchParams.from_querydict(request.GET, strict=False)
    if request.GET.get("export") in ("xlsx", "csv"):
        return export_results(request, params, request.GET["export"])
    results = service.search(params)
    after_response(request, querylog.record, params, results)  # counted once the answer is sent
    tabs = [("", _("全部"), sum(results.type_counts.values()))] + [
        (value, label, results.type_counts.get(value, 0)) for value, label in DocumentType.choices
    ]
    facets = [
        (facet.name, facet.label, results.facets[facet.name])
        for facet in FACETS
        if results.facets.get(facet.name) and (not params.doc_type or params.doc_type in facet.types)
    ]
    context = {
        "params": params,
        "results": results,
        "promotions": querylog.promotions(params.q) if params.page == 1 else [],
        "tabs": tabs,
        "facets": facets,
        "sorts": [
            ("relevance", _("相关度")),
            ("newest", _("最新")),
            ("benefit", _("经济效益")),
            ("adoptions", _("推广应用")),
        ],
        "meta_title": _("搜索"),
        "meta_description": _("跨企业搜索五小成果、创新工作室和工匠人才"),
    }
    return render(request, "pages/search.html", context)


def export_results(request, params, kind):
    """The results of this search (its tab, facets and order) as XLSX or CSV, best first."""
    labels = dict(DocumentType.choices)

    def rows():
        page_size = MAX_PAGE_SIZE
        for page in range(1, EXPORT_LIMIT // page_size + 1):
            results = service.search(replace(params, page=page, page_size=page_size))
            for hit in results.hits:
                yield [labels.get(hit.type, hit.type), hit.title, hit.summary, request.build_absolute_uri(hit.url)]
            if page * page_size >= results.count:
                return

    headers = [_("类型"), _("标题"), _("摘要"), _("网址")]
    name = f"{_('搜索')}-{params.q[:20] or _('全部')}"
    if kind == "csv":
        return csv_response(name, headers, rows())
    return xlsx_response(name, headers, rows(), sheet_title=_("搜索结果"))
