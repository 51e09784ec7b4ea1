"""Private uploads: 申请入驻 certificates stored outside the public media folder under random names,
verified and re-encoded by Pillow, shown only to those who may see applications; documents download
for everyone only once a published page offers them."""

import io

import pytest
from PIL import Image as PILImage

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model

from review.models import StudioApplication
from review.roles import STUDIO_MEMBERS, role_group
from tests.test_onboarding import application_data, certificate

pytestmark = pytest.mark.django_db


def apply(client, enterprise, upload, name="孙建华数控技能大师工作室"):
    return client.post(reverse("studio_apply"), application_data(enterprise, certificate=upload, studio_name=name))


def test_a_certificate_is_stored_privately_under_a_random_name(client, enterprise, reviewer):
    assert apply(client, enterprise, certificate("孙建华的证书.png")).status_code == 302
    stored = StudioApplication.objects.get().certificate
    assert "孙建华" not in stored.name and stored.name.startswith("certificates/")
    assert (settings.PRIVATE_MEDIA_ROOT / stored.name).exists()
    assert not (settings.MEDIA_ROOT / stored.name).exists()
    assert client.get(f"/media/{stored.name}").status_code == 404


def test_only_those_who_see_applications_get_the_certificate(client, enterprise, reviewer, django_user_model):
    apply(client, enterprise, certificate())
    application = StudioApplication.objects.get()
    url = reverse("studio_application_certificate", args=[application.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    member = django_user_model.objects.create_user("member", "m@example.com", "pw")
    member.groups.add(role_group(STUDIO_MEMBERS))
    client.force_login(member)
    refused = client.get(url)  # Wagtail answers a refusal with its dashboard and a message
    assert refused.status_code in (302, 403) and not getattr(refused, "streaming", False)
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).format == "PNG"
    edit = client.get(reverse("studio_applications:edit", args=[application.pk])).content.decode()
    assert url in edit


def gif_named_png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), "red").save(buffer, "GIF")
    return SimpleUploadedFile("证书.png", buffer.getvalue(), content_type="image/png")


def jpeg_with_html_appended():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), "blue").save(buffer, "JPEG")
    return SimpleUploadedFile("证书.jpg", buffer.getvalue() + b"<html><script>alert(1)</script></html>")


def png_over_the_pixel_limit():
    buffer = io.BytesIO()
    PILImage.new("1", (7000, 6000)).save(buffer, "PNG")  # 42 million pixels, a few kB
    return SimpleUploadedFile("证书.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [(gif_named_png, "文件内容与扩展名不符"), (png_over_the_pixel_limit, "图片像素过多")],
    ids=["gif-named-png", "42-megapixels"],
)
def test_images_that_are_not_what_they_claim_or_too_large_are_refused(client, enterprise, upload, message):
    response = apply(client, enterprise, upload())
    assert response.status_code == 200 and message in response.content.decode()
    assert not StudioApplication.objects.exists()


def test_whatever_is_appended_to_an_image_is_gone_once_stored(client, enterprise):
    assert apply(client, enterprise, jpeg_with_html_appended()).status_code == 302
    stored = StudioApplication.objects.get().certificate
    content = (settings.PRIVATE_MEDIA_ROOT / stored.name).read_bytes()
    assert b"<script>" not in content and PILImage.open(io.BytesIO(content)).format == "JPEG"


# --- Documents ------------------------------------------------------------------------------


def download(client, document):
    return client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))


def test_every_document_downloads_for_everyone_exactly_when_a_published_project_lists_it(client):
    from projects.models import ProjectDocument

    listed_live = set(ProjectDocument.objects.filter(page__live=True).values_list("document_id", flat=True))
    documents = list(get_document_model().objects.all())
    assert documents and listed_live
    downloads = {document.pk: download(client, document).status_code for document in documents}
    assert downloads == {pk: 200 if pk in listed_live else 404 for pk in downloads}


@pytest.fixture
def draft_attachment(demo, django_user_model):
    """A document in a studio's collection listed only by that studio's unpublished project."""
    from projects.models import ProjectDocument, ProjectPage

    project = ProjectPage.objects.live().filter(studio__collection__isnull=False).order_by("pk").first()
    project.unpublish()
    document = get_document_model().objects.create(
        title="未公开的工艺图纸",
        file=ContentFile(b"%PDF-1.4 draft", name="drawing.pdf"),
        collection=project.studio.collection,
    )
    ProjectDocument.objects.create(page=project, document=document)
    return project, document


def test_a_draft_projects_attachment_is_for_its_studio_only_until_published(
    client, draft_attachment, django_user_model
):
    from review.roles import add_to_studio
    from studios.models import StudioPage

    project, document = draft_attachment
    assert download(client, document).status_code == 404
    other_studio = StudioPage.objects.exclude(pk=project.studio_id).exclude(editors=None).first()
    outsider = django_user_model.objects.create_user("outsider", "o@example.com", "pw")
    add_to_studio(other_studio, outsider)
    client.force_login(outsider)
    assert download(client, document).status_code == 404
    member = django_user_model.objects.create_user("member", "m@example.com", "pw")
    add_to_studio(project.studio, member)
    client.force_login(member)
    assert download(client, document).status_code == 200
    client.logout()
    project.save_revision().publish()
    assert download(client, document).status_code == 200
