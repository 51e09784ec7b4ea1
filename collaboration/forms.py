from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from collaboration.models import CollaborationRequest
from core.forms import PHONE, HoneypotForm


class CollaborationRequestForm(HoneypotForm, forms.ModelForm):
    class Meta:
        model = CollaborationRequest
        fields = ["name", "organisation", "contact", "topic", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].widget.attrs.update({"autocomplete": "email"})

    def clean_contact(self):
        value = self.cleaned_data["contact"].strip()
        if PHONE.match(value):
            return value
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("请填写手机号或电子邮箱，例如 13912345678 或 name@example.com。"), code="contact"
            ) from None
        return value

    def clean_message(self):
        value = self.cleaned_data["message"].strip()
        if len(value) < 10:
            raise ValidationError(_("请把合作需求写得具体一些（至少 10 个字）。"), code="short")
        return value
