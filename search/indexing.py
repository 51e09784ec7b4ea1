"""Keeping the search index in step with the content.

`update(keys)` re-reads the objects behind search keys and writes their records to the
SearchEntry table (always) and to Elasticsearch (when configured). If Elasticsearch cannot be
reached (or is overloaded), the keys wait in PendingIndexUpdate and are applied by the next successful
update or by `manage.py search_index retry`: publishing never fails because the cluster is down. A
document the cluster refuses (4xx) becomes a dead letter with the reason (search_index status, and the
admin's 索引同步 listing) and never holds back the updates queued after it.
"""

import contextlib
import datetime
import logging
import multiprocessing
import os
import threading
import time
from collections import defaultdict, deque
from itertools import islice

from django_tasks import task

from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone

from wagtail.models import Site

from search import elastic, fulltext
from search.cache import bump_index_version
from search.models import DocumentType, IndexChange, PendingIndexUpdate, SearchEntry
from search.records import BATCH, TYPES, iter_records, key_for, reading_root_paths, records_for
from textsearch.analysis import vocabulary

logger = logging.getLogger(__name__)
_state = threading.local()
DB_BATCH = 1000
# A rebuild builds a type's records in worker processes, this many keys per task, when it has at least two
# tasks' worth: a record costs more to build (the Chinese analysis, on one core) than to write.
WORKER_BATCH = 500
# How long change times are kept for rebuilds to replay (longer than any rebuild takes).
CHANGE_LOG_KEPT = datetime.timedelta(days=1)


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
    """The task behind every automatic update. Whatever makes it fail (a locked database, a bug in a
    record), its keys wait in the pending table for the next update or `search_index retry`."""
    try:
        update(keys)
    except Exception as error:  # noqa: BLE001 — logged, and nothing is lost: the keys wait
        logger.exception("Index update of %d keys failed; queued for retry", len(keys))
        for key in keys:
            queue(key, PendingIndexUpdate.Action.UPSERT, f"{type(error).__name__}: {error}")


def update(keys):
    """Rewrite the records behind these keys in the search table and (when configured) Elasticsearch,
    BATCH keys at a time (an import's thousands of keys never sit in memory as records together)."""
    keys = list(keys)
    reachable = elastic.enabled()
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        changes = _fresh_records(chunk)
        _write_table(changes)
        _log_changes(chunk)
        if reachable:
            reachable = apply_to_elasticsearch(changes)
        elif elastic.enabled():  # the cluster failed on an earlier chunk: these wait with the others
            _queue_all(changes, "Elasticsearch unavailable earlier in this update")
    if not elastic.enabled() and PendingIndexUpdate.objects.waiting().exists():
        retry_pending()  # updates that failed earlier, on the database engine
    bump_index_version()


def _fresh_records(keys):
    """[(key, record or None)] for these keys, in their order; loaded a type and a batch at a time."""
    pks = defaultdict(list)
    for key in keys:
        doc_type, pk = key.split(":", 1)
        pks[doc_type].append(int(pk))
    found = {}
    for doc_type, type_pks in pks.items():
        for start in range(0, len(type_pks), BATCH):
            for pk, record in records_for(doc_type, type_pks[start : start + BATCH]).items():
                found[key_for(doc_type, pk)] = record
    return [(key, found.get(key)) for key in keys]


def _write_table(changes):
    gone = [key for key, record in changes if record is None]
    for start in range(0, len(gone), DB_BATCH):
        SearchEntry.objects.filter(key__in=gone[start : start + DB_BATCH]).delete()
    by_type = defaultdict(list)
    for key, record in changes:
        if record is not None:
            by_type[record["doc_type"]].append((key, record))
    for batch in by_type.values():
        for start in range(0, len(batch), DB_BATCH):
            SearchEntry.objects.write(batch[start : start + DB_BATCH])


def _log_changes(keys):
    """Remember when these keys changed, for a rebuild running meanwhile (see rebuild)."""
    now = timezone.now()
    IndexChange.objects.bulk_create(
        [IndexChange(key=key, changed_at=now) for key in keys],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["changed_at"],
    )


def apply_to_elasticsearch(changes):
    """Apply what is waiting first, then these changes. If the cluster is unavailable they wait
    durably; a document it refuses becomes a dead letter and the others still go through.
    Returns True when everything reached the cluster."""
    try:
        retry_pending()
        for key, record in changes:
            if record is None:
                _apply_one(key, record)
        _bulk_apply([(key, record) for key, record in changes if record is not None])
    except elastic.ERRORS as error:
        if not elastic.is_unavailable(error):
            raise
        logger.warning("Elasticsearch unavailable; %d index updates queued: %s", len(changes), error)
        _queue_all(changes, error)
        return False
    return True


def _queue_all(changes, error):
    for key, record in changes:
        queue(key, PendingIndexUpdate.Action.DELETE if record is None else PendingIndexUpdate.Action.UPSERT, error)


