"""What pages keep between writes even with the page cache off — a listing's count, the years it spans, the
home counters, the main menu (core.pagecache.CONTENT_VERSION) — changes with the next write, at once."""

import random
import re

import pytest
from bs4 import BeautifulSoup

from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from wagtail.models import Page, Site

from core.models import DirectoryPage
from core.versions import CacheVersion, ProcessCopies, read_once_per_request
from projects.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def listed(client, url, params):
    """(the count a filtered listing shows, the years its year filter offers)."""
    soup = page(client, url, params)
    count = int(re.search(r"共 (\d+) 条", soup.select_one(".result-count").get_text()).group(1))
    years = {option["value"] for option in soup.select("select[name=year] option") if option["value"]}
    return count, years


def new_project(studio, category, year, title=None):
    project = ProjectPage(
        title=title or f"{year} 年的新成果",
        slug=f"fresh-{category}-{year}",
        category=category,
        status="in_progress",
        start_date=f"{year}-03-01",
        summary="新项目。",
        problem="<p>难点。</p>",
        solution="<p>办法。</p>",
        live=False,
    )
    studio.add_child(instance=project)
    project.save_revision().publish()
    return ProjectPage.objects.get(pk=project.pk)  # live, as published


def test_a_filtered_listing_counts_and_offers_a_new_year_at_once(client, demo):
    category = ProjectPage.objects.live().values_list("category", flat=True).first()
    later = max(ProjectPage.objects.live().values_list("start_date__year", flat=True)) + 1
    params = {"category": category}
    for _ in range(2):  # the second view answers from what the first kept
        count, years = listed(client, demo.project_index.url, params)
    assert str(later) not in years

    project = new_project(demo.studio, category, later)
    assert listed(client, demo.project_index.url, params) == (count + 1, years | {str(later)})
    project.unpublish()
    assert listed(client, demo.project_index.url, params) == (count, years)


def test_the_home_counters_and_the_menu_follow_a_publish(client, demo):
    def counters():
        soup = page(client, "/")
        return {
            dt.get_text(): int(dd.get_text())
            for dt, dd in zip(soup.select(".counters dt"), soup.select(".counters dd"), strict=True)
        }

    def menu():
        return [a.get_text() for a in page(client, demo.project.url).select(".main-nav a")]

    before, menu_before, old_title = counters(), menu(), demo.studio_index.title
    assert old_title in menu_before
    new_project(demo.studio, "creation", 2020)
    assert counters()["五小成果"] == before["五小成果"] + 1
    from studios.models import Industry

    Industry.objects.create(name="新增测试行业", slug="new-test-industry")
    assert "新增测试行业" in page(client, "/").select_one("#industries-heading").find_parent("section").get_text()

    demo.studio_index.title = "全部工作室名录"
    demo.studio_index.save_revision().publish()
    assert menu() == [("全部工作室名录" if title == old_title else title) for title in menu_before]


def test_a_request_reads_each_version_once_and_sees_its_own_writes():
    version = CacheVersion("test:version")
    start = version.current()
    with read_once_per_request():
        assert version.current() == start
        cache.incr(version.key)  # another worker's write, after this request began
        assert version.current() == start  # one snapshot for the whole request
        version.bump()  # this request's own write
        assert version.current() == start + 2
    assert version.current() == start + 2
    cache.incr(version.key)
    assert version.current() == start + 3  # outside a request every read is fresh


def test_what_a_version_keeps_is_fresh_after_any_write_and_a_copy_for_each_reader():
    version, computed = CacheVersion("test:kept"), []

    def answer():
        computed.append(1)
        return {"studios": [len(computed)]}

    def read():
        with read_once_per_request():
            return version.cached("answer", answer, 60)

    first = read()
    first["studios"].append("changed by its reader")
    assert read() == {"studios": [1]} and len(computed) == 1  # kept, and each reader has its own copy
    cache.incr(version.key)  # another worker's write
    assert read() == {"studios": [2]}
    version.bump()  # this process's
    assert read() == {"studios": [3]}
    cache.clear()  # the shared cache emptied (a restarted Redis): its version numbers start elsewhere
    for _ in range(3):
        assert read() == {"studios": [4]}
    assert len(computed) == 4


def test_every_filter_of_every_listing_has_its_own_count(client, demo):
    """Options of each drop-down of every directory (in turn with each sort order) show the count of what
    they list, twice in a row: the kept counts are told apart by the rows a filter selects."""
    directories = [p for p in Page.objects.live().specific() if isinstance(p, DirectoryPage)]
    assert len(directories) >= 4
    for directory in directories:
        soup = page(client, directory.url)
        selects = {s["name"]: [o["value"] for o in s.select("option")] for s in soup.select(".filters select")}
        sorts = selects.pop("sort", [""])
        seen = set()
        for name, values in selects.items():
            for value, sort in zip(values[:8], sorts * 8, strict=False):
                params = {name: value, "sort": sort}
                expected = directory.filtered(RequestFactory().get("/", params)).qs.count()
                for _ in range(2):
                    count = int(re.search(r"共 (\d+) 条", page(client, directory.url, params).get_text()).group(1))
                    assert count == expected, (directory.url, params)
                seen.add(expected)
        assert len(seen) > 1 or not selects, directory.url  # the filters did select different rows


def test_a_new_or_removed_site_serves_its_own_root_at_once(client, demo):
    """The site of a host is kept between requests, and a change to the sites is seen on the next one."""

    def heading(host, path="/"):
        return page(client.__class__(HTTP_HOST=host), path).select_one("h1").get_text(strip=True)

    other = next(host for host in ("127.0.0.1", "localhost") if not Site.objects.filter(hostname=host).exists())
    home, studios = heading(other), heading(other, demo.studio_index.url)
    assert home != studios
    for _ in range(2):
        assert heading(other) == home  # the default site answers a host it does not name
    own = Site.objects.create(hostname=other, port=80, root_page=demo.studio_index, site_name="工作室")
    assert heading(other) == studios
    assert heading("testserver") == home
    own.delete()
    assert heading(other) == home


def test_site_settings_saved_in_the_admin_show_in_the_footer_at_once(client, admin_client, demo):
    site = Site.objects.get(is_default_site=True)

    def footer():
        return page(client, demo.studio_index.url).select_one(".site-footer__org").get_text()

    before = footer()
    assert footer() == before
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    form = {"organisation": "某某市总工会", "contact_email": "", "contact_phone": "", "address": "", "icp_number": ""}
    assert admin_client.post(url, form).status_code == 302
    assert "某某市总工会" in footer() and "某某市总工会" not in before


def test_the_process_copies_stay_within_their_count_and_bytes_and_drop_the_least_recently_used():
    rng = random.Random(11)
    copies = ProcessCopies(entries=20, budget=64 * 1024)
    for step in range(600):
        key = f"k{rng.randrange(60)}"
        if rng.random() < 0.5:
            copies.set(key, "x" * rng.randrange(1, 6000), 60)
        else:
            copies.get(key)
        assert len(copies._kept) <= 20 and copies._bytes <= 64 * 1024, step
        assert copies._bytes == sum(len(data) for data, _expiry in copies._kept.values())
    copies.set("kept", [1], 60)
    copies.set("expired", [2], -1)
    assert copies.get("expired") is None
    for n in range(25):
        copies.set(f"new{n}", [n], 60)
        assert copies.get("kept") == [1]  # used just now: outlives all the others
    assert copies.get("new0") is None  # the least recently used went first
    copies.set("too large", "x" * 64 * 1024, 60)  # more than a sixteenth of the budget: not kept
    assert copies.get("too large") is None
