"""Spreadsheets in and out: read a CSV or XLSX file row by row, write a list as XLSX or CSV.

Reading streams (openpyxl's read-only mode, csv's reader over a decoded stream), so memory does not grow
with the file. A CSV's encoding is detected, never guessed: UTF-8 with or without a BOM, or GB18030 (what
Excel on Chinese Windows saves), and a file that is none of them is refused with a reason. What a reader
cannot trust — formula cells, merged cells — is reported per cell rather than read as a value.
"""

import codecs
import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote

from defusedxml.ElementTree import iterparse
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SNIFF_BYTES = 1 << 20  # how much of a CSV is decoded to tell its encoding


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, unknown encoding, no header row)."""


@dataclass
class Row:
    """One data row: its number as the spreadsheet shows it, the cells by header, and problems found in
    cells that cannot be read as values (column header → reason)."""

    number: int
    cells: dict
    problems: dict = field(default_factory=dict)

    def is_blank(self):
        return not self.problems and all(value in (None, "") for value in self.cells.values())


@dataclass
class Sheet:
    """A readable table: `headers` from the first row, `rows` an iterator of Row, `description` saying
    what was read (format and encoding) for the user, `size` the number of data rows (as the file
    declares it, for progress: an XLSX may not say)."""

    headers: list
    rows: object
    description: str
    size: int = 0


def open_sheet(path):
    """The table in the file at `path` (.xlsx, or .csv in any of the accepted encodings)."""
    with open(path, "rb") as stream:
        start = stream.read(4)
    if start.startswith(b"PK"):
        return _open_xlsx(path)
    if str(path).lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise SpreadsheetError(_("文件不是有效的 XLSX 工作簿（旧版 .xls 请在 Excel 中另存为 .xlsx）"))
    return _open_csv(path)


# --- CSV -----------------------------------------------------------------------------------------


def detect_encoding(path):
    """'utf-8-sig', 'utf-8' or 'gb18030', decided from the bytes; SpreadsheetError when none fits."""
    with open(path, "rb") as stream:
        sample = stream.read(SNIFF_BYTES)
        complete = len(sample) < SNIFF_BYTES
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=complete)  # a character cut at the sample's end is not an error
        except UnicodeDecodeError:
            continue
        if complete or _whole_file_decodes(path, encoding):
            return encoding
    raise SpreadsheetError(_("无法识别文件编码：请另存为 UTF-8 或 GB18030 编码的 CSV，或 XLSX"))


def _whole_file_decodes(path, encoding):
    try:
        with open(path, encoding=encoding) as stream:
            while stream.read(1 << 20):
                pass
    except UnicodeDecodeError:
        return False
    return True


ENCODING_NAMES = {"utf-8-sig": "UTF-8（带 BOM）", "utf-8": "UTF-8", "gb18030": "GB18030"}


def _open_csv(path):
    encoding = detect_encoding(path)
    stream = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed when the rows are read
    reader = csv.reader(stream)
    try:
        headers = [cell.strip() for cell in next(reader)]
    except StopIteration:
        stream.close()
        raise SpreadsheetError(_("文件是空的：第 1 行应为列名")) from None
    except (UnicodeDecodeError, csv.Error) as error:
        stream.close()
        raise SpreadsheetError(_("无法读取 CSV：%(error)s") % {"error": error}) from None

    def rows():
        with stream:
            for number, values in enumerate(reader, start=2):
                yield Row(number, _by_header(headers, values))

    description = _("CSV，编码 %(encoding)s") % {"encoding": ENCODING_NAMES[encoding]}
    return Sheet(headers, rows(), description, _count_rows(path, encoding))


def _count_rows(path, encoding):
    """Data rows of a CSV (a quick pass without decoding cells: quoted line breaks count once)."""
    try:
        with open(path, encoding=encoding, newline="") as stream:
            return max(0, sum(1 for _row in csv.reader(stream)) - 1)
    except (UnicodeDecodeError, csv.Error):
        return 0


def _by_header(headers, values):
    values = list(values) + [""] * (len(headers) - len(values))
    return {header: value for header, value in zip(headers, values, strict=False) if header}


# --- XLSX ----------------------------------------------------------------------------------------


def _open_xlsx(path):
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("文件不是有效的 XLSX 工作簿：%(error)s") % {"error": error}) from None
    sheet = workbook.worksheets[0]
    merged = _merged_cells(workbook, sheet)
    cells = sheet.iter_rows()
    try:
        header_row = next(cells)
    except StopIteration:
        workbook.close()
        raise SpreadsheetError(_("工作表“%(name)s”是空的：第 1 行应为列名") % {"name": sheet.title}) from None
    headers = [_text(cell.value).strip() for cell in header_row]

    def rows():
        try:
            for number, row in enumerate(cells, start=2):
                values, problems = {}, {}
                for column, cell in enumerate(row, start=1):
                    if column > len(headers) or not headers[column - 1]:
                        continue
                    header = headers[column - 1]
                    if cell.data_type == "f":
                        problems[header] = _("单元格是公式，请复制后“粘贴为数值”")
                    elif (number, column) in merged:
                        problems[header] = _("单元格是合并单元格，请取消合并后每行填写")
                    values[header] = cell.value
                yield Row(number, {h: values.get(h) for h in headers if h}, problems)
        finally:
            workbook.close()

    size = max(0, (sheet.max_row or 1) - 1)  # from the sheet's declared dimension, if any
    return Sheet(headers, rows(), _("XLSX 工作表“%(name)s”") % {"name": sheet.title}, size)


def _merged_cells(workbook, sheet):
    """(row, column) of every cell inside a merged range of the data rows. Read-only mode does not load
    merges, so the sheet's XML is scanned for them (streamed: they come after the cells)."""
    archive, member = getattr(workbook, "_archive", None), getattr(sheet, "_worksheet_path", None)
    if archive is None or member is None:
        return set()
    merged = set()
    with archive.open(member) as source:
        for _event, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                first_column, first_row, last_column, last_row = range_boundaries(element.get("ref"))
                if last_row >= 2:
                    for row in range(max(first_row, 2), last_row + 1):
                        merged.update((row, column) for column in range(first_column, last_column + 1))
            element.clear()
    return merged


def _text(value):
    return "" if value is None else str(value)


# --- Writing -------------------------------------------------------------------------------------


def cell_text(value):
    """A value as a spreadsheet cell shows it: dates as 2026-05-01, booleans as 是/否, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def formula_safe(text):
    """Cells that a spreadsheet would run as a formula (=, +, -, @ first) are written as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def xlsx_response(filename, headers, rows, *, sheet_title=None):
    """An XLSX download of `rows` (iterables of values) under `headers`, written in constant memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(sheet_title or filename)[:31])
    sheet.append(list(headers))
    widths = [max(8, min(40, len(str(h)) * 2 + 2)) for h in headers]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        sheet.append([formula_safe(cell_text(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(f"{filename}.xlsx")
    return response


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, headers, rows):
    """A CSV download (UTF-8 with a BOM, so Excel on Chinese Windows opens it correctly), streamed."""
    writer = csv.writer(_Echo())

    def lines():
        yield codecs.BOM_UTF8.decode() + writer.writerow(list(headers))
        for row in rows:
            yield writer.writerow([formula_safe(cell_text(value)) for value in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = attachment(f"{filename}.csv")
    return response


def attachment(filename):
    return f"attachment; filename*=UTF-8''{quote(filename)}"
