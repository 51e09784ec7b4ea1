"""Bad input gets a clear Chinese message and never a 500; nothing unsafe reaches the public site."""

import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from projects.models import ProjectPage
from tests.forms import project_form

pytestmark = pytest.mark.django_db


def add_project(client, studio, **overrides):
    url = reverse("wagtailadmin_pages:add", args=("projects", "projectpage", studio.pk))
    return client.post(url, {**project_form(**overrides), "action-publish": "publish"})


def errors_of(response):
    """The error banner and every field error the editor sees."""
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".messages .error, .error-message"))


def test_missing_required_fields_are_explained_in_chinese(admin_client, demo):
    response = add_project(admin_client, demo.studio, title="", summary="", start_date="")
    assert response.status_code == 200
    errors = errors_of(response)
    assert "页面未能创建：填写的内容有误" in errors
    assert "必需字段" in errors
    assert not ProjectPage.objects.filter(slug="hydraulic-tester").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": "2023-01-01"}, "完成日期不能早于开始日期"),
        ({"economic_benefit": "-5"}, "经济效益不能为负数"),
        ({"seeking_collaborators": "on", "collaboration_needs": "  "}, "寻求合作时请说明合作需求"),
        ({"start_date": "2024-13-45"}, "输入一个有效的日期"),
    ],
)
def test_invalid_project_values_are_explained(admin_client, demo, overrides, message):
    response = add_project(admin_client, demo.studio, **overrides)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not ProjectPage.objects.filter(slug="hydraulic-tester").exists()


def test_studio_year_in_the_future_is_rejected(admin_client, demo):
    from wagtail.test.utils.form_data import streamfield

    studio = demo.studio
    url = reverse("wagtailadmin_pages:add", args=("studios", "studiopage", demo.studio_index.pk))
    data = nested_form_data(
        {
            "title": "未来工作室",
            "slug": "future",
            "studio_type": "staff",
            "level": "enterprise",
            "year_recognised": 2999,
            "enterprise": studio.enterprise_id,
            "lead": studio.lead_id,
            "summary": "简介",
            "intro": streamfield([]),
            "memberships": inline_formset([]),
            "mentorships": inline_formset([]),
            "gallery_images": inline_formset([]),
        }
    )
    response = admin_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "命名年份不能晚于今年" in errors_of(response)


def test_rich_text_is_sanitised_and_plain_text_is_escaped(admin_client, demo):
    response = add_project(
        admin_client,
        demo.studio,
        summary="<script>alert('summary')</script>",
        problem='<p>真正的问题</p><script>alert("x")</script><img src=x onerror="alert(1)">',
    )
    assert response.status_code == 302, errors_of(response)
    project = ProjectPage.objects.get(slug="hydraulic-tester")
    html = admin_client.get(project.url).content.decode()
    assert "真正的问题" in html
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "&lt;script&gt;alert(&#x27;summary&#x27;)" in html


def upload_image(client, name, content, content_type="image/png"):
    from wagtail.models import Collection

    # Every studio has its own collection, so the form asks which one (here the root).
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def png_bytes(size, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, (200, 30, 30) if mode == "RGB" else 200).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_non_image_is_rejected_as_an_image(admin_client):
    before = get_image_model().objects.count()
    response = upload_image(admin_client, "report.png", b"%PDF-1.4 this is not an image")
    assert response.status_code == 200
    assert "请上传一张有效的图片" in response.content.decode()
    assert get_image_model().objects.count() == before


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_an_image_over_the_size_limit_is_rejected(admin_client):
    response = upload_image(admin_client, "big.png", png_bytes((400, 400)) + b"\0" * 2048)
    assert "文件过大" in response.content.decode()


def test_the_real_limits_refuse_a_file_over_20_mb_and_an_image_over_40_megapixels(admin_client):
    """The limits the README promises, as configured (no override): just over each is refused."""
    before = get_image_model().objects.count()
    over_20_mb = png_bytes((64, 64)) + b"\0" * (20 * 1024 * 1024 + 1)
    assert "文件过大" in upload_image(admin_client, "big.png", over_20_mb).content.decode()
    over_40_megapixels = png_bytes((6400, 6300), mode="L")  # 40.3 million pixels, a few kB as PNG
    assert "图片像素过多" in upload_image(admin_client, "wide.png", over_40_megapixels).content.decode()
    assert get_image_model().objects.count() == before
    within = png_bytes((6000, 6000), mode="L")  # 36 million pixels
    assert upload_image(admin_client, "within.png", within).status_code == 302


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=10_000)
def test_an_image_with_too_many_pixels_is_rejected_in_chinese(admin_client):
    before = get_image_model().objects.count()
    response = upload_image(admin_client, "wide.png", png_bytes((200, 100)))
    assert "图片像素过多" in response.content.decode()
    assert get_image_model().objects.count() == before


def test_a_valid_image_upload_succeeds(admin_client):
    before = get_image_model().objects.count()
    response = upload_image(admin_client, "ok.png", png_bytes((64, 64)))
    assert response.status_code == 302
    assert get_image_model().objects.count() == before + 1


def test_an_edit_form_posted_with_parts_missing_is_a_400_in_chinese(admin_client, demo):
    """Wagtail's StreamField widget reads its "-count" without checking: a hand-made POST is refused."""
    url = reverse("wagtailadmin_pages:edit", args=[demo.studio.pk])
    response = admin_client.post(url, {"title": "被改写"})
    assert response.status_code == 400 and "表单不完整" in response.content.decode()
    assert type(demo.studio).objects.get(pk=demo.studio.pk).title != "被改写"


def inline_unique_checks():
    """(page model, relation, the child fields that must be unique together) for every inline panel of every
    page type whose rows have a uniqueness constraint beyond their page."""
    from django.db.models import UniqueConstraint

    from wagtail.models import get_page_models

    checks = []
    for model in get_page_models():
        for relation, formset in model.get_edit_handler().get_form_class().formsets.items():
            key = formset.fk.name
            for constraint in formset.model._meta.constraints:
                if isinstance(constraint, UniqueConstraint) and set(constraint.fields) - {key}:
                    checks.append((model, relation, constraint.fields))
    return checks


def test_two_inline_rows_repeating_what_must_be_unique_are_named_in_chinese(admin_user):
    checks = inline_unique_checks()
    assert len(checks) >= 4, checks  # a studio's members and 师徒 pairs, an alliance's studios, results
    for model, relation, fields in checks:
        form = model.get_edit_handler().get_form_class()(instance=model(), for_user=admin_user)
        formset = form.formsets[relation]
        message = formset.get_unique_error_message(list(fields))
        shown = [f for f in fields if f != formset.fk.name]
        for name in shown:
            assert f"「{formset.model._meta.get_field(name).verbose_name}」" in message, (relation, message)
        assert not any(name in message for name in fields), (relation, message)  # no code names
        assert message.startswith("有两行的") and "相同" in message
