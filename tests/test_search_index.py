"""The index follows the content, on the search table and on a real Elasticsearch node."""

import time
from io import StringIO

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from projects.models import ProjectPage
from search import elastic, indexing, local_node
from search.models import DocumentType, PendingIndexUpdate, SearchEntry
from search.params import SearchParams
from search.service import search
from studios.models import Enterprise, Person, StudioPage
from tests.conftest import ES_TEST_HOME, ES_TEST_PORT
from tests.test_content_caches import new_project

pytestmark = pytest.mark.django_db


def in_elasticsearch(key):
    doc_type = key.split(":")[0]
    elastic.client().indices.refresh(index=elastic.alias(doc_type))
    return elastic.client().exists(index=elastic.alias(doc_type), id=key).body


def es_title(key):
    doc_type = key.split(":")[0]
    elastic.client().indices.refresh(index=elastic.alias(doc_type))
    return elastic.client().get(index=elastic.alias(doc_type), id=key)["_source"]["title"]


def publish(page):
    page.save_revision().publish()


def test_publishing_a_new_project_makes_it_searchable(writable_elasticsearch, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = ProjectPage(
            title="瓦斯抽采泵智能巡检机器人",
            slug="gas-robot",
            category="creation",
            status="in_progress",
            start_date="2025-05-01",
            summary="机器人代替人工巡检瓦斯抽采泵。",
            problem="<p>人工巡检劳动强度大。</p>",
            solution="<p>轨道式巡检机器人。</p>",
            live=False,
        )
        demo.studio.add_child(instance=project)
        publish(project)
    key = f"project:{project.pk}"
    assert SearchEntry.objects.filter(key=key).exists()
    assert in_elasticsearch(key)
    results = search(SearchParams(q="巡检机器人"))
    assert results.engine == "elasticsearch"
    assert results.hits[0].url == project.url


def request_cache_hits():
    stats = elastic.client().indices.stats(index=elastic.all_aliases(), metric="request_cache")
    return stats["_all"]["total"]["request_cache"]["hit_count"]


def test_a_repeated_search_is_answered_from_the_request_cache_and_a_new_project_shows_at_once(
    writable_elasticsearch, demo, django_capture_on_commit_callbacks
):
    params = SearchParams(q=demo.project.title)
    first = search(params)
    hits_before = request_cache_hits()
    again = search(params)
    assert request_cache_hits() > hits_before  # the node kept the first answer's shard results
    assert [h.key for h in again.hits] == [h.key for h in first.hits] and again.facets == first.facets
    with django_capture_on_commit_callbacks(execute=True):
        twin = new_project(demo.studio, demo.project.category, 2025, title=demo.project.title)
    assert in_elasticsearch(f"project:{twin.pk}")  # refreshed: what the cache kept is stale now
    after = search(params)
    assert after.count == first.count + 1
    assert f"project:{twin.pk}" in [h.key for h in search(SearchParams(q=demo.project.title, page_size=50)).hits]


def test_editing_and_republishing_updates_the_document(
    writable_elasticsearch, demo, django_capture_on_commit_callbacks
):
    project = demo.project
    with django_capture_on_commit_callbacks(execute=True):
        project.title = "全新标题的液压支架检测仪"
        publish(project)
    assert es_title(f"project:{project.pk}") == "全新标题的液压支架检测仪"


def test_unpublishing_and_deleting_remove_documents(writable_elasticsearch, demo, django_capture_on_commit_callbacks):
    project, other = ProjectPage.objects.live().order_by("pk")[2:4]
    with django_capture_on_commit_callbacks(execute=True):
        project.unpublish()
    assert not in_elasticsearch(f"project:{project.pk}")
    assert not SearchEntry.objects.filter(key=f"project:{project.pk}").exists()
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert not in_elasticsearch(f"project:{other.pk}")


def test_moving_a_project_updates_its_url_and_studio_facets(
    writable_elasticsearch, demo, django_capture_on_commit_callbacks
):
    project = demo.project
    target = StudioPage.objects.live().exclude(pk=project.studio_id).exclude(region=project.studio.region).first()
    with django_capture_on_commit_callbacks(execute=True):
        project.move(target, pos="last-child")
    project.refresh_from_db()
    document = elastic.client().get(index=elastic.alias("project"), id=f"project:{project.pk}")["_source"]
    assert document["url"] == project.url and project.url.startswith(target.url)
    assert document["region"] == target.region.slug


def test_editing_people_and_enterprises_reaches_the_index(
    writable_elasticsearch, demo, django_capture_on_commit_callbacks
):
    person = demo.person
    with django_capture_on_commit_callbacks(execute=True):
        person.name = "王建国（改）"
        person.save()
    assert es_title(f"person:{person.pk}") == "王建国（改）"
    enterprise = Enterprise.objects.get(pk=person.enterprise_id)
    with django_capture_on_commit_callbacks(execute=True):
        enterprise.short_name = "新简称"
        enterprise.save()
    assert (
        "新简称" in elastic.client().get(index=elastic.alias("person"), id=f"person:{person.pk}")["_source"]["summary"]
    )


def test_rebuild_swaps_the_alias_and_drops_the_old_index(writable_elasticsearch):
    before = elastic.indexes_behind("project")
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out)
    after = elastic.indexes_behind("project")
    assert len(after) == 1 and after != before
    assert not elastic.client().indices.exists(index=before[0]).body
    assert elastic.count("project") == ProjectPage.objects.live().count()
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    assert "状态正常" in status.getvalue()


