"""Content changes that reach the search index (through search.indexing's task)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from competitions.models import CompetitionPage, CompetitionResult
from projects.models import ProjectAdoption
from search.indexing import schedule
from search.models import DictionaryWord, DocumentType, SynonymRule
from search.records import (
    ALLIANCE_ROWS,
    PLACES,
    TYPES,
    alliance_affects,
    key_for,
    keys_affected_by,
    keys_affected_by_all,
    type_of_model,
)
from studios.models import AlliancePage
from textsearch.analysis import reload_vocabulary

# Page types are indexed when published (not on every draft save); other models on every save.
INDEXED_PAGES = tuple(t.model for t in TYPES.values() if issubclass(t.model, Page))
SAVED_MODELS = (*(t.model for t in TYPES.values() if not issubclass(t.model, Page)), *PLACES)


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


def object_deleted(sender, instance, **kwargs):
    schedule([f"{type_of_model(sender).doc_type}:{instance.pk}"])


def object_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(keys_affected_by(instance))


for _searchable in TYPES.values():
    post_delete.connect(object_deleted, sender=_searchable.model, dispatch_uid=f"search-delete-{_searchable.doc_type}")
for _model in SAVED_MODELS:
    post_save.connect(object_saved, sender=_model, dispatch_uid=f"search-save-{_model.__name__}")


@receiver(post_save, sender=DictionaryWord)
@receiver(post_save, sender=SynonymRule)
@receiver(post_delete, sender=DictionaryWord)
@receiver(post_delete, sender=SynonymRule)
def vocabulary_changed(sender, **kwargs):
    reload_vocabulary()  # other processes notice within textsearch.analysis.VOCABULARY_CHECK_SECONDS


@receiver(post_save, sender=ProjectAdoption)
@receiver(post_delete, sender=ProjectAdoption)
def adoption_changed(sender, instance, raw=False, **kwargs):
    """A project's record counts the enterprises that confirmed using it."""
    if not raw:
        schedule([key_for(DocumentType.PROJECT, instance.project_id)])


@receiver(page_published, sender=CompetitionPage)
@receiver(page_unpublished, sender=CompetitionPage)
def competition_changed(sender, instance, **kwargs):
    schedule(competitions_affect([instance]))


def competitions_affect(competitions):
    """A person's record names the competitions they placed in."""
    people = CompetitionResult.objects.filter(page__in=competitions).values_list("person_id", flat=True)
    return [key_for(DocumentType.PERSON, pk) for pk in people]


@receiver(page_published, sender=AlliancePage)
@receiver(page_unpublished, sender=AlliancePage)
def alliance_changed(sender, instance, **kwargs):
    """A studio's record names the alliances it leads, their tasks it leads and the activities it hosts."""
    schedule(alliance_affects(instance))


# A publish replaces an alliance's rows: a studio no longer named (its row deleted, or given another studio) is
# found by the alliance's words no more. The studios still named follow alliance_changed.
def alliance_row_deleted(sender, instance, **kwargs):
    studio = getattr(instance, ALLIANCE_ROWS[sender])
    if studio:
        schedule([key_for(DocumentType.STUDIO, studio)])


def alliance_row_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    field = ALLIANCE_ROWS[sender]
    before = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    if before and before != getattr(instance, field):
        schedule([key_for(DocumentType.STUDIO, before)])


for _row in ALLIANCE_ROWS:
    post_delete.connect(alliance_row_deleted, sender=_row, dispatch_uid=f"search-delete-{_row.__name__}")
    pre_save.connect(alliance_row_saving, sender=_row, dispatch_uid=f"search-saving-{_row.__name__}")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restriction_changed(sender, instance, raw=False, **kwargs):
    """A page made private leaves the search with every page under it, and so do the lines other records
    give them (a person's projects and competitions, a studio's alliances); made public again, they return."""
    root = Page.objects.filter(pk=instance.page_id).first()
    if raw or root is None:  # a deleted page's records go with it
        return

    def under(model):
        return model.objects.descendant_of(root, inclusive=True)

    keys = competitions_affect(under(CompetitionPage))
    keys += [key for alliance in under(AlliancePage) for key in alliance_affects(alliance)]
    for model in INDEXED_PAGES:
        # The pages as a subquery, not a list of ids: a whole directory may be restricted at once, and a
        # list is one query parameter per page (SQLite's limit may be as low as 32,766).
        keys += keys_affected_by_all(model, under(model).values_list("pk", flat=True))
    schedule(keys)
