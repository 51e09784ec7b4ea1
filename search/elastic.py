"""The Elasticsearch side: the document mapping, versioned indexes behind aliases, bulk writes.

Only stock features of Elasticsearch 8 are used (no plugins): text arrives already segmented by
textsearch.analysis and is indexed with the built-in `whitespace` analyzer.
"""

import time
from functools import lru_cache
from urllib.parse import urlsplit

from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import Boolean, Completion, Date, Document, Float, Integer, Keyword, Long, Text

from django.conf import settings

from search.models import DocumentType
from textsearch.analysis import bigrams


# Everything the client raises. Only some of it means the cluster is unavailable (is_unavailable);
# the rest (a 400 on a query, a document the mapping rejects) is a bug or bad data, not an outage.
class Overloaded(Exception):
    """A bulk request whose items failed with 429 or 5xx: the cluster is there but cannot take them."""


ERRORS = (TransportError, ApiError, OSError, Overloaded)


def is_unavailable(error):
    """Connection errors, timeouts, 429 (too many requests) and 5xx: try again later, meanwhile the
    database answers. A 4xx other than 429 is not an outage."""
    if isinstance(error, ApiError):
        status = error.meta.status
        return status == 429 or status >= 500
    return isinstance(error, TransportError | OSError | Overloaded)


def is_timeout(error):
    """The node did not answer in time: the request waited out the whole timeout."""
    return isinstance(error, ConnectionTimeout | TimeoutError)


def is_rejection(error):
    """Elasticsearch answered and refused the request (4xx other than 429)."""
    return isinstance(error, ApiError) and not is_unavailable(error)


def describe(error):
    """A short reason for logs, dead letters and the status command."""
    if isinstance(error, ApiError):
        return f"{error.meta.status} {error.message}: {str(error.info)[:1500]}"
    return f"{type(error).__name__}: {error}"[:2000]


def Counted():  # noqa: N802 - a field type, named like Keyword
    """A keyword the search counts (the result tabs, search.facets): its global ordinals, which a count needs, are
    built when the index refreshes rather than by the first search after each write (at 100,000 projects that
    search took 31 ms on average with them built lazily, 27 eagerly; p95 87 → 73 ms)."""
    return Keyword(eager_global_ordinals=True)


class SearchDocument(Document):
    """The mapping shared by every type's index (project, studio, person, challenge)."""

    doc_type = Counted()
    object_id = Long()
    title = Keyword()
    summary = Keyword(index=False)
    url = Keyword(index=False)
    title_terms = Text(analyzer="whitespace", norms=True)
    body_terms = Text(analyzer="whitespace")
    context_terms = Text(analyzer="whitespace")
    grams = Text(analyzer="whitespace")  # character bigrams, matched as a phrase: the fallback
    skills = Counted()
    honors = Counted()
    pinyin = Keyword()  # full pinyin and initials of a person's or studio's name
    projects = Keyword(index=False)
    province = Counted()
    region = Counted()
    industry = Counted()
    enterprise = Counted()
    category = Counted()
    status = Counted()
    studio_type = Counted()
    level = Counted()
    year = Integer()
    date = Date()
    benefit = Float()
    open_to_collaboration = Boolean()
    adoptions = Integer()
    suggest = Completion(analyzer="simple", preserve_separators=False, max_input_length=50)


def config():
    return settings.ELASTICSEARCH


def enabled():
    return bool(config().get("URL"))


def hosts():
    return [host.strip() for host in config()["URL"].split(",") if host.strip()]


def shown_hosts():
    """The hosts for messages and logs: a user and password written into the URL are left out."""
    shown = []
    for host in hosts():
        parts = urlsplit(host)
        shown.append(parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl())
    return ", ".join(shown)


@lru_cache(maxsize=4)
def _client(hosts, timeout, options):
    # A timed-out request is not sent again: the database engine answers it instead.
    return Elasticsearch(list(hosts), request_timeout=timeout, retry_on_timeout=False, **dict(options))


def client():
    """One client per configuration (settings.ELASTICSEARCH: hosts, TLS, credentials, retries)."""
    options = {"max_retries": 0, **config().get("CLIENT", {})}
    return _client(tuple(hosts()), config().get("TIMEOUT", 5), tuple(sorted(options.items())))


def reachable():
    """Whether the cluster answers at all (for the health endpoint): one quick request, tried on the
    other nodes as any request is."""
    # Not ping (HEAD /): the node built from Maven Central has no rest-root module and answers / with
    # 405. The cluster's health answers everywhere (an API key needs the `monitor` privilege).
    try:
        client().options(request_timeout=min(2, config().get("TIMEOUT", 5))).cluster.health()
    except Exception:  # noqa: BLE001 - a misconfigured URL is as unreachable as a stopped node
        return False
    return True