def test_a_rebuilt_index_is_refreshed_and_durable_as_any_index(writable_elasticsearch, demo):
    """A new index is filled without refreshes and translog syncs; once the alias moves it must be searched as
    any index: an edit published after the rebuild is found within a second, and a write is synced before it
    is acknowledged."""
    call_command("search_index", "rebuild", stdout=StringIO())
    for doc_type in DocumentType.values:
        [index] = elastic.indexes_behind(doc_type)
        given = elastic.client().indices.get_settings(index=index, flat_settings=True)[index]["settings"]
        assert given.get("index.refresh_interval", "1s") == "1s"  # what an index has unless told otherwise
        assert given.get("index.translog.durability", "request") == "request"
    project = ProjectPage.objects.live().order_by("pk").first()
    project.title = "重建之后发布的成果"
    publish(project)
    indexing.update([f"project:{project.pk}"])

    def found():  # without asking for a refresh: the index refreshes itself every second
        query = {"term": {"title": "重建之后发布的成果"}}
        return elastic.client().search(index=elastic.alias("project"), query=query, size=1)["hits"]["hits"]

    deadline = time.monotonic() + 6
    while not found() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert found(), "an edit published after the rebuild was not searchable within 6 s"


def test_search_keeps_answering_during_a_rebuild(writable_elasticsearch):
    """The old index serves until the alias moves: a search between create and swap still finds everything."""
    expected = elastic.count("studio")
    new_index = elastic.create_versioned_index("studio")
    assert search(SearchParams(doc_type="studio")).count == expected  # the new, empty index is not visible
    elastic.client().indices.delete(index=new_index)


def test_publishing_while_elasticsearch_is_down_queues_the_update_durably(
    writable_elasticsearch, demo, django_capture_on_commit_callbacks
):
    """Stops the real test node, publishes, restarts it: nothing is lost."""
    project = ProjectPage.objects.live().order_by("pk")[5]
    key = f"project:{project.pk}"
    team = project.team_members.count()  # the team's profiles list the project, so they are updated too
    local_node.stop(ES_TEST_HOME)
    assert local_node.health(writable_elasticsearch) is None, "a node this suite did not start runs on the test port"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            project.title = "停机期间发布的成果"
            publish(project)  # must not raise
        project.refresh_from_db()
        assert project.live and project.title == "停机期间发布的成果"
        pending = PendingIndexUpdate.objects.get(key=key)
        assert pending.action == "upsert"
        # The database engine already has it, and answers searches meanwhile.
        assert SearchEntry.objects.get(key=key).title == "停机期间发布的成果"
        results = search(SearchParams(q="停机期间发布"))
        assert results.engine == "database" and results.notice
        status = StringIO()
        call_command("search_index", "status", stdout=status)
        assert f"待同步的更新：{1 + team}" in status.getvalue()
    finally:
        local_node.start(ES_TEST_PORT, ES_TEST_HOME)
    out = StringIO()
    call_command("search_index", "retry", stdout=out)
    assert str(1 + team) in out.getvalue()
    assert not PendingIndexUpdate.objects.exists()
    assert es_title(key) == "停机期间发布的成果"


def test_the_next_update_applies_what_was_pending(writable_elasticsearch, demo, django_capture_on_commit_callbacks):
    waiting, later = ProjectPage.objects.live().order_by("pk")[6:8]
    PendingIndexUpdate.objects.create(key=f"project:{waiting.pk}", action="upsert")
    ProjectPage.objects.filter(pk=waiting.pk).update(title="排队中的更新")
    with django_capture_on_commit_callbacks(execute=True):
        publish(later)
    assert not PendingIndexUpdate.objects.exists()
    assert es_title(f"project:{waiting.pk}") == "排队中的更新"


def test_the_database_engine_follows_content_without_elasticsearch(demo, django_capture_on_commit_callbacks):
    person = Person.objects.order_by("pk")[3]
    with django_capture_on_commit_callbacks(execute=True):
        person.name = "独一无二的名字"
        person.save()
    assert search(SearchParams(q="独一无二的名字")).hits[0].url == person.get_absolute_url()
    assert not PendingIndexUpdate.objects.exists()


