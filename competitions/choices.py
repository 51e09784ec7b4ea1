from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    INDUSTRY = "industry", _("行业级")
    CITY = "city", _("市级")
    ENTERPRISE = "enterprise", _("企业级")


class Cycle(models.TextChoices):
    """How often it is held: the policy's 日日学、周周比、月月考、季季赛, or a single event such as the 安康杯."""

    DAILY = "daily", _("日日学")
    WEEKLY = "weekly", _("周周比")
    MONTHLY = "monthly", _("月月考")
    QUARTERLY = "quarterly", _("季季赛")
    EVENT = "event", _("单项赛事")
