"""定时发布 the database refused (a 成绩编号 another competition took after the revision was scheduled): the
refusal goes into the page's or snippet's history (the admin's 历史记录) with the reason, once per revision,
and `scheduled_publish_refused` tells whoever listens (review.notify: the revision's author and the studio's
lead) that first time — not again every minute while the revision stays scheduled."""

from django.core.exceptions import ValidationError
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, log
from wagtail.log_actions import registry as log_registry

REFUSED = "alliance.publish.scheduled_refused"

# Sent once per refused revision, with `revision` and `reason` (sender: the object's model).
scheduled_publish_refused = Signal()


class RefusedFormatter(LogFormatter):
    label = _("定时发布失败")

    def format_message(self, log_entry):
        return _("定时发布失败，仍保留定时：%(reason)s") % {"reason": log_entry.data.get("reason", "")}


def describe(error):
    """Why a revision could not be published, for its editors."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    conflict = _("与已发布的内容冲突（例如编号已被其他内容占用），数据库拒绝保存。详细信息：%(detail)s")
    return str(conflict % {"detail": error})


def refused(revision, reason):
    """Record that this due revision could not be published; the first time only, tell the listeners."""
    instance = revision.content_object
    if instance is None:  # deleted meanwhile: no history to write to
        return
    if log_registry.get_logs_for_instance(instance).filter(action=REFUSED, revision=revision).exists():
        return
    log(instance=instance, action=REFUSED, revision=revision, data={"reason": reason})
    scheduled_publish_refused.send(sender=type(instance), revision=revision, reason=reason)
