"""Human labels for facet values: choice labels, and names for region/industry/enterprise slugs."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeStatus
from projects.choices import Category, Status
from studios.choices import StudioLevel, StudioType
from studios.models import Enterprise, Honor, Industry, Region

CHOICES = {
    "category": dict(Category.choices),
    "status": {**dict(Status.choices), **dict(ChallengeStatus.choices)},
    "studio_type": dict(StudioType.choices),
    "level": dict(StudioLevel.choices),
}
MODELS = {"region": Region, "industry": Industry, "enterprise": Enterprise, "honor": Honor}
# The order facet values are listed in: choices in their declared order, the rest by count.
CHOICE_ORDER = {name: list(choices) for name, choices in CHOICES.items()}
LABELS_CACHE_KEY = "search:slug-labels"
LABELS_TIMEOUT = 300  # other processes see a renamed region within five minutes


def slug_labels():
    """{facet: {slug: name}} for regions, industries and enterprises: small tables, read on every
    search, so kept in the cache and dropped whenever one of them changes in this process."""
    labels = cache.get(LABELS_CACHE_KEY)
    if labels is None:
        enterprises = Enterprise.objects.values_list("slug", "short_name", "name")
        labels = {
            "region": dict(Region.objects.values_list("slug", "name")),
            "industry": dict(Industry.objects.values_list("slug", "name")),
            "enterprise": {slug: short or name for slug, short, name in enterprises},
            "honor": dict(Honor.objects.values_list("slug", "name")),
        }
        cache.set(LABELS_CACHE_KEY, labels, LABELS_TIMEOUT)
    return labels


def forget_slug_labels(**kwargs):
    cache.delete(LABELS_CACHE_KEY)


for _model in MODELS.values():
    post_save.connect(forget_slug_labels, sender=_model, dispatch_uid=f"labels-save-{_model.__name__}")
    post_delete.connect(forget_slug_labels, sender=_model, dispatch_uid=f"labels-delete-{_model.__name__}")


def facet_labels(facet, values):
    """value → label for the values of one facet."""
    if facet in CHOICES:
        return {v: str(CHOICES[facet].get(v, v)) for v in values}
    if facet in MODELS:
        names = slug_labels()[facet]
        return {v: names.get(v, v) for v in values}
    if facet == "open":
        return {v: str(_("开放合作")) for v in values}
    return {v: str(v) for v in values}


def sort_facet_values(facet, counted):
    """counted: [(value, count)] → ordered for display."""
    if facet in CHOICE_ORDER:
        order = CHOICE_ORDER[facet]
        return sorted(counted, key=lambda vc: order.index(vc[0]) if vc[0] in order else len(order))
    if facet == "year":
        return sorted(counted, key=lambda vc: str(vc[0]), reverse=True)
    return sorted(counted, key=lambda vc: (-vc[1], str(vc[0])))


def known_filters(filters):
    """The filters whose values exist; unknown values (a mistyped slug, a stale link) are dropped."""
    kept = {}
    for name, value in filters.items():
        if name in CHOICES:
            known = value in CHOICES[name]
        elif name in MODELS:
            known = value in slug_labels()[name]
        elif name == "year":
            known = value.isdigit()
        elif name == "open":
            known = value == "1"
        else:
            known = name == "skill"  # any skill name; an unknown one simply matches nothing
        if known:
            kept[name] = value
    return kept
