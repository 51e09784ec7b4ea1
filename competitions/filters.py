import django_filters

from django.utils.translation import gettext_lazy as _

from competitions.choices import CompetitionLevel, Cycle
from core.filters import FilterSet
from studios.filters import ALL


class CompetitionFilter(FilterSet):
    level = django_filters.ChoiceFilter(choices=CompetitionLevel.choices, label=_("级别"), empty_label=ALL)
    cycle = django_filters.ChoiceFilter(choices=Cycle.choices, label=_("周期"), empty_label=ALL)
    trade = django_filters.CharFilter(lookup_expr="icontains", label=_("工种"))
