"""The Elasticsearch side: the document mapping, versioned indexes behind aliases, bulk writes.

Only stock features of Elasticsearch 8 are used (no plugins): text arrives already segmented by
search.chinese and is indexed with the built-in `whitespace` analyzer.
"""

import time
from functools import lru_cache

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import Boolean, Completion, Date, Document, Float, Integer, Keyword, Long, Text

from django.conf import settings

from search.chinese import bigrams
from search.models import DocumentType

# What "Elasticsearch is unavailable" looks like to the client.
UNAVAILABLE = (TransportConnectionError, ConnectionTimeout, ApiError, OSError)


class SearchDocument(Document):
    """The mapping shared by the project, studio and person indexes."""

    doc_type = Keyword()
    object_id = Long()
    title = Keyword()
    summary = Keyword(index=False)
    url = Keyword(index=False)
    title_terms = Text(analyzer="whitespace", norms=True)
    body_terms = Text(analyzer="whitespace")
    context_terms = Text(analyzer="whitespace")
    grams = Text(analyzer="whitespace")  # character bigrams, matched as a phrase: the fallback
    skills = Keyword()
    honors = Keyword()
    pinyin = Keyword()  # full pinyin and initials of a person's or studio's name
    projects = Keyword(index=False)
    province = Keyword()
    region = Keyword()
    industry = Keyword()
    enterprise = Keyword()
    category = Keyword()
    status = Keyword()
    studio_type = Keyword()
    level = Keyword()
    year = Integer()
    date = Date()
    benefit = Float()
    open_to_collaboration = Boolean()
    suggest = Completion(analyzer="simple", preserve_separators=False, max_input_length=50)


def config():
    return settings.ELASTICSEARCH


def enabled():
    return bool(config().get("URL"))


@lru_cache(maxsize=4)
def _client(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client():
    return _client(config()["URL"], config().get("TIMEOUT", 5))


def alias(doc_type):
    return f"{config().get('INDEX_PREFIX', 'alliance')}-{doc_type}s"


def all_aliases():
    return [alias(t) for t in DocumentType.values]


def document_body(record):
    """The indexed form of a search record."""
    body = {k: v for k, v in record.items() if v not in ("", None) and k not in ("text", "suggest_keys")}
    body["title_terms"] = record["title_terms"].strip()
    body["body_terms"] = record["body_terms"].strip()
    body["context_terms"] = record["context_terms"].strip()
    body["grams"] = " ".join(bigrams(record.get("text", "")))
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
        "refresh_interval": "1s",
    }


def create_versioned_index(doc_type):
    """A new empty index for a type, named after its alias plus a timestamp."""
    name = f"{alias(doc_type)}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1000:03d}"
    mapping = SearchDocument._doc_type.mapping.to_dict()
    client().indices.create(index=name, settings=index_settings(), mappings=mapping)
    return name


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


def bulk_index(index, records):
    """Index (key, record) pairs into one index; returns the number indexed."""
    actions = ({"_index": index, "_id": key, "_source": document_body(record)} for key, record in records)
    indexed, _errors = helpers.bulk(
        client().options(request_timeout=120), actions, chunk_size=1000, raise_on_error=True
    )
    return indexed


def upsert(key, record):
    client().index(index=alias(record["doc_type"]), id=key, document=document_body(record))


def delete(key):
    doc_type = key.split(":", 1)[0]
    try:
        client().delete(index=alias(doc_type), id=key)
    except ApiError as error:
        if error.meta.status != 404:
            raise


def count(doc_type):
    return client().count(index=alias(doc_type))["count"]


def delete_all_indexes():
    """Drop every index of this prefix (tests use their own prefix)."""
    prefix = config().get("INDEX_PREFIX", "alliance")
    client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True, expand_wildcards="all")
