from django.contrib.auth import get_user_model
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from core.scheduling import scheduled_publish_refused
from review.notify import notify_decision, notify_refused_publication, notify_review_request
from review.roles import ensure_roles, grant_studio_access
from studios.models import StudioPage


@receiver(post_migrate)
def roles_after_migrate(sender, app_config=None, apps=None, **kwargs):
    # Once per migrate (on the studios app's signal, which comes after Wagtail's), and only when the
    # database has the roles table (not after migrating review back to before it).
    if app_config is None or app_config.label != "studios":
        return
    if apps is None:  # flush sends the signal without the migration state: the tables are all there
        ensure_roles()
        return
    try:
        apps.get_model("review", "Role")
    except LookupError:
        return
    ensure_roles()


@receiver(post_save, sender=StudioPage)
def studio_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_studio_access(instance)


@receiver(post_save, sender=get_user_model())
def account_saved(sender, instance, raw=False, **kwargs):
    """An account linked to a person who leads studios may edit those studios."""
    if not raw and instance.person_id:
        for studio in StudioPage.objects.filter(lead_id=instance.person_id):
            grant_studio_access(studio)


@receiver(task_submitted, sender=TaskState)
def review_requested(sender, instance, user=None, **kwargs):
    notify_review_request(instance, user)


@receiver(workflow_approved, sender=WorkflowState)
def review_approved(sender, instance, user=None, **kwargs):
    notify_decision(instance, user, approved=True)


@receiver(workflow_rejected, sender=WorkflowState)
def review_rejected(sender, instance, user=None, **kwargs):
    notify_decision(instance, user, approved=False)


@receiver(scheduled_publish_refused)
def scheduled_publication_refused(sender, revision, reason, **kwargs):
    notify_refused_publication(revision, reason)
