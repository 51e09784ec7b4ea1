from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage, CoverImageMixin, DirectoryPage, GalleryImage, external_code, unique_code
from core.pagination import paginate
from core.visibility import PublicPageManager
from studios.choices import HonorKind, MemberRole, SkillLevel, StudioLevel, StudioType
from studios.directory import Honor, Person, Region
from studios.filters import PersonFilter, StudioFilter
from textsearch.fields import chinese


class StudioIndexPage(DirectoryPage):
    """The studio directory (工作室名录) with combinable filters."""

    subpage_types = ["studios.StudioPage"]
    template = "pages/studio_index_page.html"
    filterset_class = StudioFilter

    export_columns = [
        (_("工作室编号"), lambda studio: studio.code),
        (_("工作室名称"), lambda studio: studio.title),
        (_("工作室类型"), lambda studio: studio.get_studio_type_display()),
        (_("级别"), lambda studio: studio.get_level_display()),
        (_("命名年份"), lambda studio: studio.year_recognised),
        (_("所属企业"), lambda studio: studio.enterprise.name),
        (_("所在地区"), lambda studio: studio.region.display_name if studio.region_id else ""),
        (_("所属行业"), lambda studio: studio.industry.name if studio.industry_id else ""),
        (_("领办人"), lambda studio: studio.lead.name),
        (_("简介"), lambda studio: studio.summary),
    ]

    class Meta:
        verbose_name = _("工作室名录")

    def get_listing(self):
        return StudioPage.objects.for_cards().child_of(self).order_by("level_rank", "title")


class StudioSpecialty(TaggedItemBase):
    content_object = ParentalKey("studios.StudioPage", on_delete=models.CASCADE, related_name="tagged_specialties")


LEVEL_RANK = {level: rank for rank, level in enumerate(StudioLevel.values)}


def studio_region(through=""):
    """A studio's region with its province (`through` a relation to the studio: "studio__"), read in a query of
    its own. Joined with the rest of a studio, PostgreSQL spent longer planning the query of eight tables than
    reading it: ≈ 15 ms for a directory's listing, 2–5 ms for a studio or project page (1 ms or less to read)."""
    return models.Prefetch(f"{through}region", Region.objects.select_related("parent"))


def with_what_a_studio_shows(studios):
    """Studios with what their card and their page show of them: enterprise, lead, cover, region, industry."""
    return studios.select_related("enterprise", "lead", "cover_image").prefetch_related(
        studio_region(), "industry", "cover_image__renditions"
    )


class StudioPageManager(PublicPageManager):
    def for_cards(self):
        """The studios the public may see, with what a card shows (components/studio_card.html)."""
        return with_what_a_studio_shows(self.live().public())