def alias(doc_type):
    return f"{config().get('INDEX_PREFIX', 'alliance')}-{doc_type}s"


def all_aliases():
    return [alias(t) for t in DocumentType.values]


def document_body(record):
    """The indexed form of a search record."""
    body = {
        k: v for k, v in record.items() if v not in ("", None) and k not in ("text", "suggest_keys", "analysed_from")
    }
    body["title_terms"] = record["title_terms"].strip()
    body["body_terms"] = record["body_terms"].strip()
    body["context_terms"] = record["context_terms"].strip()
    body["grams"] = " ".join(bigrams(record.get("text", ""), normalized=True))  # records.plain_text
    for name in ("skills", "honors", "projects"):
        body[name] = [v for v in record.get(name, "").split("|") if v]
    body["pinyin"] = record.get("suggest_keys", "").split()
    # The whole title and its pinyin rank above the words inside the title.
    words = [w for w in body["title_terms"].split() if len(w) > 1]
    whole = [record["title"][:50], *record.get("suggest_keys", "").split()]
    body["suggest"] = [{"input": whole, "weight": 10}, {"input": words or whole, "weight": 5}]
    if record.get("date"):
        body["date"] = record["date"].isoformat()
    return body


def index_settings():
    return {
        "number_of_shards": config().get("SHARDS", 1),
        "number_of_replicas": config().get("REPLICAS", 0),
    }


# While a rebuild fills a new index nobody searches it yet: no refresh every second (each one writes a small
# segment that is merged again and again) and no fsync of the translog per bulk request. Until finished().
FILLING = {"refresh_interval": "-1", "translog": {"durability": "async"}}
SEARCHED = {"refresh_interval": "1s", "translog": {"durability": "request"}}


def create_versioned_index(doc_type):
    """A new empty index for a type, named after its alias plus a timestamp, set up for filling."""
    name = f"{alias(doc_type)}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1000:03d}"
    mapping = SearchDocument._doc_type.mapping.to_dict()
    client().indices.create(index=name, settings={**index_settings(), **FILLING}, mappings=mapping)
    return name


def finished(index):
    """A filled index made searchable: refreshed and, from now on, refreshed and made durable as any index."""
    client().indices.put_settings(index=index, settings=SEARCHED)
    client().indices.refresh(index=index)


def indexes_behind(doc_type):
    try:
        return sorted(client().indices.get_alias(name=alias(doc_type)).keys())
    except ApiError as error:
        if error.meta.status == 404:
            return []
        raise


def swap_alias(doc_type, new_index):
    """Point the alias at the new index in one atomic step, then drop the indexes it replaced."""
    old = indexes_behind(doc_type)
    actions = [{"remove": {"index": name, "alias": alias(doc_type)}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias(doc_type), "is_write_index": True}})
    client().indices.update_aliases(actions=actions)
    for name in old:
        if name != new_index:
            client().indices.delete(index=name)
    return old


def source(record):
    """A record's document as the JSON a bulk request sends (built where the record is: in a rebuild's
    worker processes, so the rebuilding process only sends it)."""
    return client().transport.serializers.get_serializer("application/json").dumps(document_body(record))


def bulk_index(index, documents):
    """Index (key, source) pairs into one index. Returns {key: reason} for the documents the index
    refused (they go to the dead letters); raises when the cluster is unavailable."""
    actions = ({"_index": index, "_id": key, "_source": source} for key, source in documents)
    rejected = {}
    for ok, item in helpers.streaming_bulk(
        client().options(request_timeout=120), actions, chunk_size=1000, raise_on_error=False, max_retries=0
    ):
        if not ok:
            result = item.get("index", {})
            status = result.get("status", 0)
            if status == 429 or status >= 500:
                raise Overloaded(f"{status} {str(result.get('error', ''))[:500]}")
            rejected[result.get("_id", "")] = f"{status} {str(result.get('error', ''))[:1500]}"
    return rejected


def upsert(key, record, index=None):
    client().index(index=index or alias(record["doc_type"]), id=key, document=document_body(record))


def delete(key, index=None):
    doc_type = key.split(":", 1)[0]
    try:
        client().delete(index=index or alias(doc_type), id=key)
    except ApiError as error:
        if error.meta.status != 404:
            raise


def count(doc_type):
    return client().count(index=alias(doc_type))["count"]


def delete_all_indexes():
    """Drop every index of this prefix (tests use their own prefix)."""
    prefix = config().get("INDEX_PREFIX", "alliance")
    client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True, expand_wildcards="all")