def test_status_reports_a_stale_index(demo):
    SearchEntry.objects.filter(doc_type="person").first().delete()
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "不一致" in out.getvalue()


def test_rebuild_on_the_database_engine(demo):
    SearchEntry.objects.all().delete()
    counts = indexing.rebuild()
    assert counts["project"] == ProjectPage.objects.live().count()
    assert search(SearchParams(q="工作室")).count > 0


def test_switching_on_elasticsearch_builds_its_index_at_the_next_demo_load(writable_elasticsearch):
    from tests.conftest import DEMO_SIZE

    elastic.delete_all_indexes()
    assert indexing.needs_rebuild()
    out = StringIO()
    call_command("load_demo_data", stdout=out, **DEMO_SIZE)
    assert "未做任何更改" in out.getvalue()  # no content changed …
    assert elastic.count("project") == ProjectPage.objects.live().count()  # … but the index was built


# --- The index never silently loses or blocks an update ------------------------------------------


def test_a_query_elasticsearch_refuses_is_answered_by_the_database_without_the_outage_notice(
    use_elasticsearch, monkeypatch, caplog
):
    """A 4xx is a bug, not an outage: logged with the request, and the user still gets an answer."""
    from search.engines import ElasticsearchEngine

    # Paging past the index's result window makes the real node answer 400.
    monkeypatch.setattr(ElasticsearchEngine, "MAX_WINDOW", 10**9)
    params = SearchParams(q="", page=1000, page_size=50)
    with caplog.at_level("ERROR", logger="search.service"):
        results = search(params)
    assert results.engine == "database"
    assert results.notice == ""
    assert any("refused" in r.getMessage() and "400" in r.getMessage() for r in caplog.records)
    # The same request without the bug is answered by Elasticsearch.
    monkeypatch.undo()
    assert search(SearchParams(q="")).engine == "elasticsearch"


def test_a_document_elasticsearch_rejects_becomes_a_dead_letter_and_does_not_hold_back_others(
    writable_elasticsearch, demo, monkeypatch, django_capture_on_commit_callbacks, admin_client
):
    bad, good = ProjectPage.objects.live().order_by("pk")[5:7]
    real_body = elastic.document_body

    def body_the_mapping_refuses(record):
        body = real_body(record)
        if record["object_id"] == bad.pk and record["doc_type"] == "project":
            body["year"] = "不是年份"  # an integer field: the node answers 400 mapper_parsing_exception
        return body

    monkeypatch.setattr(elastic, "document_body", body_the_mapping_refuses)
    with django_capture_on_commit_callbacks(execute=True):
        bad.title = "被拒绝的成果标题"
        publish(bad)
    with django_capture_on_commit_callbacks(execute=True):
        good.title = "紧随其后的成果标题"
        publish(good)
    letter = PendingIndexUpdate.objects.dead_letters().get()
    assert letter.key == f"project:{bad.pk}"
    assert "400" in letter.last_error and "year" in letter.last_error
    assert not PendingIndexUpdate.objects.waiting().exists()
    assert es_title(f"project:{good.pk}") == "紧随其后的成果标题"  # not held back
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert f"project:{bad.pk}" in out.getvalue() and "死信" in out.getvalue()
    listing = admin_client.get(reverse("search_index_queue:index")).content.decode()
    assert f"project:{bad.pk}" in listing and "document_parsing_exception" in listing
    # Once the data is fixed, the next edit goes through and the dead letter is gone.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        publish(bad)
    assert es_title(f"project:{bad.pk}") == "被拒绝的成果标题"
    assert not PendingIndexUpdate.objects.exists()


def edit_during_the_next_rebuild(monkeypatch, capture_on_commit, title):
    """Make the next rebuild publish a new title for the first project right after reading its record.
    Returns {"key": …} once the rebuild has run."""
    real_iter_records = indexing.iter_records
    edited = {}

    def records_with_an_edit_in_between(doc_type, **options):
        for number, (key, record) in enumerate(real_iter_records(doc_type, **options)):
            yield key, record
            if doc_type == "project" and number == 0:
                project = ProjectPage.objects.get(pk=record["object_id"])
                with capture_on_commit(execute=True):
                    project.title = title
                    publish(project)
                edited["key"] = key

    monkeypatch.setattr(indexing, "iter_records", records_with_an_edit_in_between)
    return edited


