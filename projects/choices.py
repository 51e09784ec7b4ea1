from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The five 五小 innovation categories."""

    INVENTION = "invention", _("小发明")
    CREATION = "creation", _("小创造")
    INNOVATION = "innovation", _("小革新")
    DESIGN = "design", _("小设计")
    SUGGESTION = "suggestion", _("小建议")


class Status(models.TextChoices):
    IDEA = "idea", _("构思")
    IN_PROGRESS = "in_progress", _("攻关中")
    COMPLETED = "completed", _("已完成")
    PROMOTED = "promoted", _("已推广")
    COMMERCIALISED = "commercialised", _("已转化")


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("发明专利")
    UTILITY = "utility", _("实用新型专利")
    DESIGN = "design", _("外观设计专利")


class ProjectSort(models.TextChoices):
    NEWEST = "newest", _("最新")
    BENEFIT = "benefit", _("经济效益")


class AdoptionStatus(models.TextChoices):
    """成果推广应用: recorded by the adopting enterprise, confirmed by the project's studio."""

    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("不予确认")
