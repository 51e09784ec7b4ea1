from collections import Counter

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from core.models import BasePage, DirectoryPage
from studios.filters import NoFilter
from studios.models.pages import StudioPage
from textsearch.fields import chinese


class AllianceIndexPage(DirectoryPage):
    """创新联盟: every alliance with its number of member studios."""

    subpage_types = ["studios.AlliancePage"]
    template = "pages/alliance_index_page.html"
    filterset_class = NoFilter

    export_columns = [
        (_("联盟名称"), lambda alliance: alliance.title),
        (_("成立年份"), lambda alliance: alliance.founded_year),
        (_("攻关方向"), lambda alliance: alliance.focus),
        (_("成员工作室数"), lambda alliance: alliance.member_count),
        (_("简介"), lambda alliance: alliance.summary),
    ]

    class Meta:
        verbose_name = _("创新联盟")

    def get_listing(self):
        return (
            AlliancePage.objects.live().child_of(self).annotate(member_count=models.Count("members")).order_by("title")
        )


class AlliancePage(BasePage):
    """A cross-region, cross-industry, cross-enterprise alliance of studios (创新工作室联盟)."""

    summary = models.TextField(_("简介"), max_length=300)
    founded_year = models.PositiveSmallIntegerField(_("成立年份"), null=True, blank=True)
    focus = models.CharField(_("攻关方向"), max_length=200, blank=True)
    charter = RichTextField(_("联盟章程"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("详细介绍"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("founded_year"),
        FieldPanel("focus"),
        InlinePanel("members", label=_("成员工作室"), heading=_("成员工作室")),
        InlinePanel("joint_projects", label=_("联合攻关成果"), heading=_("联合攻关成果")),
        FieldPanel("body"),
        FieldPanel("charter"),
    ]
    search_fields = chinese(
        [*BasePage.search_fields, index.SearchField("summary", boost=2), index.SearchField("focus")]
    )
    parent_page_types = ["studios.AllianceIndexPage"]
    subpage_types = []
    template = "pages/alliance_page.html"

    class Meta:
        verbose_name = _("联盟")
        verbose_name_plural = _("联盟")

    def get_summary_text(self):
        return self.summary

    def member_studios(self):
        return (
            StudioPage.objects.live()
            .filter(alliance_memberships__alliance=self)
            .select_related("enterprise", "region__parent", "industry", "lead")
            .order_by("level_rank", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        studios = list(self.member_studios())
        context["studios"] = studios
        context["by_region"] = Counter(s.region for s in studios).most_common()
        context["by_industry"] = Counter(s.industry for s in studios).most_common()
        context["by_enterprise"] = Counter(s.enterprise for s in studios).most_common()
        context["joint_projects"] = [
            link.project
            for link in self.joint_projects.select_related("project__studio__enterprise")
            if link.project.live
        ]
        return context


class AllianceMember(Orderable):
    alliance = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="members")
    studio = models.ForeignKey(
        "studios.StudioPage", verbose_name=_("工作室"), on_delete=models.CASCADE, related_name="alliance_memberships"
    )
    joined_year = models.PositiveSmallIntegerField(_("加入年份"), null=True, blank=True)

    panels = [FieldPanel("studio"), FieldPanel("joined_year")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["alliance", "studio"], name="unique_alliance_member")]


class AllianceProject(Orderable):
    alliance = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="joint_projects")
    project = models.ForeignKey(
        "projects.ProjectPage", verbose_name=_("成果"), on_delete=models.CASCADE, related_name="alliance_links"
    )

    panels = [FieldPanel("project")]
