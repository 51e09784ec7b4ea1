"""Notifications: what waits for a person's action reaches them under 通知 in the admin and, unless
someone else already writes to them, by e-mail through the configured backend.

Who is told what: a studio's team (its lead and editors) about a collaboration request for the studio and
about a 揭榜 filed for it by a teammate; union reviewers about a new 入驻 application, every 揭榜 (they run
the 攻关榜) and every page sent for review; whoever submitted a page — and the studio's lead — about the
review decision; the author of a scheduled revision the database refused (and the studio's lead), once.
Wagtail itself e-mails the submissions and decisions of its workflow, so those two are only shown in the admin.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, TaskState

from review.models import Notification
from review.roles import REVIEWERS
from studios.models import StudioPage

Kind = Notification.Kind


def reviewers():
    return get_user_model().objects.filter(groups__role__key=REVIEWERS, is_active=True).distinct()


def notify(users, kind, subject, body, link, email=True):
    """Tell each active user once: a notification in the admin and (with email=True) an e-mail."""
    recipients = list({user.pk: user for user in users if user is not None and user.is_active}.values())
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, subject=subject[:255], body=body, link=link) for user in recipients
    )
    if email:
        email_subject = _("【创新工作室联盟】%(subject)s") % {"subject": subject}
        send_each(recipients, email_subject, f"{body}\n\n{settings.WAGTAILADMIN_BASE_URL}{link}")
    return recipients


def send_each(users, subject, body):
    """One e-mail per person (no one sees the others' addresses), over one connection."""
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users if user.email]
    if messages:
        get_connection(fail_silently=True).send_messages(messages)


def unread(user):
    return Notification.objects.filter(recipient=user, read_at=None)


def unread_count(request):
    """The user's unread count, counted once per request (the menu and the dashboard both show it)."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread(request.user).count()
    return request._unread_notifications


def mark_read(notifications):
    return notifications.filter(read_at=None).update(read_at=timezone.now())


def notify_reviewers(application):
    subject = _("新的入驻申请：%(studio)s") % {"studio": application.studio_name}
    body = _("%(enterprise)s的“%(studio)s”申请入驻，领办人%(lead)s。请在后台审核。") % {
        "enterprise": application.enterprise.display_name,
        "studio": application.studio_name,
        "lead": application.lead_name,
    }
    notify(reviewers(), Kind.APPLICATION, subject, body, reverse("studio_applications:edit", args=[application.pk]))


def page_link(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def studio_lead_of(page):
    """The account of the lead of the studio a page belongs to (the studio page itself or a project's)."""
    studio = page if isinstance(page, StudioPage) else getattr(page, "studio", None)
    if not isinstance(studio, StudioPage) or studio.lead_id is None:
        return None
    return get_user_model().objects.filter(person_id=studio.lead_id).first()


def notify_review_request(task_state, user):
    """A page sent for review: the members of the task's groups (Wagtail e-mails them itself)."""
    page = task_state.workflow_state.content_object.specific.get_latest_revision_as_object()  # as submitted
    groups = getattr(task_state.task.specific, "groups", None)
    if groups is None:
        return
    to = get_user_model().objects.filter(groups__in=groups.all(), is_active=True).exclude(pk=getattr(user, "pk", None))
    subject = _("“%(title)s”等待审核") % {"title": page.title}
    body = _("%(user)s提交了“%(title)s”，请审核。") % {"user": display_name(user), "title": page.title}
    notify(to.distinct(), Kind.REVIEW_REQUEST, subject, body, page_link(page), email=False)


def notify_decision(workflow_state, user, approved):
    """The page's submitter and its studio's lead (Wagtail e-mails the submitter itself)."""
    page = workflow_state.content_object.specific.get_latest_revision_as_object()  # as submitted
    link = page_link(page)
    mark_read(Notification.objects.filter(kind=Kind.REVIEW_REQUEST, link=link))  # nobody needs to review it now
    if approved:
        subject = _("“%(title)s”已通过审核") % {"title": page.title}
        body = _("%(user)s审核通过了“%(title)s”。") % {"user": display_name(user), "title": page.title}
    else:
        rejected = workflow_state.task_states.filter(status=TaskState.STATUS_REJECTED).order_by("-finished_at").first()
        comment = rejected.comment if rejected is not None else ""
        subject = _("“%(title)s”被退回修改") % {"title": page.title}
        body = _("%(user)s退回了“%(title)s”。") % {"user": display_name(user), "title": page.title}
        if comment:
            body += "\n" + _("审核意见：%(comment)s") % {"comment": comment}
    to = [u for u in (workflow_state.requested_by, studio_lead_of(page)) if u != user]  # notify() skips None
    notify(to, Kind.REVIEW_DECISION, subject, body, link, email=False)


def notify_refused_publication(revision, reason):
    """A scheduled revision the database refused (core.scheduling, once per revision): its author and, for a
    studio's page, the studio's lead — by e-mail too, since nobody is looking at the page when it was due."""
    instance = revision.content_object
    page = instance.specific if isinstance(instance, Page) else None
    link = AdminURLFinder().get_edit_url(page or instance) or ""
    subject = _("“%(title)s”定时发布失败") % {"title": revision.object_str}
    body = _("“%(title)s”计划于 %(when)s 发布的版本未能发布，仍保留定时，请修改后重新发布。原因：%(reason)s") % {
        "title": revision.object_str,
        "when": timezone.localtime(revision.approved_go_live_at).strftime("%Y-%m-%d %H:%M"),
        "reason": reason,
    }
    notify([revision.user, studio_lead_of(page) if page else None], Kind.SCHEDULED_PUBLISH, subject, body, link)


def display_name(user):
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()
