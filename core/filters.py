"""The base of the public listings' filter sets: their drop-downs written in Python.

Django renders a <select> through one template per option (and one more for its attributes): ≈ 40 µs
an option, and the region, enterprise and honour lists have tens to hundreds of them, on every view of
a directory. QuickSelect writes the same markup with format_html, from options a model choice field
reads once per content version, kept under the filter set's and the field's names: a filter's options
are the same for every request (its queryset may not depend on the request or be changed per instance).
"""

import django_filters

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from core.pagecache import kept_until_next_write

SELECT = '<select name="{}"{}>{}\n</select>'
OPTGROUP = '\n  <optgroup label="{}">{}\n  </optgroup>'
OPTION = '\n  <option value="{}"{}>{}</option>'


class QuickSelect(forms.Select):
    """forms.Select's markup (select.html, select_option.html, attrs.html, the options Select.optgroups
    builds) written directly: one string per option instead of a context dict and a template."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted, selected = set(self.format_value(value)), False

        def option(option_value, label):
            nonlocal selected
            chosen = not selected and str(option_value) in wanted  # a single select marks its first match
            selected |= chosen
            return format_html(OPTION, str(option_value), " selected" if chosen else "", label)

        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                options = format_html_join("", "{}", ((option(*choice),) for choice in group_label))
                parts.append(format_html(OPTGROUP, group_value, options))
            else:
                parts.append(option("" if group_value is None else group_value, group_label))
        markup = format_html_join("", "{}", ((part,) for part in parts))
        return format_html(SELECT, name, flatatt(self.build_attrs(self.attrs, attrs)), markup)


def listed_choices(field, name):
    """A model choice field's options, read once per content version: the enterprises, regions and honours
    are read and built on every view of a directory otherwise. Its queryset still checks a chosen value."""
    if not isinstance(field, forms.ModelChoiceField):
        return field.widget.choices

    def options():
        return [(str(value), str(label)) for value, label in field.choices]

    return kept_until_next_write(f"choices:{name}:{get_language()}", options)


class QuickSelectForm(forms.Form):
    filter_set_name = ""  # set by FilterSet.get_form_class

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field.widget) is forms.Select:  # subclasses may have their own option markup
                choices = listed_choices(field, f"{self.filter_set_name}.{name}")
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=choices)


class FilterSet(django_filters.FilterSet):
    class Meta:
        form = QuickSelectForm

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.filter_set_name = f"{type(self).__module__}.{type(self).__qualname__}"
        return form_class
