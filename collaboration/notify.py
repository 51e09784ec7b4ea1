"""Emails about collaboration requests."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from review.notify import reviewer_emails


def recipients(collaboration):
    """The studio lead's account; without one (or without a studio), the union reviewers."""
    studio = collaboration.studio
    lead_account = getattr(studio.lead, "account", None) if studio else None
    if lead_account is not None and lead_account.email:
        return [lead_account.email]
    return reviewer_emails()


def notify_new_request(collaboration):
    to = recipients(collaboration)
    if not to:
        return
    link = settings.WAGTAILADMIN_BASE_URL + reverse("collaboration_requests:edit", args=[collaboration.pk])
    subject = _("【创新工作室联盟】新的合作申请：%(target)s") % {"target": collaboration.target_title}
    body = "\n".join(
        [
            _("%(name)s（%(organisation)s）希望就“%(target)s”与您合作。")
            % {
                "name": collaboration.name,
                "organisation": collaboration.organisation,
                "target": collaboration.target_title,
            },
            _("合作事项：%(topic)s") % {"topic": collaboration.get_topic_display()},
            _("联系方式：%(contact)s") % {"contact": collaboration.contact},
            "",
            collaboration.message,
            "",
            _("在后台查看并标记处理状态：%(link)s") % {"link": link},
        ]
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
