"""The base of the public listings' filter sets: their drop-downs written in Python.

Django renders a <select> through one template per option (and one more for its attributes): ≈ 40 µs
an option, and the region, enterprise and honour lists have tens to hundreds of them, on every view of
a directory. QuickSelect writes the same markup with format_html.
"""

import django_filters

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """forms.Select's markup (select.html, select_option.html, attrs.html) without its templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        markup = format_html_join("", "{}", ((self.render_group(*group),) for group in widget["optgroups"]))
        return format_html('<select name="{}"{}>{}\n</select>', name, flatatt(widget["attrs"]), markup)

    @staticmethod
    def render_group(group_name, options, _index):
        rendered = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((str(option["value"]), flatatt(option["attrs"]), option["label"]) for option in options),
        )
        if not group_name:
            return rendered
        return format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered)


class QuickSelectForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:  # subclasses may have their own option markup
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)


class FilterSet(django_filters.FilterSet):
    class Meta:
        form = QuickSelectForm
