"""What browsers, crawlers and feed readers ask every site for: an icon and robots.txt."""

import re

import pytest

from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def linked_icons(html):
    return re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/([^"]+)"', html)


def test_every_icon_a_page_links_is_a_static_file_and_favicon_ico_leads_to_one(client, demo, admin_client):
    for html in (
        client.get(demo.home.url).content.decode(),
        admin_client.get(reverse("wagtailadmin_home")).content.decode(),
    ):
        icons = linked_icons(html)
        assert icons, "no icon linked"
        assert all(finders.find(icon) for icon in icons), icons
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert finders.find(response["Location"].removeprefix("/static/"))


def test_robots_txt_keeps_crawlers_out_of_forms_and_admin_and_points_at_a_sitemap_that_answers(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    sitemap = re.search(r"^Sitemap: http://testserver(/\S+)$", text, re.MULTILINE).group(1)
    assert client.get(sitemap).status_code == 200
