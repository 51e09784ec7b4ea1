from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from collaboration.models import CollaborationRequest
from core.forms import PHONE, HoneypotForm
from projects.choices import AdoptionStatus
from projects.models import ProjectAdoption
from studios.models import Enterprise


def checked_contact(value):
    """A phone number or an e-mail address, or a ValidationError saying so in Chinese."""
    value = value.strip()
    if PHONE.match(value):
        return value
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("请填写手机号或电子邮箱，例如 13912345678 或 name@example.com。"), code="contact"
        ) from None
    return value


class CollaborationRequestForm(HoneypotForm, forms.ModelForm):
    class Meta:
        model = CollaborationRequest
        fields = ["name", "organisation", "contact", "topic", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].widget.attrs.update({"autocomplete": "email"})

    def clean_contact(self):
        return checked_contact(self.cleaned_data["contact"])

    def clean_message(self):
        value = self.cleaned_data["message"].strip()
        if len(value) < 10:
            raise ValidationError(_("请把合作需求写得具体一些（至少 10 个字）。"), code="short")
        return value


class AdoptionForm(HoneypotForm, forms.ModelForm):
    """登记推广应用: an engineer records that a project is in use at their enterprise (the studio confirms)."""

    class Meta:
        model = ProjectAdoption
        fields = [
            "enterprise",
            "site",
            "adopted_on",
            "annual_benefit",
            "description",
            "contact_name",
            "contact",
            "contact_public",
        ]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, instance=ProjectAdoption(project=project), **kwargs)
        own = project.studio.enterprise_id if project.studio_id else None
        self.fields["enterprise"].queryset = Enterprise.objects.exclude(pk=own).order_by("name")
        self.fields["enterprise"].empty_label = _("请选择贵单位所属企业")
        self.fields["contact"].widget.attrs.update({"autocomplete": "email"})

    def clean_contact(self):
        return checked_contact(self.cleaned_data["contact"])

    def clean_description(self):
        value = self.cleaned_data["description"].strip()
        if len(value) < 10:
            raise ValidationError(_("请把应用情况写得具体一些（至少 10 个字）。"), code="short")
        return value

    def clean(self):
        cleaned = super().clean()
        enterprise = cleaned.get("enterprise")
        standing = ProjectAdoption.objects.filter(project=self.instance.project, enterprise=enterprise).exclude(
            status=AdoptionStatus.DECLINED
        )
        if enterprise is not None and standing.exists():
            self.add_error("enterprise", _("该企业对这项成果的推广应用已经登记过了，正在等待或已经得到工作室确认。"))
        return cleaned
