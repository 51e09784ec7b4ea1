"""通知: what waits for someone's action reaches them in the admin (menu count, dashboard, list) and by
e-mail — a collaboration request or a 揭榜 for their studio, a page to review, a review decision, an
application — and only them; opening one marks it read."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from challenges.models import ChallengePage
from home.demo.accounts import EDITOR, FIRST_LEAD, REVIEWER, SECOND_LEAD, ensure_demo_accounts
from projects.models import ProjectPage
from review.models import Notification
from tests.forms import project_form
from tests.test_collaboration import GOOD
from tests.test_onboarding import application_data
from tests.test_studio_team import studio_led_by

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def accounts():
    ensure_demo_accounts("pw-for-tests")
    Notification.objects.all().delete()  # start from nothing: the demo's own notifications aside
    return {user.username: user for user in User.objects.all()}


def unread_of(user):
    return Notification.objects.filter(recipient=user, read_at=None)


def menu_count(client):
    """The number the admin's 通知 menu item shows (0 when it shows none)."""
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    found = re.search(r"\\u901a\\u77e5\\uff08(\d+)\\uff09|通知（(\d+)）", page)  # JSON-escaped in the sidebar
    return int(next(group for group in found.groups() if group)) if found else 0


def test_a_collaboration_request_reaches_the_studio_team_only(client, accounts):
    lead, editor, other_lead = accounts[FIRST_LEAD], accounts[EDITOR], accounts[SECOND_LEAD]
    studio = studio_led_by(lead)
    project = ProjectPage.objects.live().filter(studio=studio).first()
    client.post(reverse("collaborate", args=["project", project.pk]), GOOD, REMOTE_ADDR="203.0.113.9")

    assert {n.recipient for n in Notification.objects.all()} == {lead, editor}
    assert sorted(m.to for m in mail.outbox) == sorted([[lead.email], [editor.email]])  # one e-mail each
    assert project.title in mail.outbox[0].subject and "/admin/collaboration" in mail.outbox[0].body
    client.force_login(other_lead)
    assert menu_count(client) == 0

    client.force_login(lead)
    assert menu_count(client) == 1
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    (notification,) = unread_of(lead)
    assert project.title in dashboard and reverse("notification_open", args=[notification.pk]) in dashboard
    response = client.get(reverse("notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == notification.link
    assert client.get(response.url).status_code == 200  # the request itself, which the lead may answer
    assert menu_count(client) == 0 and not unread_of(lead).exists()
    assert unread_of(editor).count() == 1  # read by the lead, still new for the editor


def test_nobody_opens_or_clears_someone_elses_notifications(client, accounts):
    lead, other_lead = accounts[FIRST_LEAD], accounts[SECOND_LEAD]
    notification = Notification.objects.create(recipient=lead, kind="collaboration", subject="合作", link="/admin/")
    client.force_login(other_lead)
    assert client.get(reverse("notification_open", args=[notification.pk])).status_code == 404
    client.post(reverse("notifications"))
    assert unread_of(lead).count() == 1
    for junk in ["0", "99999999999999999", "abc", "1.5", "-1", "１"]:
        assert client.get(f"/admin/notifications/{junk}/").status_code == 404
    assert reverse("notification_open", args=[notification.pk]) not in client.get(reverse("notifications")).text


def test_a_link_off_the_site_is_never_followed(client, accounts):
    lead = accounts[FIRST_LEAD]
    client.force_login(lead)
    for link in ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]:
        notification = Notification.objects.create(recipient=lead, kind="collaboration", subject="x", link=link)
        response = client.get(reverse("notification_open", args=[notification.pk]))
        assert response.url == reverse("notifications")


def test_the_list_pages_and_marks_everything_read(client, accounts):
    lead = accounts[FIRST_LEAD]
    Notification.objects.bulk_create(
        Notification(recipient=lead, kind="collaboration", subject=f"第{n}条合作申请", link="/admin/")
        for n in range(1, 26)
    )
    client.force_login(lead)
    first = client.get(reverse("notifications")).text
    second = client.get(reverse("notifications"), {"p": "2"}).text
    shown = set(re.findall(r"第(\d+)条合作申请", first)) | set(re.findall(r"第(\d+)条合作申请", second))
    assert shown == {str(n) for n in range(1, 26)} and "25 条未读" in first
    assert client.get(reverse("notifications"), {"p": "x"}).status_code == 200
    response = client.post(reverse("notifications"), follow=True)
    assert "已将 25 条通知标为已读" in response.text and not unread_of(lead).exists()


def test_a_review_request_and_the_decision_with_the_comment(client, accounts):
    lead, editor, reviewer = accounts[FIRST_LEAD], accounts[EDITOR], accounts[REVIEWER]
    project = ProjectPage.objects.live().filter(studio=studio_led_by(lead)).first()
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[project.pk])
    client.post(edit, project_form(project, title="托辊工装第二版", **{"action-submit": "action-submit"}))
    (request,) = unread_of(reviewer)
    assert request.kind == "review_request" and "托辊工装第二版" in request.subject and request.link == edit

    client.force_login(reviewer)
    task_state = project.current_workflow_state.current_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[project.pk, "reject", task_state.pk]),
        {"comment": "请补充经济效益的计算依据"},
    )
    assert not unread_of(reviewer).exists()  # nothing left to review
    for person in (editor, lead):  # who submitted it, and the studio's lead
        (decision,) = unread_of(person)
        assert decision.kind == "review_decision" and "退回" in decision.subject
        assert "请补充经济效益的计算依据" in decision.body
    client.force_login(lead)
    assert "请补充经济效益的计算依据" in client.get(reverse("notifications")).text

    client.force_login(editor)
    client.post(edit, project_form(project, title="托辊工装第二版", **{"action-submit": "action-submit"}))
    client.force_login(reviewer)
    task_state = ProjectPage.objects.get(pk=project.pk).current_workflow_state.current_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=[project.pk, "approve", task_state.pk]), {})
    assert ProjectPage.objects.get(pk=project.pk).title == "托辊工装第二版"
    approved = Notification.objects.filter(kind="review_decision", subject__contains="通过")
    assert {n.recipient for n in approved} == {editor, lead}
    assert not approved.filter(recipient=reviewer).exists()


