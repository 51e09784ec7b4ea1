"""Import templates: an XLSX per type with the columns in Chinese, a note on every header (required or
not, allowed values, format) and drop-down lists for the columns with a fixed set of values."""

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from django.utils.translation import gettext as _

REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")
OPTIONAL_FILL = PatternFill("solid", fgColor="E8EEF7")
VALIDATED_ROWS = 5000  # drop-down lists cover this many data rows


def column_note(column):
    parts = [_("必填") if column.required else _("选填")]
    if column.describe():
        parts.append(column.describe())
    if column.choices():
        parts.append(_("可选：%(choices)s") % {"choices": "、".join(column.choices())})
    return "；".join(parts)


def template_workbook(importer):
    """The template's bytes: sheet 1 for the data (header row only), sheet 2 explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.label)
    for index, column in enumerate(importer.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="B42318" if column.required else "1F2937")
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.comment = Comment(column_note(column), "创新工作室联盟", width=260, height=110)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.choices():
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices()) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=_("不是可选值"),
                error=_("请从下拉列表中选择"),
            )
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("填写说明"))
    guide.append([_("列名"), _("必填"), _("说明")])
    for column in importer.columns:
        guide.append([column.header, _("是") if column.required else _("否"), column_note(column)])
    for letter, width in (("A", 22), ("B", 8), ("C", 80)):
        guide.column_dimensions[letter].width = width
    guide.append([])
    guide.append([_("红色列名为必填。第一张表从第 2 行起每行一条；不要合并单元格，不要使用公式。")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
