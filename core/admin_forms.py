"""The admin form of the project's own records (snippets and viewsets): a save that would overwrite a
change someone else saved after you opened the record is refused.

These records have no revisions, so the form carries a fingerprint of the record as it was opened —
the values of the fields it edits and of its inline rows. If the saved record no longer matches it,
the save is refused with a Chinese message naming who saved when and a link to their version, and the
editor's input stays in the form. Saving again then is a deliberate overwrite (as for pages:
core.page_forms).
"""

import hashlib
from collections import defaultdict
from functools import partial

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import UniqueConstraint
from django.utils.hashable import make_hashable
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.log_actions import registry as log_registry

OPENED = "opened_version"


def stable(value):
    """A value's text that is the same for the same saved data (related rows in any order)."""
    if isinstance(value, list | tuple | set):
        return sorted(map(repr, value))
    return repr(value)


def check_repeated_rows(form):
    """The form's inline formsets refuse two rows that repeat what must be unique, in Chinese.

    Django's formset compares its rows only for unconditional uniqueness, and its message names the
    columns (`page 和 person`), the parent's key among them. A code unique only when given
    (core.models.unique_code) is compared here too, so two rows of one save are refused with a message
    rather than stopped by the database."""
    for formset in getattr(form, "formsets", {}).values():
        formset.get_unique_error_message = partial(repeated_rows_message, formset)
        formset.validate_unique = partial(validate_unique_rows, formset, formset.validate_unique)


def repeated_rows_message(formset, unique_check):
    fields = [formset.model._meta.get_field(name) for name in unique_check if name != formset.fk.name]
    named = _("、").join(_("「%(name)s」") % {"name": field.verbose_name} for field in fields)
    return _("有两行的%(fields)s相同，请删除或修改其中一行。") % {"fields": named}


def validate_unique_rows(formset, django_checks):
    errors = []
    try:
        django_checks()
    except ValidationError as error:
        errors = error.error_list
    conditional = [
        constraint
        for constraint in formset.model._meta.constraints
        if isinstance(constraint, UniqueConstraint) and constraint.condition is not None and constraint.fields
    ]
    rows = [row for row in formset.forms if row.is_valid() and row not in formset.deleted_forms]
    for constraint in conditional:
        by_values = defaultdict(list)
        for row in rows:
            values = tuple(make_hashable(getattr(row.instance, name)) for name in constraint.fields)
            if None not in values:
                by_values[values].append(row)
        # Only rows that repeat a value ask the database whether the condition holds (a blank code: it does not).
        for same in by_values.values():
            if len(same) < 2:
                continue
            held = [
                row
                for row in same
                if constraint.condition.check(row.instance._get_field_expression_map(meta=row.instance._meta))
            ]
            for row in held[1:]:
                errors.append(ValidationError(formset.get_unique_error_message(constraint.fields)))
                row._errors[NON_FIELD_ERRORS] = formset.error_class([formset.get_form_error()])
    if errors:
        raise ValidationError(errors)


class ConflictCheckedModelForm(WagtailAdminModelForm):
    opened_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_repeated_rows(self)
        if self.instance.pk:
            # For a POST this is the record as saved now (the view loads it afresh for each request).
            self.saved_version = self.fingerprint()
            self.initial[OPENED] = self.saved_version

    def fingerprint(self):
        """The saved values this form edits (self.initial comes from the record), and its inline rows'."""
        values = sorted((name, repr(value)) for name, value in self.initial.items() if name != OPENED)
        for name, formset in sorted(getattr(self, "formsets", {}).items()):
            values.append(
                (name, [sorted((k, repr(v)) for k, v in form.initial.items()) for form in formset.initial_forms])
            )
        return hashlib.sha256(repr(values).encode()).hexdigest()

    def clean(self):
        cleaned = super().clean()
        opened = self.data.get(OPENED)
        if self.instance.pk and opened and opened != self.saved_version:
            self._refuse()
        return cleaned

    def _refuse(self):
        last = log_registry.get_logs_for_instance(self.instance).select_related("user").first()
        who = (last.user.get_full_name() or last.user.get_username()) if last and last.user else _("其他编辑")
        if last:
            when = localtime(last.timestamp).strftime("%Y-%m-%d %H:%M")
            message = _("未保存：您打开此记录后，%(who)s 于 %(when)s 保存了修改。") % {"who": who, "when": when}
        else:
            message = _("未保存：您打开此记录后，%(who)s 保存了修改。") % {"who": who}
        # The next save, made knowingly, may overwrite: the form now carries the saved version.
        self.data = self.data.copy()
        self.data[OPENED] = self.saved_version
        edit_url = AdminURLFinder(getattr(self, "for_user", None)).get_edit_url(self.instance) or ""
        raise ValidationError(
            format_html(
                '{}{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                message,
                _("再次保存将覆盖对方的修改。"),
                edit_url,
                _("在新标签页查看对方保存的内容"),
            ),
            code="conflict",
        )