def test_a_challenge_response_reaches_the_reviewers_and_the_teammates(client, accounts):
    lead, editor, reviewer = accounts[FIRST_LEAD], accounts[EDITOR], accounts[REVIEWER]
    studio = studio_led_by(lead)
    challenge = ChallengePage.objects.live().filter(status="open").exclude(responses__studio=studio).first()
    client.force_login(lead)
    response = client.post(
        reverse("challenge_responses:add"),
        {"challenge": challenge.pk, "studio": studio.pk, "plan": "三个月内拿出方案。"},
    )
    assert response.status_code == 302
    notified = {n.recipient for n in Notification.objects.filter(kind="challenge_response")}
    assert notified == {reviewer, editor}  # not the lead, who filed it
    assert all(challenge.title in n.subject for n in Notification.objects.all())
    assert {tuple(m.to) for m in mail.outbox} == {(reviewer.email,), (editor.email,)}


def test_an_application_reaches_the_reviewers(client, accounts, enterprise):
    reviewer = accounts[REVIEWER]
    client.post(reverse("studio_apply"), application_data(enterprise))
    (notification,) = Notification.objects.all()
    assert notification.recipient == reviewer and notification.kind == "application"
    client.force_login(reviewer)
    assert menu_count(client) == 1
    assert client.get(reverse("notification_open", args=[notification.pk]), follow=True).status_code == 200


def test_the_demo_accounts_find_notifications_waiting():
    ensure_demo_accounts("pw-for-tests")
    for username in (FIRST_LEAD, EDITOR, REVIEWER):
        assert unread_of(User.objects.get(username=username)).exists(), username
