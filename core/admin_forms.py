"""The admin form of the project's own records (snippets and viewsets): a save that would overwrite a
change someone else saved after you opened the record is refused.

These records have no revisions, so the form carries a fingerprint of the record as it was opened —
the values of the fields it edits and of its inline rows. If the saved record no longer matches it,
the save is refused with a Chinese message naming who saved when and a link to their version, and the
editor's input stays in the form. Saving again then is a deliberate overwrite (as for pages:
core.page_forms).
"""

import hashlib
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
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


def name_duplicate_rows(form):
    """Give the form's inline formsets a Chinese message for two rows that repeat what must be unique
    (a person twice in one competition's results, say). Django's names the columns — `page 和 person` —
    and the parent's key among them."""

    def message(formset, unique_check):
        fields = [formset.model._meta.get_field(name) for name in unique_check if name != formset.fk.name]
        named = _("、").join(_("「%(name)s」") % {"name": field.verbose_name} for field in fields)
        return _("有两行的%(fields)s相同，请删除或修改其中一行。") % {"fields": named}

    for formset in getattr(form, "formsets", {}).values():
        formset.get_unique_error_message = partial(message, formset)


class ConflictCheckedModelForm(WagtailAdminModelForm):
    opened_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_duplicate_rows(self)
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
