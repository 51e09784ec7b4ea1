"""What people search for, kept for the reviewers who tend the vocabulary (the 搜索词报告).

Each search typed on the site or through the API (its first page) counts once for its normalised query:
in Wagtail's own `Query` daily hits (which search promotions, 编辑推荐, are attached to) and in
`QueryOutcome`, which also counts how often it found nothing or only partial matches. No user, address
or session is stored.
"""

import datetime as dt
import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import MAX_LOGGED_QUERY, QueryOutcome
from textsearch.analysis import normalize

logger = logging.getLogger(__name__)
REPORT_DAYS = 30
REPORT_ROWS = 50


def logged_form(q):
    """The form a query is counted under: 空压机  故障 and 空压机 故障 are one query."""
    return normalize(q)[:MAX_LOGGED_QUERY].strip()


def record(params, results):
    """Count one search (only its first page: paging on is the same search). Counting never costs the
    user their results: a database that refuses the write (locked, read-only) is logged and skipped."""
    query_string = logged_form(params.q)
    if not query_string or params.page != 1:
        return
    try:
        with transaction.atomic():
            _count(query_string, results)
    except DatabaseError as error:
        logger.warning("search query not counted (%s): %s", query_string, error)


def _count(query_string, results):
    Query.get(query_string).add_hit()
    counts = {
        "searches": F("searches") + 1,
        "zero_results": F("zero_results") + (0 if results.count else 1),
        "partial_only": F("partial_only") + (1 if results.only_partial else 0),
    }
    today = timezone.localdate()
    rows = QueryOutcome.objects.filter(query_string=query_string, date=today)
    if rows.update(**counts):
        return
    try:
        with transaction.atomic():  # a savepoint: the update below still runs after a lost race
            QueryOutcome.objects.create(
                query_string=query_string,
                date=today,
                searches=1,
                zero_results=0 if results.count else 1,
                partial_only=1 if results.only_partial else 0,
            )
    except IntegrityError:  # another request created today's row first
        rows.update(**counts)


def report(days=REPORT_DAYS, rows=REPORT_ROWS):
    """{"frequent", "zero", "partial"}: the queries of the last `days` days, most searched first."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    totals = (
        QueryOutcome.objects.filter(date__gte=since)
        .values("query_string")
        .annotate(searches=Sum("searches"), zero=Sum("zero_results"), partial=Sum("partial_only"))
    )
    return {
        "frequent": list(totals.order_by("-searches", "query_string")[:rows]),
        "zero": list(totals.filter(zero__gt=0).order_by("-zero", "query_string")[:rows]),
        "partial": list(totals.filter(partial__gt=0).order_by("-partial", "query_string")[:rows]),
    }


def promotions(q):
    """The editors' picks for a query (Wagtail's search promotions), in their order."""
    query_string = logged_form(q)
    if not query_string:
        return []
    picks = SearchPromotion.objects.filter(query__query_string=query_string).select_related("page")
    return [pick for pick in picks.order_by("sort_order") if pick.page is None or pick.page.live]
