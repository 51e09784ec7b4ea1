"""The base of the public listings' filter sets: their drop-downs written in Python.

Django renders a <select> through one template per option (and one more for its attributes): ≈ 40 µs
an option, and the region, enterprise and honour lists have tens to hundreds of them, on every view of
a directory. QuickSelect writes the same markup with format_html, from options a model choice field
reads once per content version.
"""

import django_filters

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from core.pagecache import cached_for_query


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


def listed_choices(field):
    """A model choice field's options, read once per content version: the enterprises, regions and honours
    are read and built on every view of a directory otherwise. Its queryset still checks a chosen value."""
    if not isinstance(field, forms.ModelChoiceField):
        return field.widget.choices

    def options():
        return [(str(value), str(label)) for value, label in field.choices]

    return cached_for_query(f"choices:{get_language()}", field.queryset, options)


class QuickSelectForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:  # subclasses may have their own option markup
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=listed_choices(field))


class FilterSet(django_filters.FilterSet):
    class Meta:
        form = QuickSelectForm
