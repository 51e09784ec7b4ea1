"""import_data: spreadsheets of enterprises, people, studios and projects, all or nothing.

Rows are generated from each importer's own columns (a valid value per column type, drawn from the
reference data the demo holds), and every bad cell is generated per column the same way, so a column
added later is covered without touching this file.
"""

import csv
import datetime as dt
import io
from collections import Counter

import pytest
from openpyxl import Workbook, load_workbook

from django.core.management import CommandError, call_command

from wagtail.models import Page

from competitions.models import CompetitionPage, CompetitionResult
from core.spreadsheets import SpreadsheetError, detect_encoding, open_sheet
from exchange import importers
from exchange.columns import (
    BooleanColumn,
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    IntegerColumn,
    ReferenceColumn,
    ReferencesColumn,
    RichTextColumn,
    TagsColumn,
    TextColumn,
)
from exchange.importers import IMPORTERS, PublicationColumn
from projects.models import ProjectPage
from search.params import SearchParams
from search.service import search
from studios.choices import HonorKind
from studios.models import Enterprise, Honor, Industry, Person, Region, StudioPage

pytestmark = pytest.mark.django_db

TYPES = sorted(IMPORTERS)


# --- Generated rows ----------------------------------------------------------------------------


def unique_names(queryset, field):
    counts = Counter(queryset.values_list(field, flat=True))
    return sorted(name for name, count in counts.items() if count == 1 and name)


def reference_names():
    """For each lookup, names it finds exactly one row for."""
    return {
        importers.region: unique_names(Region.objects.filter(kind="city"), "name"),
        importers.industry: unique_names(Industry.objects.all(), "name"),
        importers.enterprise: unique_names(Enterprise.objects.all(), "name"),
        # people with no result yet: a generated 竞赛成绩 row is then always a new one
        importers.person: unique_names(Person.objects.filter(competition_results__isnull=True), "name"),
        importers.studio: unique_names(StudioPage.objects.live(), "title"),
        importers.competition: unique_names(CompetitionPage.objects.live(), "title"),
        importers.any_honor: unique_names(Honor.objects.all(), "name"),
    }


def honor_names(column):
    kind = HonorKind.TITLE if column.header == "技术职称" else HonorKind.HONOR
    return list(Honor.objects.filter(kind=kind).values_list("name", flat=True))


def valid_cell(column, i, names, tag):
    if column is IMPORTERS_KEY.get(column.header):
        return f"{tag}-{i:04d}"
    if isinstance(column, PublicationColumn):
        return "发布"
    if isinstance(column, ReferencesColumn):
        found = honor_names(column)
        return "、".join(found[i % len(found) : i % len(found) + 2])
    if isinstance(column, ReferenceColumn):
        found = names[column.lookup]
        return found[i % len(found)]
    if isinstance(column, ChoiceColumn):
        return column.choices()[i % len(column.choices())]
    if isinstance(column, IntegerColumn):
        return column.minimum + i % 40
    if isinstance(column, DecimalColumn):
        return f"{i % 97}.5"
    if isinstance(column, DateColumn):
        return (dt.date(2020, 1, 1) + dt.timedelta(days=i + (30 if column.field == "end_date" else 0))).isoformat()
    if isinstance(column, BooleanColumn):
        return "否"
    if isinstance(column, TagsColumn):
        return f"技能{i % 7}、检修"
    if isinstance(column, RichTextColumn):
        return f"{column.header}第一段{i}\n第二段"
    if column.field == "email":
        return f"p{i}@example.com"
    text = f"{tag}{column.header}{i}"
    return text[: column.max_length] if isinstance(column, TextColumn) and column.max_length else text


IMPORTERS_KEY = {importer.key_column.header: importer.key_column for importer in IMPORTERS.values()}


def generated_rows(importer, count, tag="导入"):
    names = reference_names()
    return [[valid_cell(column, i, names, tag) for column in importer.columns] for i in range(count)]


