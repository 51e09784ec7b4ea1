from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from core.admin_forms import ConflictCheckedModelForm
from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage, CoverImageMixin, DirectoryPage, GalleryImage, external_code, unique_code
from core.visibility import PublicPageManager, is_public_collection, public_q
from projects.choices import AdoptionStatus, Category, PatentKind, Status
from projects.filters import ProjectFilter
from studios.models import StudioPage, studio_region
from textsearch.fields import chinese


class ProjectIndexPage(DirectoryPage):
    """The project library (成果库): every live project of every studio, filtered and sorted."""

    template = "pages/project_index_page.html"
    filterset_class = ProjectFilter

    export_columns = [
        (_("成果编号"), lambda project: project.code),
        (_("成果名称"), lambda project: project.title),
        (_("所属工作室"), lambda project: project.studio.title if project.studio_id else ""),
        (_("所属企业"), lambda project: project.studio.enterprise.name if project.studio_id else ""),
        (_("五小类别"), lambda project: project.get_category_display()),
        (_("状态"), lambda project: project.get_status_display()),
        (_("开始日期"), lambda project: project.start_date),
        (_("完成日期"), lambda project: project.end_date),
        (_("经济效益（万元/年）"), lambda project: project.economic_benefit),
        (_("寻求合作"), lambda project: project.seeking_collaborators),
        (_("摘要"), lambda project: project.summary),
    ]

    class Meta:
        verbose_name = _("成果库")

    def get_listing(self):
        return ProjectPage.objects.for_listing()


class ProjectSkill(TaggedItemBase):
    content_object = ParentalKey("projects.ProjectPage", on_delete=models.CASCADE, related_name="tagged_skills")


class ProjectPageManager(PublicPageManager):
    def for_listing(self):
        """The projects the public may see, with what a card shows, newest first."""
        # A card names its studio and the studio's enterprise: the studios' titles are read in one query
        # (joining whole studio pages costs more than the projects themselves: ≈ 2.5 ms for twelve cards).
        studios = StudioPage.objects.only("title", "enterprise").select_related("enterprise")
        return (
            self.live()
            .public()
            .select_related("cover_image")
            # One query for the cards' pictures, however many different images they show.
            .prefetch_related("cover_image__renditions", models.Prefetch("studio", queryset=studios))
            .order_by("-start_date", "-pk")
        )


class ProjectPage(CoverImageMixin, BasePage):
    """A 五小 innovation project of one studio: problem → solution → results."""

    category = models.CharField(_("五小类别"), max_length=20, choices=Category.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("完成日期"), null=True, blank=True)
    summary = models.TextField(_("摘要"), max_length=300, help_text=_("一两句话，显示在成果库和搜索结果中"))
    problem = RichTextField(_("难点与堵点"), features=RICH_TEXT_FEATURES, help_text=_("生产中遇到的问题"))
    solution = RichTextField(_("解决方案"), features=RICH_TEXT_FEATURES)
    results = RichTextField(_("成果与效益"), features=RICH_TEXT_FEATURES, blank=True)
    economic_benefit = models.DecimalField(
        _("经济效益（万元/年）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("经济效益不能为负数"))],
    )
    safety_benefit = models.TextField(_("安全效益"), blank=True)
    seeking_collaborators = models.BooleanField(_("寻求合作"), default=False)
    collaboration_needs = models.TextField(_("合作需求"), blank=True, help_text=_("希望与哪些单位、哪类人才合作"))
    needed_skills = ClusterTaggableManager(verbose_name=_("所需技能"), through=ProjectSkill, blank=True)
    # The studio this project belongs to: always the parent page, kept as a column so that
    # listings can filter by the studio's region, industry and enterprise in one query.
    code = external_code(_("成果编号"))
    studio = models.ForeignKey(
        "studios.StudioPage", null=True, editable=False, on_delete=models.SET_NULL, related_name="projects"
    )

    objects = ProjectPageManager()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("status"), FieldPanel("code")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("基本信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("problem"),
        FieldPanel("solution"),
        MultiFieldPanel(
            [FieldPanel("results"), FieldPanel("economic_benefit"), FieldPanel("safety_benefit")],
            heading=_("成果与效益"),
        ),
        InlinePanel("patents", label=_("专利"), heading=_("专利")),
        InlinePanel("team_members", label=_("团队成员"), heading=_("团队")),
        InlinePanel("gallery_images", label=_("图片"), heading=_("图集")),
        InlinePanel("documents", label=_("附件"), heading=_("附件")),
        MultiFieldPanel(
            [FieldPanel("seeking_collaborators"), FieldPanel("collaboration_needs"), FieldPanel("needed_skills")],
            heading=_("寻求合作"),
        ),
    ]
    search_fields = chinese(
        [
            *BasePage.search_fields,
            index.SearchField("summary", boost=2),
            index.SearchField("problem"),
            index.SearchField("solution"),
            index.SearchField("results"),
            index.SearchField("collaboration_needs"),
            index.RelatedFields("needed_skills", [index.SearchField("name")]),
            index.FilterField("category"),
            index.FilterField("status"),
            index.FilterField("start_date"),
            index.FilterField("seeking_collaborators"),
            index.FilterField("studio"),
        ]
    )

    parent_page_types = ["studios.StudioPage"]
    subpage_types = []
    template = "pages/project_page.html"

    class Meta:
        verbose_name = _("五小成果")
        verbose_name_plural = _("五小成果")
        indexes = [models.Index(fields=["start_date"]), models.Index(fields=["economic_benefit"])]
        constraints = [unique_code("projects_projectpage")]

    def clean(self):
        super().clean()
        self.check_content()

    def check_content(self):
        """The rules between fields, for the admin's form and for spreadsheet imports alike."""
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("完成日期不能早于开始日期")})
        if self.seeking_collaborators and not self.collaboration_needs.strip():
            raise ValidationError({"collaboration_needs": _("寻求合作时请说明合作需求")})

    def save(self, *args, **kwargs):
        self.studio_id = self.studio_id or self.resolve_studio_id()
        super().save(*args, **kwargs)

    def resolve_studio_id(self):
        parent = self.get_parent() if self.path else None
        return parent.pk if parent is not None and parent.specific_class is StudioPage else None

    def get_summary_text(self):
        return self.summary

    @classmethod
    def serving_queryset(cls):
        return (
            super()
            .serving_queryset()
            .select_related("studio__enterprise", "cover_image")
            .prefetch_related(studio_region(through="studio__"), "cover_image__renditions")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["team"] = self.team_members.select_related("person__enterprise", "person__photo")
        context["gallery"] = self.gallery_images.select_related("image").prefetch_related("image__renditions")
        context["attachments"] = [
            item
            for item in self.documents.select_related("document__collection")
            if is_public_collection(item.document.collection)
        ]
        context["adoptions"] = adoptions = list(
            self.adoptions.confirmed().select_related("enterprise").order_by("adopted_on", "pk")
        )
        context["adoption_benefit"] = sum(a.annual_benefit for a in adoptions if a.annual_benefit is not None)
        library = ProjectIndexPage.objects.live().public().first()
        context["library_url"] = library.url if library else ""
        context["og_type"] = "article"
        return context


class ProjectPatent(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="patents")
    title = models.CharField(_("专利名称"), max_length=200)
    number = models.CharField(_("专利号"), max_length=40, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=PatentKind.choices, default=PatentKind.UTILITY)

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("number"), FieldPanel("kind")])]


