"""What an import leaves behind is what saving each row in the admin leaves: pages in a valid tree, each
with its revision, history, reference index and Wagtail search entry; people with theirs; studios with
their media collection and editors' group. Imports write a batch at a time (BATCH is made small here so
that every file spans several batches), all in one transaction: a problem in the last batch and nothing
of the earlier ones stays.
"""

import pytest

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client, TestCase

from wagtail.models import Collection, GroupPagePermission, Page, PageLogEntry, ReferenceIndex
from wagtail.search.backends import get_search_backend

from core.spreadsheets import open_sheet
from exchange import importers
from exchange.importers import IMPORTERS, ImportPlan, RowPlan
from search.params import SearchParams
from search.service import search
from studios.models import Person
from tests.test_import import failing_import, generated_rows, run_import, unique_names, write_xlsx

pytestmark = pytest.mark.django_db
TYPES = sorted(IMPORTERS)
ROWS = 8


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(importers, "BATCH", 3)


def imported(type_name, tmp_path, rows):
    importer = IMPORTERS[type_name]
    path = write_xlsx(tmp_path / f"{type_name}.xlsx", importer.headers(), rows)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the search index is updated once it commits
        run_import(path)
    key = importer.key_column
    field = {"enterprises": "name"}.get(type_name, key.field)
    return [importer.model.objects.get(**{field: row[importer.columns.index(key)]}) for row in rows]


def assert_same(revision_value, page_value):
    if hasattr(page_value, "all"):  # tags
        revision_value, page_value = sorted(map(str, revision_value.all())), sorted(map(str, page_value.all()))
    assert revision_value == page_value


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.parametrize("type_name", TYPES)
def test_every_imported_row_is_indexed_and_referenced_as_a_save_would_leave_it(type_name, tmp_path, demo):
    objects = imported(type_name, tmp_path, generated_rows(IMPORTERS[type_name], ROWS))
    backend = get_search_backend()
    for obj in objects:
        stored = set(
            ReferenceIndex.get_references_for_object(obj).values_list(
                "to_content_type", "to_object_id", "model_path", "content_path"
            )
        )
        if ReferenceIndex.is_indexed(type(obj)):
            assert stored == set(ReferenceIndex._extract_references_from_object(obj)), obj
        holder = getattr(obj, "page", None)
        if holder is not None:  # an inline row (a competition's result): its page's revision holds it
            assert obj.code in [row.code for row in holder.get_latest_revision_as_object().results.all()]
            assert holder in list(backend.search(holder.title, type(holder))), f"{holder} not in Wagtail's search"
            continue
        name = getattr(obj, "title", None) or obj.name
        assert obj in list(backend.search(name, type(obj))), f"{obj} not in Wagtail's search"
    assert all(not problems for problems in Page.find_problems())
    assert all(not problems for problems in Collection.find_problems())


@pytest.mark.parametrize("type_name", ["studios", "projects"])
def test_an_imported_page_is_published_with_its_revision_history_and_url(type_name, tmp_path, demo):
    pages = imported(type_name, tmp_path, generated_rows(IMPORTERS[type_name], ROWS))
    client = Client()
    for page in pages:
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        published = page.live_revision.as_object()
        for name in [*IMPORTERS[type_name]().plain_fields(), "needed_skills", "specialties"]:
            if hasattr(page, name):
                assert_same(getattr(published, name), getattr(page, name))
        actions = list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True))
        assert actions == ["wagtail.create", "wagtail.publish"]
        assert client.get(page.url).status_code == 200
        assert search(SearchParams(q=page.title)).hits[0].title == page.title


def test_an_imported_studio_has_its_collection_and_its_leads_group(tmp_path, demo):
    name = unique_names(Person.objects.all(), "name")[0]
    account = get_user_model().objects.create_user("imported-lead", person=Person.objects.get(name=name))
    rows = generated_rows(IMPORTERS["studios"], ROWS)
    rows[0][IMPORTERS["studios"].headers().index("领办人")] = name
    studios = imported("studios", tmp_path, rows)
    for studio in studios:
        assert studio.collection.name == studio.title
        assert GroupPagePermission.objects.filter(group=studio.editors, page=studio).exists()
    assert account.groups.filter(pk=studios[0].editors_id).exists()
    in_tree_order = list(Collection.get_first_root_node().get_children().values_list("name", flat=True))
    assert in_tree_order == list(Collection.objects.filter(depth=2).order_by("name").values_list("name", flat=True))


