"""An alliance's life: a rotating lead studio (盟主) per term with its history, yearly key tasks with their
status, and joint activities with dates, a host and the studios that took part."""

import datetime as dt
import re

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from studios.choices import ActivityKind, TaskStatus
from studios.models import AlliancePage, StudioPage
from tests.test_validation import errors_of

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_every_alliance_shows_its_lead_its_terms_its_tasks_and_its_activities(client, demo):
    alliances = AlliancePage.objects.live()
    assert alliances.filter(terms__isnull=False).exists(), "the demo alliances have a life"
    year = timezone.localdate().year
    for alliance in alliances:
        page = text_of(client.get(alliance.url))
        current = [term for term in alliance.terms.all() if term.is_current]
        if current:
            assert f'现任盟主</dt><dd><a href="{current[0].studio.url}">{current[0].studio.title}</a>' in page
        for term in alliance.terms.select_related("studio"):
            assert term.studio.url in page and str(term.start_year) in page
        for task in alliance.key_tasks.select_related("studio"):
            assert task.title in page and task.get_status_display() in page
            assert f"{task.year} 年" in page
        for activity in alliance.activities.prefetch_related("studios"):
            assert activity.title in page and activity.get_kind_display() in page
            for studio in activity.studios.all():
                assert studio.url in page
        assert all(term.start_year <= year + 1 for term in alliance.terms.all())


def alliance_form(studios, terms=(), tasks=(), activities=()):
    # A multiple choice is posted as one key with several values (nested_form_data would number them).
    chosen = {f"activities-{n}-studios": values.pop("studios", []) for n, values in enumerate(activities)}
    return chosen | nested_form_data(
        {
            "title": "测试联盟",
            "slug": "test-alliance",
            "summary": "简介",
            "founded_year": 2020,
            "focus": "联合攻关",
            "members": inline_formset([{"studio": studio.pk, "joined_year": 2020} for studio in studios]),
            "joint_projects": inline_formset([]),
            "terms": inline_formset(list(terms)),
            "key_tasks": inline_formset(list(tasks)),
            "activities": inline_formset(list(activities)),
            "body": streamfield([]),
            "charter": rich_text(""),
        }
    )


def add_alliance(admin_client, demo, **parts):
    studios = list(StudioPage.objects.live().order_by("pk")[:3])
    parent = AlliancePage.objects.first().get_parent()
    url = reverse("wagtailadmin_pages:add", args=("studios", "alliancepage", parent.pk))
    return studios, admin_client.post(url, {**alliance_form(studios, **parts), "action-publish": "publish"})


def activity(studios, **changes):
    return {
        "kind": ActivityKind.SITE_VISIT,
        "title": "现场参观交流",
        "held_on": "2025-05-20",
        "host": studios[0].pk,
        "studios": [studio.pk for studio in studios[1:]],
        "summary": "参观了检修现场。",
        **changes,
    }


def test_an_alliance_entered_in_the_admin_keeps_its_terms_tasks_and_activities(admin_client, client, demo):
    studios = list(StudioPage.objects.live().order_by("pk")[:3])
    response = add_alliance(
        admin_client,
        demo,
        terms=[
            {"studio": studios[0].pk, "start_year": 2020, "end_year": 2021},
            {"studio": studios[1].pk, "start_year": 2022, "end_year": ""},
        ],
        tasks=[
            {
                "year": 2025,
                "title": "联合攻关难题三项",
                "studio": studios[2].pk,
                "status": TaskStatus.DONE,
                "result": "",
            }
        ],
        activities=[activity(studios)],
    )[1]
    assert response.status_code == 302, errors_of(response)
    alliance = AlliancePage.objects.get(slug="test-alliance")
    assert [term.studio for term in alliance.terms.order_by("start_year")] == studios[:2]
    assert [term.is_current for term in alliance.terms.order_by("start_year")] == [False, True]
    saved = alliance.activities.get()
    assert saved.host == studios[0] and set(saved.studios.all()) == set(studios[1:])
    page = text_of(client.get(alliance.url))
    assert f'现任盟主</dt><dd><a href="{studios[1].url}">' in page
    assert "联合攻关难题三项" in page and "已完成" in page


