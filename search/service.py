"""The search service: the one interface the views, the API and templates use.

Elasticsearch answers when ELASTICSEARCH_URL is set; when it cannot be reached (connection error,
timeout, 429, 5xx) the database engine answers instead, and the results say so; after one timeout, or
a few other such failures in a row, the breaker (search.breaker) skips the cluster for a while instead
of waiting on it.
A query Elasticsearch refuses (4xx) is logged as the bug it is and answered by the database too,
without that notice.
The database engine's results, when it is the primary engine, are kept until the next write
(search.cache), as Elasticsearch's shard request cache keeps its answers until the index refreshes.
"""

import logging
from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from search import elastic
from search.breaker import breaker
from search.cache import cached_database_search
from search.engines import DatabaseEngine, ElasticsearchEngine
from search.facets import FACETS

logger = logging.getLogger(__name__)
database_engine = DatabaseEngine()
elasticsearch_engine = ElasticsearchEngine()


def primary_engine():
    return elasticsearch_engine if elastic.enabled() else database_engine


UNAVAILABLE_NOTICE = gettext_noop("全文检索服务暂时不可用，以下结果由数据库检索提供。")


def _call(method, *args, **kwargs):
    """(result, engine name, notice): the primary engine's answer, or the database's if it fails
    (or if the breaker says the cluster has been failing: then without waiting for it)."""
    engine = primary_engine()
    if engine is database_engine:
        return getattr(engine, method)(*args, **kwargs), engine.name, ""
    if not breaker.allows():
        return getattr(database_engine, method)(*args, **kwargs), database_engine.name, _(UNAVAILABLE_NOTICE)
    try:
        result = getattr(engine, method)(*args, **kwargs)
    except elastic.ERRORS as error:
        if elastic.is_unavailable(error):
            # A suggestion's short timeout (1 s) alone is not yet a sick node; a search's whole timeout is.
            breaker.failed(timed_out=elastic.is_timeout(error) and method != "suggest")
            logger.warning("Elasticsearch unavailable for %s, answering from the database: %s", method, error)
            notice = _(UNAVAILABLE_NOTICE)
        else:
            breaker.succeeded()  # it answered: the cluster is up
            # Elasticsearch answered and refused the query: a bug on our side, not an outage. The user
            # still gets an answer (from the database), without being told the service is down.
            logger.error(
                "Elasticsearch refused a %s request (args=%r, kwargs=%r): %s",
                method,
                args,
                kwargs,
                elastic.describe(error),
            )
            notice = ""
        return getattr(database_engine, method)(*args, **kwargs), database_engine.name, notice
    breaker.succeeded()
    return result, engine.name, ""


def search(params):
    filters = FACETS.known_filters(params.filters)
    if filters != params.filters:
        params = replace(params, filters=filters)
    if primary_engine() is database_engine:
        results = cached_database_search(params, lambda: database_engine.search(params))
        engine, notice = database_engine.name, ""
    else:
        results, engine, notice = _call("search", params)
    results.engine, results.notice = engine, notice
    return results


def suggest(q):
    suggestions, _engine, _notice = _call("suggest", q)
    return suggestions


def similar_projects(project_id, limit=4):
    hits, _engine, _notice = _call("similar", project_id, limit=limit)
    return hits


def recommended_collaborators(project_id, limit=5):
    people, _engine, _notice = _call("recommend", project_id, limit=limit)
    return people
