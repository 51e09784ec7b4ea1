from django.db import models
from django.utils.translation import gettext_lazy as _


class StudioType(models.TextChoices):
    MODEL_WORKER = "model_worker", _("劳模创新工作室")
    CRAFTSMAN = "craftsman", _("工匠人才创新工作室")
    STAFF = "staff", _("职工创新工作室")
    SKILL_MASTER = "skill_master", _("技能大师工作室")


class StudioLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    ENTERPRISE = "enterprise", _("企业级")


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")


class Ownership(models.TextChoices):
    CENTRAL = "central", _("中央企业")
    PROVINCIAL = "provincial", _("省属国有企业")
    MUNICIPAL = "municipal", _("市属国有企业")
    OTHER = "other", _("其他")


class HonorKind(models.TextChoices):
    HONOR = "honor", _("荣誉")
    TITLE = "title", _("技术职称")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("成员")
    MENTOR = "mentor", _("导师")
    APPRENTICE = "apprentice", _("学徒")


class SkillLevel(models.IntegerChoices):
    """国家职业技能等级 and the titles above them, in order: a higher number is a higher level."""

    ENTRY = 1, _("初级工")
    INTERMEDIATE = 2, _("中级工")
    SENIOR = 3, _("高级工")
    TECHNICIAN = 4, _("技师")
    SENIOR_TECHNICIAN = 5, _("高级技师")
    PRINCIPAL_TECHNICIAN = 6, _("特级技师")
    CHIEF_TECHNICIAN = 7, _("首席技师")


class TaskStatus(models.TextChoices):
    """How far an alliance's 年度重点任务 has come."""

    PLANNED = "planned", _("计划中")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class ActivityKind(models.TextChoices):
    SEMINAR = "seminar", _("交流研讨")
    SITE_VISIT = "site_visit", _("现场参观")
    TRAINING = "training", _("技能培训")
    OTHER = "other", _("其他")
