"""The columns of an import file: how a cell becomes a field's value, and what is wrong with it if not.

A column reads one cell (`parse`), says what the row holds today (`current`) and shows both to people
(`show`). Problems are raised as CellError with a reason in Chinese; the importer adds row and column.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from core.text import tag_names

LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
]
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×"}


class CellError(Exception):
    """A cell that cannot become the field's value; the message says why, in Chinese."""


def text_of(raw):
    """A cell's text: None as empty, whole floats from a spreadsheet without their '.0'."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time(0) else raw.isoformat(sep=" ")
    return str(raw).strip()


class Column:
    """`header` as the file names it, `field` the model's attribute, a note for the template."""

    def __init__(self, header, field, *, required=False, note="", default=None):
        self.header = header
        self.field = field
        self.required = required
        self.note = note
        self.default = default

    def read(self, raw, importer):
        """The field's value from the raw cell; the default for an empty optional cell."""
        if text_of(raw) == "":
            if self.required:
                raise CellError(_("必填，不能为空"))
            return self.default
        return self.parse(raw, importer)

    def parse(self, raw, importer):
        return text_of(raw)

    def current(self, obj):
        return getattr(obj, self.field)

    def show(self, value):
        return "" if value is None else str(value)

    def choices(self):
        """Allowed values for a validation list in the template, or None."""
        return None

    def describe(self):
        return self.note


class TextColumn(Column):
    def __init__(self, header, field, *, max_length=None, **kwargs):
        super().__init__(header, field, default="", **kwargs)
        self.max_length = max_length

    def parse(self, raw, importer):
        text = text_of(raw)
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                _("超过 %(limit)s 字（现有 %(length)s 字）") % {"limit": self.max_length, "length": len(text)}
            )
        return text

    def describe(self):
        limit = _("不超过 %(limit)s 字") % {"limit": self.max_length} if self.max_length else ""
        return "；".join(part for part in (self.note, limit) if part)


class RichTextColumn(TextColumn):
    """Plain text in the cell, paragraphs on the page: one <p> per line."""

    def parse(self, raw, importer):
        text = super().parse(raw, importer)
        return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())

    def show(self, value):
        return strip_tags(value or "")


class ChoiceColumn(Column):
    def __init__(self, header, field, choices, **kwargs):
        super().__init__(header, field, **kwargs)
        self.choices_class = choices

    def parse(self, raw, importer):
        text = text_of(raw)
        for value, label in self.choices_class.choices:
            if text in (str(label), value):
                return value
        raise CellError(
            _("“%(value)s”不是可选值（可选：%(choices)s）") % {"value": text, "choices": "、".join(self.choices())}
        )

    def show(self, value):
        return str(self.choices_class(value).label) if value in self.choices_class.values else str(value or "")

    def choices(self):
        return [str(label) for label in self.choices_class.labels]


class IntegerColumn(Column):
    def __init__(self, header, field, *, minimum=None, maximum=None, **kwargs):
        super().__init__(header, field, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, raw, importer):
        text = text_of(raw)
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(_("“%(value)s”不是整数") % {"value": text})
        number = int(text)
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise CellError(
                _("%(value)s 超出范围（%(minimum)s–%(maximum)s）")
                % {"value": number, "minimum": self.minimum, "maximum": self.maximum}
            )
        return number


class DecimalColumn(Column):
    def __init__(self, header, field, *, max_digits, decimal_places, **kwargs):
        super().__init__(header, field, **kwargs)
        self.max_digits, self.decimal_places = max_digits, decimal_places

    def parse(self, raw, importer):
        text = text_of(raw).replace(",", "").replace("，", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s”不是数字") % {"value": text_of(raw)}) from None
        if not number.is_finite():
            raise CellError(_("“%(value)s”不是数字") % {"value": text_of(raw)})
        if number < 0:
            raise CellError(_("不能为负数"))
        number = number.quantize(Decimal(1).scaleb(-self.decimal_places))
        if len(number.as_tuple().digits) > self.max_digits:
            raise CellError(_("数值过大"))
        return number

    def show(self, value):
        return "" if value is None else f"{value:.{self.decimal_places}f}"


class DateColumn(Column):
    def parse(self, raw, importer):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = text_of(raw)
        for pattern in DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                try:
                    return dt.date(*(int(part) for part in match.groups()))
                except ValueError:
                    break
        raise CellError(_("“%(value)s”不是有效日期（例如 2024-05-01）") % {"value": text})

    def show(self, value):
        return value.isoformat() if value else ""

    def describe(self):
        return self.note or _("日期，例如 2024-05-01")


class BooleanColumn(Column):
    def __init__(self, header, field, **kwargs):
        kwargs.setdefault("default", False)
        super().__init__(header, field, **kwargs)

    def parse(self, raw, importer):
        text = text_of(raw).lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise CellError(_("“%(value)s”应为“是”或“否”") % {"value": text_of(raw)})

    def show(self, value):
        return _("是") if value else _("否")

    def choices(self):
        return [_("是"), _("否")]


class TagsColumn(Column):
    """Several words in one cell, separated by 、 or commas; stored as tags."""

    MAX_TAG_LENGTH = 100

    def __init__(self, header, field, **kwargs):
        kwargs.setdefault("default", [])
        super().__init__(header, field, **kwargs)

    def parse(self, raw, importer):
        names = []
        for name in LIST_SEPARATORS.split(text_of(raw)):
            name = name.strip()
            if len(name) > self.MAX_TAG_LENGTH:
                raise CellError(_("“%(value)s”超过 100 字") % {"value": name[:20]})
            if name and name not in names:
                names.append(name)
        return names

    def current(self, obj):
        return tag_names(getattr(obj, self.field).all())

    def normalised(self, value):
        return sorted(value or [])

    def show(self, value):
        return "、".join(value or [])

    def describe(self):
        return self.note or _("多个用“、”分隔")


class ReferenceColumn(Column):
    """A name in the cell, a row of another table in the field: `lookup(text, importer)` finds it or
    raises CellError. Unknown names are reported, never created."""

    def __init__(self, header, field, lookup, **kwargs):
        super().__init__(header, field, **kwargs)
        self.lookup = lookup

    def parse(self, raw, importer):
        return self.lookup(text_of(raw), importer)

    def current(self, obj):
        return getattr(obj, self.field)

    def show(self, value):
        return "" if value is None else str(value)


class ReferencesColumn(ReferenceColumn):
    """Several names in one cell (、-separated), several rows of another table."""

    def __init__(self, header, field, lookup, **kwargs):
        kwargs.setdefault("default", [])
        super().__init__(header, field, lookup, **kwargs)

    def parse(self, raw, importer):
        found = []
        for name in LIST_SEPARATORS.split(text_of(raw)):
            if name.strip():
                item = self.lookup(name.strip(), importer)
                if item not in found:
                    found.append(item)
        return found

    def current(self, obj):
        return list(getattr(obj, self.field).all())

    def normalised(self, value):
        return sorted(item.pk for item in value or [])

    def show(self, value):
        return "、".join(str(item) for item in value or [])

    def describe(self):
        return "；".join(part for part in (self.note, _("多个用“、”分隔")) if part)
