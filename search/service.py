"""The search service: the one interface the views, the API and templates use.

Elasticsearch answers when ELASTICSEARCH_URL is set; when it cannot be reached the database
engine answers instead, and the results say so. Nothing here raises for an unavailable cluster.
"""

import logging
from dataclasses import replace

from django.utils.translation import gettext as _

from search import elastic
from search.engines import DatabaseEngine, ElasticsearchEngine
from search.labels import known_filters

logger = logging.getLogger(__name__)
database_engine = DatabaseEngine()
elasticsearch_engine = ElasticsearchEngine()


def primary_engine():
    return elasticsearch_engine if elastic.enabled() else database_engine


def _call(method, *args, **kwargs):
    """(result, engine name, notice): the primary engine's answer, or the database's if it fails."""
    engine = primary_engine()
    if engine is database_engine:
        return getattr(engine, method)(*args, **kwargs), engine.name, ""
    try:
        return getattr(engine, method)(*args, **kwargs), engine.name, ""
    except elastic.UNAVAILABLE as error:
        logger.warning("Elasticsearch unavailable for %s, answering from the database: %s", method, error)
        notice = _("全文检索服务暂时不可用，以下结果由数据库检索提供。")
        return getattr(database_engine, method)(*args, **kwargs), database_engine.name, notice


def search(params):
    filters = known_filters(params.filters)
    if filters != params.filters:
        params = replace(params, filters=filters)
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