def test_impossible_terms_and_activities_are_refused_in_chinese(admin_client, demo):
    studios = list(StudioPage.objects.live().order_by("pk")[:3])
    next_year = timezone.localdate().year + 1
    far = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    cases = [
        ({"terms": [{"studio": studios[0].pk, "start_year": 2022, "end_year": 2020}]}, "不能早于起始年份"),
        ({"terms": [{"studio": studios[0].pk, "start_year": next_year + 1, "end_year": ""}]}, "最多为明年"),
        ({"activities": [activity(studios, held_on=far)]}, "一年以后"),
        ({"activities": [activity(studios, held_on="2025-02-30")]}, "日期"),
        ({"tasks": [{"year": 2025, "title": "", "studio": "", "status": TaskStatus.PLANNED, "result": ""}]}, "必需"),
    ]
    for parts, words in cases:
        response = add_alliance(admin_client, demo, **parts)[1]
        assert response.status_code == 200, parts
        assert words in errors_of(response), (parts, words)
        assert not AlliancePage.objects.filter(slug="test-alliance").exists()


def test_search_finds_a_studio_by_the_alliance_it_leads_and_the_tasks_and_activities_it_leads(demo):
    from search.params import SearchParams
    from search.service import search

    def studio_keys(q):
        return [hit.key for hit in search(SearchParams(q=q, doc_type="studio", page_size=50)).hits]

    alliances = AlliancePage.objects.live().order_by("pk")
    tasks = [task for alliance in alliances for task in alliance.key_tasks.exclude(studio=None)[:3]]
    activities = [activity for alliance in alliances for activity in alliance.activities.exclude(host=None)[:3]]
    terms = [term for alliance in alliances for term in alliance.terms.select_related("alliance")[:2]]
    assert tasks and activities and terms, "the demo alliances have a life"
    for task in tasks:
        assert f"studio:{task.studio_id}" in studio_keys(task.title), task.title
    for activity in activities:
        assert f"studio:{activity.host_id}" in studio_keys(activity.title), activity.title
    for term in terms:
        assert f"studio:{term.studio_id}" in studio_keys(f"{term.alliance.title} 盟主"), term.alliance.title


@pytest.mark.parametrize("change", ["rows dropped", "rows given another studio"])
def test_a_studio_an_alliance_no_longer_names_loses_the_alliance_from_its_search_record(
    demo, django_capture_on_commit_callbacks, change
):
    from search.models import SearchEntry
    from search.records import record_for

    def named(alliance):
        return {
            *(term.studio_id for term in alliance.terms.all()),
            *(task.studio_id for task in alliance.key_tasks.exclude(studio=None)),
            *(activity.host_id for activity in alliance.activities.exclude(host=None)),
        }

    alliance = max(AlliancePage.objects.live(), key=lambda alliance: len(named(alliance)))
    studios = named(alliance)
    assert len(studios) > 1
    indexed = {pk: SearchEntry.objects.get(key=f"studio:{pk}").context_terms for pk in studios}

    draft = alliance.get_latest_revision_as_object()
    if change == "rows dropped":
        draft.terms, draft.key_tasks, draft.activities = [], [], []
    else:
        other = StudioPage.objects.live().exclude(pk__in=studios).order_by("pk").first()
        for relation, field in (("terms", "studio"), ("key_tasks", "studio"), ("activities", "host")):
            rows = list(getattr(draft, relation).all())
            for row in rows:
                setattr(row, field, other)
            setattr(draft, relation, rows)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert not named(AlliancePage.objects.get(pk=alliance.pk)) & studios
    # Each studio it named is indexed as a rebuild would index it: without the alliance's words.
    for pk in studios:
        now = SearchEntry.objects.get(key=f"studio:{pk}").context_terms
        assert now != indexed[pk] and now == record_for("studio", pk)["context_terms"], pk
