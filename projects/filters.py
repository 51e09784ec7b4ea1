import django_filters

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from home.filters import ALL, RegionFilter, slug_choice
from projects.choices import Category, ProjectSort, Status
from projects.models import ProjectPage
from studios.models import Enterprise, Industry


def project_years():
    dates = ProjectPage.objects.live().dates("start_date", "year", order="DESC")
    return [(str(d.year), str(d.year)) for d in dates]


class ProjectFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("五小类别"), empty_label=ALL)
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状态"), empty_label=ALL)
    region = RegionFilter("studio__region")
    industry = slug_choice(Industry.objects.all(), _("行业"), "studio__industry")
    enterprise = slug_choice(Enterprise.objects.all(), _("企业"), "studio__enterprise")
    year = django_filters.ChoiceFilter(
        field_name="start_date__year", choices=project_years, label=_("年份"), empty_label=ALL
    )
    seeking = django_filters.BooleanFilter(
        field_name="seeking_collaborators", label=_("寻求合作"), widget=django_filters.widgets.BooleanWidget
    )
    sort = django_filters.ChoiceFilter(choices=ProjectSort.choices, method="sort_by", label=_("排序"), empty_label=None)

    class Meta:
        model = ProjectPage
        fields = []

    def sort_by(self, queryset, name, value):
        if value == ProjectSort.BENEFIT:
            return queryset.order_by(F("economic_benefit").desc(nulls_last=True), "-start_date", "-pk")
        return queryset.order_by("-start_date", "-pk")
