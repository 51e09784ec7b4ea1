import django_filters

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from home.filters import ALL, RegionFilter, slug_choice
from studios.choices import HonorKind, StudioLevel, StudioType
from studios.models import Enterprise, Honor, Industry, Person, StudioPage


class StudioFilter(django_filters.FilterSet):
    region = RegionFilter("region")
    industry = slug_choice(Industry.objects.all(), _("行业"), "industry")
    enterprise = slug_choice(Enterprise.objects.all(), _("企业"), "enterprise")
    type = django_filters.ChoiceFilter(
        field_name="studio_type", choices=StudioType.choices, label=_("类型"), empty_label=ALL
    )
    level = django_filters.ChoiceFilter(choices=StudioLevel.choices, label=_("级别"), empty_label=ALL)

    class Meta:
        model = StudioPage
        fields = []


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("姓名或技能"), max_length=50)
    region = RegionFilter("enterprise__region")
    industry = slug_choice(Industry.objects.all(), _("行业"), "enterprise__industry")
    enterprise = slug_choice(Enterprise.objects.all(), _("企业"), "enterprise")
    title = slug_choice(Honor.objects.filter(kind=HonorKind.TITLE), _("职称"), "titles")
    honor = slug_choice(Honor.objects.filter(kind=HonorKind.HONOR), _("荣誉"), "honors")
    open = django_filters.BooleanFilter(
        field_name="open_to_collaboration",
        label=_("愿意合作"),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Person
        fields = []

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(skills__name__icontains=value)).distinct()
