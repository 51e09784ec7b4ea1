"""技能竞赛: competitions with their level, organiser, trade, cycle, dates and rules; results rank people, show
on the winners' profiles, and a title gained through a competition links back to it."""

import re
from xml.etree import ElementTree

import pytest

from django.db import IntegrityError, transaction
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from competitions.choices import CompetitionLevel, Cycle
from competitions.models import CompetitionIndexPage, CompetitionPage, CompetitionResult
from search.params import SearchParams
from search.service import search
from studios.choices import HonorKind
from studios.models import Honor, Person
from tests.test_validation import errors_of

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_every_competition_ranks_its_results_and_every_winner_shows_them(client, demo):
    competitions = CompetitionPage.objects.live()
    assert competitions.exists(), "the demo data holds competitions"
    assert {c.cycle for c in competitions} >= {Cycle.EVENT, Cycle.MONTHLY, Cycle.QUARTERLY}
    for competition in competitions:
        page = text_of(client.get(competition.url))
        assert competition.get_level_display() in page and competition.trade in page
        results = list(competition.results.order_by("rank", "sort_order").select_related("person", "honor"))
        assert results, competition.title
        positions = [page.index(result.person.get_absolute_url()) for result in results]
        assert positions == sorted(positions), "listed by rank"
        for result in results:
            profile = text_of(client.get(result.person.get_absolute_url()))
            assert competition.url in profile and f"第 {result.rank} 名" in profile
            if result.honor:
                # the title is the winner's, and on their profile it links back to the competition
                held = result.person.titles if result.honor.kind == HonorKind.TITLE else result.person.honors
                assert held.filter(pk=result.honor.pk).exists()
                assert f'{result.honor.name}</a>（<a href="{competition.url}">' in profile


def test_the_competition_list_filters_by_level_cycle_and_trade(client, demo):
    index = CompetitionIndexPage.objects.get()
    live = CompetitionPage.objects.live()
    for params, expected in [
        ({"level": CompetitionLevel.PROVINCIAL}, live.filter(level=CompetitionLevel.PROVINCIAL)),
        ({"cycle": Cycle.MONTHLY}, live.filter(cycle=Cycle.MONTHLY)),
        ({"trade": "焊工"}, live.filter(trade__icontains="焊工")),
    ]:
        page = text_of(client.get(index.url, params))
        for competition in live:
            assert (competition.url in page) == (competition in expected), (params, competition.title)


def competition_form(results, **changes):
    return nested_form_data(
        {
            "title": "测试钳工技能比武",
            "slug": "test-fitters",
            "level": CompetitionLevel.ENTERPRISE,
            "cycle": Cycle.WEEKLY,
            "trade": "钳工",
            "organiser": "企业工会",
            "start_date": "2026-06-01",
            "end_date": "2026-06-02",
            "summary": "每周一次的钳工比武。",
            "rules": rich_text("<p>实际操作为主。</p>"),
            "results": inline_formset(list(results)),
            **changes,
        }
    )


def add_competition(admin_client, results, **changes):
    parent = CompetitionIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=("competitions", "competitionpage", parent.pk))
    return admin_client.post(url, {**competition_form(results, **changes), "action-publish": "publish"})


