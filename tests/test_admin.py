"""The admin screens editors use load, in Chinese, with the demo content."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.urls import reverse

from studios.models import Enterprise, Person

pytestmark = pytest.mark.django_db


def test_admin_screens_load(admin_client, demo):
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[demo.studio_index.pk]),
        reverse("wagtailadmin_explore", args=[demo.studio.pk]),
        reverse("wagtailadmin_pages:edit", args=[demo.studio.pk]),
        reverse("wagtailadmin_pages:edit", args=[demo.project.pk]),
        reverse("wagtailadmin_pages:edit", args=[demo.alliance.pk]),
        reverse("wagtailadmin_pages:edit", args=[demo.home.pk]),
        reverse("wagtailsnippets_studios_person:list"),
        reverse("wagtailsnippets_studios_person:edit", args=[demo.person.pk]),
        reverse("wagtailsnippets_studios_enterprise:list") + "?region=1&ownership=central",
        reverse("wagtailsnippets_studios_region:list") + "?kind=province",
        reverse("wagtailsnippets_studios_honor:list"),
        reverse("wagtailsnippets_studios_industry:list"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert 'lang="zh-hans"' in response.content.decode(), url


def test_editing_a_person_snippet_saves_skills_and_honours(admin_client, demo):
    person = demo.person
    url = reverse("wagtailsnippets_studios_person:edit", args=[person.pk])
    data = {
        "name": person.name,
        "slug": person.slug,
        "enterprise": person.enterprise_id,
        "position": "首席技师",
        "titles": [t.pk for t in person.titles.all()],
        "honors": [h.pk for h in person.honors.all()],
        "skills": "液压系统, 瓦斯防治",
        "bio": person.bio,
        "open_to_collaboration": "on",
        "phone": person.phone,
        "email": person.email,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert set(person.skills.names()) == {"液压系统", "瓦斯防治"}
    assert person.position == "首席技师"


def test_snippet_slug_is_made_from_pinyin_when_left_blank(admin_client, demo):
    enterprise = Enterprise.objects.first()
    response = admin_client.post(
        reverse("wagtailsnippets_studios_person:add"),
        {"name": "赵铁柱", "slug": "", "enterprise": enterprise.pk, "skills": ""},
    )
    assert response.status_code == 302
    assert Person.objects.get(name="赵铁柱", enterprise=enterprise).slug.startswith("zhao-tie-zhu")


def test_ensure_admin_prints_the_password_only_once(django_user_model):
    first, second = StringIO(), StringIO()
    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)
    assert "密码：" in first.getvalue()
    assert "密码：" not in second.getvalue()
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
