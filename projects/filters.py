import django_filters

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.pagecache import cached_for_query
from projects.choices import Category, ProjectSort, Status
from studios.directory import Enterprise, Industry
from studios.filters import ALL, RegionFilter, every, slug_choice


class ProjectFilter(FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("五小类别"), empty_label=ALL)
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状态"), empty_label=ALL)
    region = RegionFilter("studio__region")
    industry = slug_choice(every(Industry), _("行业"), "studio__industry")
    enterprise = slug_choice(every(Enterprise), _("企业"), "studio__enterprise")
    year = django_filters.ChoiceFilter(field_name="start_date__year", choices=(), label=_("年份"), empty_label=ALL)
    seeking = django_filters.BooleanFilter(
        field_name="seeking_collaborators", label=_("寻求合作"), widget=django_filters.widgets.BooleanWidget
    )
    sort = django_filters.ChoiceFilter(choices=ProjectSort.choices, method="sort_by", label=_("排序"), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The years that the listing has projects in, newest first.
        dates = self.queryset.order_by().dates("start_date", "year", order="DESC")
        years = cached_for_query("years", dates, lambda: [str(d.year) for d in dates])
        self.filters["year"].extra["choices"] = [(year, year) for year in years]

    def sort_by(self, queryset, name, value):
        if value == ProjectSort.BENEFIT:
            return queryset.order_by(F("economic_benefit").desc(nulls_last=True), "-start_date", "-pk")
        return queryset.order_by("-start_date", "-pk")
