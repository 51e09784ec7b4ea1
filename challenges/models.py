"""攻关榜: hard problems (难点、堵点、关键核心技术) posted for an enterprise or an alliance, and the
studios that take them on (揭榜)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from challenges.choices import ChallengeKind, ChallengeStatus
from challenges.filters import ChallengeFilter
from core.admin_forms import ConflictCheckedModelForm
from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage, DirectoryPage
from core.visibility import public_q, shown
from textsearch.fields import chinese


class ChallengeIndexPage(DirectoryPage):
    """攻关榜: the challenges, newest first, by status."""

    subpage_types = ["challenges.ChallengePage"]
    template = "pages/challenge_index_page.html"
    filterset_class = ChallengeFilter

    export_columns = [
        (_("难题"), lambda challenge: challenge.title),
        (_("类别"), lambda challenge: challenge.get_kind_display()),
        (_("状态"), lambda challenge: challenge.get_status_display()),
        (_("发榜单位"), lambda challenge: challenge.enterprise.name if challenge.enterprise_id else ""),
        (_("发榜联盟"), lambda challenge: challenge.public_alliance.title if challenge.public_alliance else ""),
        (_("揭榜截止日期"), lambda challenge: challenge.deadline),
        (_("奖励"), lambda challenge: challenge.reward),
        (_("揭榜数"), lambda challenge: challenge.response_count),
        (_("简述"), lambda challenge: challenge.summary),
    ]

    class Meta:
        verbose_name = _("攻关榜")

    def get_listing(self):
        return (
            ChallengePage.objects.live()
            .public()
            .child_of(self)
            .select_related("enterprise", "alliance")
            .annotate(response_count=models.Count("responses"))
            .order_by("-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = context["filter"].form
        context["statuses"] = ChallengeStatus.choices
        context["status"] = form.cleaned_data.get("status", "") if form.is_valid() else ""
        return context


class ChallengeSkill(TaggedItemBase):
    content_object = ParentalKey("challenges.ChallengePage", on_delete=models.CASCADE, related_name="tagged_skills")


class ChallengePage(BasePage):
    kind = models.CharField(_("类别"), max_length=20, choices=ChallengeKind.choices, default=ChallengeKind.DIFFICULTY)
    status = models.CharField(_("状态"), max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN)
    summary = models.TextField(_("简述"), max_length=300, help_text=_("一两句话，显示在榜单和搜索结果中"))
    problem = RichTextField(_("难题详情"), features=RICH_TEXT_FEATURES)
    required_skills = ClusterTaggableManager(verbose_name=_("所需技能"), through=ChallengeSkill, blank=True)
    deadline = models.DateField(_("揭榜截止日期"), null=True, blank=True)
    reward = models.CharField(_("奖励"), max_length=200, blank=True, help_text=_("例如：攻关经费 20 万元"))
    enterprise = models.ForeignKey(
        "studios.Enterprise",
        verbose_name=_("发榜企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    alliance = models.ForeignKey(
        "studios.AlliancePage",
        verbose_name=_("发榜联盟"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("required_skills"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("enterprise"), FieldPanel("alliance")]),
                FieldPanel("deadline"),
                FieldPanel("reward"),
            ],
            heading=_("发榜方与条件"),
        ),
    ]
    search_fields = chinese(
        [
            *BasePage.search_fields,
            index.SearchField("summary", boost=2),
            index.SearchField("problem"),
            index.RelatedFields("required_skills", [index.SearchField("name")]),
            index.FilterField("status"),
        ]
    )
    parent_page_types = ["challenges.ChallengeIndexPage"]
    subpage_types = []
    template = "pages/challenge_page.html"

    class Meta:
        verbose_name = _("攻关难题")
        verbose_name_plural = _("攻关难题")

    def clean(self):
        super().clean()
        if not self.enterprise_id and not self.alliance_id:
            raise ValidationError({"enterprise": _("请选择发榜企业或发榜联盟（至少一个）。")})

    @property
    def public_alliance(self):
        """The alliance that posted it, unless the public may not see that alliance's page."""
        return shown(self.alliance)

    @property
    def publisher(self):
        return self.public_alliance or self.enterprise

    def get_summary_text(self):
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["responses"] = responses = list(
            self.responses.filter(public_q("studio__"))
            .select_related("studio__enterprise", "project")
            .order_by("created_at")
        )
        for response in responses:  # a studio's answer may name a project the public may not see
            response.shown_project = shown(response.project)
        return context


class ChallengeResponse(models.Model):
    """揭榜: a studio takes on a challenge, optionally pointing at the project that answers it."""

    base_form_class = ConflictCheckedModelForm  # refuses saving over a newer change (core.admin_forms)

    challenge = models.ForeignKey(
        ChallengePage, verbose_name=_("攻关难题"), on_delete=models.CASCADE, related_name="responses"
    )
    studio = models.ForeignKey(
        "studios.StudioPage", verbose_name=_("揭榜工作室"), on_delete=models.CASCADE, related_name="challenge_responses"
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name=_("相关成果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("可选：本工作室已有的相关五小成果"),
    )
    plan = models.TextField(_("攻关思路"), max_length=1000)
    created_at = models.DateTimeField(_("揭榜时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("揭榜")
        verbose_name_plural = _("揭榜")
        constraints = [models.UniqueConstraint(fields=["challenge", "studio"], name="one_response_per_studio")]

    def __str__(self):
        return f"{self.studio} → {self.challenge}"

    def clean(self):
        if self.project_id and self.studio_id and self.project.studio_id != self.studio_id:
            raise ValidationError({"project": _("只能关联本工作室的成果。")})
