import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_forms import ConflictCheckedModelForm

DOUBLE_SUBMIT_BUCKET = 600  # seconds: the same message again within the same ten minutes is one request


class CollaborationRequest(models.Model):
    """申请合作: an engineer's request to work with a studio, about one of its projects, the studio
    itself or one of its people. Answered by the studio's lead, who sees only their own."""

    base_form_class = ConflictCheckedModelForm  # refuses saving over a newer change (core.admin_forms)

    class Topic(models.TextChoices):
        JOINT = "joint", _("联合攻关")
        CONSULT = "consult", _("技术咨询")
        APPLY = "apply", _("成果推广应用")
        VISIT = "visit", _("交流学习")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        NEW = "new", _("新")
        REPLIED = "replied", _("已回复")
        CLOSED = "closed", _("已关闭")

    studio = models.ForeignKey(
        "studios.StudioPage",
        verbose_name=_("工作室"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collaboration_requests",
        help_text=_("负责答复的工作室；人才不属于任何工作室时为空，由工会审核员转交"),
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name=_("成果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        "studios.Person", verbose_name=_("人才"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The 推广应用 this request ended in (recorded from it in the admin with one click).
    adoption = models.OneToOneField(
        "projects.ProjectAdoption",
        verbose_name=_("推广应用"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="collaboration_request",
    )
    name = models.CharField(_("姓名"), max_length=40)
    organisation = models.CharField(_("单位"), max_length=120)
    contact = models.CharField(_("联系方式"), max_length=120, help_text=_("手机号或电子邮箱"))
    topic = models.CharField(_("合作事项"), max_length=20, choices=Topic.choices, default=Topic.JOINT)
    message = models.TextField(_("合作需求"), max_length=2000)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NEW)
    reply_note = models.TextField(_("处理记录"), blank=True, help_text=_("只在后台可见，例如何时以何种方式答复"))
    ip_hash = models.CharField(max_length=64, editable=False, db_index=True)  # for the rate limit, not the IP
    # Who asked whom what, in which ten minutes: unique, so a double submit is stored once even when
    # both arrive at the same moment. Empty for requests stored before the rule.
    fingerprint = models.CharField(max_length=64, null=True, editable=False, unique=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("合作申请")
        verbose_name_plural = _("合作申请")

    def __str__(self):
        return f"{self.name}（{self.organisation}）→ {self.target_title}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.fingerprint is None:
            self.fingerprint = self.fingerprint_at(timezone.now())
        super().save(*args, **kwargs)

    def fingerprint_at(self, moment):
        bucket = int(moment.timestamp()) // DOUBLE_SUBMIT_BUCKET
        parts = (self.ip_hash, self.studio_id, self.project_id, self.person_id, " ".join(self.message.split()), bucket)
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()

    @property
    def target(self):
        return self.project or self.person or self.studio

    @property
    def target_title(self):
        target = self.target
        return getattr(target, "title", None) or getattr(target, "name", "") if target else ""
