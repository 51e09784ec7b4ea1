import django_filters

from django.utils.translation import gettext_lazy as _

from challenges.choices import ChallengeStatus
from studios.filters import ALL


class ChallengeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices, label=_("状态"), empty_label=ALL)
