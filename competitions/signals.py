"""A title or honour a result names is the winner's once the competition is published."""

from django.dispatch import receiver

from wagtail.signals import page_published

from competitions.models import CompetitionPage
from studios.choices import HonorKind


@receiver(page_published, sender=CompetitionPage)
def grant_titles_and_honors(sender, instance, **kwargs):
    for result in instance.results.select_related("person", "honor").exclude(honor=None):
        person, honor = result.person, result.honor
        held = person.titles if honor.kind == HonorKind.TITLE else person.honors
        if not held.filter(pk=honor.pk).exists():
            held.add(honor)
            person.save()  # a ParentalManyToManyField is written on save (and the person's search record follows)