def _apply_one(key, record, index=None):
    """Write one change; a refusal (4xx) is recorded as a dead letter, an outage is raised."""
    try:
        if record is None:
            elastic.delete(key, index=index)
        else:
            elastic.upsert(key, record, index=index)
    except elastic.ERRORS as error:
        if elastic.is_unavailable(error):
            raise
        action = PendingIndexUpdate.Action.DELETE if record is None else PendingIndexUpdate.Action.UPSERT
        reject(key, action, elastic.describe(error))
        return False
    PendingIndexUpdate.objects.filter(key=key).delete()  # a new edit of a dead letter went through
    return True


def _bulk_apply(upserts):
    """Index these records through their types' aliases in bulk; refused ones become dead letters."""
    by_type = defaultdict(list)
    for key, record in upserts:
        by_type[record["doc_type"]].append((key, record))
    for doc_type, batch in by_type.items():
        refused = elastic.bulk_index(elastic.alias(doc_type), [(key, elastic.source(record)) for key, record in batch])
        for key, reason in refused.items():
            reject(key, PendingIndexUpdate.Action.UPSERT, reason)
        accepted = [key for key, _record in batch if key not in refused]
        for start in range(0, len(accepted), DB_BATCH):
            # a new edit of a dead letter went through
            PendingIndexUpdate.objects.filter(key__in=accepted[start : start + DB_BATCH]).delete()


def queue(key, action, error):
    pending, created = PendingIndexUpdate.objects.get_or_create(key=key, defaults={"action": action})
    if not created:
        pending.action = action
        pending.attempts += 1
    pending.last_error = str(error)[:2000]
    pending.rejected_at = None
    pending.save()


def reject(key, action, reason):
    logger.error("Elasticsearch refused the document %s: %s", key, reason)
    PendingIndexUpdate.objects.update_or_create(
        key=key, defaults={"action": action, "last_error": reason[:2000], "rejected_at": timezone.now()}
    )


def retry_pending():
    """Apply waiting updates in order; raises if Elasticsearch is still unavailable. Returns how many
    were applied (refused ones become dead letters and do not stop the others)."""
    applied = 0
    for pending in PendingIndexUpdate.objects.waiting().order_by("created_at", "pk"):
        [(key, record)] = _fresh_records([pending.key])
        _write_table([(key, record)])  # the table too: the failure may have been the database's
        if not elastic.enabled():
            pending.delete()
            applied += 1
        elif _apply_one(pending.key, record):
            applied += 1
    return applied


def needs_rebuild():
    """True when the engine in use has no index yet (say, after switching on ELASTICSEARCH_URL)."""
    if not SearchEntry.objects.exists():
        return True
    return elastic.enabled() and any(not elastic.indexes_behind(t) for t in DocumentType.values)


def rebuild(log=lambda message: None, workers=None, progress=None, reanalyse=False):
    """Rebuild the SearchEntry table and, when configured, every Elasticsearch index.

    Elasticsearch gets new versioned indexes; each alias moves to its new index in one atomic step
    and the old index is dropped only after that, so searches never see an empty index. Edits made
    while a type is being rebuilt are replayed into its new index before the alias moves, and once
    more after it (for those made in between): nothing published during a rebuild is lost.
    `workers`: processes that build the records (default: one per core, see _workers). `progress(doc_type,
    total)`: a context manager whose advance(n) is called as records are written (core.progress.Progress).
    `reanalyse`: analyse every text again instead of taking unchanged texts' analyses from the table.
    Returns {doc_type: count}.
    """
    workers = _workers(workers)
    use_elasticsearch = elastic.enabled()
    counts = {}
    started, rebuild_started = time.monotonic(), timezone.now()
    for doc_type in DocumentType.values:
        type_started = timezone.now()
        new_index = elastic.create_versioned_index(doc_type) if use_elasticsearch else None
        batch, written = [], set()
        shown = progress(doc_type, TYPES[doc_type].queryset().count()) if progress else contextlib.nullcontext()
        with transaction.atomic(), fulltext.added_afterwards(doc_type), shown as bar:
            # The type's rows are overwritten, not deleted first: records being built take the analyses of
            # unchanged texts from them (search.records.kept_analyses). Rows left over are deleted after.
            for built in _records(doc_type, workers, log, with_sources=use_elasticsearch, reanalyse=reanalyse):
                batch.append(built)
                if len(batch) >= DB_BATCH:
                    _write_batch(batch, new_index)
                    written.update(key for key, _record, _source in batch)
                    if bar:
                        bar.advance(len(batch))
                    batch = []
            _write_batch(batch, new_index)
            written.update(key for key, _record, _source in batch)
            if bar:
                bar.advance(len(batch))
            _delete_rows_not_in(doc_type, written)
        count = len(written)
        replayed_at = timezone.now()
        replayed = _replay(doc_type, since=type_started, index=new_index)
        if use_elasticsearch:
            elastic.finished(new_index)
            replaced = elastic.swap_alias(doc_type, new_index)
            replayed += _replay(doc_type, since=replayed_at, index=new_index)
            log(f"{doc_type}: {count} → {new_index} (replaced {', '.join(replaced) or 'nothing'})")
        else:
            log(f"{doc_type}: {count}")
        if replayed:
            log(f"{doc_type}: {replayed} edits made during the rebuild replayed")
        counts[doc_type] = count
    if use_elasticsearch:
        # Everything waiting is in the new indexes now; dead letters were tried again by the rebuild.
        PendingIndexUpdate.objects.waiting().filter(created_at__lte=timezone.now()).delete()
        PendingIndexUpdate.objects.dead_letters().filter(rejected_at__lt=rebuild_started).delete()
    IndexChange.objects.filter(changed_at__lt=timezone.now() - CHANGE_LOG_KEPT).delete()
    bump_index_version()
    if "Elasticsearch" in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
        # Wagtail's own index (admin search) lives on the cluster too; a database one follows saves.
        call_command("update_index", verbosity=0)
        log("Wagtail's search index rebuilt")
    elapsed = time.monotonic() - started
    log(f"{sum(counts.values())} documents in {elapsed:.1f}s")
    return counts


