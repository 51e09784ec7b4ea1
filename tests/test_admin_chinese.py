"""Chinese on every admin screen a studio lead and a union reviewer reach (issue: studio leads at home).

tests/admin_walk.py follows every admin link from the dashboard, the menus and the search; any English a
user would read — Wagtail's untranslated messages, labels Wagtail leaves untranslatable, "None" and
"True" printed as values — fails the walk with the screen it is on. English users keep Wagtail's own
English, which is its source language."""

import pytest

from django.contrib.auth import get_user_model
from django.utils import translation

from home.demo.accounts import FIRST_LEAD, REVIEWER, ensure_demo_accounts
from tests.admin_walk import content_words, walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", [FIRST_LEAD, REVIEWER])
def test_every_admin_screen_a_lead_or_reviewer_reaches_is_in_chinese(client, username):
    ensure_demo_accounts("pw-for-tests")
    client.force_login(get_user_model().objects.get(username=username))
    problems, visited = walk(client, start=("/admin/", "/admin/pages/search/?q=工作室"), content_words=content_words())
    assert any("/edit/" in url for url in visited) and any("/admin/pages/add/" in url for url in visited), visited
    assert not problems, "\n".join(f"{url}: {' | '.join(texts[:5])}" for url, texts in problems.items())


def test_the_walk_sees_english_where_a_user_would(client, admin_client):
    """The check itself: an English-language user reads English, and the walk says so."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(get_user_model().objects.get(username="reviewer"))
    profile.preferred_language = "en"
    profile.save()
    with translation.override("en"):
        problems, visited = walk(admin_client, start=("/admin/",), limit=3, content_words=content_words())
    assert problems and all(texts for texts in problems.values()), visited
