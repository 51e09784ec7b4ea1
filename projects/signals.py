"""Keep ProjectPage.studio (and its adoptions' studio) equal to the parent page when a project is moved."""

from django.dispatch import receiver

from wagtail.signals import post_page_move

from projects.models import ProjectAdoption, ProjectPage


@receiver(post_page_move)
def update_project_studio(sender, instance, parent_page_after, **kwargs):
    if issubclass(sender, ProjectPage):
        ProjectPage.objects.filter(pk=instance.pk).update(studio_id=parent_page_after.pk)
        # The new studio confirms the project's adoptions from now on.
        ProjectAdoption.objects.filter(project_id=instance.pk).update(studio_id=parent_page_after.pk)
