"""Keep ProjectPage.studio equal to the parent page when a project is moved."""

from django.dispatch import receiver

from wagtail.signals import post_page_move

from projects.models import ProjectPage


@receiver(post_page_move)
def update_project_studio(sender, instance, parent_page_after, **kwargs):
    if issubclass(sender, ProjectPage):
        ProjectPage.objects.filter(pk=instance.pk).update(studio_id=parent_page_after.pk)
