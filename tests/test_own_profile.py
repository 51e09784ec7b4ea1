"""我的人才档案: a studio lead edits their own person profile in the admin — never anyone else's, and
never the enterprise, titles or honors a union reviewer grants."""

import re

import pytest

from django.contrib.auth import get_user_model

from home.demo.accounts import FIRST_LEAD, REVIEWER, ensure_demo_accounts
from studios.choices import HonorKind
from studios.models import Enterprise, Honor, Person

pytestmark = pytest.mark.django_db
URL = "/admin/my-profile/"


@pytest.fixture
def accounts():
    ensure_demo_accounts("pw-for-tests")
    return {user.username: user for user in get_user_model().objects.all()}


def form_data(client, **changes):
    """The profile form as the page shows it, with `changes`."""
    html = client.get(URL).content.decode()
    person = Person.objects.get(account__username=FIRST_LEAD)
    data = {
        "opened_version": re.search(r'name="opened_version" value="(\w+)"', html).group(1),
        "name": person.name,
        "position": person.position,
        "photo": person.photo_id or "",
        "skills": ", ".join(person.skills.names()),
        "bio": person.bio,
        "phone": person.phone,
        "email": person.email,
    }
    if person.open_to_collaboration:
        data["open_to_collaboration"] = "on"
    if person.contact_public:
        data["contact_public"] = "on"
    return {**data, **changes}


def test_a_lead_edits_their_own_profile_and_the_site_shows_it(client, accounts):
    client.force_login(accounts[FIRST_LEAD])
    person = accounts[FIRST_LEAD].person
    page = client.get(URL)
    assert page.status_code == 200
    assert person.name in page.content.decode()
    response = client.post(
        URL, form_data(client, bio="二十年扎根数控一线，带出徒弟三十余人。", skills="数控加工, 刀具管理")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.bio == "二十年扎根数控一线，带出徒弟三十余人。"
    assert sorted(person.skills.names()) == ["刀具管理", "数控加工"]
    assert "已保存您的人才档案" in client.get(URL).content.decode()
    assert "二十年扎根数控一线" in client.get(person.get_absolute_url()).content.decode()


def test_enterprise_titles_and_honors_are_shown_but_not_changed_by_the_lead(client, accounts):
    client.force_login(accounts[FIRST_LEAD])
    person = accounts[FIRST_LEAD].person
    granted = Honor.objects.filter(kind=HonorKind.HONOR).first()
    person.honors.add(granted)
    person.save()  # a ParentalManyToManyField keeps its rows in memory until the save
    before = (
        person.enterprise_id,
        {title.pk for title in person.titles.all()},
        {honor.pk for honor in person.honors.all()},
    )
    assert granted.pk in before[2]
    assert granted.name in client.get(URL).content.decode()
    other_enterprise = Enterprise.objects.exclude(pk=person.enterprise_id).first()
    every_honor = [str(pk) for pk in Honor.objects.values_list("pk", flat=True)]
    data = form_data(client, enterprise=other_enterprise.pk, honors=every_honor, titles=every_honor, bio="改了简介")
    assert client.post(URL, data).status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert person.bio == "改了简介"
    after = (
        person.enterprise_id,
        {title.pk for title in person.titles.all()},
        {honor.pk for honor in person.honors.all()},
    )
    assert after == before


def test_bad_input_is_refused_in_chinese_and_changes_nothing(client, accounts):
    client.force_login(accounts[FIRST_LEAD])
    person = accounts[FIRST_LEAD].person
    response = client.post(URL, form_data(client, name="", email="不是邮箱", bio="不该保存"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "未能保存" in html and "必需字段" in html and "有效的 Email 地址" in html
    person.refresh_from_db()
    assert person.bio != "不该保存" and person.name


def test_the_menu_offers_the_profile_only_to_accounts_that_have_one(client, accounts):
    client.force_login(accounts[FIRST_LEAD])
    home = client.get("/admin/").content.decode()
    assert URL in home  # the sidebar's menu (its labels are JSON-escaped)
    assert f'href="{URL}"' in home  # the dashboard's 我的工作室 panel
    reviewer = accounts[REVIEWER]
    assert reviewer.person_id is None
    client.force_login(reviewer)
    assert URL not in client.get("/admin/").content.decode()
    response = client.get(URL, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "还没有关联人才档案" in response.content.decode()


def test_signed_out_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
