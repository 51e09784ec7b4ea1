"""Reference data and people (regions, industries, enterprises, honors, people): edited as snippets in
the admin, shown on the public site. Models of the studios app, kept apart from its page types so that
the listings' filters can use them before the pages are defined."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from core.admin_forms import ConflictCheckedModelForm
from core.models import external_code, unique_code
from core.text import unique_slug
from studios.choices import HonorKind, Ownership, RegionKind
from textsearch.fields import chinese


class SluggedModel(models.Model):
    """A named row whose slug, if left blank, is made from the name's pinyin."""

    base_form_class = ConflictCheckedModelForm  # refuses saving over a newer change (core.admin_forms)

    slug = models.SlugField(
        _("网址标识"), max_length=80, unique=True, blank=True, help_text=_("留空将按名称拼音自动生成")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self).objects.all(), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Region(index.Indexed, SluggedModel):
    """Province → city. Filtering by a province includes its cities."""

    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=20, choices=RegionKind.choices, default=RegionKind.CITY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": RegionKind.PROVINCE},
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("sort_order"),
    ]
    search_fields = chinese([index.SearchField("name"), index.AutocompleteField("name")])

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("地区")
        verbose_name_plural = _("地区")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region_detail", args=[self.slug])

    @property
    def display_name(self):
        """太原市 (山西省) for a city, 山西省 for a province."""
        return f"{self.parent.name} · {self.name}" if self.parent_id else self.name

    def with_descendant_ids(self):
        return [self.pk, *self.children.values_list("pk", flat=True)]


class Industry(index.Indexed, SluggedModel):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.TextField(_("简介"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = chinese([index.SearchField("name"), index.AutocompleteField("name")])

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("行业")
        verbose_name_plural = _("行业")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("industry_detail", args=[self.slug])


class Enterprise(index.Indexed, SluggedModel):
    name = models.CharField(_("企业全称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="enterprises")
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属行业"), on_delete=models.PROTECT, related_name="enterprises"
    )
    ownership = models.CharField(_("企业性质"), max_length=20, choices=Ownership.choices, default=Ownership.PROVINCIAL)
    description = models.TextField(_("简介"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("region"), FieldPanel("industry"), FieldPanel("ownership")]),
        FieldPanel("description"),
    ]
    search_fields = chinese(
        [
            index.SearchField("name"),
            index.SearchField("short_name"),
            index.AutocompleteField("name"),
            index.FilterField("ownership"),
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("enterprise_detail", args=[self.slug])


class Honor(index.Indexed, SluggedModel):
    """A managed list of honours (全国劳动模范, 三晋工匠 …) and technical titles (首席技师 …)."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=HonorKind.choices, default=HonorKind.HONOR)
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = chinese([index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")])

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = _("荣誉与职称")
        verbose_name_plural = _("荣誉与职称")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("honor_detail", args=[self.slug])


class PersonSkill(TaggedItemBase):
    content_object = ParentalKey("studios.Person", on_delete=models.CASCADE, related_name="tagged_skills")


class Person(index.Indexed, ClusterableModel):
    """A craftsman or model worker (工匠人才). Contact details stay private unless opted in."""

    base_form_class = ConflictCheckedModelForm  # refuses saving over a newer change (core.admin_forms)

    name = models.CharField(_("姓名"), max_length=40)
    slug = models.SlugField(
        _("网址标识"), max_length=80, unique=True, blank=True, help_text=_("留空将按姓名拼音自动生成")
    )
    code = external_code(_("人员编号"))
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("所在企业"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField(_("岗位"), max_length=60, blank=True)
    photo = models.ForeignKey(
        "images.CustomImage", verbose_name=_("照片"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    titles = ParentalManyToManyField(
        Honor,
        verbose_name=_("技术职称"),
        blank=True,
        related_name="title_holders",
        limit_choices_to={"kind": HonorKind.TITLE},
    )
    honors = ParentalManyToManyField(
        Honor,
        verbose_name=_("荣誉"),
        blank=True,
        related_name="honor_holders",
        limit_choices_to={"kind": HonorKind.HONOR},
    )
    skills = ClusterTaggableManager(verbose_name=_("专长技能"), through=PersonSkill, blank=True)
    bio = models.TextField(_("个人简介"), blank=True)
    open_to_collaboration = models.BooleanField(_("愿意合作"), default=True, help_text=_("勾选后可被推荐为合作伙伴"))
    contact_public = models.BooleanField(
        _("公开联系方式"), default=False, help_text=_("未勾选时，电话与邮箱不会在网站上显示")
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("enterprise"), FieldPanel("position")]),
        FieldPanel("photo"),
        FieldPanel("titles"),
        FieldPanel("honors"),
        FieldPanel("skills"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [
                FieldPanel("open_to_collaboration"),
                FieldPanel("contact_public"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            ],
            heading=_("合作与联系"),
        ),
    ]
    # What a person edits of their own profile (review.self_service): what they do and how to reach
    # them. Their enterprise, titles and honors are shown but granted by union reviewers.
    own_profile_panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldPanel("enterprise", read_only=True),
        FieldPanel("titles", read_only=True),
        FieldPanel("honors", read_only=True),
        FieldPanel("photo"),
        FieldPanel("skills"),
        FieldPanel("bio"),
        panels[-1],  # 合作与联系
    ]
    search_fields = chinese(
        [
            index.SearchField("name", boost=3),
            index.AutocompleteField("name"),
            index.SearchField("position"),
            index.SearchField("bio"),
            index.FilterField("open_to_collaboration"),
            index.FilterField("enterprise"),
        ]
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("工匠人才")
        verbose_name_plural = _("工匠人才")
        constraints = [unique_code("studios_person")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person.objects.all(), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.slug])

    @property
    def public_phone(self):
        return self.phone if self.contact_public else ""

    @property
    def public_email(self):
        return self.email if self.contact_public else ""
