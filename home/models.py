from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from home.pagination import paginate
from search.fields import chinese


class BasePage(Page):
    """Shared by every page type: a social-sharing image and a meta description fallback."""

    og_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("分享图片"),
        help_text=_("在微信、微博等分享时显示；留空则使用页面主图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = chinese(Page.search_fields)  # titles found by Chinese words in the admin and choosers

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("og_image")], heading=_("分享")),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.get_summary_text()

    def get_summary_text(self):
        """One or two sentences that describe the page; page types override."""
        return ""

    def get_share_image(self):
        return self.og_image


class CoverImageMixin(models.Model):
    """A cover image for cards and the page header; also the sharing image unless one is set."""

    cover_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def get_share_image(self):
        return self.og_image or self.cover_image


class DirectoryPage(BasePage):
    """A page that lists, filters and paginates: the studio directory, project library, people.

    Subclasses say what they list (`get_listing`) and how it filters (`get_filterset_class`).
    """

    intro = models.TextField(_("导语"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    per_page = 12

    class Meta:
        abstract = True

    def get_summary_text(self):
        return self.intro

    def get_listing(self):
        raise NotImplementedError

    def get_filterset_class(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = self.get_filterset_class()(request.GET or None, queryset=self.get_listing())
        context["filter"] = filterset
        context["page_obj"] = paginate(request, filterset.qs, self.per_page)
        return context


class HomePage(BasePage):
    hero_title = models.CharField(_("主标题"), max_length=120, default="创新工作室联盟")
    hero_intro = models.TextField(
        _("导语"),
        blank=True,
        default="跨区域、跨行业、跨企业的劳模和工匠人才创新工作室联盟，汇聚“五小”创新成果，协同攻关难点堵点。",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_intro"),
        InlinePanel("featured_projects", label=_("推荐成果"), max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "studios.StudioIndexPage",
        "projects.ProjectIndexPage",
        "studios.PeopleIndexPage",
        "studios.AllianceIndexPage",
        "challenges.ChallengeIndexPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("首页")

    def get_summary_text(self):
        return self.hero_intro

    def get_context(self, request, *args, **kwargs):
        from home.overview import home_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(home_overview(self))
        return context


class HomeFeaturedProject(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_projects")
    project = models.ForeignKey(
        "projects.ProjectPage", verbose_name=_("成果"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("project")]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation = models.CharField(_("主办单位"), max_length=120, default="省总工会")
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("address"),
        FieldPanel("icp_number"),
    ]

    class Meta:
        verbose_name = _("站点设置")
