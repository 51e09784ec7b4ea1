"""The database's query planner kept informed of how big each table is.

SQLite chooses the order of a join's tables from the row counts `ANALYZE` records. Without them it takes
every table for the same size, and a listing of one page type (three alliances, sixty studios) reads the
whole page tree to find its rows: at 10,000 projects that cost the home page 2 ms and the studio
directory 3 ms, growing with the site. So the statistics are refreshed where the data changes in bulk —
after `migrate`, the demo data, an import, a restore, a search index rebuild — and, while a site serves,
at most once per PLANNER_STATISTICS_SECONDS after a response, for the tables that have grown or shrunk
fourfold since (SQLite's sampled counts are within about twice the real ones). PostgreSQL's autovacuum
keeps its own statistics; only after a bulk load is it asked to catch up at once.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

GROWTH = 4
ANALYSIS_LIMIT = 1000  # rows sampled per index: SQLite's advice is 100-1000 (ANALYZE at 100,000 projects: 0.1 s)
BUSY_MILLISECONDS = 1000  # a check after a response gives way to a writer rather than wait the full timeout


def _recorded_rows(cursor):
    """Each analysed table's row count as its statistics have it (the largest of its indexes' counts)."""
    cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return {}
    cursor.execute("SELECT tbl, stat FROM sqlite_stat1")
    recorded = {}
    for table, stat in cursor.fetchall():
        rows = int(stat.split()[0]) if stat else 0
        recorded[table] = max(rows, recorded.get(table, 0))
    return recorded


def _model_tables(connection):
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def stale_tables(using=DEFAULT_DB_ALIAS):
    """The SQLite tables of the project's models whose statistics are missing or a fourfold change out of
    date; rows, never an empty table (ANALYZE records nothing for one)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    tables = set(_model_tables(connection))
    stale = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        tables -= {name for (name,) in cursor.fetchall()}  # full-text indexes: ANALYZE records nothing for them
        recorded = _recorded_rows(cursor)
        for table in sorted(tables):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a model's table
            rows = cursor.fetchone()[0]
            known = recorded.get(table)
            if rows and (known is None or rows >= known * GROWTH or rows * GROWTH <= known):
                stale.append(table)
    return stale


def refresh_statistics(using=DEFAULT_DB_ALIAS, *, bulk_load=False):
    """Analyse the tables whose statistics are out of date; after a bulk load (bulk_load), on PostgreSQL
    too. The tables analysed (on PostgreSQL: all, or none)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        if not bulk_load:
            return []
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return _model_tables(connection)
    stale = stale_tables(using)
    if stale:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            for table in stale:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return stale


def refresh_after_migrate(using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate's receiver: a deployment's migrations may have filled or emptied tables."""
    refresh_statistics(using)


class _Schedule:
    """When this process last looked (a monotonic clock): of the threads that finish a response at the same
    moment, one takes the look and the others go on."""

    def __init__(self):
        self.last = None
        self.lock = threading.Lock()

    def due(self, seconds):
        now = time.monotonic()
        if not self.lock.acquire(blocking=False):
            return False
        try:
            if self.last is not None and now - self.last < seconds:
                return False
            self.last = now
            return True
        finally:
            self.lock.release()


SCHEDULE = _Schedule()


def refresh_when_due(**kwargs):
    """request_finished's receiver: on SQLite, a look at the statistics once per PLANNER_STATISTICS_SECONDS
    (0: never). The visitor has their response; a busy database or a failure only postpones it."""
    seconds = settings.PLANNER_STATISTICS_SECONDS
    connection = connections[DEFAULT_DB_ALIAS]
    if not seconds or connection.vendor != "sqlite" or not SCHEDULE.due(seconds):
        return
    was_open = connection.connection is not None
    usual_busy_ms = int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_MILLISECONDS}")
        try:
            analysed = refresh_statistics()
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout={usual_busy_ms}")
        if analysed:
            logger.info("planner statistics refreshed: %s", ", ".join(analysed))
    except DatabaseError:
        logger.info("planner statistics not refreshed (the database is busy); next time", exc_info=True)
    finally:
        if not was_open:  # as the request left it: Django closes its connections before this receiver
            connection.close()