class ProjectTeamMember(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="team_members")
    person = models.ForeignKey(
        "studios.Person", verbose_name=_("人员"), on_delete=models.CASCADE, related_name="project_roles"
    )
    role = models.CharField(_("分工"), max_length=60, blank=True)

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("role")])]


class ProjectGalleryImage(GalleryImage):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="gallery_images")


class ProjectDocument(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]


class ProjectAdoptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=AdoptionStatus.CONFIRMED)

    def public(self):
        """Confirmed adoptions of the projects the public may see: what the site shows and counts."""
        return self.confirmed().filter(public_q("project__"))


class ProjectAdoption(models.Model):
    """成果推广应用: a project of one enterprise put to use at another. Recorded by an engineer of the
    adopting enterprise (or by the studio from a collaboration request) and counted once the project's
    studio confirms it."""

    base_form_class = ConflictCheckedModelForm  # refuses saving over a newer change (core.admin_forms)

    project = models.ForeignKey(ProjectPage, verbose_name=_("成果"), on_delete=models.CASCADE, related_name="adoptions")
    # The studio that answers for the project (its parent page): whose lead confirms it and sees it in the admin.
    studio = models.ForeignKey(
        "studios.StudioPage", null=True, editable=False, on_delete=models.SET_NULL, related_name="project_adoptions"
    )
    enterprise = models.ForeignKey(
        "studios.Enterprise", verbose_name=_("应用企业"), on_delete=models.PROTECT, related_name="adoptions"
    )
    site = models.CharField(_("应用单位与地点"), max_length=120, help_text=_("例如：某某分公司 三号车间"))
    adopted_on = models.DateField(_("开始应用日期"))
    annual_benefit = models.DecimalField(
        _("应用效益（万元/年）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("应用效益不能为负数"))],
        help_text=_("在本企业产生的经济效益；不清楚可以不填"),
    )
    description = models.TextField(_("应用情况"), max_length=1000, help_text=_("在哪些设备或工序上应用，效果如何"))
    contact_name = models.CharField(_("联系人"), max_length=40)
    contact = models.CharField(_("联系方式"), max_length=120, help_text=_("手机号或电子邮箱"))
    contact_public = models.BooleanField(
        _("公开联系人"), default=False, help_text=_("勾选后，联系人和联系方式显示在成果页上，方便其他企业咨询")
    )
    status = models.CharField(_("状态"), max_length=10, choices=AdoptionStatus.choices, default=AdoptionStatus.PENDING)
    note = models.TextField(_("处理记录"), blank=True, help_text=_("只在后台可见，例如如何核实"))
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)  # for the rate limit, not the IP
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectAdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        verbose_name = _("推广应用")
        verbose_name_plural = _("推广应用")
        constraints = [
            # One standing record per project and enterprise: a second one is refused, a declined one
            # does not stand in the way of a new record.
            models.UniqueConstraint(
                fields=["project", "enterprise"],
                condition=~models.Q(status="declined"),
                name="projects_adoption_one_per_enterprise",
                violation_error_message=_("该企业对这项成果的推广应用已经登记过了"),
            ),
        ]

    def __str__(self):
        return f"{self.project.title} → {self.enterprise.display_name}"

    def save(self, *args, **kwargs):
        self.studio_id = self.project.studio_id if self.project_id else None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        project = self.project if self.project_id else None
        studio = project.studio if project is not None and project.studio_id else None
        if studio is not None and self.enterprise_id and studio.enterprise_id == self.enterprise_id:
            errors["enterprise"] = _("这是该成果所属企业自己的工作室：推广应用请登记其他企业")
        if self.adopted_on and self.adopted_on > timezone.localdate():
            errors["adopted_on"] = _("开始应用日期不能晚于今天")
        if project is not None and self.adopted_on and project.start_date and self.adopted_on < project.start_date:
            errors["adopted_on"] = _("开始应用日期不能早于成果的开始日期（%(date)s）") % {
                "date": project.start_date.isoformat()
            }
        if errors:
            raise ValidationError(errors)
