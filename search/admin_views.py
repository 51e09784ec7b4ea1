"""The reviewers' 搜索词报告 and the prefilled forms it links to."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView

from search import querylog

REPORT_PERMISSION = "alliance_search.view_queryoutcome"


class QueryReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "components/admin/query_report.html"
    page_title = _("搜索词报告")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        report = querylog.report()
        user = self.request.user
        return super().get_context_data(
            days=querylog.REPORT_DAYS,
            sections=[
                ("zero", _("没有结果的检索词"), _("无结果次数"), report["zero"]),
                ("partial", _("只有部分匹配的检索词"), _("仅部分匹配次数"), report["partial"]),
                ("frequent", _("最常检索的词"), _("检索次数"), report["frequent"]),
            ],
            add_synonym_url=reverse("wagtailsnippets_alliance_search_synonymrule:add"),
            add_word_url=reverse("wagtailsnippets_alliance_search_dictionaryword:add"),
            add_promotion_url=reverse("wagtailsearchpromotions:add"),
            can_promote=user.has_perm("wagtailsearchpromotions.add_searchpromotion"),
            **kwargs,
        )


class PrefilledCreateView(CreateView):
    """The snippet's add form, with fields named in the query string filled in (the report's links)."""

    prefilled_fields = ()

    def get_initial(self):
        initial = super().get_initial()
        for name in self.prefilled_fields:
            if value := self.request.GET.get(name, "").strip():
                initial[name] = value[:200]
        return initial
