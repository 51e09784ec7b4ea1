"""The numbers and highlights on the home page."""

from typing import NamedTuple

from django.db.models import Count

from core.pagecache import kept_until_next_write
from projects.choices import Category
from projects.models import ProjectIndexPage, ProjectPage
from studios.choices import RegionKind
from studios.models import AlliancePage, Enterprise, Industry, Person, Region, StudioPage


class Link(NamedTuple):
    name: str
    url: str


def links(objects):
    return [Link(obj.name, obj.get_absolute_url()) for obj in objects]


def platform_summary():
    """The counters, the projects per category and the ways to browse (the library, regions, industries):
    read once per content version, not on every view."""
    projects = ProjectPage.objects.live().public()
    library = ProjectIndexPage.objects.live().public().first()
    provinces = Region.objects.filter(kind=RegionKind.PROVINCE).prefetch_related("children")
    return {
        "project_library_url": library.url if library else "",
        "provinces": [(Link(p.name, p.get_absolute_url()), links(p.children.all())) for p in provinces],
        "industries": links(Industry.objects.all()),
        "counters": {
            "studios": StudioPage.objects.live().public().count(),
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
    summary = kept_until_next_write("home-summary", platform_summary)
    category_counts = summary["category_counts"]
    return {
        "project_library_url": summary["project_library_url"],
        "counters": summary["counters"],
        "featured_projects": featured(home_page, projects),
        "latest_projects": projects[:6],
        "alliances": AlliancePage.objects.live().public().order_by("title")[:3],
        "categories": [(value, label, category_counts.get(value, 0)) for value, label in Category.choices],
        "provinces": summary["provinces"],
        "industries": summary["industries"],
    }
