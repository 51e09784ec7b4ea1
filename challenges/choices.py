from django.db import models
from django.utils.translation import gettext_lazy as _


class ChallengeKind(models.TextChoices):
    DIFFICULTY = "difficulty", _("难点")
    BOTTLENECK = "bottleneck", _("堵点")
    KEY_TECHNOLOGY = "key_technology", _("关键核心技术")


class ChallengeStatus(models.TextChoices):
    OPEN = "open", _("征集中")
    IN_PROGRESS = "in_progress", _("攻关中")
    SOLVED = "solved", _("已解决")
