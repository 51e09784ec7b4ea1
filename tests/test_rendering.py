"""Every page type renders with the demo content and shows what a visitor expects."""

import random
import re
from html import unescape
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.models import PageViewRestriction

from challenges.models import ChallengePage
from projects.feeds import FEED_SIZE
from projects.models import ProjectPage
from studios.models import Enterprise, Industry, Person, Region

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_home_shows_live_counters_and_entry_points(client, demo):
    page = soup(client.get("/"))
    counters = {
        dt.get_text(): dd.get_text()
        for dt, dd in zip(page.select(".counters dt"), page.select(".counters dd"), strict=True)
    }
    assert counters["五小成果"] == str(ProjectPage.objects.live().count())
    assert counters["成员企业"] == str(Enterprise.objects.count())
    categories = [a.get_text(" ", strip=True) for a in page.select("#categories-heading + ul a")]
    assert [c.split()[0] for c in categories] == ["小发明", "小创造", "小革新", "小设计", "小建议"]
    assert page.find("a", href=Region.objects.get(slug="taiyuan").get_absolute_url())
    assert page.find("a", href=Industry.objects.get(slug="coal-mining").get_absolute_url())
    assert page.select("#featured-heading ~ .grid .project-card")


def test_every_page_has_language_meta_and_open_graph_tags(client, demo):
    for url in ["/", demo.studio.url, demo.project.url, demo.alliance.url, demo.person.get_absolute_url()]:
        page = soup(client.get(url))
        assert page.html["lang"] == "zh-hans"
        assert page.find("meta", attrs={"name": "description"})["content"].strip(), url
        assert page.find("meta", property="og:title")["content"].strip(), url
        assert len(page.find_all("h1")) == 1, url


def test_project_page_tells_the_story_in_order(client, demo):
    project = demo.project
    page = soup(client.get(project.url))
    steps = [h.get_text() for h in page.select(".story__step h2")]
    assert steps == ["难点与堵点", "解决方案", "成果与效益"]
    assert page.select_one(f".badge--{project.category}").get_text() == project.get_category_display()
    assert page.find("a", href=project.studio.url)
    assert page.find("a", href=project.studio.enterprise.get_absolute_url())
    assert "万元/年" in page.select_one(".facts").get_text()
    assert page.find("meta", property="og:type")["content"] == "article"


def test_project_seeking_collaborators_shows_needs_and_skills(client, demo):
    project = ProjectPage.objects.live().filter(seeking_collaborators=True).exclude(tagged_skills=None).first()
    page = soup(client.get(project.url))
    box = page.select_one(".callout--seeking")
    assert project.collaboration_needs in box.get_text()
    assert {chip.get_text() for chip in box.select(".chip")} == set(project.needed_skills.names())


def test_images_have_alt_text(client, demo):
    for url in ["/", demo.studio_index.url, demo.studio.url]:
        for img in soup(client.get(url)).find_all("img"):
            assert img.get("alt"), (url, img)


def test_studio_page_lists_lead_members_and_projects(client, demo):
    studio = demo.studio
    page = soup(client.get(studio.url))
    members = page.select_one("#members-heading + ul").get_text()
    assert studio.lead.name in members
    for membership in studio.memberships.all():
        assert membership.person.name in members
    assert set(studio_project_links(client, studio.url)) == {p.url for p in studio.projects.live()}


PROJECT_CARDS = "#projects-heading ~ .grid .card__title a"


def studio_project_links(client, url):
    """The project cards of a studio page and of every page its pagination leads to, in order."""
    links = []
    while url:
        page = soup(client.get(url))
        links += [a["href"] for a in page.select(PROJECT_CARDS)]
        following = page.select_one('.pagination a[rel="next"]')
        url = urljoin(url, following["href"]) if following else None
    return links


