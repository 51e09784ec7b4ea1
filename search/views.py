from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search import service
from search.models import DocumentType
from search.params import FACETS, SearchParams

FACET_LABELS = {
    "region": gettext_lazy("地区"),
    "industry": gettext_lazy("行业"),
    "enterprise": gettext_lazy("企业"),
    "category": gettext_lazy("五小类别"),
    "studio_type": gettext_lazy("工作室类型"),
    "level": gettext_lazy("级别"),
    "status": gettext_lazy("状态"),
    "year": gettext_lazy("年份"),
    "skill": gettext_lazy("技能"),
    "honor": gettext_lazy("荣誉与职称"),
    "open": gettext_lazy("合作意向"),
}


def search_page(request):
    params = SearchParams.from_querydict(request.GET, strict=False)
    results = service.search(params)
    tabs = [("", _("全部"), sum(results.type_counts.values()))] + [
        (value, label, results.type_counts.get(value, 0)) for value, label in DocumentType.choices
    ]
    facets = [(name, FACET_LABELS[name], results.facets[name]) for name in FACETS if results.facets.get(name)]
    context = {
        "params": params,
        "results": results,
        "tabs": tabs,
        "facets": facets,
        "sorts": [("relevance", _("相关度")), ("newest", _("最新")), ("benefit", _("经济效益"))],
        "meta_title": _("搜索"),
        "meta_description": _("跨企业搜索五小成果、创新工作室和工匠人才"),
    }
    return render(request, "pages/search.html", context)