@pytest.mark.parametrize("type_name", ["studios", "projects"])
def test_an_edited_row_publishes_a_new_revision_of_its_page(type_name, tmp_path, demo):
    importer = IMPORTERS[type_name]
    rows = generated_rows(importer, ROWS)
    pages = imported(type_name, tmp_path, rows)
    summary = importer.headers().index("简介" if type_name == "studios" else "摘要")
    for n, row in enumerate(rows):
        row[summary] = f"改过的内容第{n}条"
    again = imported(type_name, tmp_path, rows)
    assert [page.pk for page in again] == [page.pk for page in pages]
    for n, page in enumerate(again):
        assert page.summary == f"改过的内容第{n}条" == page.live_revision.as_object().summary
        assert page.live_revision_id == page.latest_revision_id
        actions = list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True))
        assert actions[-2:] == ["wagtail.edit", "wagtail.publish"]
    assert search(SearchParams(q="改过的内容第3条")).hits[0].title == again[3].title


@pytest.mark.parametrize("type_name", TYPES)
def test_a_bad_last_row_leaves_nothing_of_the_batches_before_it(type_name, tmp_path, demo):
    importer = IMPORTERS[type_name]
    rows = generated_rows(importer, ROWS)
    required = next(column for column in importer.columns if column.required and column is not importer.key_column)
    rows[-1][importer.columns.index(required)] = ""
    path = write_xlsx(tmp_path / "rows.xlsx", importer.headers(), rows)
    before = row_counts()
    with pytest.raises(importers.ImportRefused) as refused:
        importer().apply(open_sheet(path))  # the write pass, as if the check had passed
    assert refused.value.plan.problem_count == 1
    assert [number for number, *_ in refused.value.plan.problems()] == [ROWS + 1]
    assert row_counts() == before
    assert f"第 {ROWS + 1} 行" in failing_import(path)
    assert row_counts() == before


def test_a_dry_run_writes_nothing_at_all(tmp_path, demo):
    for type_name in TYPES:
        importer = IMPORTERS[type_name]
        rows = generated_rows(importer, ROWS, tag="试运行")
        path = write_xlsx(tmp_path / f"{type_name}.xlsx", importer.headers(), rows)
        before = row_counts()
        assert "试运行" in run_import(path, dry_run=True)
        assert row_counts() == before, type_name


def test_a_plan_of_any_size_lists_a_bounded_number_of_rows_and_problems(monkeypatch, tmp_path, demo):
    monkeypatch.setattr(importers, "LISTED_ROWS", 2)
    monkeypatch.setattr(importers, "LISTED_PROBLEMS", 3)
    plan = ImportPlan(None, "")
    for number in range(2, 2 + ROWS):
        plan.add(RowPlan(number, key=str(number), action=importers.ERROR, errors=[("列", "错"), ("列二", "错")]))
    assert len(plan.shown_rows) == 2 and plan.unlisted_rows == ROWS - 2
    assert len(list(plan.problems())) == 3 and plan.unlisted_problems == 2 * ROWS - 3
    assert not plan.ok

    importer = IMPORTERS["people"]
    rows = generated_rows(importer, ROWS)
    for row in rows:
        row[importer.headers().index("姓名")] = ""
    output = failing_import(write_xlsx(tmp_path / "people.xlsx", importer.headers(), rows))
    assert output.count("“姓名”列") == 3
    assert f"另有 {ROWS - 3} 处错误未列出" in output

    monkeypatch.setattr(importers, "LISTED_ROWS", 2)
    path = write_xlsx(tmp_path / "ok.xlsx", importer.headers(), generated_rows(importer, ROWS))
    assert f"另有 {ROWS - 2} 条新增或修改未列出" in run_import(path, dry_run=True)
