from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PHONE, HoneypotForm
from review.models import StudioApplication
from review.onboarding import duplicate_of

CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024


class StudioApplicationForm(HoneypotForm, forms.ModelForm):
    class Meta:
        model = StudioApplication
        fields = [
            "enterprise",
            "studio_name",
            "studio_type",
            "level",
            "lead_name",
            "lead_phone",
            "lead_email",
            "intro",
            "certificate",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 5, "maxlength": 500})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].widget.attrs.update({"accept": "image/jpeg,image/png"})

    def clean_lead_phone(self):
        value = self.cleaned_data["lead_phone"].strip()
        if not PHONE.match(value):
            raise ValidationError(_("请填写有效的手机号，例如 13912345678。"), code="phone")
        return value

    def clean_certificate(self):
        certificate = self.cleaned_data["certificate"]
        if certificate and certificate.size > CERTIFICATE_MAX_BYTES:
            raise ValidationError(_("证书图片不能超过 10 MB。"), code="size")
        return certificate

    def clean(self):
        cleaned = super().clean()
        enterprise, name = cleaned.get("enterprise"), cleaned.get("studio_name")
        if enterprise and name and duplicate_of(enterprise, name):
            raise ValidationError(
                _("%(enterprise)s的“%(name)s”已经入驻或已提交申请，请勿重复申请；如需修改请联系工会。")
                % {"enterprise": enterprise.display_name, "name": name},
                code="duplicate",
            )
        return cleaned