def test_an_edit_published_during_a_rebuild_reaches_the_new_index(
    writable_elasticsearch, demo, monkeypatch, django_capture_on_commit_callbacks
):
    """The rebuild has read a project's record; the project is edited and published before the alias
    moves. Without the replay, the new index would hold the old title."""
    edited = edit_during_the_next_rebuild(monkeypatch, django_capture_on_commit_callbacks, "重建期间发布的新标题")
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out)
    assert "replayed" in out.getvalue()
    assert es_title(edited["key"]) == "重建期间发布的新标题"
    assert SearchEntry.objects.get(key=edited["key"]).title == "重建期间发布的新标题"
    hits = search(SearchParams(q="重建期间发布的新标题", doc_type="project")).hits
    assert hits and hits[0].key == edited["key"]


def test_an_edit_published_during_a_rebuild_reaches_the_search_table_on_the_database_engine(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    edited = edit_during_the_next_rebuild(monkeypatch, django_capture_on_commit_callbacks, "数据库引擎重建期间的新标题")
    indexing.rebuild()
    assert SearchEntry.objects.get(key=edited["key"]).title == "数据库引擎重建期间的新标题"
    assert search(SearchParams(q="数据库引擎重建期间的新标题")).hits[0].key == edited["key"]


def test_an_index_update_that_fails_for_any_reason_waits_and_is_applied_later(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    project, other = ProjectPage.objects.live().order_by("pk")[8:10]
    key = f"project:{project.pk}"
    real_records_for = indexing.records_for

    def locked(doc_type, pks):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(indexing, "records_for", locked)
    with django_capture_on_commit_callbacks(execute=True):
        project.title = "索引失败后仍会同步的标题"
        publish(project)  # publishing itself succeeds
    pending = PendingIndexUpdate.objects.waiting().get(key=key)
    assert "database is locked" in pending.last_error
    assert SearchEntry.objects.get(key=key).title != "索引失败后仍会同步的标题"

    monkeypatch.setattr(indexing, "records_for", real_records_for)
    with django_capture_on_commit_callbacks(execute=True):
        publish(other)  # the next update applies what waited
    assert SearchEntry.objects.get(key=key).title == "索引失败后仍会同步的标题"
    assert not PendingIndexUpdate.objects.exists()


def test_a_project_whose_studio_is_gone_still_has_a_record(demo):
    # ProjectPage.studio is set null when its studio is deleted: the record keeps the project's own text and team.
    from search.records import record_for
    from textsearch.analysis import index_terms

    project = ProjectPage.objects.live().filter(team_members__isnull=False).first()
    ProjectPage.objects.filter(pk=project.pk).update(studio=None)
    record = record_for("project", project.pk)
    assert record["title"] == project.title
    name = project.team_members.first().person.name
    assert all(f" {term} " in record["context_terms"] for term in index_terms(name))


@pytest.mark.parametrize("doc_type", DocumentType.values)
def test_a_record_is_the_same_built_alone_or_with_all_others(demo, doc_type):
    # What a record lists (skills, studios, partners …) must not follow the rows' order, which PostgreSQL
    # chooses per query plan, and so per batch: an edit's update writes what a rebuild writes.
    from search.records import TYPES, records_for

    pks = list(TYPES[doc_type].queryset().order_by("pk").values_list("pk", flat=True))
    together = records_for(doc_type, pks)
    apart = {pk: records_for(doc_type, [pk])[pk] for pk in pks}
    differing = {pk: sorted(k for k in together[pk] if together[pk][k] != apart[pk][k]) for pk in pks}
    differing = {pk: fields for pk, fields in differing.items() if fields}
    assert len(pks) > 3 and not differing, f"{len(differing)} of {len(pks)} records differ: {differing}"[:500]


def test_the_cluster_address_is_shown_without_the_password_written_into_it(demo, settings):
    password = "s3cret-in-url"  # noqa: S105
    settings.ELASTICSEARCH = {
        **settings.ELASTICSEARCH,
        "URL": f"http://elastic:{password}@127.0.0.1:1,http://127.0.0.1:2",
        "TIMEOUT": 1,
    }
    assert elastic.shown_hosts() == "http://127.0.0.1:1, http://127.0.0.1:2"
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "127.0.0.1:1" in out.getvalue() and password not in out.getvalue()
    with pytest.raises(CommandError) as refused:
        call_command("search_index", "rebuild", stdout=StringIO())
    assert "127.0.0.1:1" in str(refused.value) and password not in str(refused.value)


def test_a_rebuild_shows_each_types_count_and_time(demo):
    """In a log (not a terminal) one closing line per type; the count is what the type has."""
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out)
    lines = out.getvalue().splitlines()
    for doc_type, label in DocumentType.choices:
        expected = SearchEntry.objects.filter(doc_type=doc_type).count()
        assert any(line.startswith(f"重建索引（{label}）：{expected:,} 条，用时") for line in lines), (label, lines)
    assert "\r" not in out.getvalue()
