"""师徒结对 (传帮带): a studio records its mentor–apprentice pairs on its own page; the studio page shows the
record, both people's pages link to each other, and the statistics count the pairs and the levels gained."""

import datetime as dt
import re

import pytest

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.statistics import statistics
from studios.choices import SkillLevel
from studios.models import Person, StudioMentorship, StudioPage
from tests.test_validation import errors_of

pytestmark = pytest.mark.django_db
STUDIOS_CHECKED = 8


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_every_pair_is_on_its_studio_page_and_links_both_people(client, demo):
    studios = StudioPage.objects.live().filter(mentorships__isnull=False).distinct().order_by("pk")
    assert studios.exists(), "the demo data records 师徒结对"
    for studio in studios[:STUDIOS_CHECKED]:
        page = text_of(client.get(studio.url))
        assert "传帮带" in page
        for pair in studio.mentorships.select_related("mentor", "apprentice"):
            assert pair.mentor.get_absolute_url() in page and pair.apprentice.get_absolute_url() in page
            assert pair.skills in page
            if pair.levels_gained:
                assert f"{pair.get_level_at_start_display()} → <strong>{pair.get_level_now_display()}</strong>" in page
            for line in pair.milestone_lines:
                assert line in page
            mentor_page = text_of(client.get(pair.mentor.get_absolute_url()))
            assert (
                f'徒弟</span> <a href="{pair.apprentice.get_absolute_url()}">{pair.apprentice.name}</a>' in mentor_page
            )
            apprentice_page = text_of(client.get(pair.apprentice.get_absolute_url()))
            assert f'师傅</span> <a href="{pair.mentor.get_absolute_url()}">{pair.mentor.name}</a>' in apprentice_page
            assert studio.url in apprentice_page


def test_a_studio_without_pairs_shows_no_empty_record(client, demo):
    studio = StudioPage.objects.live().filter(mentorships__isnull=True).first()
    if studio is None:
        studio = demo.studio
        studio.mentorships.all().delete()
    assert "传帮带" not in client.get(studio.url).content.decode()


def test_pairs_of_an_unpublished_studio_leave_the_people_pages(client, demo):
    pair = StudioMentorship.objects.filter(studio__live=True).select_related("studio", "apprentice").first()
    apprentice_url = pair.apprentice.get_absolute_url()
    assert pair.mentor.name in client.get(apprentice_url).content.decode()
    pair.studio.unpublish()
    shown = text_of(client.get(apprentice_url))
    assert f'师傅</span> <a href="{pair.mentor.get_absolute_url()}">' not in shown


def studio_form(studio, mentorships):
    return nested_form_data(
        {
            "title": "传帮带测试工作室",
            "slug": "mentorship-test",
            "studio_type": "staff",
            "level": "enterprise",
            "year_recognised": 2020,
            "enterprise": studio.enterprise_id,
            "lead": studio.lead_id,
            "summary": "简介",
            "intro": streamfield([]),
            "memberships": inline_formset([]),
            "mentorships": inline_formset(mentorships),
            "gallery_images": inline_formset([]),
        }
    )


def pair_values(mentor, apprentice, **changes):
    return {
        "mentor": mentor.pk,
        "apprentice": apprentice.pk,
        "started_on": "2023-03-01",
        "skills": "焊接工艺",
        "goal": "取得技师资格",
        "level_at_start": SkillLevel.SENIOR,
        "level_now": SkillLevel.TECHNICIAN,
        "milestones": "2024-05 取得技师证书",
        "completed_on": "",
        **changes,
    }


def add_studio(admin_client, demo, mentorships):
    url = reverse("wagtailadmin_pages:add", args=("studios", "studiopage", demo.studio_index.pk))
    return admin_client.post(url, {**studio_form(demo.studio, mentorships), "action-publish": "publish"})


