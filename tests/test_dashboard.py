"""The admin's home: a studio lead's panels (their studio, projects by state, requests, matching challenges)
and a union reviewer's (the review queue with ages, applications, unanswered requests)."""

import datetime as dt

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import TaskState

from challenges.choices import ChallengeStatus
from challenges.models import ChallengePage
from collaboration.models import CollaborationRequest
from home.demo.accounts import EDITOR, FIRST_LEAD, IN_REVIEW, REVIEWER, SECOND_LEAD, ensure_demo_accounts
from projects.models import ProjectPage
from review.models import StudioApplication
from studios.choices import StudioLevel, StudioType
from studios.models import StudioPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    ensure_demo_accounts("pw-for-tests")
    return {user.username: user for user in get_user_model().objects.all()}


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def studio_of(user):
    return StudioPage.objects.get(lead=user.person)


def panel(html, panel_id):
    """The text of one panel (up to the next panel)."""
    start = html.index(f'id="{panel_id}-section"')
    end = html.find("data-panel>", html.index("data-panel>", start) + 1)
    return html[start : end if end > 0 else None]


def test_a_lead_sees_what_their_studio_profile_lacks(client, accounts):
    studio = studio_of(accounts[FIRST_LEAD])
    assert "资料已齐全" in panel(dashboard(client, accounts[FIRST_LEAD]), "my-studio")
    studio.cover_image = None
    studio.contact_note = ""
    studio.save()
    studio.gallery_images.all().delete()
    text = panel(dashboard(client, accounts[FIRST_LEAD]), "my-studio")
    checklist = studio.profile_checklist()
    missing = [str(label) for label, done in checklist if not done]
    assert missing == ["封面图", "图集", "联系方式说明"]
    assert "、".join(missing) in text
    assert f"{round(100 * (len(checklist) - 3) / len(checklist))}%" in text
    live = ProjectPage.objects.live().filter(studio=studio).count()
    assert f"<dd>{live}</dd>" in text


def test_a_lead_sees_their_projects_by_state_with_the_reviewers_comment(client, accounts):
    lead = accounts[FIRST_LEAD]
    project = ProjectPage.objects.get(slug=IN_REVIEW["slug"])
    text = panel(dashboard(client, lead), "my-projects")
    assert "审核中（1）" in text and project.title in text
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id=str(project.pk))
    task_state.specific.reject(user=accounts[REVIEWER], comment="请补充节能效果的测算依据")
    text = panel(dashboard(client, lead), "my-projects")
    assert "被退回，待修改（1）" in text and "请补充节能效果的测算依据" in text
    assert "审核中（" not in text
    live = ProjectPage.objects.live().filter(studio=studio_of(lead)).count()
    assert f"已发布（{live}）" in text and "草稿（1）" in text


def test_a_lead_sees_new_requests_for_their_studio_only(client, accounts):
    mine, theirs = studio_of(accounts[FIRST_LEAD]), studio_of(accounts[SECOND_LEAD])
    CollaborationRequest.objects.create(
        studio=theirs, name="孙工", organisation="别家企业", contact="sun@example.com", message="想合作攻关。"
    )
    text = panel(dashboard(client, accounts[FIRST_LEAD]), "new-requests")
    new = CollaborationRequest.objects.filter(studio=mine, status=CollaborationRequest.Status.NEW)
    assert new.exists()
    assert all(request.name in text for request in new)
    assert "孙工" not in text
    assert f"全部 {new.count()} 条新申请" in text
    # the editor of the studio works for it too
    assert "孙工" not in dashboard(client, accounts[EDITOR])
    assert mine.title in panel(dashboard(client, accounts[EDITOR]), "my-studio")


def test_open_challenges_matching_the_studios_specialties_are_listed(client, accounts):
    studio = studio_of(accounts[FIRST_LEAD])
    open_challenge = ChallengePage.objects.filter(status=ChallengeStatus.OPEN).order_by("pk").first()
    closed_challenge = ChallengePage.objects.exclude(status=ChallengeStatus.OPEN).order_by("pk").first()
    studio.specialties.set([open_challenge.required_skills.first().name, closed_challenge.required_skills.first().name])
    studio.save()
    text = panel(dashboard(client, accounts[FIRST_LEAD]), "matching-challenges")
    assert open_challenge.title in text
    assert closed_challenge.title not in text


def test_a_reviewer_sees_the_queue_oldest_first_with_how_long_each_waited(client, accounts):
    waiting = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    assert waiting.exists()
    waiting.update(started_at=timezone.now() - dt.timedelta(days=3, hours=1))
    text = panel(dashboard(client, accounts[REVIEWER]), "review-queue")
    assert IN_REVIEW["title"] in text and "3 天" in text
    assert f"共 {waiting.count()} 个页面等待审核" in text


def test_a_reviewer_sees_pending_applications_and_requests_nobody_answered(client, accounts, enterprise):
    application = StudioApplication.objects.create(
        enterprise=enterprise,
        studio_name="测试申请创新工作室",
        studio_type=StudioType.STAFF,
        level=StudioLevel.MUNICIPAL,
        lead_name="李四",
        lead_phone="13900000000",
        lead_email="lisi@example.com",
        intro="简介",
        certificate="certificates/x.png",
    )
    StudioApplication.objects.filter(pk=application.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    studio = studio_of(accounts[SECOND_LEAD])
    old = CollaborationRequest.objects.create(
        studio=studio, name="周工", organisation="甲企业", contact="zhou@example.com", message="想来现场学习。"
    )
    CollaborationRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    CollaborationRequest.objects.create(
        studio=studio, name="吴工", organisation="乙企业", contact="wu@example.com", message="想联合攻关。"
    )
    html = dashboard(client, accounts[REVIEWER])
    applications = panel(html, "new-applications")
    assert "测试申请创新工作室" in applications and "已等待 2 天" in applications
    unanswered = panel(html, "unanswered-requests")
    assert "周工" in unanswered and "已等待 10 天" in unanswered
    assert "吴工" not in unanswered


def test_each_role_sees_only_its_own_panels(client, accounts):
    lead_html = dashboard(client, accounts[FIRST_LEAD])
    assert 'id="my-studio-section"' in lead_html and 'id="review-queue-section"' not in lead_html
    reviewer_html = dashboard(client, accounts[REVIEWER])
    assert 'id="review-queue-section"' in reviewer_html and 'id="my-studio-section"' not in reviewer_html
