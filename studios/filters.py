"""The filters of the studio directory and the people directory, and the building blocks the
project library's and the challenge board's filters share. They import only reference data, so the
page models that list with them can import them."""

import django_filters

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from studios.choices import HonorKind, StudioLevel, StudioType
from studios.directory import Enterprise, Honor, Industry, Region

ALL = _("全部")


# Querysets are given as callables (django-filter calls them with the request): the filters are
# defined while the models load, before a queryset that follows relations can be built.


def regions_in_tree_order(request=None):
    return Region.objects.select_related("parent").order_by("parent__sort_order", "sort_order")


def every(model):
    return lambda request=None: model.objects.all()


def honors_of_kind(kind):
    return lambda request=None: Honor.objects.filter(kind=kind)


class RegionFilter(django_filters.ModelChoiceFilter):
    """Region by slug; a province matches itself and its cities. `field_path` leads to a Region FK."""

    def __init__(self, field_path, **kwargs):
        self.field_path = field_path
        kwargs.setdefault("queryset", regions_in_tree_order)
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


class StudioFilter(FilterSet):
    region = RegionFilter("region")
    industry = slug_choice(every(Industry), _("行业"), "industry")
    enterprise = slug_choice(every(Enterprise), _("企业"), "enterprise")
    type = django_filters.ChoiceFilter(
        field_name="studio_type", choices=StudioType.choices, label=_("类型"), empty_label=ALL
    )
    level = django_filters.ChoiceFilter(choices=StudioLevel.choices, label=_("级别"), empty_label=ALL)


class PersonFilter(FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("姓名或技能"), max_length=50)
    region = RegionFilter("enterprise__region")
    industry = slug_choice(every(Industry), _("行业"), "enterprise__industry")
    enterprise = slug_choice(every(Enterprise), _("企业"), "enterprise")
    title = slug_choice(honors_of_kind(HonorKind.TITLE), _("职称"), "titles")
    honor = slug_choice(honors_of_kind(HonorKind.HONOR), _("荣誉"), "honors")
    open = django_filters.BooleanFilter(
        field_name="open_to_collaboration",
        label=_("愿意合作"),
        widget=django_filters.widgets.BooleanWidget,
    )

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(skills__name__icontains=value)).distinct()


class NoFilter(FilterSet):
    """A listing without filters (the alliances)."""
