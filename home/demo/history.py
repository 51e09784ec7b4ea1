"""A first revision, a publish entry in the history and the reference index for bulk-created pages.

The demo builder inserts projects in bulk and creates the other pages with add_child, neither of which
goes through save_revision: the admin would show no "updated" date, an empty history and no usage
counts for them. record_first_revisions gives every page without a revision what publishing it in the
admin would have left behind — one revision holding its content, a "published" log entry and its
outgoing references — in bulk, a batch at a time.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

BATCH = 500


def pages_without_revision():
    return Page.objects.filter(latest_revision__isnull=True, depth__gt=1)


def record_first_revisions(*, batch=BATCH, on_batch=None):
    """Give each page without a revision its first one; returns how many pages got one.

    `on_batch(count)` is called after each committed batch (for a progress line)."""
    page_type = ContentType.objects.get_for_model(Page)
    recorded = 0
    while True:
        with transaction.atomic():
            ids = list(pages_without_revision().order_by("pk").values_list("pk", flat=True)[:batch])
            if not ids:
                return recorded
            pages = _specific_with_children(ids)
            _record(pages, page_type)
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
        relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        pages.extend(model.objects.filter(pk__in=pks).prefetch_related(*relations))
    return pages


def _record(pages, page_type):
    now = timezone.now()
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=page_type,
            object_id=str(page.pk),
            created_at=page.last_published_at or now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    if revisions and revisions[0].pk is None:  # databases that return no ids from bulk inserts
        by_object = dict(
            Revision.objects.filter(
                base_content_type=page_type, object_id__in=[r.object_id for r in revisions]
            ).values_list("object_id", "pk")
        )
        for revision in revisions:
            revision.pk = by_object[revision.object_id]
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at
        if page.live:
            page.live_revision = revision
    Page.objects.bulk_update(
        _copy_revision_fields(pages), ["latest_revision", "latest_revision_created_at", "live_revision"]
    )
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type_id=page.content_type_id,
            page_id=page.pk,
            label=page.get_admin_display_title(),
            action="wagtail.publish" if page.live else "wagtail.create",
            timestamp=revision.created_at,
            uuid=uuid.uuid4(),
            revision=revision,
            content_changed=True,
        )
        for page, revision in zip(pages, revisions, strict=True)
    )
    _index_references(pages)


def _copy_revision_fields(pages):
    """Plain Page rows carrying the new revision fields (bulk_update on the base table only)."""
    return [
        Page(
            pk=page.pk,
            latest_revision_id=page.latest_revision_id,
            latest_revision_created_at=page.latest_revision_created_at,
            live_revision_id=page.live_revision_id,
        )
        for page in pages
    ]


def _index_references(pages):
    """What ReferenceIndex.create_or_update_for_object does, for a batch in one insert.

    Pages created with add_child are already indexed by Wagtail's signal: the rows they would repeat are
    skipped by the index's unique constraint."""
    base_content_type = ContentType.objects.get_for_model(Page)
    rows = []
    for page in pages:
        content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=connection.features.supports_ignore_conflicts)