def bad_cells(column):
    """(cell, what the reason must mention) for every way this column's cell can be wrong."""
    if column.required:
        yield "", "必填"
    if isinstance(column, PublicationColumn):
        yield "也许", "发布"
    elif isinstance(column, ReferenceColumn):
        yield "没有这个名称的记录", "找不到"
    elif isinstance(column, ChoiceColumn):
        yield "不存在的选项", "可选"
    elif isinstance(column, IntegerColumn):
        yield "二〇一五", "整数"
        yield column.maximum + 1, "范围"
    elif isinstance(column, DecimalColumn):
        yield "十万元", "数字"
        yield "-3", "负数"
    elif isinstance(column, DateColumn):
        yield "2024-13-45", "日期"
    elif isinstance(column, BooleanColumn):
        yield "也许", "是"
    elif isinstance(column, TextColumn) and column.max_length:
        yield "字" * (column.max_length + 1), "超过"


def write_xlsx(path, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, headers, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def run_import(path, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", str(path), stdout=out, stderr=err, **options)
    return out.getvalue()


def failing_import(path, **options):
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_data", str(path), stdout=io.StringIO(), stderr=err, **options)
    return err.getvalue() + str(failure.value)


def everything():
    """What an import may change, as data: every row of the kinds it writes, with its fields."""
    return (
        sorted(Enterprise.objects.values_list("name", "short_name", "region", "industry", "ownership")),
        sorted(Person.objects.values_list("code", "name", "enterprise", "position", "phone")),
        sorted(Page.objects.values_list("pk", "title", "live", "latest_revision")),
        sorted(ProjectPage.objects.values_list("pk", "code", "summary", "economic_benefit")),
        sorted(CompetitionResult.objects.values_list("pk", "code", "page", "person", "rank", "award")),
    )


# --- Templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", TYPES)
def test_the_template_names_every_column_notes_it_and_lists_choices(type_name, tmp_path):
    path = tmp_path / f"{type_name}.xlsx"
    call_command("import_data", str(path), template=True, type=type_name, stdout=io.StringIO())
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    importer = IMPORTERS[type_name]
    assert [cell.value for cell in sheet[1]] == importer.headers()
    validated = {str(rule.sqref).split(":")[0][:-1] for rule in sheet.data_validations.dataValidation}
    for cell, column in zip(sheet[1], importer.columns, strict=True):
        assert cell.comment is not None and ("必填" if column.required else "选填") in cell.comment.text
        for choice in column.choices() or []:
            assert choice in cell.comment.text
        assert (cell.column_letter in validated) == bool(column.choices()), column.header
    guide = [row[0].value for row in workbook.worksheets[1].iter_rows(min_row=2) if row and row[0].value]
    assert set(importer.headers()) <= set(guide)


# --- A good file, in every format -----------------------------------------------------------------


@pytest.mark.parametrize("type_name", TYPES)
def test_the_same_rows_read_alike_in_xlsx_and_every_csv_encoding(type_name, tmp_path, demo):
    importer = IMPORTERS[type_name]
    rows = generated_rows(importer, 6)
    files = {
        "xlsx": write_xlsx(tmp_path / "rows.xlsx", importer.headers(), rows),
        **{
            encoding: write_csv(tmp_path / f"rows-{encoding}.csv", importer.headers(), rows, encoding)
            for encoding in ("utf-8", "utf-8-sig", "gb18030")
        },
    }
    read = {}
    for name, path in files.items():
        plan = importer().plan(open_sheet(path))
        assert plan.ok, list(plan.problems())
        assert [(row.number, row.action) for row in plan.shown_rows] == [(n, "new") for n in range(2, 8)]
        reader = importer()
        read[name] = [
            (row.number, sorted(map(str, reader.read_row(row, {}).values.values()))) for row in open_sheet(path).rows
        ]
    assert len({repr(values) for values in read.values()}) == 1
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        assert detect_encoding(files[encoding]) == encoding
    assert {open_sheet(path).size for path in files.values()} == {6}  # for the progress line


def test_a_file_in_no_accepted_encoding_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "studios.csv"
    path.write_bytes("工作室编号,工作室名称\n".encode("utf-16"))
    with pytest.raises(SpreadsheetError, match="编码"):
        open_sheet(path)
    assert "编码" in failing_import(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert "XLSX" in failing_import(broken)


@pytest.mark.parametrize("type_name", TYPES)
def test_an_import_writes_every_row_and_a_second_run_changes_nothing(type_name, tmp_path, demo):
    importer = IMPORTERS[type_name]
    rows = generated_rows(importer, 8)
    path = write_xlsx(tmp_path / "rows.xlsx", importer.headers(), rows)
    before = importer.model.objects.count()
    output = run_import(path)
    assert "新增 8 条" in output
    assert "导入：8 行" in output  # one closing line, off a terminal
    assert "检查：8 行" in run_import(path, dry_run=True)
    assert importer.model.objects.count() == before + 8
    snapshot = everything()
    assert "不变 8 条" in run_import(path)
    assert everything() == snapshot


@pytest.mark.parametrize("type_name", TYPES)
def test_an_edited_file_updates_the_rows_in_place(type_name, tmp_path, demo):
    importer = IMPORTERS[type_name]
    rows = generated_rows(importer, 5)
    run_import(write_xlsx(tmp_path / "first.xlsx", importer.headers(), rows))
    count = importer.model.objects.count()
    # Change one optional text column of row 3 (the spreadsheet's row 4).
    column = next(c for c in importer.columns if type(c) is TextColumn and not c.required and c.field != "email")
    position = importer.columns.index(column)
    rows[2][position] = "改过的内容"
    path = write_xlsx(tmp_path / "second.xlsx", importer.headers(), rows)
    assert "修改 1 条" in run_import(path, dry_run=True)
    assert "修改 1 条" in run_import(path)
    assert importer.model.objects.count() == count
    key = rows[2][importer.columns.index(importer.key_column)]
    row = importer.model.objects.get(**{importer.key_column.field: key})
    assert getattr(row, column.field) == "改过的内容"


def test_imported_studios_and_projects_are_live_pages_in_their_place_and_in_search(
    tmp_path, demo, client, django_capture_on_commit_callbacks
):
    studios = generated_rows(importers.StudioImporter, 3, tag="联盟导入")
    with django_capture_on_commit_callbacks(execute=True):
        run_import(write_xlsx(tmp_path / "studios.xlsx", importers.StudioImporter.headers(), studios))
    projects = generated_rows(importers.ProjectImporter, 4, tag="焊缝导入")
    studio_column = [c.header for c in importers.ProjectImporter.columns].index("所属工作室")
    for row in projects:
        row[studio_column] = studios[0][0]  # by 工作室编号
    with django_capture_on_commit_callbacks(execute=True):
        run_import(write_xlsx(tmp_path / "projects.xlsx", importers.ProjectImporter.headers(), projects))
    studio = StudioPage.objects.get(code=studios[0][0])
    assert studio.live and studio.get_parent().specific == demo.studio_index
    assert client.get(studio.url).status_code == 200
    imported = ProjectPage.objects.filter(code__in=[row[0] for row in projects])
    assert imported.count() == 4
    for project in imported:
        assert project.live and project.get_parent().pk == studio.pk and project.studio_id == studio.pk
        assert project.latest_revision is not None
        page = client.get(project.url)
        assert page.status_code == 200 and project.title in page.content.decode()
    found = search(SearchParams(q=projects[0][1], doc_type="project"))
    assert projects[0][1] in [hit.title for hit in found.hits]


def test_a_draft_row_makes_a_draft_page_and_never_unpublishes_one(tmp_path, demo):
    importer = importers.StudioImporter
    rows = generated_rows(importer, 2)
    rows[0][-1] = "草稿"
    path = write_xlsx(tmp_path / "studios.xlsx", importer.headers(), rows)
    run_import(path)
    draft, published = (StudioPage.objects.get(code=row[0]) for row in rows)
    assert not draft.live and published.live
    rows[1][-1] = "草稿"
    rows[1][importer.headers().index("简介")] = "草稿里的新简介"
    run_import(write_xlsx(tmp_path / "again.xlsx", importer.headers(), rows))
    published.refresh_from_db()
    assert published.live and published.has_unpublished_changes
    assert published.summary != "草稿里的新简介"
    assert published.get_latest_revision_as_object().summary == "草稿里的新简介"


# --- Bad files write nothing ---------------------------------------------------------------------


def bad_files(importer):
    """(column, bad cell, expected words) for every column and way of being wrong."""
    for column in importer.columns:
        for cell, words in bad_cells(column):
            yield column, cell, words


@pytest.mark.parametrize("type_name", TYPES)
def test_any_bad_cell_writes_nothing_and_names_its_row_column_and_reason(type_name, tmp_path, demo):
    importer = IMPORTERS[type_name]
    snapshot = everything()
    cases = list(bad_files(importer))
    assert cases
    for case, (column, cell, words) in enumerate(cases):
        rows = generated_rows(importer, 5, tag=f"坏{case}")
        bad_row = case % 5
        rows[bad_row][importer.columns.index(column)] = cell
        path = write_xlsx(tmp_path / f"bad-{case}.xlsx", importer.headers(), rows)
        message = failing_import(path)
        assert f"第 {bad_row + 2} 行，“{column.header}”列" in message, (column.header, cell, message)
        assert words in message, (column.header, cell, message)
        assert "未导入任何数据" in message
        assert everything() == snapshot, (column.header, cell)


@pytest.mark.parametrize("type_name", TYPES)
def test_a_key_used_twice_in_one_file_is_reported_on_the_second_row(type_name, tmp_path, demo):
    importer = IMPORTERS[type_name]
    rows = generated_rows(importer, 4)
    key = importer.columns.index(importer.key_column)
    rows[3][key] = rows[1][key]
    message = failing_import(write_xlsx(tmp_path / "dup.xlsx", importer.headers(), rows))
    assert f"第 5 行，“{importer.key_column.header}”列：与第 3 行重复" in message


def test_missing_and_unknown_columns_are_named(tmp_path, demo):
    importer = importers.ProjectImporter
    headers = [h for h in importer.headers() if h != "摘要"] + ["备注栏"]
    rows = [row[:-1] for row in generated_rows(importer, 2)]
    message = failing_import(write_xlsx(tmp_path / "cols.xlsx", headers, [[*r[:7], *r[8:], "x"] for r in rows]))
    assert "缺少必填列：摘要" in message and "不认识的列：备注栏" in message


def test_formula_and_merged_cells_are_reported_not_read(tmp_path, demo):
    importer = importers.EnterpriseImporter
    rows = generated_rows(importer, 4)
    path = tmp_path / "cells.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(importer.headers())
    for row in rows:
        sheet.append(row)
    sheet["B3"] = '=CONCAT("简","称")'
    sheet.merge_cells("F4:F5")
    workbook.save(path)
    snapshot = everything()
    message = failing_import(path)
    assert "第 3 行，“简称”列：单元格是公式" in message
    assert "第 4 行，“简介”列：单元格是合并单元格" in message and "第 5 行，“简介”列" in message
    assert everything() == snapshot


def test_rules_between_fields_are_checked_like_the_admin_does(tmp_path, demo):
    importer = importers.ProjectImporter
    rows = generated_rows(importer, 3)
    headers = importer.headers()
    rows[1][headers.index("完成日期")] = "2019-01-01"  # before its start
    rows[2][headers.index("寻求合作")] = "是"  # without saying what is sought
    rows[2][headers.index("合作需求")] = ""
    message = failing_import(write_xlsx(tmp_path / "rules.xlsx", headers, rows))
    assert "第 3 行，“完成日期”列：完成日期不能早于开始日期" in message
    assert "第 4 行，“合作需求”列：寻求合作时请说明合作需求" in message


def test_a_dry_run_shows_the_changes_and_writes_nothing(tmp_path, demo):
    importer = importers.PersonImporter
    rows = generated_rows(importer, 3)
    path = write_xlsx(tmp_path / "people.xlsx", importer.headers(), rows)
    snapshot = everything()
    assert "新增 3 条" in run_import(path, dry_run=True)
    assert everything() == snapshot
