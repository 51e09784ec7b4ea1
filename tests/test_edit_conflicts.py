"""Two editors open the same page; the second to save is refused instead of overwriting the first."""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from projects.models import ProjectPage
from tests.forms import project_form

pytestmark = pytest.mark.django_db


def opened_revision(html):
    """The hidden field of the edit form that names the revision the editor opened."""
    return {"opened_revision_id": re.search(r'name="opened_revision_id" value="([^"]*)"', html).group(1)}


def open_editor(django_user_model, username, page):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser(username, f"{username}@example.com", "pw"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    return client, opened_revision(html)


def save(client, page, loaded, title):
    data = {**project_form(page, title=title), **loaded}
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)


def test_the_second_save_of_a_page_opened_twice_is_refused_with_a_way_to_compare(django_user_model, demo):
    project = ProjectPage.objects.live().order_by("pk")[3]
    first, first_loaded = open_editor(django_user_model, "editor-one", project)
    second, second_loaded = open_editor(django_user_model, "editor-two", project)

    assert save(first, project, first_loaded, "第一位编辑的修改").status_code == 200
    refused = save(second, project, second_loaded, "第二位编辑的修改").content.decode()

    assert "未保存" in refused and "editor-one" in refused
    assert "/revisions/compare/" in refused
    latest = ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object()
    assert latest.title == "第一位编辑的修改"

    # Reopened on the latest version, the second editor's save goes through.
    second, second_loaded = open_editor(django_user_model, "editor-three", project)
    save(second, project, second_loaded, "在最新版本上的修改")
    assert ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object().title == "在最新版本上的修改"


def test_one_editor_saving_again_after_each_save_is_never_refused(django_user_model, demo):
    project = ProjectPage.objects.live().order_by("pk")[4]
    client, loaded = open_editor(django_user_model, "editor-alone", project)
    for number in range(3):
        save(client, project, loaded, f"第{number}次保存")
        html = client.get(reverse("wagtailadmin_pages:edit", args=[project.pk])).content.decode()
        loaded = opened_revision(html)
        assert ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object().title == f"第{number}次保存"


# --- The project's own records (snippets and viewsets) ---------------------------------------


def submitted(form):
    """What a browser would submit for this form as shown: every named control's current value."""
    data = {}
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "textarea":
            value = control.get_text()
            values = [value[1:] if value.startswith("\n") else value]  # the browser drops that newline
        elif control.name == "select":
            options = control.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")] or (
                [] if control.has_attr("multiple") else options[:1]
            )
            values = [o.get("value", o.get_text()) for o in chosen]
        elif control.get("type", "text") in ("checkbox", "radio"):
            values = [control.get("value", "on")] if control.has_attr("checked") else []
        elif control.get("type") in ("submit", "button", "image", "reset", "file"):
            continue
        else:
            values = [control.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def edit_form(response):
    from bs4 import BeautifulSoup

    forms = BeautifulSoup(response.content, "html.parser").find_all("form", method=re.compile("post", re.I))
    return submitted(max(forms, key=lambda form: len(form.find_all(["input", "select", "textarea"]))))


def text_to_change(form_html_data, model):
    """A free-text field of the form (a long text first), as a person would change it."""
    texts = [f.name for f in model._meta.get_fields() if getattr(f, "get_internal_type", None)]
    long_texts = [n for n in texts if model._meta.get_field(n).get_internal_type() == "TextField"]
    short_texts = [n for n in texts if model._meta.get_field(n).get_internal_type() == "CharField" and n != "slug"]
    return next(n for n in [*long_texts, *short_texts] if n in form_html_data and not model._meta.get_field(n).choices)


def changed(value, mark, field):
    """The value with the editor's mark at its end, within the field's length."""
    return value[: field.max_length - len(mark)] + mark if field.max_length else value + mark


def is_ours(model):
    path = Path(model._meta.app_config.path)
    return path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts


def editable_viewsets(user):
    """The admin's viewsets of the project's own models in which the user may edit records (accounts
    are Wagtail's own editor, left as it is)."""
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    reverse("wagtailadmin_home")  # the admin's URLs are loaded, and with them every viewset
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and is_ours(viewset.model)
        and viewset.model is not get_user_model()
        and viewset.permission_policy.user_has_permission(user, "change")
    ]


@pytest.fixture
def a_record_of_each_kind(demo, enterprise):
    """Rows for the models the demo content has none of."""
    from challenges.models import ChallengePage, ChallengeResponse
    from collaboration.models import CollaborationRequest
    from review.models import StudioApplication
    from search.models import DictionaryWord, SynonymRule

    CollaborationRequest.objects.create(
        studio=demo.studio,
        name="赵六",
        organisation="某研究院",
        contact="zhao@example.com",
        message="希望就数控加工的刀具寿命问题开展联合攻关。",
        ip_hash="-",
    )
    StudioApplication.objects.create(
        enterprise=enterprise,
        studio_name="赵六数控创新工作室",
        studio_type="craftsman",
        level="provincial",
        lead_name="赵六",
        lead_phone="13912345678",
        lead_email="zhao@example.com",
        intro="数控工艺改进。",
        certificate="certificates/x.png",
    )
    DictionaryWord.objects.create(word="智能巡检机器人")
    SynonymRule.objects.create(rule="空压机, 空气压缩机")
    if not ChallengeResponse.objects.exists():
        project = ProjectPage.objects.live().filter(studio=demo.studio).first()
        ChallengeResponse.objects.create(
            challenge=ChallengePage.objects.first(), studio=demo.studio, project=project, plan="先做试验。"
        )


def test_every_record_saved_by_someone_else_since_you_opened_it_is_not_overwritten(
    django_user_model, a_record_of_each_kind
):
    first, second = Client(), Client()
    editor = django_user_model.objects.create_superuser("editor-1", "e1@example.com", "pw")
    first.force_login(editor)
    second.force_login(django_user_model.objects.create_superuser("editor-2", "e2@example.com", "pw"))
    checked = []
    for viewset in editable_viewsets(editor):
        model = viewset.model
        record = model.objects.order_by("pk").first()
        assert record is not None, f"no {model._meta.label} to edit: add one to the fixture"
        url = reverse(viewset.get_url_name("edit"), args=[record.pk])
        opened_first, opened_second = edit_form(first.get(url)), edit_form(second.get(url))
        field = text_to_change(opened_first, model)
        opened_first[field] = [changed(opened_first[field][0], "甲改", model._meta.get_field(field))]
        opened_second[field] = [changed(opened_second[field][0], "乙改", model._meta.get_field(field))]

        assert first.post(url, opened_first).status_code == 302, f"{model._meta.label}: the first save failed"
        refused = second.post(url, opened_second)
        assert refused.status_code == 200 and "未保存：您打开此记录后，editor-1 于" in refused.content.decode()
        assert getattr(model.objects.get(pk=record.pk), field).endswith("甲改")

        again = edit_form(refused)  # the second editor's input is still there; saving now is deliberate
        assert again[field][0].endswith("乙改")
        assert second.post(url, again).status_code == 302
        assert getattr(model.objects.get(pk=record.pk), field).endswith("乙改")
        checked.append(model._meta.label)
    assert len(checked) >= 10, checked