def _workers(requested):
    """How many processes build records: as asked, else one per core — but one when other processes could
    not read what this one sees (an in-memory database; a transaction around the rebuild, whose writes are
    its own)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block or (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: a worker would start from scratch
        return 1
    return max(1, requested or os.cpu_count() or 1)


def _records(doc_type, workers, log, with_sources, reanalyse):
    """The type's (key, record, Elasticsearch source or None) in key order, as iter_records gives them; built
    by `workers` processes when there are at least two tasks for them, with at most two tasks per worker
    waiting (memory stays bounded however slowly they are written)."""
    if workers > 1:
        keys = list(TYPES[doc_type].queryset().order_by("pk").values_list("pk", flat=True))
        tasks = iter(
            [(doc_type, keys[i : i + WORKER_BATCH], with_sources, reanalyse) for i in range(0, len(keys), WORKER_BATCH)]
        )
        if len(keys) > WORKER_BATCH:
            log(f"{doc_type}: records built by {workers} processes")
            # The workers inherit what is read here, so that they write nothing (not even the cache): on
            # SQLite this process holds the only write lock until the type is done.
            vocabulary()
            with reading_root_paths(Site.get_site_root_paths()):
                pool = multiprocessing.get_context("fork").Pool(workers, initializer=_own_connections)
            with pool:
                waiting = deque(pool.apply_async(_build, (task,)) for task in islice(tasks, 2 * workers))
                while waiting:
                    built = waiting.popleft().get()
                    waiting.extend(pool.apply_async(_build, (task,)) for task in islice(tasks, 1))
                    yield from built
            return
    for key, record in iter_records(doc_type, reanalyse=reanalyse):
        yield _built(key, record, with_sources)


def _built(key, record, with_sources):
    """What a rebuild writes of a record: (key, record, its Elasticsearch source or None)."""
    return key, record, elastic.source(record) if with_sources else None


_inherited_connections = []


def _own_connections():
    """In a worker process: its own database connections on first use. The inherited ones are the parent's,
    in the middle of its transaction; closing them here would end its session (a PostgreSQL socket is
    shared), so they are kept, unused, until the worker exits."""
    for connection in connections.all(initialized_only=True):
        _inherited_connections.append(connection.connection)
        connection.connection = None


def _build(task):
    doc_type, keys, with_sources, reanalyse = task
    records = records_for(doc_type, keys, reanalyse=reanalyse)
    return [_built(key_for(doc_type, pk), records[pk], with_sources) for pk in keys if pk in records]


def _delete_rows_not_in(doc_type, keys):
    """Delete the type's search rows whose keys a rebuild did not write (objects gone or no longer public)."""
    left_over = [
        key
        for key in SearchEntry.objects.filter(doc_type=doc_type).values_list("key", flat=True).iterator()
        if key not in keys
    ]
    for start in range(0, len(left_over), DB_BATCH):
        SearchEntry.objects.filter(key__in=left_over[start : start + DB_BATCH]).delete()


def _replay(doc_type, since, index):
    """Re-read the records of this type that changed since `since` into the table and the new index."""
    keys = list(
        IndexChange.objects.filter(key__startswith=f"{doc_type}:", changed_at__gte=since).values_list("key", flat=True)
    )
    changes = _fresh_records(keys)
    _write_table(changes)
    if index:
        for key, record in changes:
            _apply_one(key, record, index=index)
    return len(changes)


def _write_batch(batch, es_index):
    if not batch:
        return
    # An edit published meanwhile may have written one of these rows already: overwrite it here, the
    # replay after the batch writes the fresh record again.
    SearchEntry.objects.write([(key, record) for key, record, _source in batch])
    if es_index:
        for key, reason in elastic.bulk_index(es_index, [(key, source) for key, _record, source in batch]).items():
            reject(key, PendingIndexUpdate.Action.UPSERT, reason)
