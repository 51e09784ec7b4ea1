"""Content changes that reach the search index (through search.indexing's task)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from challenges.models import ChallengePage
from projects.models import ProjectPage
from search.chinese import reload_vocabulary
from search.indexing import schedule
from search.models import DictionaryWord, SynonymRule
from search.records import MODEL_TYPES, keys_affected_by
from studios.models import Enterprise, Industry, Person, Region, StudioPage

INDEXED_PAGES = (ProjectPage, StudioPage, ChallengePage)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    if isinstance(instance, INDEXED_PAGES):
        schedule(keys_affected_by(instance))


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    specific = instance.specific
    if isinstance(specific, INDEXED_PAGES):
        schedule(keys_affected_by(specific))


@receiver(post_delete, sender=ProjectPage)
@receiver(post_delete, sender=StudioPage)
@receiver(post_delete, sender=Person)
@receiver(post_delete, sender=ChallengePage)
def object_deleted(sender, instance, **kwargs):
    doc_type = MODEL_TYPES[sender]
    schedule([f"{doc_type}:{instance.pk}"])


@receiver(post_save, sender=Person)
@receiver(post_save, sender=Enterprise)
@receiver(post_save, sender=Region)
@receiver(post_save, sender=Industry)
def reference_data_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(keys_affected_by(instance))


@receiver(post_save, sender=DictionaryWord)
@receiver(post_save, sender=SynonymRule)
@receiver(post_delete, sender=DictionaryWord)
@receiver(post_delete, sender=SynonymRule)
def vocabulary_changed(sender, **kwargs):
    reload_vocabulary()  # other processes notice within search.chinese.VOCABULARY_CHECK_SECONDS
