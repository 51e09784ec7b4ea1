"""攻关榜: challenges posted for an enterprise or alliance, studios responding (揭榜), challenges in search."""

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from challenges.models import ChallengeIndexPage, ChallengePage, ChallengeResponse
from projects.models import ProjectPage
from search import service
from search.params import SearchParams
from studios.models import StudioPage


@pytest.fixture
def studios(demo):
    return tuple(StudioPage.objects.live().order_by("pk")[:2])


@pytest.fixture
def open_challenge(demo):
    return ChallengePage.objects.live().filter(status="open").order_by("pk").first()


@pytest.fixture
def lead(django_user_model, studios):
    return django_user_model.objects.create_user("lead-c", "lead-c@example.com", "pw", person=studios[0].lead)


def test_the_board_lists_challenges_by_status(client, demo):
    board = ChallengeIndexPage.objects.get()
    page = client.get(board.url).content.decode()
    assert all(c.title in page for c in ChallengePage.objects.live())
    solved = client.get(board.url, {"status": "solved"}).content.decode()
    for challenge in ChallengePage.objects.live():
        assert (challenge.title in solved) == (challenge.status == "solved")


def test_a_challenge_shows_its_publisher_status_and_respondents(client, demo):
    challenge = ChallengePage.objects.live().exclude(responses=None).first()
    page = client.get(challenge.url).content.decode()
    assert challenge.get_status_display() in page and str(challenge.publisher) in page
    for response in challenge.responses.all():
        assert response.studio.title in page


def test_a_challenge_needs_a_publisher(open_challenge):
    open_challenge.enterprise = None
    open_challenge.alliance = None
    with pytest.raises(ValidationError) as error:
        open_challenge.full_clean()
    assert "发榜企业或发榜联盟" in str(error.value)


def response_form(challenge, studio, project=None):
    return {
        "challenge": challenge.pk,
        "studio": studio.pk,
        "project": project.pk if project else "",
        "plan": "三个月内拿出方案。",
    }


def test_a_lead_responds_for_their_own_studio(client, lead, studios, open_challenge):
    mine, theirs = studios
    client.force_login(lead)
    project = ProjectPage.objects.filter(studio=mine).first()
    response = client.post(reverse("challenge_responses:add"), response_form(open_challenge, mine, project))
    assert response.status_code == 302
    assert ChallengeResponse.objects.filter(challenge=open_challenge, studio=mine, project=project).exists()
    assert mine.title in client.get(open_challenge.url).content.decode()


def test_a_lead_cannot_respond_for_another_studio_or_with_its_project(client, lead, studios, open_challenge):
    mine, theirs = studios
    client.force_login(lead)
    responses = ChallengeResponse.objects.filter(challenge=open_challenge)
    response = client.post(reverse("challenge_responses:add"), response_form(open_challenge, theirs))
    assert response.status_code == 200 and not responses.filter(studio=theirs).exists()
    other_project = ProjectPage.objects.filter(studio=theirs).first()
    response = client.post(reverse("challenge_responses:add"), response_form(open_challenge, mine, other_project))
    assert response.status_code == 200 and not responses.filter(studio=mine).exists()


def test_a_lead_sees_only_their_own_responses(client, lead, studios, demo):
    client.force_login(lead)
    theirs = ChallengeResponse.objects.exclude(studio=studios[0]).first()
    assert client.get(reverse("challenge_responses:edit", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("q", ["局部放电", "空压机 联动"])
def test_challenges_appear_in_search(engine, q):
    results = service.search(SearchParams(q=q, doc_type="challenge"))
    assert results.count >= 1 and all(hit.type == "challenge" for hit in results.hits)
    assert "challenge" in service.search(SearchParams(q=q)).type_counts
