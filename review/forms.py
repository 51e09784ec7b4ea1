import io

from PIL import Image as PILImage

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from core.forms import PHONE, HoneypotForm
from review.models import StudioApplication, duplicate_message
from review.onboarding import existing_studio

CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024
FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}


def verified_image(upload):
    """The upload decoded by Pillow and saved again: the content must be the format its name says,
    within the pixel limit, and whatever was appended after the image (a script, an archive) is gone."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    expected = FORMATS.get(extension)
    try:
        upload.seek(0)
        with PILImage.open(upload) as image:
            if image.format != expected:
                raise ValidationError(_("文件内容与扩展名不符：请上传真正的 JPG 或 PNG 图片。"), code="format")
            if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise ValidationError(_("图片像素过多（不超过 4000 万像素）。"), code="pixels")
            image.load()
            clean = io.BytesIO()
            if expected == "JPEG":
                image.convert("RGB").save(clean, format="JPEG", quality=90)
            else:
                image.save(clean, format="PNG")
    except (OSError, SyntaxError, PILImage.DecompressionBombError):
        raise ValidationError(_("无法读取这张图片，请上传有效的 JPG 或 PNG 文件。"), code="invalid") from None
    return ContentFile(clean.getvalue(), name=f"certificate.{'jpg' if expected == 'JPEG' else 'png'}")


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
        return verified_image(certificate) if certificate else certificate

    def clean(self):
        cleaned = super().clean()
        enterprise, name = cleaned.get("enterprise"), cleaned.get("studio_name")
        if enterprise and name and existing_studio(enterprise, name):
            raise ValidationError(duplicate_message(enterprise, name), code="duplicate")
        return cleaned
