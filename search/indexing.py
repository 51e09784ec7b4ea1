"""Keeping the search index in step with the content.

`update(keys)` re-reads the objects behind search keys and writes their records to the
SearchEntry table (always) and to Elasticsearch (when configured). If Elasticsearch cannot be
reached, the keys wait in PendingIndexUpdate and are applied by the next successful update or by
`manage.py search_index retry`: publishing never fails because the cluster is down.
"""

import contextlib
import logging
import threading
import time

from django_tasks import task

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from search import elastic
from search.models import DocumentType, PendingIndexUpdate, SearchEntry
from search.records import iter_records, record_for

logger = logging.getLogger(__name__)
_state = threading.local()
DB_BATCH = 1000


@contextlib.contextmanager
def suspended():
    """Skip automatic index updates inside this block (bulk loads rebuild the index afterwards)."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def is_suspended():
    return getattr(_state, "suspended", False)


def schedule(keys):
    """Update these keys once the current transaction commits, through a task."""
    keys = sorted(set(keys))
    if keys and not is_suspended():
        transaction.on_commit(lambda: update_search_index.enqueue(keys))


@task()
def update_search_index(keys):
    update(keys)


def update(keys):
    changes = []
    for key in keys:
        doc_type, pk = key.split(":", 1)
        record = record_for(doc_type, int(pk))
        if record is None:
            SearchEntry.objects.filter(key=key).delete()
        else:
            SearchEntry.objects.update_or_create(key=key, defaults=record)
        changes.append((key, record))
    if elastic.enabled():
        apply_to_elasticsearch(changes)


def apply_to_elasticsearch(changes):
    """Apply what is pending first, then these changes; on failure queue them durably."""
    try:
        retry_pending()
        for key, record in changes:
            if record is None:
                elastic.delete(key)
            else:
                elastic.upsert(key, record)
    except elastic.UNAVAILABLE as error:
        logger.warning("Elasticsearch unavailable; %d index updates queued: %s", len(changes), error)
        for key, record in changes:
            queue(key, PendingIndexUpdate.Action.DELETE if record is None else PendingIndexUpdate.Action.UPSERT, error)
        return False
    return True


def queue(key, action, error):
    pending, created = PendingIndexUpdate.objects.get_or_create(key=key, defaults={"action": action})
    if not created:
        pending.action = action
        pending.attempts += 1
    pending.last_error = str(error)[:2000]
    pending.save()


def retry_pending():
    """Apply queued updates in order; raises if Elasticsearch is still unavailable. Returns how many."""
    applied = 0
    for pending in PendingIndexUpdate.objects.order_by("created_at", "pk"):
        doc_type, pk = pending.key.split(":", 1)
        record = record_for(doc_type, int(pk))
        if record is None:
            elastic.delete(pending.key)
        else:
            elastic.upsert(pending.key, record)
        pending.delete()
        applied += 1
    return applied


def needs_rebuild():
    """True when the engine in use has no index yet (say, after switching on ELASTICSEARCH_URL)."""
    if not SearchEntry.objects.exists():
        return True
    return elastic.enabled() and any(not elastic.indexes_behind(t) for t in DocumentType.values)


def rebuild(log=lambda message: None):
    """Rebuild the SearchEntry table and, when configured, every Elasticsearch index.

    Elasticsearch gets new versioned indexes; each alias moves to its new index in one atomic step
    and the old index is dropped only after that, so searches never see an empty index.
    Returns {doc_type: count}.
    """
    use_elasticsearch = elastic.enabled()
    counts = {}
    started = time.monotonic()
    for doc_type in DocumentType.values:
        new_index = elastic.create_versioned_index(doc_type) if use_elasticsearch else None
        batch, count = [], 0
        with transaction.atomic():
            SearchEntry.objects.filter(doc_type=doc_type).delete()
            for key, record in iter_records(doc_type):
                batch.append((key, record))
                if len(batch) >= DB_BATCH:
                    _write_batch(batch, new_index)
                    count += len(batch)
                    batch = []
            _write_batch(batch, new_index)
            count += len(batch)
        if use_elasticsearch:
            elastic.client().indices.refresh(index=new_index)
            replaced = elastic.swap_alias(doc_type, new_index)
            log(f"{doc_type}: {count} → {new_index} (replaced {', '.join(replaced) or 'nothing'})")
        else:
            log(f"{doc_type}: {count}")
        counts[doc_type] = count
    if use_elasticsearch:
        PendingIndexUpdate.objects.filter(created_at__lte=timezone.now()).delete()
    if "Elasticsearch" in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
        # Wagtail's own index (admin search) lives on the cluster too; a database one follows saves.
        call_command("update_index", verbosity=0)
        log("Wagtail's search index rebuilt")
    elapsed = time.monotonic() - started
    log(f"{sum(counts.values())} documents in {elapsed:.1f}s")
    return counts


def _write_batch(batch, es_index):
    if not batch:
        return
    SearchEntry.objects.bulk_create([SearchEntry(key=key, **record) for key, record in batch])
    if es_index:
        elastic.bulk_index(es_index, batch)
