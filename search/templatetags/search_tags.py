"""What content pages show from search, without the content apps knowing the search service:

    {% load search_tags %}
    {% similar_projects page as projects %}
    {% recommended_collaborators page as people %}

Answers are cached per project and index version: any index update makes them fresh again.
"""

from django import template

from search import service
from search.cache import cached_by_index_version

register = template.Library()


@register.simple_tag
def similar_projects(project, limit=4):
    return cached_by_index_version(f"similar:{project.pk}:{limit}", lambda: service.similar_projects(project.pk, limit))


@register.simple_tag
def recommended_collaborators(project, limit=5):
    """People from other enterprises for a project that seeks collaborators; none otherwise."""
    if not getattr(project, "seeking_collaborators", False):
        return []
    return cached_by_index_version(
        f"recommend:{project.pk}:{limit}", lambda: service.recommended_collaborators(project.pk, limit)
    )
