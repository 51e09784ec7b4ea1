"""load_demo_data: realistic sizes by default, deterministic for a seed, and a second run changes nothing."""

from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page

from home.demo.builder import DemoBuilder
from projects.choices import Category, Status
from projects.models import ProjectPage
from studios.choices import StudioLevel, StudioType
from studios.models import AlliancePage, Enterprise, Industry, Person, Region, StudioPage

pytestmark = pytest.mark.django_db


def fingerprint():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "people": sorted(Person.objects.values_list("slug", "name", "enterprise__slug")),
        "enterprises": sorted(Enterprise.objects.values_list("slug", "name")),
        "projects": sorted(ProjectPage.objects.values_list("url_path", "category", "status", "start_date")),
        "benefits": sorted(str(b) for b in ProjectPage.objects.values_list("economic_benefit", flat=True)),
    }


def load(**options):
    out = StringIO()
    call_command("load_demo_data", stdout=out, **options)
    return out.getvalue()


def test_default_demo_meets_the_promised_sizes_and_a_second_run_changes_nothing():
    load()
    shanxi = Region.objects.get(slug="shanxi")
    assert shanxi.children.count() == 11
    assert Region.objects.filter(kind="province").exclude(pk=shanxi.pk).count() >= 3
    assert Industry.objects.count() >= 8
    assert Enterprise.objects.count() >= 30
    assert Person.objects.count() >= 200
    studios = StudioPage.objects.live()
    assert studios.count() >= 60
    assert set(studios.values_list("studio_type", flat=True)) == set(StudioType.values)
    assert set(studios.values_list("level", flat=True)) == set(StudioLevel.values)
    projects = ProjectPage.objects.live()
    assert projects.count() >= 300
    assert set(projects.values_list("category", flat=True)) == set(Category.values)
    assert set(projects.values_list("status", flat=True)) == set(Status.values)
    for alliance in AlliancePage.objects.live():
        members = list(alliance.member_studios())
        assert len({s.region_id for s in members}) > 1, alliance
        assert len({s.industry_id for s in members}) > 1, alliance
        assert len({s.enterprise_id for s in members}) > 1, alliance
    assert AlliancePage.objects.live().count() >= 3

    before = fingerprint()
    output = load()
    assert "未做任何更改" in output
    assert fingerprint() == before


def test_every_project_is_a_child_of_its_studio_with_a_consistent_tree():
    for project in ProjectPage.objects.live().order_by("?")[:20]:
        assert project.get_parent().pk == project.studio_id
        assert project.url.startswith(project.studio.url)
    # treebeard's bookkeeping stays right after the bulk insert
    for studio in StudioPage.objects.all()[:10]:
        assert studio.numchild == studio.get_children().count()


def test_the_generator_is_deterministic_for_a_seed():
    def plan(seed):
        builder = DemoBuilder(seed=seed, log=lambda *_: None)
        builder.build_reference_data()
        return builder.person_names(), builder.rng("project", 7).random()

    assert plan(2026) == plan(2026)
    assert plan(2026) != plan(7)


def test_demo_people_include_the_names_used_in_docs_and_search_examples():
    assert Person.objects.filter(name="王建国", slug="wang-jian-guo").exists()


def test_bad_arguments_are_refused_with_a_message():
    with pytest.raises(CommandError, match="--projects"):
        load(projects=-1)
