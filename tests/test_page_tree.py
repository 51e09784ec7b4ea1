"""Where each page type may be created: the site's tree is explicit."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from challenges.models import ChallengeIndexPage, ChallengePage
from competitions.models import CompetitionIndexPage, CompetitionPage
from home.models import HomePage
from projects.models import ProjectIndexPage, ProjectPage
from studios.models import (
    AllianceIndexPage,
    AlliancePage,
    Enterprise,
    PeopleIndexPage,
    Person,
    StudioIndexPage,
    StudioPage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StudioIndexPage,
                ProjectIndexPage,
                PeopleIndexPage,
                AllianceIndexPage,
                ChallengeIndexPage,
                CompetitionIndexPage,
            },
        )

    def test_competitions_live_under_their_index(self):
        self.assertAllowedParentPageTypes(CompetitionPage, {CompetitionIndexPage})
        self.assertAllowedSubpageTypes(CompetitionPage, set())

    def test_studios_live_in_the_directory_and_projects_in_their_studio(self):
        self.assertAllowedParentPageTypes(StudioPage, {StudioIndexPage})
        self.assertAllowedSubpageTypes(StudioPage, {ProjectPage})
        self.assertAllowedParentPageTypes(ProjectPage, {StudioPage})
        self.assertAllowedSubpageTypes(ProjectPage, set())

    def test_alliances_live_under_the_alliance_index(self):
        self.assertAllowedParentPageTypes(AlliancePage, {AllianceIndexPage})
        self.assertAllowedSubpageTypes(AlliancePage, set())

    def test_challenges_live_on_the_board(self):
        self.assertAllowedParentPageTypes(ChallengePage, {ChallengeIndexPage})
        self.assertAllowedSubpageTypes(ChallengePage, set())

    def test_a_project_cannot_be_created_directly_under_the_library_or_home(self):
        self.assertCanNotCreateAt(ProjectIndexPage, ProjectPage)
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertCanNotCreateAt(HomePage, StudioPage)

    def test_directory_pages_are_singletons(self):
        for page_type in (
            HomePage,
            StudioIndexPage,
            ProjectIndexPage,
            PeopleIndexPage,
            AllianceIndexPage,
            ChallengeIndexPage,
        ):
            self.assertEqual(page_type.max_count, 1, page_type)
        self.assertFalse(StudioIndexPage.can_create_at(HomePage.objects.get()))


class CreateThroughTheAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.login()

    def test_editor_creates_a_studio_and_a_project_through_the_admin(self):
        enterprise = Enterprise.objects.order_by("pk").first()
        lead = Person.objects.filter(enterprise=enterprise).first()
        studio_index = StudioIndexPage.objects.get()
        self.assertCanCreate(
            studio_index,
            StudioPage,
            nested_form_data(
                {
                    "title": "测试数控加工工作室",
                    "slug": "test-cnc-studio",
                    "studio_type": "craftsman",
                    "level": "municipal",
                    "year_recognised": 2020,
                    "enterprise": enterprise.pk,
                    "lead": lead.pk,
                    "summary": "专注数控加工。",
                    "intro": streamfield([("paragraph", rich_text("<p>工作室简介</p>"))]),
                    "memberships": inline_formset([]),
                    "mentorships": inline_formset([]),
                    "gallery_images": inline_formset([]),
                    "specialties": "数控加工",
                }
            ),
        )
        studio = StudioPage.objects.get(slug="test-cnc-studio")
        # Region and industry left blank are taken from the enterprise.
        self.assertEqual(studio.region, enterprise.region)
        self.assertEqual(studio.industry, enterprise.industry)

        self.assertCanCreate(
            studio,
            ProjectPage,
            nested_form_data(
                {
                    "title": "主轴快速拆装工具",
                    "slug": "spindle-tool",
                    "category": "invention",
                    "status": "completed",
                    "start_date": "2024-03-01",
                    "end_date": "2024-09-01",
                    "summary": "一人即可完成主轴拆装。",
                    "problem": rich_text("<p>拆装需要三人配合。</p>"),
                    "solution": rich_text("<p>自制专用工装。</p>"),
                    "results": rich_text("<p>检修时间缩短一半。</p>"),
                    "economic_benefit": "12.5",
                    "patents": inline_formset([]),
                    "team_members": inline_formset([{"person": lead.pk, "role": "负责人"}]),
                    "gallery_images": inline_formset([]),
                    "documents": inline_formset([]),
                    "needed_skills": "",
                }
            ),
        )
        project = ProjectPage.objects.get(slug="spindle-tool")
        self.assertEqual(project.studio_id, studio.pk)
