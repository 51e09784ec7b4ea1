"""Two editors open the same page; the second to save is refused instead of overwriting the first."""

import re

import pytest

from django.test import Client
from django.urls import reverse

from projects.models import ProjectPage
from tests.test_review import project_form

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