def test_a_studio_page_shows_its_latest_projects_and_pages_through_the_rest(client, demo, monkeypatch):
    from studios.models import StudioPage

    monkeypatch.setattr(StudioPage, "projects_per_page", 2)  # the demo studios' few projects span pages
    paged = 0
    for studio in StudioPage.objects.live():
        latest_first = [p.url for p in studio.projects.live().order_by("-start_date", "-pk")]
        first = soup(client.get(studio.url))
        assert len(first.select(PROJECT_CARDS)) == min(len(latest_first), 2)
        assert studio_project_links(client, studio.url) == latest_first
        paged += len(latest_first) > 2
        if latest_first:
            count = first.select_one("#projects-heading small").get_text()
            assert str(len(latest_first)) in count
    assert paged  # the walk above went through pagination at least once
    busiest = max(StudioPage.objects.live(), key=lambda s: s.projects.live().count())
    last = -(-busiest.projects.live().count() // 2)
    beyond = soup(client.get(busiest.url, {"page": last + 5})).select_one(".pagination__current").get_text()
    assert beyond == str(last)  # past the end: the last page, not an error
    assert soup(client.get(busiest.url, {"page": "abc"})).select_one(".pagination__current").get_text() == "1"


def test_alliance_page_counts_members_by_region_industry_and_enterprise(client, demo):
    alliance = demo.alliance
    studios = list(alliance.member_studios())
    page = soup(client.get(alliance.url))
    breakdown = page.select(".breakdown > div")
    region_total = sum(int(span.get_text()) for span in breakdown[0].select(".count"))
    assert region_total == len(studios)
    assert len(breakdown[1].select("li")) == len({s.industry_id for s in studios}) >= 2
    assert len(breakdown[2].select("li")) == len({s.enterprise_id for s in studios}) >= 2
    assert len(page.select("#members-heading ~ .grid .studio-card")) == len(studios)


def test_person_profile_hides_private_contact_details(client, demo):
    person = Person.objects.filter(contact_public=False).exclude(phone="").first()
    html = client.get(person.get_absolute_url()).content.decode()
    assert person.name in html
    assert person.phone not in html
    assert person.email not in html
    assert "未公开联系方式" in html


def test_person_profile_shows_contact_details_when_opted_in(client, demo):
    person = Person.objects.filter(contact_public=True).exclude(phone="").first()
    html = client.get(person.get_absolute_url()).content.decode()
    assert person.phone in html


def test_person_profile_lists_titles_honors_and_studios(client, demo):
    person = demo.person
    text = soup(client.get(person.get_absolute_url())).get_text()
    for honor in person.honors.all():
        assert honor.name in text
    for studio in person.led_studios.live():
        assert studio.title in text


@pytest.mark.parametrize("slug", ["shanxi", "taiyuan"])
def test_region_landing_pages_list_studios_of_the_region(client, demo, slug):
    region = Region.objects.get(slug=slug)
    page = soup(client.get(region.get_absolute_url()))
    cards = page.select("#studios-heading ~ .grid .studio-card")
    from studios.models import StudioPage

    assert len(cards) == StudioPage.objects.live().filter(region__in=region.with_descendant_ids()).count() > 0


def test_industry_and_enterprise_landing_pages(client, demo):
    industry = Industry.objects.get(slug="coal-mining")
    assert industry.name in soup(client.get(industry.get_absolute_url())).h1.get_text()
    enterprise = demo.studio.enterprise
    page = soup(client.get(enterprise.get_absolute_url()))
    assert demo.studio.title in page.get_text()


def test_unknown_slugs_give_a_clean_404(client, demo):
    for url in ["/people/nobody/", "/regions/atlantis/", "/industries/x/", "/enterprises/x/", "/no-such-page/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


def test_english_is_available(client, demo):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    page = soup(response)
    assert page.html["lang"] == "en"
    assert [dt.get_text() for dt in page.select(".counters dt")] == [
        "Studios",
        "Projects",
        "People",
        "Enterprises",
        "Cities",
    ]
    assert page.select_one(".skip-link").get_text() == "Skip to content"


def test_sitemap_lists_pages_people_and_landing_pages(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    locations = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    assert any(loc.endswith(demo.project.url) for loc in locations)
    assert any(loc.endswith(demo.person.get_absolute_url()) for loc in locations)
    assert any(loc.endswith("/regions/taiyuan/") for loc in locations)


@pytest.mark.parametrize("url", ["/feeds/projects.rss", "/feeds/projects.atom"])
def test_feeds_list_newest_projects_first_and_not_the_private_ones(client, demo, url):
    newest = ProjectPage.objects.live().order_by("-first_published_at", "-pk")
    PageViewRestriction.objects.create(page=newest.first(), restriction_type=PageViewRestriction.LOGIN)
    response = client.get(url)
    assert response.status_code == 200
    titles = [unescape(t) for t in re.findall(r"<title>([^<]+)</title>", response.content.decode())[1:]]
    expected = newest.public()[:FEED_SIZE]
    assert titles == [project.title for project in expected] and newest.first().title not in titles


def test_chinese_is_the_default_even_for_english_browsers(client, demo):
    page = soup(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert page.html["lang"] == "zh-hans"
    assert page.select_one(".skip-link").get_text() == "跳到正文"


def test_project_page_shows_similar_projects_and_recommended_collaborators(client, demo):
    project = ProjectPage.objects.live().filter(seeking_collaborators=True).exclude(tagged_skills=None).first()
    page = soup(client.get(project.url))
    similar = page.select("#similar-heading + ul a")
    assert similar and project.url not in [a["href"] for a in similar]
    recommended = page.select("#recommended-heading ~ ul li")
    assert recommended
    skills = set(project.needed_skills.names())
    for item in recommended:
        reasons = item.select_one(".match").get_text().split("：", 1)[1].split("；")
        assert all(any(skill in reason for skill in skills) for reason in reasons)  # 擅长“…”, 参与过《…》（…）


def test_honor_pages_list_who_holds_them(client, demo):
    holder = Person.objects.filter(honors__isnull=False).first()
    honor = holder.honors.first()
    index = client.get(reverse("honor_index")).content.decode()
    assert honor.get_absolute_url() in index
    page = client.get(honor.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert holder.name in body and holder.get_absolute_url() in body
    not_holder = Person.objects.exclude(honors=honor).exclude(titles=honor).first()
    assert not_holder.get_absolute_url() not in body
    assert honor.get_absolute_url() in client.get(holder.get_absolute_url()).content.decode()
    assert client.get(reverse("honor_detail", args=["no-such-honor"])).status_code == 404


@pytest.mark.parametrize("kind", ["project", "studio", "challenge", "person"])
def test_tags_are_shown_in_name_order_whatever_order_they_were_added_in(client, demo, kind):
    challenge = ChallengePage.objects.live().order_by("pk").first()
    seeking = ProjectPage.objects.live().filter(seeking_collaborators=True).order_by("pk").first()  # shows its skills
    obj, field = {
        "project": (seeking, "needed_skills"),
        "studio": (demo.studio, "specialties"),
        "challenge": (challenge, "required_skills"),
        "person": (demo.person, "skills"),
    }[kind]
    rng = random.Random(kind)
    names = sorted({"".join(rng.choice("焊接调试检修数控液压电气仪表") for _ in range(4)) + "技能" for _ in range(6)})
    tags = getattr(obj, field)
    tags.clear()
    for name in reversed(names):  # each tag row after the ones that sort after it
        tags.add(name)
    obj.save()
    url = obj.get_absolute_url() if kind == "person" else obj.url
    html = client.get(url).content.decode()
    shown = sorted(names, key=html.index)
    assert shown == names


def test_each_studio_and_project_page_names_its_place(client, demo):
    """What a studio page's facts and a project page's list show of the studio's place (read beside the page)."""
    from studios.models import StudioPage

    studios = list(StudioPage.objects.live().public())
    for studio in studios:
        facts = soup(client.get(studio.url)).select_one("dl").get_text(" ", strip=True)
        for shown in (studio.enterprise.display_name, studio.region.display_name, studio.industry.name):
            assert shown in facts, (studio.title, shown)
    projects = ProjectPage.objects.live().public().order_by("pk")
    for project in random.Random(3).sample(list(projects), 20):
        page = soup(client.get(project.url))
        region = project.studio.region
        assert page.select_one(f'dd a[href="{region.get_absolute_url()}"]').get_text(strip=True) == region.display_name
    assert len(studios) >= 6 and any(studio.region.parent_id for studio in studios)  # provinces read too


def test_each_studio_card_names_its_enterprise_region_industry_and_lead(client, demo):
    from studios.models import StudioPage

    cards = soup(client.get(demo.studio_index.url)).select(".studio-card")
    assert len(cards) >= 6
    for card in cards:
        link = card.select_one(".card__title a")
        studio = StudioPage.objects.get(url_path__endswith=link["href"].split("/")[-2] + "/")
        footer = card.select_one(".card__footer").get_text(" ", strip=True)
        assert studio.enterprise.display_name in footer, studio.title
        assert studio.region.display_name in footer, studio.title  # a city's with its province
        assert studio.industry.name in footer and studio.lead.name in footer, studio.title
    assert any(" · " in card.get_text() for card in cards)  # cities among them: their provinces were read
