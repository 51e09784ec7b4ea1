from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from review.roles import REVIEWERS


def reviewer_emails():
    users = get_user_model().objects.filter(groups__role__key=REVIEWERS, is_active=True).exclude(email="")
    return list(users.values_list("email", flat=True))


def notify_reviewers(application):
    to = reviewer_emails()
    if not to:
        return
    link = settings.WAGTAILADMIN_BASE_URL + reverse("studio_applications:edit", args=[application.pk])
    subject = _("【创新工作室联盟】新的入驻申请：%(studio)s") % {"studio": application.studio_name}
    body = _("%(enterprise)s的“%(studio)s”申请入驻，领办人%(lead)s。请在后台审核：%(link)s") % {
        "enterprise": application.enterprise.display_name,
        "studio": application.studio_name,
        "lead": application.lead_name,
        "link": link,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
