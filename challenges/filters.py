import django_filters

from django.utils.translation import gettext_lazy as _

from challenges.choices import ChallengeStatus
from core.filters import FilterSet
from studios.filters import ALL


class ChallengeFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices, label=_("状态"), empty_label=ALL)
