from django.shortcuts import render
from django.utils.translation import gettext as _

from search import querylog, service
from search.facets import FACETS
from search.models import DocumentType
from search.params import SearchParams


def search_page(request):
    params = SearchParams.from_querydict(request.GET, strict=False)
    results = service.search(params)
    querylog.record(params, results)
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
        "sorts": [("relevance", _("相关度")), ("newest", _("最新")), ("benefit", _("经济效益"))],
        "meta_title": _("搜索"),
        "meta_description": _("跨企业搜索五小成果、创新工作室和工匠人才"),
    }
    return render(request, "pages/search.html", context)