class StudioPage(CoverImageMixin, BasePage):
    objects = StudioPageManager()

    studio_type = models.CharField(_("工作室类型"), max_length=20, choices=StudioType.choices)
    level = models.CharField(_("级别"), max_length=20, choices=StudioLevel.choices)
    # Sort key derived from `level` so that 国家级 lists before 企业级 in the directory.
    level_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    year_recognised = models.PositiveSmallIntegerField(
        _("命名年份"), validators=[MinValueValidator(1950, _("年份不能早于 1950 年"))]
    )
    enterprise = models.ForeignKey(
        "studios.Enterprise", verbose_name=_("所属企业"), on_delete=models.PROTECT, related_name="studios"
    )
    region = models.ForeignKey(
        "studios.Region",
        verbose_name=_("所在地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="studios",
        help_text=_("留空则与所属企业相同"),
    )
    industry = models.ForeignKey(
        "studios.Industry",
        verbose_name=_("所属行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="studios",
        help_text=_("留空则与所属企业相同"),
    )
    lead = models.ForeignKey(
        "studios.Person", verbose_name=_("领办人"), on_delete=models.PROTECT, related_name="led_studios"
    )
    # Set up by review.roles.grant_studio_access: where the studio's uploads go, and who may edit it.
    collection = models.ForeignKey(
        "wagtailcore.Collection", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    editors = models.OneToOneField(
        "auth.Group", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="studio"
    )
    summary = models.TextField(_("简介"), max_length=300, help_text=_("一两句话，显示在名录和搜索结果中"))
    intro = StreamField(BaseStreamBlock(), verbose_name=_("详细介绍"), blank=True)
    specialties = ClusterTaggableManager(verbose_name=_("专业方向"), through=StudioSpecialty, blank=True)
    honors = ParentalManyToManyField(
        Honor,
        verbose_name=_("集体荣誉"),
        blank=True,
        related_name="studios",
        limit_choices_to={"kind": HonorKind.HONOR},
    )
    contact_note = models.CharField(
        _("联系方式说明"), max_length=200, blank=True, help_text=_("公开的联系途径，例如工会办公室电话")
    )
    code = external_code(_("工作室编号"))

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("studio_type"), FieldPanel("level"), FieldPanel("year_recognised")]),
                FieldRowPanel([FieldPanel("enterprise"), FieldPanel("region"), FieldPanel("industry")]),
                FieldRowPanel([FieldPanel("lead"), FieldPanel("code")]),
            ],
            heading=_("基本信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("specialties"),
        FieldPanel("intro"),
        InlinePanel("memberships", label=_("成员"), heading=_("成员")),
        InlinePanel("mentorships", label=_("师徒结对"), heading=_("师徒结对（传帮带）")),
        FieldPanel("honors"),
        InlinePanel("gallery_images", label=_("图片"), heading=_("图集")),
        FieldPanel("contact_note"),
    ]
    search_fields = chinese(
        [
            *BasePage.search_fields,
            index.SearchField("summary", boost=2),
            index.SearchField("intro"),
            index.RelatedFields("enterprise", [index.SearchField("name"), index.SearchField("short_name")]),
            index.RelatedFields("lead", [index.SearchField("name")]),
            index.RelatedFields("specialties", [index.SearchField("name")]),
            index.FilterField("studio_type"),
            index.FilterField("level"),
            index.FilterField("region"),
            index.FilterField("industry"),
            index.FilterField("enterprise"),
        ]
    )

    parent_page_types = ["studios.StudioIndexPage"]
    subpage_types = ["projects.ProjectPage"]
    template = "pages/studio_page.html"
    projects_per_page = 12  # the latest first; a studio's page must not grow with its record

    class Meta:
        verbose_name = _("创新工作室")
        verbose_name_plural = _("创新工作室")
        constraints = [unique_code("studios_studiopage")]

    def clean(self):
        super().clean()
        self.check_content()
        self.apply_enterprise_defaults()

    def check_content(self):
        """The rules between fields, for the admin's form and for spreadsheet imports alike."""
        if self.year_recognised and self.year_recognised > timezone.localdate().year:
            raise ValidationError({"year_recognised": _("命名年份不能晚于今年")})

    def save(self, *args, **kwargs):
        self.level_rank = LEVEL_RANK.get(self.level, len(LEVEL_RANK))
        self.apply_enterprise_defaults()
        super().save(*args, **kwargs)

    def apply_enterprise_defaults(self):
        """A studio left without a region or industry is where its enterprise is, in its industry."""
        if self.enterprise_id and not (self.region_id and self.industry_id):
            self.region_id = self.region_id or self.enterprise.region_id
            self.industry_id = self.industry_id or self.enterprise.industry_id

    def get_summary_text(self):
        return self.summary

    # What a complete profile has, in the order the edit form asks for it: (label, present?).
    def profile_checklist(self):
        return [
            (_("简介"), bool(self.summary.strip())),
            (_("封面图"), bool(self.cover_image_id)),
            (_("专业方向"), self.specialties.exists()),
            (_("详细介绍"), bool(self.intro)),
            (_("成员"), self.memberships.exists()),
            (_("图集"), self.gallery_images.exists()),
            (_("联系方式说明"), bool(self.contact_note.strip())),
        ]

    @classmethod
    def serving_queryset(cls):
        return with_what_a_studio_shows(super().serving_queryset())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = (
            self.projects.live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
            .order_by("-start_date", "-pk")
        )
        context["projects"] = paginate(request, projects, self.projects_per_page)
        context["members"] = self.memberships.select_related("person__enterprise", "person__photo")
        context["mentorships"] = self.mentorships.select_related("mentor", "apprentice")
        context["gallery"] = self.gallery_images.select_related("image").prefetch_related("image__renditions")
        return context


