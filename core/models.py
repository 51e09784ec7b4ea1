"""Abstract page types and mixins every content app builds on. Imports no content app."""

from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageViewRestriction

from core import spreadsheets
from core.page_forms import PageForm, TitlePanel
from core.pagination import paginate
from core.visibility import PublicPageManager, may_be_restricted
from textsearch.fields import chinese

EXPORT_LIMIT = 20_000  # rows in one export; narrow the filters for more
EXPORT_FORMATS = ("xlsx", "csv")


def external_code(verbose_name):
    """The union's own key for a row (工作室编号, 成果编号, 人员编号): optional, unique when given; a
    spreadsheet import finds the row again by it, so a re-import updates in place."""
    return models.CharField(
        verbose_name, max_length=40, blank=True, db_index=True, help_text=_("单位内部编号，导入数据时用来对应记录")
    )


def unique_code(table, message=None):
    return models.UniqueConstraint(
        fields=["code"],
        condition=~models.Q(code=""),
        name=f"{table}_unique_code",
        violation_error_message=message or _("编号已被占用"),
    )


class ChoiceLabelsMixin(models.Model):
    """get_FOO_display() from a table built once per field: Django builds a dict of the field's choices on
    every call, hashing each lazy (translated) label — ≈ 60 µs a call, two per card on every listing."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_labels_by_value")
        if labels is None:  # the labels stay lazy: each call gives them in the active language
            labels = field._labels_by_value = dict(make_hashable(list(field.flatchoices)))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class BasePage(ChoiceLabelsMixin, Page):
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

    objects = PublicPageManager()  # public() reads the view restrictions once per write (core.visibility)
    search_fields = chinese(Page.search_fields)  # titles found by Chinese words in the admin and choosers
    base_form_class = PageForm  # refuses a save over a newer version (core.page_forms)
    content_panels = [TitlePanel("title")]

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("og_image")], heading=_("分享")),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.get_summary_text()

    def get_view_restrictions(self):
        """Wagtail's, read only when a restriction could cover the page (core.visibility keeps where they are)."""
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_summary_text(self):
        """One or two sentences that describe the page; page types override."""
        return ""

    def get_share_image(self):
        return self.og_image

    @classmethod
    def serving_queryset(cls):
        """Pages of this type with the related rows their template shows, read at once when one is served
        (core.routing): page types add theirs."""
        return cls._default_manager.select_related("og_image").prefetch_related("og_image__renditions")


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
    """An intro and a filtered, paginated listing: the studio directory, project library, people,
    alliances and the challenge board.

    Subclasses say what they list (`get_listing`) and how it filters (`filterset_class`, a FilterSet
    whose declared filters work on that listing).
    """

    intro = models.TextField(_("导语"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    per_page = 12
    filterset_class = None

    class Meta:
        abstract = True

    def get_summary_text(self):
        return self.intro

    def get_listing(self):
        raise NotImplementedError

    # The listing as a spreadsheet (?export=xlsx or csv, with the filters applied): (header, value of a row).
    export_columns = ()

    def filtered(self, request):
        return self.filterset_class(request.GET or None, queryset=self.get_listing())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = self.filtered(request)
        context["filter"] = filterset
        context["page_obj"] = paginate(request, filterset.qs, self.per_page)
        context["exportable"] = bool(self.export_columns)
        return context

    def serve(self, request, *args, **kwargs):
        kind = request.GET.get("export")
        if kind in EXPORT_FORMATS and self.export_columns and request.method in ("GET", "HEAD"):
            return self.export(request, kind)
        return super().serve(request, *args, **kwargs)

    def export(self, request, kind):
        """Up to EXPORT_LIMIT rows of what the page lists with these filters, as XLSX or CSV."""
        filterset = self.filtered(request)
        listing = filterset.qs if filterset.is_valid() else self.get_listing()
        rows = (
            [*(value(item) for _header, value in self.export_columns), self.export_url(request, item)]
            for item in listing[:EXPORT_LIMIT]
        )
        headers = [*(str(header) for header, _value in self.export_columns), str(_("网址"))]
        name = f"{self.title}-{timezone.localdate():%Y%m%d}"
        if kind == "csv":
            return spreadsheets.csv_response(name, headers, rows)
        return spreadsheets.xlsx_response(name, headers, rows, sheet_title=self.title)

    @staticmethod
    def export_url(request, item):
        url = item.get_url(request) if isinstance(item, Page) else item.get_absolute_url()
        return request.build_absolute_uri(url) if url else ""


class GalleryImage(Orderable):
    """One picture of a page's gallery; concrete subclasses add the ParentalKey named `page`."""

    image = models.ForeignKey("images.CustomImage", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        abstract = True


class RequestCount(models.Model):
    """How often one client did one kind of thing since its window started (core.throttle).

    In the database rather than the cache so every worker process counts the same requests and two
    simultaneous ones cannot both read the old count."""

    key = models.CharField(max_length=80, primary_key=True)  # kind + a salted hash, no address or e-mail
    started_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("请求计数")
        verbose_name_plural = _("请求计数")

    def __str__(self):
        return f"{self.key}: {self.count}"
