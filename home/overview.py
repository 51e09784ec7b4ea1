"""The numbers and highlights on the home page."""

from django.conf import settings
from django.db.models import Count

from core.pagecache import CONTENT_VERSION
from projects.choices import Category
from projects.models import ProjectIndexPage, ProjectPage
from studios.choices import RegionKind
from studios.models import AlliancePage, Enterprise, Industry, Person, Region, StudioPage


def platform_numbers():
    """The counters and the projects per category: counted once per content version, not on every view."""
    projects = ProjectPage.objects.live()
    return {
        "counters": {
            "studios": StudioPage.objects.live().count(),
            "projects": projects.count(),
            "people": Person.objects.count(),
            "enterprises": Enterprise.objects.count(),
            "regions": Region.objects.filter(kind=RegionKind.CITY).count(),
        },
        "category_counts": dict(projects.order_by().values_list("category").annotate(n=Count("pk"))),
    }


def featured(home_page, projects):
    """The editors' picks in their order (live ones, with what a card shows), else the most beneficial."""
    picked = list(home_page.featured_projects.values_list("project_id", flat=True))
    by_pk = projects.in_bulk(picked)
    return [by_pk[pk] for pk in picked if pk in by_pk] or list(projects.order_by("-economic_benefit")[:3])


def home_overview(home_page):
    projects = ProjectPage.objects.for_listing()
    numbers = CONTENT_VERSION.cached("home-numbers", platform_numbers, settings.STATISTICS_CACHE_SECONDS)
    category_counts = numbers["category_counts"]
    library = ProjectIndexPage.objects.live().first()
    return {
        "project_library_url": library.url if library else "",
        "counters": numbers["counters"],
        "featured_projects": featured(home_page, projects),
        "latest_projects": projects[:6],
        "alliances": AlliancePage.objects.live().order_by("title")[:3],
        "categories": [(value, label, category_counts.get(value, 0)) for value, label in Category.choices],
        "provinces": Region.objects.filter(kind=RegionKind.PROVINCE).prefetch_related("children"),
        "industries": Industry.objects.all(),
    }
