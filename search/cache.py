"""Caching what search answers until what it answers from changes.

Every index update bumps a version number in the cache (core.versions); cached answers for a page (similar
projects, recommendations) are keyed by it, so they are never older than the last update this cache has
seen (and never older than TIMEOUT in any case). An index update also bumps the content version, which
every other write bumps too: the database engine's search results are kept under that one.
"""

import hashlib

from django.utils.translation import get_language

from core.pagecache import CONTENT_VERSION, content_changed
from core.versions import CacheVersion
from search.facets import FACETS
from textsearch.analysis import analyze

INDEX_VERSION = CacheVersion("search:index-version")
TIMEOUT = 300


def bump_index_version():
    INDEX_VERSION.bump()
    content_changed()  # cached pages show similar projects and recommendations: they change with the index


def cached_by_index_version(name, compute):
    return INDEX_VERSION.cached(name, compute, TIMEOUT)


def cached_database_search(params, compute):
    """compute()'s results for params, kept until the next write, as Elasticsearch's shard request cache keeps
    a shard's answer until the index refreshes. The words that a tenth of all records hold cost the database
    the most to score and count (up to a second at 100,000 projects), and they are the ones asked most
    (the 五小 categories, 工作室). Keyed by everything the answer depends on besides the data: the
    parameters, the query as the current vocabulary analyses it, the facets registered, the labels' language."""
    decided_by = repr((params, analyze(params.q), FACETS.names(), get_language()))
    digest = hashlib.blake2b(decided_by.encode(), digest_size=16).hexdigest()
    return CONTENT_VERSION.cached(f"search:{digest}", compute, TIMEOUT)
