import datetime as dt
from collections import Counter
from itertools import groupby
from operator import attrgetter

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from core.models import BasePage, DirectoryPage
from core.visibility import is_public, shown
from studios.choices import ActivityKind, TaskStatus
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
            AlliancePage.objects.live()
            .public()
            .child_of(self)
            .annotate(member_count=models.Count("members"))
            .order_by("title")
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
        InlinePanel("terms", label=_("盟主任期"), heading=_("轮值盟主")),
        InlinePanel("key_tasks", label=_("重点任务"), heading=_("年度重点任务")),
        InlinePanel("activities", label=_("联合活动"), heading=_("联合活动")),
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
            .public()
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
            if is_public(link.project)
        ]
        # The alliance's history names only the studios the public may see (filtered here, not in the
        # queries: a preview's rows are in memory).
        terms = self.terms.select_related("studio").order_by("-start_year", "-pk")
        context["terms"] = [term for term in terms if is_public(term.studio)]
        context["current_term"] = next((term for term in context["terms"] if term.is_current), None)
        tasks = list(self.key_tasks.select_related("studio").order_by("-year", "sort_order"))
        for task in tasks:
            task.shown_studio = shown(task.studio)
        activities = list(self.activities.select_related("host").prefetch_related("studios").order_by("-held_on"))
        for activity in activities:
            activity.shown_host = shown(activity.host)
            activity.shown_studios = [studio for studio in activity.studios.all() if is_public(studio)]
        context["tasks_by_year"] = [(year, list(group)) for year, group in groupby(tasks, key=attrgetter("year"))]
        context["activities"] = activities
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


class AllianceTerm(Orderable):
    """轮值盟主: the studio leading the alliance for a term; the terms before it are its history."""

    alliance = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="terms")
    studio = models.ForeignKey(
        "studios.StudioPage", verbose_name=_("盟主工作室"), on_delete=models.CASCADE, related_name="alliance_terms"
    )
    start_year = models.PositiveSmallIntegerField(_("起始年份"), validators=[MinValueValidator(1950)])
    end_year = models.PositiveSmallIntegerField(_("结束年份"), null=True, blank=True, help_text=_("留空表示现任"))

    panels = [FieldRowPanel([FieldPanel("studio"), FieldPanel("start_year"), FieldPanel("end_year")])]

    class Meta(Orderable.Meta):
        verbose_name = _("盟主任期")
        verbose_name_plural = _("盟主任期")

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("结束年份不能早于起始年份。")})
        if self.start_year and self.start_year > timezone.localdate().year + 1:
            raise ValidationError({"start_year": _("起始年份最多为明年。")})

    @property
    def is_current(self):
        year = timezone.localdate().year
        return self.start_year <= year and (self.end_year is None or self.end_year >= year)


class AllianceTask(Orderable):
    """年度重点任务: what the alliance sets out to do in a year, who leads it and how far it has come."""

    alliance = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="key_tasks")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(1950)])
    title = models.CharField(_("任务"), max_length=200)
    studio = models.ForeignKey(
        "studios.StudioPage",
        verbose_name=_("牵头工作室"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alliance_tasks",
    )
    status = models.CharField(_("进展"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PLANNED)
    result = models.CharField(_("进展说明"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("studio"), FieldPanel("status")]),
        FieldPanel("result"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")


class AllianceActivity(ClusterableModel, Orderable):
    """联合活动: a seminar, site visit or training the alliance held, hosted by one studio, with the studios
    that took part."""

    alliance = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.SEMINAR)
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    host = models.ForeignKey(
        "studios.StudioPage",
        verbose_name=_("承办工作室"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_activities",
    )
    studios = ParentalManyToManyField("studios.StudioPage", verbose_name=_("参与工作室"), blank=True, related_name="+")
    summary = models.CharField(_("简要情况"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title"), FieldPanel("held_on")]),
        FieldPanel("host"),
        FieldPanel("studios", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("联合活动")
        verbose_name_plural = _("联合活动")

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate() + dt.timedelta(days=366):
            raise ValidationError({"held_on": _("日期最多为一年以后。")})
