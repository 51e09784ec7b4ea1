"""What the public forms (申请合作, 申请入驻) share."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE = re.compile(r"^\+?[\d\s-]{7,20}$")


class HoneypotForm(forms.Form):
    """A field hidden from people (CSS and aria-hidden, see components/form.html) that bots fill in."""

    website = forms.CharField(label=_("请勿填写此项"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