def test_a_reviewer_enters_results_in_the_admin_and_the_winner_gains_the_title(
    admin_client, client, demo, django_capture_on_commit_callbacks
):
    people = list(Person.objects.order_by("pk")[:3])
    title = Honor.objects.filter(kind=HonorKind.TITLE).exclude(title_holders=people[0]).first()
    results = [
        {"person": people[0].pk, "rank": 1, "award": "第一名", "score": "98.5", "honor": title.pk},
        {"person": people[1].pk, "rank": 2, "award": "第二名", "score": "95", "honor": ""},
        {"person": people[2].pk, "rank": 3, "award": "", "score": "", "honor": ""},
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows after the commit
        response = add_competition(admin_client, results)
    assert response.status_code == 302, errors_of(response)
    competition = CompetitionPage.objects.get(slug="test-fitters")
    assert list(competition.results.order_by("rank").values_list("person", flat=True)) == [p.pk for p in people]
    assert people[0].titles.filter(pk=title.pk).exists()
    profile = text_of(client.get(people[0].get_absolute_url()))
    assert f'{title.name}</a>（<a href="{competition.url}">' in profile and "第一名" in profile
    found = search(SearchParams(q="测试钳工技能比武", doc_type="person"))
    assert f"person:{people[0].pk}" in [hit.key for hit in found.hits]


def test_impossible_results_and_dates_are_refused_in_chinese(admin_client, demo):
    person = Person.objects.order_by("pk").first()
    twice = [{"person": person.pk, "rank": 1, "award": "", "score": "", "honor": ""}] * 2
    response = add_competition(admin_client, twice)
    assert response.status_code == 200 and "有两行的「人员」相同" in errors_of(response)
    zero = [{"person": person.pk, "rank": 0, "award": "", "score": "", "honor": ""}]
    response = add_competition(admin_client, zero)
    assert response.status_code == 200 and "名次从 1 开始" in errors_of(response)
    response = add_competition(admin_client, [], end_date="2026-05-01")
    assert response.status_code == 200 and "结束日期不能早于开始日期" in errors_of(response)
    assert not CompetitionPage.objects.filter(slug="test-fitters").exists()
    assert not CompetitionResult.objects.filter(page__slug="test-fitters").exists()


def test_a_result_code_names_one_result_whether_two_rows_or_two_competitions_repeat_it(admin_client, demo):
    first, second = Person.objects.order_by("pk")[:2]
    rows = [
        {"person": person.pk, "rank": rank, "code": "JS-9", "honor": ""} for rank, person in ((1, first), (2, second))
    ]
    response = add_competition(admin_client, rows)
    assert response.status_code == 200 and "有两行的「成绩编号」相同" in errors_of(response)
    held = CompetitionResult.objects.order_by("pk").first()
    CompetitionResult.objects.filter(pk=held.pk).update(code="JS-1")
    held.refresh_from_db()
    response = add_competition(admin_client, [{**rows[0], "code": held.code}])
    assert response.status_code == 200 and "成绩编号已被其他成绩占用" in errors_of(response)
    assert not CompetitionPage.objects.filter(slug="test-fitters").exists()
    blank = [{**row, "code": ""} for row in rows]  # a code is optional: rows without one are not the same row
    assert add_competition(admin_client, blank).status_code == 302
    # Two editors saving at once pass the forms' checks together: the database keeps the code unique.
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetitionResult.objects.create(page=held.page, person=second, rank=9, code=held.code)


def test_an_unpublished_competition_leaves_the_profiles(client, demo):
    competition = CompetitionPage.objects.live().filter(results__isnull=False).distinct().first()
    winner = competition.results.first().person
    competition.unpublish()
    assert competition.url not in text_of(client.get(winner.get_absolute_url()))


@pytest.mark.parametrize("url", ["/feeds/competitions.rss", "/feeds/competitions.atom"])
def test_the_competitions_feed_lists_the_live_ones_latest_first_with_their_winners(client, demo, url):
    hidden = CompetitionPage.objects.live().order_by("pk").first()
    hidden.unpublish()
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - the site's own feed
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry") or root.findall("channel/item")
    text = {"title": f"{atom}title", "summary": f"{atom}summary"} if root.tag.startswith(atom) else {}
    titles = [entry.findtext(text.get("title", "title")) for entry in entries]
    expected = CompetitionPage.objects.live().order_by("-start_date", "-pk")
    assert titles == [competition.title for competition in expected] and hidden.title not in titles
    site_url = "http://testserver"
    for entry, competition in zip(entries, expected, strict=True):
        link = entry.find(f"{atom}link").get("href") if text else entry.findtext("link")
        assert link == site_url + competition.url
        described = entry.findtext(text.get("summary", "description"))
        assert competition.summary in described
        winner = competition.results.order_by("rank", "sort_order").first()
        if winner:
            assert f"获奖人员：{winner.person.name}" in described
    assert CompetitionIndexPage.objects.live().first().url in response.content.decode()
    index = client.get(CompetitionIndexPage.objects.live().first().url).content.decode()
    assert f'href="{url}"' in index