class StudioMembership(Orderable):
    studio = ParentalKey(StudioPage, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "studios.Person", verbose_name=_("人员"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("成员")
        constraints = [models.UniqueConstraint(fields=["studio", "person"], name="unique_studio_member")]


class StudioMentorship(Orderable):
    """师徒结对: a mentor of the studio and their apprentice, what is passed on and how far the apprentice
    has come (传帮带). Recorded by the studio on its own page, so its lead edits only their own pairs."""

    studio = ParentalKey(StudioPage, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(
        "studios.Person", verbose_name=_("师傅"), on_delete=models.CASCADE, related_name="mentoring"
    )
    apprentice = models.ForeignKey(
        "studios.Person", verbose_name=_("徒弟"), on_delete=models.CASCADE, related_name="mentored_by"
    )
    started_on = models.DateField(_("结对日期"))
    skills = models.CharField(_("传授技能"), max_length=200)
    goal = models.CharField(_("培养目标"), max_length=200, blank=True, help_text=_("例如：两年内取得技师资格"))
    level_at_start = models.PositiveSmallIntegerField(
        _("结对时技能等级"), choices=SkillLevel.choices, null=True, blank=True
    )
    level_now = models.PositiveSmallIntegerField(_("目前技能等级"), choices=SkillLevel.choices, null=True, blank=True)
    milestones = models.TextField(
        _("成长记录"), blank=True, help_text=_("每行一条，例如：2025-06 取得高级工证书；2026-03 获公司技能竞赛一等奖")
    )
    completed_on = models.DateField(_("出师日期"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("mentor"), FieldPanel("apprentice"), FieldPanel("started_on")]),
        FieldRowPanel([FieldPanel("skills"), FieldPanel("goal")]),
        FieldRowPanel([FieldPanel("level_at_start"), FieldPanel("level_now"), FieldPanel("completed_on")]),
        FieldPanel("milestones"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("师徒结对")
        verbose_name_plural = _("师徒结对")
        constraints = [
            models.UniqueConstraint(fields=["studio", "mentor", "apprentice"], name="unique_studio_mentorship")
        ]

    def __str__(self):
        return f"{self.mentor} → {self.apprentice}"

    def clean(self):
        errors = {}
        if self.mentor_id and self.mentor_id == self.apprentice_id:
            errors["apprentice"] = _("师傅和徒弟不能是同一个人。")
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = _("结对日期不能晚于今天。")
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = _("出师日期不能早于结对日期。")
        if self.level_at_start and self.level_now and self.level_now < self.level_at_start:
            errors["level_now"] = _("目前技能等级不能低于结对时的等级。")
        if errors:
            raise ValidationError(errors)

    @property
    def levels_gained(self):
        if self.level_at_start and self.level_now:
            return self.level_now - self.level_at_start
        return 0

    @property
    def milestone_lines(self):
        return [line.strip() for line in self.milestones.splitlines() if line.strip()]


class StudioGalleryImage(GalleryImage):
    page = ParentalKey(StudioPage, on_delete=models.CASCADE, related_name="gallery_images")


class PeopleIndexPage(DirectoryPage):
    """The people directory (工匠人才库). Profiles are served at /people/<slug>/ by studios.views."""

    template = "pages/people_index_page.html"
    per_page = 24
    filterset_class = PersonFilter

    # Public fields only: phone and e-mail leave only when the person chose to show them.
    export_columns = [
        (_("姓名"), lambda person: person.name),
        (_("所在企业"), lambda person: person.enterprise.name),
        (_("岗位"), lambda person: person.position),
        (_("技术职称"), lambda person: "、".join(title.name for title in person.titles.all())),
        (_("愿意合作"), lambda person: person.open_to_collaboration),
        (_("电话"), lambda person: person.public_phone),
        (_("邮箱"), lambda person: person.public_email),
    ]

    class Meta:
        verbose_name = _("工匠人才库")

    def get_listing(self):
        return Person.objects.select_related("enterprise__region", "photo").prefetch_related(
            "titles", "photo__renditions"
        )
