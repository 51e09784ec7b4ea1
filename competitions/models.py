"""技能竞赛: skills competitions (日日学、周周比、月月考、季季赛, and single events such as the 安康杯) and their
results, which rank people and may carry the title or honour a winner gained."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from competitions.choices import CompetitionLevel, Cycle
from competitions.filters import CompetitionFilter
from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage, DirectoryPage, external_code, unique_code
from textsearch.fields import chinese


class CompetitionIndexPage(DirectoryPage):
    """技能竞赛: every competition, the latest first, by level, cycle and trade."""

    subpage_types = ["competitions.CompetitionPage"]
    template = "pages/competition_index_page.html"
    filterset_class = CompetitionFilter

    export_columns = [
        (_("竞赛"), lambda competition: competition.title),
        (_("级别"), lambda competition: competition.get_level_display()),
        (_("周期"), lambda competition: competition.get_cycle_display()),
        (_("工种"), lambda competition: competition.trade),
        (_("主办单位"), lambda competition: competition.organiser),
        (_("开始日期"), lambda competition: competition.start_date),
        (_("结束日期"), lambda competition: competition.end_date),
        (_("获奖人数"), lambda competition: competition.result_count),
    ]

    class Meta:
        verbose_name = _("技能竞赛")

    def get_listing(self):
        return (
            CompetitionPage.objects.live()
            .public()
            .child_of(self)
            .annotate(result_count=models.Count("results"))
            .order_by("-start_date", "-pk")
        )


class CompetitionPage(BasePage):
    level = models.CharField(_("级别"), max_length=20, choices=CompetitionLevel.choices)
    cycle = models.CharField(_("周期"), max_length=20, choices=Cycle.choices, default=Cycle.EVENT)
    trade = models.CharField(_("工种"), max_length=60, help_text=_("例如：维修电工、焊工；综合性竞赛写“多工种”"))
    organiser = models.CharField(_("主办单位"), max_length=120)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    summary = models.TextField(_("简介"), max_length=300, help_text=_("一两句话，显示在竞赛列表中"))
    rules = RichTextField(_("竞赛规则"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level"), FieldPanel("cycle"), FieldPanel("trade")]),
                FieldPanel("organiser"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("基本信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("rules"),
        InlinePanel("results", label=_("获奖人员"), heading=_("竞赛成绩")),
    ]
    search_fields = chinese(
        [
            *BasePage.search_fields,
            index.SearchField("summary", boost=2),
            index.SearchField("trade"),
            index.SearchField("organiser"),
            index.SearchField("rules"),
            index.FilterField("level"),
            index.FilterField("cycle"),
        ]
    )
    parent_page_types = ["competitions.CompetitionIndexPage"]
    subpage_types = []
    template = "pages/competition_page.html"

    class Meta:
        verbose_name = _("技能竞赛")
        verbose_name_plural = _("技能竞赛")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})

    def get_summary_text(self):
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["results"] = self.results.select_related("person__enterprise", "honor").order_by("rank", "sort_order")
        return context


class CompetitionResult(Orderable):
    """A person's place in a competition; a title or honour gained through it links back to it."""

    page = ParentalKey(CompetitionPage, on_delete=models.CASCADE, related_name="results")
    code = external_code(_("成绩编号"))
    person = models.ForeignKey(
        "studios.Person", verbose_name=_("人员"), on_delete=models.CASCADE, related_name="competition_results"
    )
    rank = models.PositiveSmallIntegerField(
        _("名次"), validators=[MinValueValidator(1, _("名次从 1 开始"))], help_text=_("1 为第一名")
    )
    award = models.CharField(_("奖项"), max_length=40, blank=True, help_text=_("例如：一等奖、金奖、技术能手"))
    score = models.DecimalField(_("成绩"), max_digits=6, decimal_places=2, null=True, blank=True)
    honor = models.ForeignKey(
        "studios.Honor",
        verbose_name=_("获得的称号或荣誉"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="competition_results",
        help_text=_("通过本次竞赛获得的职称或荣誉（例如首席技师），人员页上会链接到本竞赛"),
    )

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("rank")]),
        FieldRowPanel([FieldPanel("award"), FieldPanel("score"), FieldPanel("honor"), FieldPanel("code")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("竞赛成绩")
        verbose_name_plural = _("竞赛成绩")
        constraints = [
            models.UniqueConstraint(fields=["page", "person"], name="one_result_per_person"),
            # One row per code across competitions: an import finds the row again by it.
            unique_code("competitions_competitionresult", _("成绩编号已被其他成绩占用")),
        ]

    def __str__(self):
        return f"{self.person} · {self.page} · {self.rank}"
