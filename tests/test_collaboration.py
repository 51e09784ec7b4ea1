"""申请合作: an engineer asks, only that studio's lead sees it; spam and bad input are turned away."""

import pytest

from django.core import mail
from django.urls import reverse

from collaboration.models import CollaborationRequest
from projects.models import ProjectPage
from review.roles import REVIEWERS, role_group
from studios.models import StudioPage

GOOD = {
    "name": "赵工",
    "organisation": "晋南电力检修公司",
    "contact": "13912345678",
    "topic": "joint",
    "message": "我们的空压机也有油气分离器更换难的问题，希望学习贵工作室的快拆工具并联合改进。",
    "website": "",
}


@pytest.fixture
def studios(demo):
    return tuple(StudioPage.objects.live().order_by("pk")[:2])


def project_of(studio):
    return ProjectPage.objects.live().filter(studio=studio).first()


def ask(client, kind, pk, ip="203.0.113.7", **changes):
    return client.post(reverse("collaborate", args=[kind, pk]), {**GOOD, **changes}, REMOTE_ADDR=ip)


def test_every_project_studio_and_open_person_page_offers_it(client, studios):
    project = project_of(studios[0])
    assert reverse("collaborate", args=["project", project.pk]) in client.get(project.url).content.decode()
    assert reverse("collaborate", args=["studio", studios[0].pk]) in client.get(studios[0].url).content.decode()
    lead = studios[0].lead
    page = client.get(lead.get_absolute_url()).content.decode()
    assert (reverse("collaborate", args=["person", lead.pk]) in page) == lead.open_to_collaboration


def test_a_request_is_stored_routed_to_the_studio_and_its_lead_is_emailed(client, studios, leads):
    project = project_of(studios[0])
    response = ask(client, "project", project.pk)
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    request = CollaborationRequest.objects.get()
    assert (request.studio, request.project, request.status) == (studios[0], project, "new")
    assert [message.to for message in mail.outbox] == [[leads[0].email]]
    assert project.title in mail.outbox[0].subject
    assert "已收到您的合作申请" in client.get(response["Location"]).content.decode()


def test_a_person_request_goes_to_the_studio_they_lead(client, studios, leads):
    ask(client, "person", studios[1].lead.pk)
    assert CollaborationRequest.objects.get().studio == studios[1]


def test_bad_input_is_explained_in_chinese_and_nothing_is_stored(client, studios):
    response = ask(client, "studio", studios[0].pk, contact="明天打电话", message="合作", name="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写手机号或电子邮箱" in page and "至少 10 个字" in page and "必需字段" in page
    assert 'id="id_contact_error"' in page  # what the field's aria-describedby points at
    assert not CollaborationRequest.objects.exists()


def test_the_honeypot_catches_bots_quietly(client, studios):
    response = ask(client, "studio", studios[0].pk, website="http://spam.example")
    assert response.status_code == 302  # looks like success to the bot
    assert not CollaborationRequest.objects.exists() and not mail.outbox


def test_a_double_submit_stores_one_request(client, studios):
    ask(client, "studio", studios[0].pk)
    ask(client, "studio", studios[0].pk)
    assert CollaborationRequest.objects.count() == 1


def test_five_requests_an_hour_per_address_then_a_clear_message(client, studios):
    for n in range(5):
        assert (
            ask(client, "studio", studios[0].pk, message=f"第 {n} 个不同的合作需求，内容足够具体。").status_code == 302
        )
    response = ask(client, "studio", studios[0].pk, message="第六个合作需求，内容同样足够具体。")
    assert response.status_code == 429
    assert "每小时最多提交 5 次" in response.content.decode()
    assert CollaborationRequest.objects.count() == 5
    other_address = ask(client, "studio", studios[0].pk, ip="198.51.100.9", message="另一个网络的合作需求内容。")
    assert other_address.status_code == 302


def test_unknown_or_unpublished_targets_are_not_found(client, studios):
    assert client.get(reverse("collaborate", args=["studio", 999999])).status_code == 404
    assert client.get(reverse("collaborate", args=["alliance", studios[0].pk])).status_code == 404


def test_a_lead_sees_and_answers_only_their_own_requests(client, studios, leads, django_user_model):
    ask(client, "studio", studios[0].pk)
    ask(client, "studio", studios[1].pk, ip="198.51.100.1")
    mine = CollaborationRequest.objects.get(studio=studios[0])
    theirs = CollaborationRequest.objects.get(studio=studios[1])
    client.force_login(leads[0])
    listing = client.get(reverse("collaboration_requests:index")).content.decode()
    assert GOOD["organisation"] in listing
    assert client.get(reverse("collaboration_requests:edit", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("collaboration_requests:edit", args=[mine.pk]), {"status": "replied", "reply_note": "已电话联系"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.reply_note, mine.message) == ("replied", "已电话联系", GOOD["message"])
    assert (
        client.post(reverse("collaboration_requests:edit", args=[theirs.pk]), {"status": "closed"}).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == "new"
    # every other screen of a request follows the same rule (the history listed log entries, not requests)
    for view in ("history", "usage"):
        assert client.get(reverse(f"collaboration_requests:{view}", args=[mine.pk])).status_code == 200, view
        assert client.get(reverse(f"collaboration_requests:{view}", args=[theirs.pk])).status_code == 404, view

    reviewer = django_user_model.objects.create_user("reviewer-2", "r2@example.com", "pw")
    reviewer.groups.add(role_group(REVIEWERS))
    client.force_login(reviewer)
    assert client.get(reverse("collaboration_requests:edit", args=[theirs.pk])).status_code == 200
