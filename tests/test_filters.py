"""The directories' filters combine, and bad filter values never break a page."""

import pytest
from bs4 import BeautifulSoup

from projects.models import ProjectPage
from studios.models import Person, Region, StudioPage

pytestmark = pytest.mark.django_db


def card_links(response, selector=".card__title a"):
    assert response.status_code == 200
    return [a["href"] for a in BeautifulSoup(response.content, "html.parser").select(selector)]


def all_pages(client, url, params):
    """Follow the pagination and collect every card link."""
    links, page = [], 1
    while True:
        response = client.get(url, {**params, "page": page})
        found = card_links(response)
        links += found
        if b'rel="next"' not in response.content:
            return links
        page += 1


def test_studio_filters_combine(client, demo):
    studio = StudioPage.objects.live().filter(level="national").order_by("pk").first()
    params = {
        "region": studio.region.slug,
        "industry": studio.industry.slug,
        "type": studio.studio_type,
        "level": "national",
    }
    expected = StudioPage.objects.live().filter(
        region=studio.region, industry=studio.industry, studio_type=studio.studio_type, level="national"
    )
    links = all_pages(client, demo.studio_index.url, params)
    assert sorted(links) == sorted(s.url for s in expected)
    assert studio.url in links


def test_filtering_by_a_province_includes_its_cities(client, demo):
    shanxi = Region.objects.get(slug="shanxi")
    links = all_pages(client, demo.studio_index.url, {"region": "shanxi"})
    expected = StudioPage.objects.live().filter(region__parent=shanxi)
    assert len(links) == expected.count() > 0
    outside = StudioPage.objects.live().exclude(region__parent=shanxi).first()
    assert outside.url not in links


def test_project_filters_by_category_status_region_industry_and_year(client, demo):
    project = demo.project
    params = {
        "category": project.category,
        "status": project.status,
        "region": project.studio.region.slug,
        "industry": project.studio.industry.slug,
        "year": project.start_date.year,
    }
    links = all_pages(client, demo.project_index.url, params)
    expected = ProjectPage.objects.live().filter(
        category=project.category,
        status=project.status,
        studio__region=project.studio.region,
        studio__industry=project.studio.industry,
        start_date__year=project.start_date.year,
    )
    assert sorted(links) == sorted(p.url for p in expected)
    assert project.url in links


def test_projects_sort_by_benefit_puts_the_largest_first(client, demo):
    links = card_links(client.get(demo.project_index.url, {"sort": "benefit"}))
    top = ProjectPage.objects.live().exclude(economic_benefit=None).order_by("-economic_benefit")[:3]
    assert links[:3] == [p.url for p in top]


def test_projects_default_sort_is_newest_first(client, demo):
    links = card_links(client.get(demo.project_index.url))
    newest = ProjectPage.objects.live().order_by("-start_date", "-pk").first()
    assert links[0] == newest.url


def test_people_filters_by_title_and_openness(client, demo):
    links = all_pages(client, demo.people_index.url, {"title": "shou-xi-ji-shi", "open": "true"})
    expected = Person.objects.filter(titles__slug="shou-xi-ji-shi", open_to_collaboration=True)
    assert sorted(links) == sorted(p.get_absolute_url() for p in expected)


def test_people_search_by_skill(client, demo):
    links = all_pages(client, demo.people_index.url, {"q": "瓦斯防治"})
    expected = Person.objects.filter(skills__name="瓦斯防治").distinct()
    assert sorted(links) == sorted(p.get_absolute_url() for p in expected)
    assert links


@pytest.mark.parametrize(
    "params",
    [
        {"region": "atlantis", "level": "galactic", "type": "<script>"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"enterprise": "' OR 1=1 --"},
    ],
)
def test_unknown_studio_filter_values_are_ignored(client, demo, params):
    response = client.get(demo.studio_index.url, params)
    assert response.status_code == 200
    assert card_links(response)  # still shows studios


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"year": "1800"}, {"sort": "price"}, {"category": "big"}, {"seeking": "maybe"}]
)
def test_unknown_project_filter_values_are_ignored(client, demo, params):
    response = client.get(demo.project_index.url, params)
    assert response.status_code == 200
    assert len(card_links(response)) == demo.project_index.per_page


def test_pagination_keeps_the_filters(client, demo):
    response = client.get(demo.project_index.url, {"category": "invention"})
    soup = BeautifulSoup(response.content, "html.parser")
    next_link = soup.select_one('.pagination a[rel="next"]')["href"]
    assert "category=invention" in next_link and "page=2" in next_link


def test_empty_result_explains_itself(client, demo):
    region = Region.objects.filter(studios=None, kind="city").first() or Region.objects.create(
        name="测试市", slug="test-city"
    )
    response = client.get(demo.studio_index.url, {"region": region.slug})
    assert "没有符合条件的工作室" in response.content.decode()
