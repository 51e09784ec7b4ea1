"""Roles and the 工会审核 workflow, tried through the admin as leads and reviewers use it."""

import io

import pytest
from PIL import Image as PILImage

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection, GroupPagePermission

from images.models import CustomImage
from projects.models import ProjectPage
from review.roles import REVIEWERS, STUDIO_MEMBERS, role_group
from studios.models import Person, StudioPage
from tests.forms import project_form


@pytest.fixture
def studios(demo):
    first, second = StudioPage.objects.live().order_by("pk")[:2]
    return first, second


def account(django_user_model, username, **fields):
    return django_user_model.objects.create_user(username, f"{username}@example.com", "pw-for-tests", **fields)


@pytest.fixture
def lead(django_user_model, studios):
    """The account of studio A's lead: linking it to the lead's profile is all it takes."""
    return account(django_user_model, "lead-a", person=studios[0].lead)


@pytest.fixture
def reviewer(django_user_model):
    user = account(django_user_model, "reviewer-1")
    user.groups.add(role_group(REVIEWERS))
    return user


def test_linking_an_account_to_a_lead_gives_them_their_studio(lead, studios):
    studio = StudioPage.objects.get(pk=studios[0].pk)
    assert studio.editors and studio.collection
    assert set(lead.groups.all()) == {studio.editors, role_group(STUDIO_MEMBERS)}
    permissions = GroupPagePermission.objects.filter(group=studio.editors)
    assert {p.page_id for p in permissions} == {studio.pk}
    assert {p.permission.codename for p in permissions} == {"add_page", "change_page"}  # never publish


def test_a_new_studio_gets_its_group_and_collection(demo):
    studio = StudioPage.objects.live().first()
    copy = StudioPage(
        title="新建测试工作室",
        slug="new-test-studio",
        studio_type=studio.studio_type,
        level=studio.level,
        year_recognised=2024,
        enterprise=studio.enterprise,
        lead=studio.lead,
        summary="测试",
    )
    demo.studio_index.add_child(instance=copy)
    copy.refresh_from_db()
    assert copy.collection.name == "新建测试工作室"
    assert GroupPagePermission.objects.filter(group=copy.editors, page=copy).count() == 2


def test_a_lead_edits_their_own_studio_but_not_anothers(client, lead, studios):
    mine, theirs = studios
    client.force_login(lead)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[mine.pk])).status_code == 200
    for view in ("edit", "delete", "preview_on_edit", "view_draft"):
        response = client.get(reverse(f"wagtailadmin_pages:{view}", args=[theirs.pk]))
        assert response.status_code in (302, 403), view
        assert response.status_code == 403 or "/admin/login" not in response.get("Location", "")
    project = ProjectPage.objects.filter(studio=theirs).first()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[project.pk]), project_form(project, title="别人的成果被改了")
    )
    assert response.status_code in (302, 403)
    project.refresh_from_db()
    assert project.title != "别人的成果被改了"
    assert not project.revisions.filter(content__title="别人的成果被改了").exists()  # not even a draft


def test_a_lead_cannot_publish_they_submit_and_a_reviewer_approves(client, lead, reviewer, studios):
    project = ProjectPage.objects.filter(studio=studios[0], live=True).first()
    live_title = project.title
    client.force_login(lead)
    edit = reverse("wagtailadmin_pages:edit", args=[project.pk])

    client.post(edit, project_form(project, title="改进后的成果", **{"action-publish": "action-publish"}))
    project.refresh_from_db()
    assert project.title == live_title  # not published: leads cannot publish

    mail.outbox.clear()
    response = client.post(edit, project_form(project, title="改进后的成果", **{"action-submit": "action-submit"}))
    assert response.status_code == 302
    state = project.current_workflow_state
    assert state and state.workflow.name == "工会审核" and state.status == "in_progress"
    assert any(reviewer.email in message.to for message in mail.outbox)  # the reviewers are told

    mail.outbox.clear()
    client.force_login(reviewer)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[project.pk, "approve", task_state.pk]), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    project.refresh_from_db()
    assert project.live and project.title == "改进后的成果"
    assert any(lead.email in message.to for message in mail.outbox)  # the lead is told


def test_a_reviewer_rejects_with_a_comment_and_it_goes_back_to_the_lead(client, lead, reviewer, studios):
    project = ProjectPage.objects.filter(studio=studios[0], live=True).first()
    client.force_login(lead)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[project.pk]),
        project_form(project, title="待修改的成果", **{"action-submit": "action-submit"}),
    )
    task_state = project.current_workflow_state.current_task_state
    mail.outbox.clear()
    client.force_login(reviewer)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[project.pk, "reject", task_state.pk]),
        {"comment": "请补充经济效益的计算依据"},
    )
    project.refresh_from_db()
    assert project.title != "待修改的成果"  # still the old live version
    assert project.current_workflow_state.status == "needs_changes"
    assert any(lead.email in message.to for message in mail.outbox)


def test_the_dashboard_shows_a_reviewer_the_queue(client, lead, reviewer, studios):
    project = ProjectPage.objects.filter(studio=studios[0], live=True).first()
    client.force_login(lead)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[project.pk]),
        project_form(project, **{"action-submit": "action-submit"}),
    )
    assert project.title in client.get(reverse("wagtailadmin_home")).content.decode()  # the lead's pending items
    client.force_login(reviewer)
    assert project.title in client.get(reverse("wagtailadmin_home")).content.decode()  # the reviewer's queue


def test_a_leads_upload_lands_in_their_studios_collection(client, lead, studios):
    client.force_login(lead)
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "red").save(buffer, "PNG")
    upload = SimpleUploadedFile("现场照片.png", buffer.getvalue(), content_type="image/png")
    response = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert response.status_code == 200
    image = CustomImage.objects.order_by("-pk").first()
    assert image.collection == StudioPage.objects.get(pk=studios[0].pk).collection
    other = StudioPage.objects.get(pk=studios[1].pk).collection
    assert not Collection.objects.filter(pk=other.pk, group_permissions__group__user=lead).exists()


def test_a_person_without_an_account_gives_no_access(studios, django_user_model):
    bystander = account(
        django_user_model, "bystander", person=Person.objects.exclude(led_studios__isnull=False).first()
    )
    assert not bystander.groups.exists()
