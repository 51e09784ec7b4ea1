"""What a region, industry or enterprise landing page shows: its studios, projects and people."""

from django.db.models import Count

from projects.models import ProjectPage
from studios.models import Person, StudioPage

LATEST_PROJECTS = 8


def landing_context(*, studio_filter, project_filter, person_filter):
    studios = StudioPage.objects.for_cards().filter(**studio_filter).order_by("level_rank", "title")
    projects = ProjectPage.objects.for_listing().filter(**project_filter)
    return {
        "studios": studios,
        "projects": projects[:LATEST_PROJECTS],
        "project_count": projects.count(),
        "people_count": Person.objects.filter(**person_filter).count(),
        "category_counts": projects.order_by().values("category").annotate(n=Count("pk")).order_by("-n"),
    }
