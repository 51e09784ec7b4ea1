import django_filters

from django.utils.translation import gettext_lazy as _

from studios.models import Region

ALL = _("全部")


class RegionFilter(django_filters.ModelChoiceFilter):
    """Region by slug; a province matches itself and its cities. `field_path` leads to a Region FK."""

    def __init__(self, field_path, **kwargs):
        self.field_path = field_path
        kwargs.setdefault(
            "queryset", Region.objects.select_related("parent").order_by("parent__sort_order", "sort_order")
        )
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("label", _("地区"))
        kwargs.setdefault("empty_label", ALL)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_path}__in": value.with_descendant_ids()})


def slug_choice(queryset, label, field_name):
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=queryset, to_field_name="slug", label=label, empty_label=ALL
    )
