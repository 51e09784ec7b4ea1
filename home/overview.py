"""The numbers and highlights on the home page."""

from django.db.models import Count

from projects.choices import Category
from projects.models import ProjectIndexPage, ProjectPage
from studios.choices import RegionKind
from studios.models import AlliancePage, Enterprise, Industry, Person, Region, StudioPage


def home_overview(home_page):
    projects = ProjectPage.objects.for_listing()
    featured = [link.project for link in home_page.featured_projects.select_related("project") if link.project.live]
    category_counts = dict(projects.order_by().values_list("category").annotate(n=Count("pk")))
    library = ProjectIndexPage.objects.live().first()
    return {
        "project_library_url": library.url if library else "",
        "counters": {
            "studios": StudioPage.objects.live().count(),
            "projects": projects.count(),
            "people": Person.objects.count(),
            "enterprises": Enterprise.objects.count(),
            "regions": Region.objects.filter(kind=RegionKind.CITY).count(),
        },
        "featured_projects": featured or list(projects.order_by("-economic_benefit")[:3]),
        "latest_projects": projects[:6],
        "alliances": AlliancePage.objects.live().order_by("title")[:3],
        "categories": [(value, label, category_counts.get(value, 0)) for value, label in Category.choices],
        "provinces": Region.objects.filter(kind=RegionKind.PROVINCE).prefetch_related("children"),
        "industries": Industry.objects.all(),
    }
