"""统计: the figures are the content's own numbers, every number links to the list it counts, filters
narrow them, each chart has a table and a CSV, the map is the province's, and a publish shows at once."""

import csv
import io
import json
import random
import re
from pathlib import Path

import pytest

from django.contrib.staticfiles import finders
from django.urls import reverse

from home.statistics import MAP_FOLDER, province_map, statistics
from projects.models import ProjectPage
from studios.choices import RegionKind, StudioLevel
from studios.models import Region, StudioPage

pytestmark = pytest.mark.django_db


def figures_of(response):
    """The charts' data as the page's script reads it (the page may come from the page cache)."""
    data = re.search(r'<script id="statistics-data" type="application/json">(.*?)</script>', response.content.decode())
    return {chart["key"]: chart for chart in json.loads(data.group(1))}


def shown_count(client, url):
    match = re.search(r"共 ([\d,]+) 条", client.get(url).content.decode())
    return int(match.group(1).replace(",", "")) if match else None


def test_every_figure_has_a_chart_a_table_and_a_csv_with_the_same_numbers(client, demo):
    response = client.get(reverse("statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    charts = figures_of(response)
    assert len(charts) >= 10
    for key, chart in charts.items():
        assert f'data-chart="{key}"' in html or not chart["rows"], key
        download = client.get(reverse("statistics_csv", args=[key]))
        content = b"".join(download.streaming_content)
        assert content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
        # A row: its label, a matrix's cells (one per column), its value.
        expected = [[r["name"], *r.get("cells", []), r["value"]] for r in chart["rows"]]
        assert [[name, *map(float, values)] for name, *values in rows] == [
            [name, *map(float, values)] for name, *values in expected
        ]
        for row in chart["rows"]:
            assert f"<td>{row['value']}</td>" in html, (key, row)
    assert client.get(reverse("statistics_csv", args=["no-such-figure"])).status_code == 404


def test_the_figures_are_the_contents_own_counts(client, demo):
    charts = figures_of(client.get(reverse("statistics")))
    live = StudioPage.objects.live()
    assert {r["name"]: r["value"] for r in charts["studios-by-level"]["rows"]} == {
        str(label): live.filter(level=value).count() for value, label in StudioLevel.choices
    }
    projects = ProjectPage.objects.live()
    by_year = {r["name"]: r["value"] for r in charts["projects-by-year"]["rows"]}
    assert sum(by_year.values()) == projects.count()
    for year, count in by_year.items():
        assert projects.filter(start_date__year=int(year)).count() == count


def test_every_number_that_links_to_a_directory_leads_to_a_list_of_that_many(client, demo):
    charts = figures_of(client.get(reverse("statistics")))
    checked = 0
    for chart in charts.values():
        for row in chart["rows"]:
            if not row["url"]:
                continue
            if chart["unit"] == "万元":  # a sum of benefit, not a number of rows
                continue
            page = client.get(row["url"])
            assert page.status_code == 200, row
            shown = shown_count(client, row["url"]) if "?" in row["url"] else None
            if shown is not None:
                assert shown == row["value"], (chart["key"], row)
                checked += 1
    assert checked >= 15


def test_region_and_year_narrow_every_figure_and_junk_filters_are_no_error(client, demo):
    rng = random.Random("statistics-filters")
    provinces = list(Region.objects.filter(kind=RegionKind.PROVINCE))
    for region in rng.sample(provinces, min(2, len(provinces))):
        charts = figures_of(client.get(reverse("statistics"), {"region": region.slug}))
        expected = StudioPage.objects.live().filter(region__in=region.with_descendant_ids()).count()
        assert sum(r["value"] for r in charts["studios-by-level"]["rows"]) == expected
        for row in charts["studios-by-level"]["rows"]:
            assert f"region={region.slug}" in row["url"]
    year = ProjectPage.objects.live().order_by("start_date").first().start_date.year
    charts = figures_of(client.get(reverse("statistics"), {"year": year}))
    assert sum(r["value"] for r in charts["projects-by-category"]["rows"]) == (
        ProjectPage.objects.live().filter(start_date__year=year).count()
    )
    for junk in ({"region": "nowhere"}, {"year": "abc"}, {"year": "99999999999999999999"}, {"region": "'; --"}):
        assert client.get(reverse("statistics"), junk).status_code == 200
        assert client.get(reverse("statistics_csv", args=["studios-by-level"]), junk).status_code == 200


def test_the_map_is_the_provinces_own_and_every_city_links_to_its_page(client, demo):
    chart = figures_of(client.get(reverse("statistics")))["studios-by-city"]
    assert chart["chart"] == "map"
    geojson = json.loads(Path(finders.find(chart["map"].removeprefix("/static/"))).read_text(encoding="utf-8"))
    on_map = {feature["properties"]["name"] for feature in geojson["features"]}
    cities = {row["name"] for row in chart["rows"]}
    assert cities <= on_map
    for row in chart["rows"]:
        assert client.get(row["url"]).status_code == 200


def test_a_province_map_is_found_by_its_cities_names_whichever_province():
    folder = Path(finders.find(MAP_FOLDER))
    rng = random.Random("maps")
    files = sorted(folder.glob("*_geo.json"))
    for path in rng.sample(files, 8):
        names = [f["properties"]["name"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
        sample = rng.sample(names, max(1, len(names) * 2 // 3))
        assert province_map(sample) == path.name, (path.name, sample)
    assert province_map(["不存在的市", "另一个不存在的市"]) == ""


def test_a_new_published_studio_is_counted_at_once(client, demo, django_capture_on_commit_callbacks):
    before = statistics()[1][0].total
    client.get(reverse("statistics"))  # cached now
    model = StudioPage.objects.live().first()
    new = StudioPage(
        title="新的统计工作室",
        slug="xin-de-tong-ji",
        live=False,
        studio_type=model.studio_type,
        level=model.level,
        year_recognised=model.year_recognised,
        enterprise=model.enterprise,
        lead=model.lead,
        summary="统计测试",
    )
    demo.studio_index.add_child(instance=new)
    new.save_revision().publish()
    charts = figures_of(client.get(reverse("statistics")))
    assert sum(r["value"] for r in charts["studios-by-level"]["rows"]) == before + 1
    StudioPage.objects.get(pk=new.pk).unpublish()
    charts = figures_of(client.get(reverse("statistics")))
    assert sum(r["value"] for r in charts["studios-by-level"]["rows"]) == before


def test_the_statistics_page_is_in_the_main_navigation(client, demo):
    assert reverse("statistics") in client.get(demo.home.url).content.decode()


def test_reviewers_see_the_headline_figures_on_their_dashboard(client, reviewer, demo):
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="statistics' in html and reverse("statistics") in html
    studios = StudioPage.objects.live().count()
    assert re.search(rf"创新工作室</td><td>{studios} 个", html)
