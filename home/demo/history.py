"""A first revision, a publish entry in the history and the reference index for bulk-created pages.

The demo builder inserts projects in bulk and creates the other pages with add_child, neither of which
goes through save_revision: the admin would show no "updated" date, an empty history and no usage
counts for them. record_first_revisions gives every page without a revision what publishing it in the
admin would have left behind — one revision holding its content, a "published" log entry and its
outgoing references — in bulk, a batch at a time.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page

from core.bulk import index_references, record_revisions, with_children

BATCH = 500


def pages_without_revision():
    return Page.objects.filter(latest_revision__isnull=True, depth__gt=1)


def record_first_revisions(*, batch=BATCH, on_batch=None):
    """Give each page without a revision its first one; returns how many pages got one.

    `on_batch(count)` is called after each committed batch (for a progress line)."""
    recorded = 0
    while True:
        with transaction.atomic():
            ids = list(pages_without_revision().order_by("pk").values_list("pk", flat=True)[:batch])
            if not ids:
                return recorded
            pages = _specific_with_children(ids)
            _record(pages)
        recorded += len(ids)
        if on_batch:
            on_batch(len(ids))


def _specific_with_children(ids):
    """The pages as their specific models, each type's child relations prefetched (one query each)."""
    pages = []
    by_type = {}
    for pk, content_type_id in Page.objects.filter(pk__in=ids).values_list("pk", "content_type_id"):
        by_type.setdefault(content_type_id, []).append(pk)
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        pages.extend(with_children(model.objects.filter(pk__in=pks)))
    return pages


def _record(pages):
    record_revisions(pages, actions=lambda page: ["wagtail.publish" if page.live else "wagtail.create"])
    # Pages created with add_child are already indexed by Wagtail's signal: the rows they would
    # repeat are skipped by the index's unique constraint.
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model_pages in by_model.values():
        index_references(model_pages)
