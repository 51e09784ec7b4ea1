"""The admin listings' Excel and CSV exports (Wagtail's list_export), made safe and readable for Excel:
the CSV starts with a BOM (else Excel on Chinese Windows shows UTF-8 as mojibake), and text that a
spreadsheet would run as a formula (=, +, -, @ first — a request form is public) is written as text."""

import codecs

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from core.spreadsheets import formula_safe


class SafeSpreadsheetExport:
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if isinstance(value, str) else value

    def stream_csv(self, queryset):
        yield codecs.BOM_UTF8.decode()
        yield from super().stream_csv(queryset)


class SafeExportsViewSet:
    """A viewset mixin giving every exporting view of the viewset SafeSpreadsheetExport."""

    def construct_view(self, view_class, **kwargs):
        if issubclass(view_class, SpreadsheetExportMixin) and not issubclass(view_class, SafeSpreadsheetExport):
            view_class = type(view_class.__name__, (SafeSpreadsheetExport, view_class), {})
        return super().construct_view(view_class, **kwargs)
