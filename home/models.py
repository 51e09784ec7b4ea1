from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from core.models import BasePage
from core.pagecache import kept_until_next_write
from core.routing import DirectRouteMixin
from home.overview import home_overview


class HomePage(DirectRouteMixin, BasePage):
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
        "competitions.CompetitionIndexPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("首页")

    def get_summary_text(self):
        return self.hero_intro

    def get_context(self, request, *args, **kwargs):
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

    @classmethod
    def for_site(cls, site):
        """Read for every page's footer: kept under the content version, which saving them bumps."""
        find = super().for_site
        if site is None:
            return find(site)
        return kept_until_next_write(f"site-settings:{site.pk}", lambda: find(site))
