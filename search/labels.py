"""Human labels for facet values: choice labels, and names for region/industry/enterprise slugs."""

from projects.choices import Category, Status
from studios.choices import StudioLevel, StudioType
from studios.models import Enterprise, Industry, Region

CHOICES = {
    "category": dict(Category.choices),
    "status": dict(Status.choices),
    "studio_type": dict(StudioType.choices),
    "level": dict(StudioLevel.choices),
}
MODELS = {"region": Region, "industry": Industry, "enterprise": Enterprise}
# The order facet values are listed in: choices in their declared order, the rest by count.
CHOICE_ORDER = {name: list(choices) for name, choices in CHOICES.items()}


def facet_labels(facet, values):
    """value → label for the values of one facet."""
    if facet in CHOICES:
        return {v: str(CHOICES[facet].get(v, v)) for v in values}
    if facet in MODELS:
        model = MODELS[facet]
        names = dict(
            model.objects.filter(slug__in=values).values_list("slug", "short_name" if model is Enterprise else "name")
        )
        if model is Enterprise:
            full = dict(model.objects.filter(slug__in=values).values_list("slug", "name"))
            return {v: names.get(v) or full.get(v) or v for v in values}
        return {v: names.get(v, v) for v in values}
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
            known = MODELS[name].objects.filter(slug=value).exists()
        else:
            known = name == "year" and value.isdigit()
        if known:
            kept[name] = value
    return kept
