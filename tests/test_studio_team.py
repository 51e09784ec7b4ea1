"""工作室账号: a studio lead invites editors to their own studio by e-mail (a link to set a password) and
removes them again; every refusal says why, and nobody reaches another studio's team."""

import re
from urllib.parse import urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.core import mail

from home.demo.accounts import EDITOR, FIRST_LEAD, REVIEWER, SECOND_LEAD, ensure_demo_accounts
from review.roles import STUDIO_MEMBERS, role_group
from studios.models import StudioPage

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def accounts():
    ensure_demo_accounts("pw-for-tests")
    return {user.username: user for user in User.objects.all()}


def team_url(studio):
    return f"/admin/studio-team/{studio.pk}/"


def studio_led_by(user):
    return StudioPage.objects.get(lead=user.person)


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Post the invitation form; the e-mail goes out when the transaction commits."""

    def post(studio, email, name="刘晓东"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(team_url(studio), {"invite": "1", "email": email, "name": name}, follow=True)

    return post


def test_an_invited_editor_sets_a_password_and_gets_exactly_the_studio(client, accounts, invite):
    lead = accounts[FIRST_LEAD]
    studio = studio_led_by(lead)
    client.force_login(lead)
    assert client.get("/admin/studio-team/").url == team_url(studio)
    assert f'href="{team_url(studio)}"' in client.get("/admin/").content.decode()  # the dashboard links it
    response = invite(studio, "liuxiaodong@example.com")
    assert "已邀请 liuxiaodong@example.com" in response.content.decode()
    editor = User.objects.get(email="liuxiaodong@example.com")
    assert not editor.has_usable_password()
    assert set(editor.groups.all()) == {studio.editors, role_group(STUDIO_MEMBERS)}
    (message,) = mail.outbox
    assert message.to == ["liuxiaodong@example.com"] and studio.title in message.subject
    link = re.search(r"https?://\S+/password_reset/confirm/\S+", message.body).group(0)
    client.logout()
    form_page = client.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200
    client.post(form_page.redirect_chain[-1][0], {"new_password1": "Gz-8h2kq-Lm", "new_password2": "Gz-8h2kq-Lm"})
    assert client.login(username=editor.username, password="Gz-8h2kq-Lm")
    edit = client.get(f"/admin/pages/{studio.pk}/edit/")
    assert edit.status_code == 200
    other = studio_led_by(accounts[SECOND_LEAD])
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)


def test_a_removed_editor_loses_the_studio_and_the_admin(client, accounts):
    lead, editor = accounts[FIRST_LEAD], accounts[EDITOR]
    studio = studio_led_by(lead)
    client.force_login(lead)
    assert editor.username in client.get(team_url(studio)).content.decode()
    response = client.post(team_url(studio), {"remove": str(editor.pk)}, follow=True)
    assert "移出本工作室" in response.content.decode()
    assert not editor.groups.exists()
    client.force_login(editor)
    assert client.get("/admin/").status_code in (302, 403)


def test_refusals_say_why_and_change_nothing(client, accounts, invite):
    lead, editor = accounts[FIRST_LEAD], accounts[EDITOR]
    studio = studio_led_by(lead)
    other = studio_led_by(accounts[SECOND_LEAD])
    client.force_login(lead)
    groups_before = {user.pk: set(user.groups.values_list("pk", flat=True)) for user in User.objects.all()}
    # The lead cannot be removed, nor an editor twice invited, nor a bad address used.
    assert (
        "领办人不能从工作室移除"
        in client.post(team_url(studio), {"remove": str(lead.pk)}, follow=True).content.decode()
    )
    assert "已经是本工作室的账号" in invite(studio, editor.email.upper()).content.decode()
    bad = client.post(team_url(studio), {"invite": "1", "email": "不是邮箱", "name": ""})
    assert bad.status_code == 200 and "有效的 Email 地址" in bad.content.decode() and "必需字段" in bad.content.decode()
    # Another studio's team, or someone not in this team, is not found; junk ids too.
    assert client.get(team_url(other)).status_code == 404
    assert client.post(team_url(other), {"remove": str(accounts[SECOND_LEAD].pk)}).status_code == 404
    for junk in ["999999999", "abc", "²", "1" * 40]:
        assert client.post(team_url(studio), {"remove": junk}).status_code == 404
    # An editor is not the lead: no team screen (and no menu entry) for them.
    client.force_login(editor)
    refused = client.get("/admin/studio-team/")  # Wagtail's admin answers PermissionDenied with its home
    assert refused.status_code == 302 and refused.url == "/admin/"
    assert client.get(team_url(studio)).status_code == 404
    assert "/admin/studio-team/" not in client.get("/admin/").content.decode()
    groups_after = {user.pk: set(user.groups.values_list("pk", flat=True)) for user in User.objects.all()}
    assert groups_after == groups_before and not mail.outbox


def test_an_existing_account_is_added_without_a_new_one(client, accounts, invite):
    lead = accounts[FIRST_LEAD]
    studio = studio_led_by(lead)
    somebody = User.objects.create_user("zhoumin", email="zhoumin@example.com", password="x-Pw-123456")
    client.force_login(lead)
    assert "/admin/studio-team/" in client.get("/admin/").content.decode()
    invite(studio, "ZhouMin@Example.com", name="周敏")
    assert User.objects.filter(email__iexact="zhoumin@example.com").count() == 1
    somebody.refresh_from_db()
    assert somebody.has_usable_password() and studio.editors in somebody.groups.all()
    assert "password_reset" not in mail.outbox[0].body


def test_a_reviewer_may_manage_any_studios_team(client, accounts):
    client.force_login(accounts[REVIEWER])
    other = studio_led_by(accounts[SECOND_LEAD])
    assert client.get(team_url(other)).status_code == 200
