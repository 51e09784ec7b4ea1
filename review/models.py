import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin_forms import ConflictCheckedModelForm
from core.storage import private_storage, random_file_name
from studios.choices import StudioLevel, StudioType
from textsearch.analysis import normalize


def name_key(name):
    """Names that differ only in spaces, punctuation, width or traditional characters are the same."""
    return re.sub(r"\s+", "", normalize(name))[:100]


def certificate_name(instance, filename):
    return random_file_name("certificates", filename)


class StudioApplication(models.Model):
    """申请入驻: a studio asks to join the platform; a union reviewer accepts (which creates the draft
    studio page, the lead's account and their permissions) or rejects it."""

    base_form_class = ConflictCheckedModelForm  # refuses saving over a newer change (core.admin_forms)

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        ACCEPTED = "accepted", _("已通过")
        REJECTED = "rejected", _("未通过")

    enterprise = models.ForeignKey(
        "studios.Enterprise", verbose_name=_("所属企业"), on_delete=models.PROTECT, related_name="applications"
    )
    studio_name = models.CharField(_("工作室名称"), max_length=100)
    name_key = models.CharField(max_length=100, editable=False)  # name_key(studio_name), kept by save()
    studio_type = models.CharField(_("工作室类型"), max_length=20, choices=StudioType.choices)
    level = models.CharField(_("级别"), max_length=20, choices=StudioLevel.choices)
    lead_name = models.CharField(_("领办人姓名"), max_length=40)
    lead_phone = models.CharField(_("领办人手机"), max_length=30)
    lead_email = models.EmailField(_("领办人邮箱"), help_text=_("审核通过后，设置密码的邀请链接发到这个邮箱"))
    intro = models.TextField(_("工作室简介"), max_length=500)
    # Private: stored outside the public media folder under a random name, shown only to reviewers.
    certificate = models.ImageField(
        _("命名或认定证书"),
        upload_to=certificate_name,
        storage=private_storage,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"])],
        help_text=_("证书照片或扫描件，JPG 或 PNG，不超过 10 MB"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    review_note = models.TextField(_("审核意见"), blank=True, help_text=_("未通过时请写明原因"))
    studio = models.OneToOneField(
        "studios.StudioPage",
        verbose_name=_("创建的工作室"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("入驻申请")
        verbose_name_plural = _("入驻申请")
        constraints = [
            # One open (pending or accepted) application per studio name and enterprise, also when
            # two are submitted at the same moment.
            models.UniqueConstraint(
                fields=["enterprise", "name_key"],
                condition=~Q(status="rejected"),
                name="review_one_open_application_per_studio",
            )
        ]

    def __str__(self):
        return f"{self.studio_name}（{self.enterprise}）"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.studio_name)
        if kwargs.get("update_fields") is not None and "studio_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def open_duplicates(self):
        """Other open applications of the same enterprise for a studio of the same name."""
        return (
            StudioApplication.objects.filter(enterprise_id=self.enterprise_id, name_key=name_key(self.studio_name))
            .exclude(status=self.Status.REJECTED)
            .exclude(pk=self.pk)
        )

    def clean(self):
        super().clean()
        is_open = self.enterprise_id and self.studio_name and self.status != self.Status.REJECTED
        if is_open and self.open_duplicates().exists():
            raise ValidationError(duplicate_message(self.enterprise, self.studio_name), code="duplicate")


def duplicate_message(enterprise, studio_name):
    return _("%(enterprise)s的“%(name)s”已经入驻或已提交申请，请勿重复申请；如需修改请联系工会。") % {
        "enterprise": enterprise.display_name,
        "name": studio_name,
    }


class Role(models.Model):
    """A platform role's group, found by a key that never changes (the group's name may be edited in
    the admin). The reviewers' role also records the 工会审核 workflow they approve in."""

    class Key(models.TextChoices):
        PLATFORM_ADMINS = "platform_admins", _("平台管理员")
        REVIEWERS = "reviewers", _("工会审核员")
        STUDIO_MEMBERS = "studio_members", _("工作室成员")

    key = models.CharField(max_length=40, choices=Key.choices, unique=True)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="role")
    workflow = models.ForeignKey(
        "wagtailcore.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self):
        return f"{self.get_key_display()} → {self.group}"


class Notification(models.Model):
    """Something that waits for one person's action, shown under 通知 in the admin (review.notify)."""

    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("合作申请")
        CHALLENGE_RESPONSE = "challenge_response", _("揭榜")
        REVIEW_REQUEST = "review_request", _("待审核")
        REVIEW_DECISION = "review_decision", _("审核结果")
        APPLICATION = "application", _("入驻申请")
        IMPORT = "import", _("数据导入")
        ADOPTION = "adoption", _("推广应用")
        SCHEDULED_PUBLISH = "scheduled_publish", _("定时发布")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, help_text=_("后台里要处理的页面"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["recipient", "read_at"], name="review_notification_unread")]

    def __str__(self):
        return self.subject
