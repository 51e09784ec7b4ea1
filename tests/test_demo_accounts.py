"""load_demo_data's demo accounts: development only, and each with something on their screens."""

import io
import re

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.models import WorkflowState

from collaboration.models import CollaborationRequest
from home.demo.accounts import EDITOR, FIRST_LEAD, REVIEWER, SECOND_LEAD
from projects.models import ProjectPage
from studios.models import StudioPage
from tests.conftest import DEMO_SIZE

pytestmark = pytest.mark.django_db


def load_demo_data():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out, **DEMO_SIZE)
    return out.getvalue()


@pytest.fixture
def accounts():
    with override_settings(DEMO_ACCOUNTS=True):
        output = load_demo_data()
    password = re.search(r"密码：(\S+)", output).group(1)
    return output, password


def test_the_demo_accounts_are_listed_once_with_their_password_and_sign_in(accounts, client):
    output, password = accounts
    for username in (REVIEWER, FIRST_LEAD, SECOND_LEAD, EDITOR):
        assert username in output
        assert client.login(username=username, password=password), username
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
        client.logout()
    with override_settings(DEMO_ACCOUNTS=True):
        again = load_demo_data()
    assert "已存在" in again and password not in again


def test_the_two_leads_lead_studios_of_different_enterprises_and_edit_only_their_own(accounts, client):
    _, password = accounts
    User = get_user_model()
    first, second = (
        StudioPage.objects.filter(lead=User.objects.get(username=name).person).order_by("pk").first()
        for name in (FIRST_LEAD, SECOND_LEAD)
    )
    assert first.enterprise_id != second.enterprise_id
    client.login(username=FIRST_LEAD, password=password)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[first.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[second.pk])).status_code in (302, 403)
    client.login(username=EDITOR, password=password)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[first.pk])).status_code == 200


def test_the_first_leads_screens_have_a_draft_a_project_in_review_and_new_requests(accounts, client):
    _, password = accounts
    lead = get_user_model().objects.get(username=FIRST_LEAD)
    studio = StudioPage.objects.filter(lead=lead.person).order_by("pk").first()
    projects = ProjectPage.objects.child_of(studio).filter(owner=lead)
    assert projects.filter(live=False).count() == 2
    in_review = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, requested_by=lead)
    assert in_review.count() == 1
    requests = CollaborationRequest.objects.filter(studio=studio, status=CollaborationRequest.Status.NEW)
    assert requests.count() >= 2
    client.login(username=FIRST_LEAD, password=password)
    listing = client.get(reverse("collaboration_requests:index")).content.decode()
    assert all(request.organisation in listing for request in requests)
    client.login(username=REVIEWER, password=password)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert projects.get(pk=int(in_review.get().object_id)).title in dashboard  # awaiting their review


def test_no_demo_accounts_outside_development_settings():
    output = load_demo_data()  # the test settings, like production, leave DEMO_ACCOUNTS off
    assert "未创建演示账号" in output
    assert not get_user_model().objects.filter(username__in=[REVIEWER, FIRST_LEAD, SECOND_LEAD, EDITOR]).exists()