def test_a_pair_entered_in_the_admin_is_saved_and_shown(admin_client, client, demo):
    mentor, apprentice = Person.objects.order_by("pk")[:2]
    response = add_studio(admin_client, demo, [pair_values(mentor, apprentice)])
    assert response.status_code == 302
    studio = StudioPage.objects.get(slug="mentorship-test")
    assert [(p.mentor, p.apprentice, p.levels_gained) for p in studio.mentorships.all()] == [(mentor, apprentice, 1)]
    assert "2024-05 取得技师证书" in client.get(studio.url).content.decode()


def impossible_pairs(mentor, apprentice):
    """(values, field, what the message says) for every rule a pair must keep."""
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    yield pair_values(mentor, mentor), "apprentice", "同一个人"
    yield pair_values(mentor, apprentice, started_on=tomorrow), "started_on", "晚于今天"
    yield pair_values(mentor, apprentice, completed_on="2022-01-01"), "completed_on", "早于结对日期"
    for start in SkillLevel.values:
        for now in SkillLevel.values:
            if now < start:
                yield pair_values(mentor, apprentice, level_at_start=start, level_now=now), "level_now", "不能低于"
    yield pair_values(mentor, apprentice, skills=""), "skills", "必需字段"
    yield pair_values(mentor, apprentice, started_on="2023-02-30"), "started_on", "日期"


def test_impossible_pairs_are_refused_in_chinese_and_nothing_is_saved(admin_client, demo):
    mentor, apprentice = Person.objects.order_by("pk")[:2]
    cases = list(impossible_pairs(mentor, apprentice))
    for values, field, words in cases:
        response = add_studio(admin_client, demo, [values])
        assert response.status_code == 200, (field, values)
        assert words in errors_of(response), (field, words)
        assert not StudioPage.objects.filter(slug="mentorship-test").exists()
    twice = add_studio(admin_client, demo, [pair_values(mentor, apprentice)] * 2)
    assert twice.status_code == 200 and "重复" in errors_of(twice)
    assert not StudioPage.objects.filter(slug="mentorship-test").exists()


def test_the_statistics_count_pairs_and_levels_gained_per_region(demo):
    pairs = StudioMentorship.objects.filter(studio__live=True)
    counters = {str(label): value for label, value, _unit in statistics()[0]}
    assert counters["师徒结对"] == pairs.count() > 0
    assert counters["徒弟技能等级提升"] == pairs.filter(level_now__gt=F("level_at_start")).count()
    figure = next(f for f in statistics()[1] if f.key == "apprentices-by-level")
    assert figure.total == pairs.exclude(level_at_start=None).count() + pairs.exclude(level_now=None).count()
    for studio in StudioPage.objects.live().exclude(region=None).order_by("pk")[:3]:
        region = studio.region
        counters = {str(label): value for label, value, _unit in statistics(region=region)[0]}
        assert counters["师徒结对"] == pairs.filter(studio__region__in=region.with_descendant_ids()).count()
    year = pairs.order_by("pk").first().started_on.year
    counters = {str(label): value for label, value, _unit in statistics(year=year)[0]}
    assert counters["师徒结对"] == pairs.filter(started_on__year=year).count()


def test_a_mentor_is_found_by_the_skills_they_pass_on_and_an_apprentice_by_their_mentor(demo):
    from search.params import SearchParams
    from search.service import search

    pairs = StudioMentorship.objects.filter(studio__live=True).select_related("mentor", "apprentice")
    for pair in pairs.order_by("pk")[:5]:
        mentors = set(pairs.filter(skills=pair.skills).values_list("mentor__name", flat=True))
        hits = search(SearchParams(q=f"师傅 {pair.skills}", doc_type="person")).hits
        assert hits and hits[0].title in mentors, (pair, [hit.title for hit in hits[:3]])
        apprentices = set(pairs.filter(mentor=pair.mentor).values_list("apprentice__name", flat=True))
        hits = search(SearchParams(q=f"徒弟 {pair.mentor.name}", doc_type="person")).hits
        assert {hit.title for hit in hits[:5]} & apprentices, (pair, [h.title for h in hits[:5]])
