"""The admin form of every page type: a save that would overwrite a newer version is refused.

Two editors open the same page; the first saves. Wagtail would let the second save silently replace
that (the first's change survives only in the history). The form carries the revision it was opened
on; if the page has a newer one when it is saved, the save is refused with a Chinese message and a
link comparing the two versions, and the editor's input stays in the form. Saving again then is a
deliberate overwrite.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import TitleFieldPanel

from core.admin_forms import check_repeated_rows

OPENED = "opened_revision_id"
NO_REVISION = "none"  # opened before the page had any revision (pages made in bulk have none)


class PageForm(WagtailAdminPageForm):
    opened_revision_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_repeated_rows(self)
        if self.instance.pk:
            self.initial[OPENED] = str(self.instance.latest_revision_id or NO_REVISION)

    def clean(self):
        cleaned = super().clean()
        opened, latest = self.data.get(OPENED), self.instance.latest_revision if self.instance.pk else None
        if opened and latest is not None and opened != str(latest.pk):
            self._refuse(opened, latest)
        return cleaned

    def _refuse(self, opened, latest):
        earlier = "earliest" if opened == NO_REVISION else opened
        compare = reverse("wagtailadmin_pages:revisions_compare", args=(self.instance.pk, earlier, latest.pk))
        who = (latest.user.get_full_name() or latest.user.get_username()) if latest.user else _("其他编辑")
        when = localtime(latest.created_at).strftime("%Y-%m-%d %H:%M")
        # The next save, made knowingly, may overwrite: the form now carries the newer revision.
        self.data = self.data.copy()
        self.data[OPENED] = str(latest.pk)
        raise ValidationError(
            format_html(
                '{} <a href="{}">{}</a>',
                _("未保存：您打开此页面后，%(who)s 于 %(when)s 保存了新的版本。再次保存将覆盖对方的修改。")
                % {"who": who, "when": when},
                compare,
                _("查看差异"),
            )
        )


class TitlePanel(TitleFieldPanel):
    """The title field, with the hidden field that names the revision the editor opened (a panel of
    its own would show an empty box)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["fields"] = [*options.get("fields", []), OPENED]
        return options

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def render_html(self, parent_context=None):
            html = super().render_html(parent_context)
            opened = self.form[OPENED] if OPENED in self.form.fields else ""
            return mark_safe(f"{html}{opened}")  # noqa: S308 — both parts are rendered by Django
