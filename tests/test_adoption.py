"""成果推广应用: an engineer of another enterprise records that a project is in use there, the studio's lead
confirms it, and the project, both enterprises' pages, the statistics and search show it. Refusals in
Chinese; a lead sees and confirms only their own studios' adoptions; a collaboration request ends in an
adoption with one click."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from collaboration.models import CollaborationRequest
from home.statistics import statistics
from projects.choices import AdoptionStatus
from projects.models import ProjectAdoption, ProjectPage
from review.models import Notification
from search import elastic
from search.params import SearchParams
from search.service import search
from studios.models import Enterprise, StudioPage
from tests.conftest import use_engine

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def studios(demo):
    """Two live studios of different enterprises, each with a live project."""
    chosen = []
    for studio in StudioPage.objects.live().filter(projects__live=True).distinct().order_by("pk"):
        if all(studio.enterprise_id != other.enterprise_id for other in chosen):
            chosen.append(studio)
        if len(chosen) == 2:
            return tuple(chosen)
    raise AssertionError("the demo data has studios of two enterprises")


def project_of(studio):
    """A live project of the studio no other enterprise has adopted yet."""
    return ProjectPage.objects.live().filter(studio=studio, adoptions__isnull=True).order_by("pk").first()


def other_enterprise(studio):
    return Enterprise.objects.exclude(pk=studio.enterprise_id).order_by("pk").first()


def adoption_form(enterprise, **changes):
    return {
        "enterprise": enterprise.pk,
        "site": "检修分公司 三号车间",
        "adopted_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        "annual_benefit": "12.5",
        "description": "在三台同型号空压机上推广使用，检修时间明显缩短。",
        "contact_name": "赵工",
        "contact": "13912345678",
        "contact_public": "on",
        "website": "",
        **changes,
    }


def record(client, project, enterprise, ip="203.0.113.9", **changes):
    return client.post(
        reverse("record_adoption", args=[project.pk]), adoption_form(enterprise, **changes), REMOTE_ADDR=ip
    )


def admin_form(adoption, **changes):
    fields = ["project", "enterprise", "site", "adopted_on", "annual_benefit", "description", "contact_name", "contact"]
    data = {name: getattr(adoption, f"{name}_id", None) or getattr(adoption, name) for name in fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    shown = {"contact_public": "on"} if adoption.contact_public else {}
    return {**data, **shown, "status": adoption.status, "note": adoption.note, **changes}


def searched(q="", **params):
    return search(SearchParams(q=q, doc_type="project", **params))


def project_ids(results):
    return [int(hit.key.split(":")[1]) for hit in results.hits]


# --- The journey -----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["database", "elasticsearch"])
def test_an_engineer_asks_records_the_adoption_the_lead_confirms_and_everything_shows_it(
    backend, request, client, studios, leads, settings, django_capture_on_commit_callbacks
):
    use_engine(request, settings, backend, writable=True)
    studio = studios[0]
    project, adopter = project_of(studio), other_enterprise(studio)
    # An engineer of enterprise B asks to collaborate; the lead answers.
    asked = {
        "name": "赵工",
        "organisation": adopter.name,
        "contact": "13912345678",
        "topic": "apply",
        "message": "我们也有同样的问题，希望引进这项成果在本单位推广应用。",
        "website": "",
    }
    assert client.post(reverse("collaborate", args=["project", project.pk]), asked).status_code == 302
    request_row = CollaborationRequest.objects.get(project=project)
    client.force_login(leads[0])
    answered = client.post(
        reverse("collaboration_requests:edit", args=[request_row.pk]), {"status": "replied", "reply_note": "已电话联系"}
    )
    assert answered.status_code == 302
    client.logout()

    # The engineer records the adoption: it waits for the studio, and shows nowhere yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert record(client, project, adopter).status_code == 302
    adoption = ProjectAdoption.objects.get(project=project, enterprise=adopter)
    assert (adoption.status, adoption.studio_id) == (AdoptionStatus.PENDING, studio.pk)
    assert "已在 1 家企业推广应用" not in text_of(client.get(project.url))
    assert project.pk not in project_ids(searched(project.title, filters={"adopted": "1"}))
    notice = Notification.objects.get(kind=Notification.Kind.ADOPTION)
    assert notice.recipient == leads[0] and notice.link == reverse("project_adoptions:edit", args=[adoption.pk])

    # The lead confirms it in the admin.
    client.force_login(leads[0])
    listing = text_of(client.get(reverse("project_adoptions:index")))
    assert project.title in listing and adopter.name in listing
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows after the commit
        confirmed = client.post(
            reverse("project_adoptions:edit", args=[adoption.pk]), admin_form(adoption, status="confirmed")
        )
    assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
    client.logout()

    page = text_of(client.get(project.url))
    assert "已在 1 家企业推广应用" in page and adopter.get_absolute_url() in page
    assert "检修分公司 三号车间" in page and "13912345678" in page  # the contact chose to be shown
    assert "12.50 万元/年" in page or "12.5 万元/年" in page
    source_page = text_of(client.get(studio.enterprise.get_absolute_url()))
    adopter_page = text_of(client.get(adopter.get_absolute_url()))
    assert project.url in source_page and adopter.get_absolute_url() in source_page
    assert project.url in adopter_page

    # Statistics: counted, and the matrix has a cell for A → B.
    _counters, figures = statistics()
    matrix = next(f for f in figures if f.key == "adoptions-between-enterprises")
    row = next(r for r in matrix.rows if r.label == studio.enterprise.display_name)
    assert row.cells[matrix.columns.index(adopter.display_name)] >= 1

    if backend == "elasticsearch":  # what was written is searchable after the next refresh (within a second)
        elastic.client().indices.refresh(index=elastic.alias("project"))
    # Search: the adoption filter finds it, and sorting by adoptions puts the most adopted first.
    assert project.pk in project_ids(searched(project.title, filters={"adopted": "1"}))
    adopted = searched(filters={"adopted": "1"})
    assert adopted.count == ProjectPage.objects.live().filter(adoptions__status="confirmed").distinct().count()
    ranked = project_ids(searched(sort="adoptions", page_size=50))
    counts = [ProjectAdoption.objects.public().filter(project_id=pk).count() for pk in ranked]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1


def test_the_demo_projects_show_their_confirmed_adoptions_only(client, demo):
    confirmed = ProjectAdoption.objects.public()
    pending = ProjectAdoption.objects.filter(status=AdoptionStatus.PENDING)
    assert confirmed.exists() and pending.exists(), "the demo data records adoptions, some waiting"
    for project in ProjectPage.objects.filter(adoptions__in=confirmed).distinct().order_by("pk")[:5]:
        page = text_of(client.get(project.url))
        shown = project.adoptions.confirmed()
        assert f"已在 {shown.count()} 家企业推广应用" in page
        for adoption in shown.select_related("enterprise"):
            assert adoption.site in page
            assert (adoption.contact in page) == adoption.contact_public
        for adoption in project.adoptions.filter(status=AdoptionStatus.PENDING):
            assert adoption.site not in page


def test_statistics_count_confirmed_adoptions_and_the_matrices_add_up(client, demo):
    counters, figures = statistics()
    counted = {str(label): value for label, value, _unit in counters}
    assert counted["推广应用"] == ProjectAdoption.objects.public().count()
    for key in ("adoptions-between-enterprises", "adoptions-between-industries", "adoptions-between-regions"):
        matrix = next(f for f in figures if f.key == key)
        assert matrix.rows and matrix.columns
        for row in matrix.rows:
            assert row.value == sum(row.cells) and len(row.cells) == len(matrix.columns)
        response = client.get(reverse("statistics_csv", args=[key]))
        csv = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
        assert csv[0].split(",")[1:-1] == matrix.columns
        assert len(csv) == len(matrix.rows) + 1
    page = text_of(client.get(reverse("statistics")))
    assert "跨企业推广应用" in page and "statistics-table__matrix" in page


# --- Refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"adopted_on": "2099-01-01"}, "adopted_on", "开始应用日期不能晚于今天"),
        ({"adopted_on": "1990-01-01"}, "adopted_on", "不能早于成果的开始日期"),
        ({"adopted_on": "明天"}, "adopted_on", "日期"),
        ({"annual_benefit": "-3"}, "annual_benefit", "应用效益不能为负数"),
        ({"annual_benefit": "很多"}, "annual_benefit", "数"),
        ({"contact": "赵工"}, "contact", "请填写手机号或电子邮箱"),
        ({"description": "好用"}, "description", "至少 10 个字"),
        ({"site": ""}, "site", "必"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_is_stored(client, studios, changes, field, message):
    project = project_of(studios[0])
    response = record(client, project, other_enterprise(studios[0]), **changes)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not ProjectAdoption.objects.filter(project=project).exists()


def test_the_projects_own_enterprise_cannot_record_an_adoption(client, studios):
    project = project_of(studios[0])
    response = record(client, project, studios[0].enterprise)
    assert response.status_code == 200 and "enterprise" in response.context["form"].errors
    assert studios[0].enterprise.name not in [str(e) for e in response.context["form"].fields["enterprise"].queryset]
    assert not ProjectAdoption.objects.filter(project=project).exists()


def test_one_standing_adoption_per_enterprise_a_declined_one_can_be_recorded_again(client, studios):
    project, adopter = project_of(studios[0]), other_enterprise(studios[0])
    assert record(client, project, adopter).status_code == 302
    again = record(client, project, adopter, ip="198.51.100.3")
    assert again.status_code == 200 and "已经登记过了" in again.context["form"].errors["enterprise"][0]
    assert ProjectAdoption.objects.filter(project=project).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():  # two at the same moment: the database refuses
        ProjectAdoption.objects.create(**{**_fields(ProjectAdoption.objects.get(project=project)), "pk": None})
    ProjectAdoption.objects.filter(project=project).update(status=AdoptionStatus.DECLINED)
    assert record(client, project, adopter, ip="198.51.100.4").status_code == 302
    assert ProjectAdoption.objects.filter(project=project).count() == 2


def _fields(adoption):
    return {f.attname: getattr(adoption, f.attname) for f in adoption._meta.concrete_fields}


def test_bots_unpublished_projects_and_floods_are_turned_away(client, studios):
    project, adopter = project_of(studios[0]), other_enterprise(studios[0])
    assert record(client, project, adopter, website="http://spam.example").status_code == 302
    assert not ProjectAdoption.objects.exists() or not ProjectAdoption.objects.filter(project=project).exists()
    assert client.get(reverse("record_adoption", args=[999999])).status_code == 404
    project.unpublish()
    assert client.get(reverse("record_adoption", args=[project.pk])).status_code == 404
    others = ProjectPage.objects.live().exclude(studio__enterprise=adopter).order_by("pk")[:6]
    statuses = [record(client, other, adopter, ip="192.0.2.50").status_code for other in others]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429
    assert ProjectAdoption.objects.filter(ip_hash__gt="", project__in=others).count() == 5


# --- The studio's side -----------------------------------------------------------------------------


def test_a_lead_sees_and_confirms_only_their_own_studios_adoptions(client, studios, leads):
    mine = project_of(studios[0])
    theirs = project_of(studios[1])
    record(client, mine, other_enterprise(studios[0]))
    record(client, theirs, other_enterprise(studios[1]), ip="198.51.100.8")
    own = ProjectAdoption.objects.get(project=mine)
    other = ProjectAdoption.objects.get(project=theirs)
    client.force_login(leads[0])
    listing = text_of(client.get(reverse("project_adoptions:index")))
    assert mine.title in listing and theirs.title not in listing
    assert client.get(reverse("project_adoptions:edit", args=[other.pk])).status_code == 404
    refused = client.post(reverse("project_adoptions:edit", args=[other.pk]), admin_form(other, status="confirmed"))
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.status == AdoptionStatus.PENDING
    # The add form offers only the lead's own projects.
    form = client.get(reverse("project_adoptions:add")).context["form"]
    offered = set(form.fields["project"].queryset.values_list("studio_id", flat=True))
    assert offered == {studios[0].pk}
    declined = client.post(reverse("project_adoptions:edit", args=[own.pk]), admin_form(own, status="declined"))
    assert declined.status_code == 302
    own.refresh_from_db()
    assert own.status == AdoptionStatus.DECLINED


def test_a_collaboration_request_ends_in_an_adoption_with_one_click(client, studios, leads):
    studio = studios[0]
    project, adopter = project_of(studio), other_enterprise(studio)
    asked = CollaborationRequest.objects.create(
        studio=studio,
        project=project,
        name="钱工",
        organisation=f"{adopter.name}机修车间",
        contact="qian@example.com",
        topic=CollaborationRequest.Topic.APPLY,
        message="希望在我单位推广应用这项成果，请提供图纸。",
    )
    client.force_login(leads[0])
    edit_page = client.get(reverse("collaboration_requests:edit", args=[asked.pk])).content.decode()
    one_click = f"{reverse('project_adoptions:add')}?request={asked.pk}"
    assert one_click.replace("&", "&amp;") in edit_page or one_click in edit_page
    initial = client.get(one_click).context["form"].initial
    assert (initial["project"], initial["enterprise"], initial["contact"]) == (project, adopter, "qian@example.com")
    data = {
        "project": project.pk,
        "enterprise": adopter.pk,
        "site": initial["site"],
        "adopted_on": timezone.localdate().isoformat(),
        "annual_benefit": "3",
        "description": initial["description"],
        "contact_name": "钱工",
        "contact": "qian@example.com",
        "status": initial["status"],
        "note": "",
    }
    response = client.post(one_click, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    adoption = ProjectAdoption.objects.get(project=project, enterprise=adopter)
    asked.refresh_from_db()
    assert adoption.status == AdoptionStatus.CONFIRMED and adoption.annual_benefit == Decimal(3)
    assert (asked.adoption, asked.status) == (adoption, CollaborationRequest.Status.CLOSED)
    assert (
        reverse("project_adoptions:edit", args=[adoption.pk])
        in client.get(reverse("collaboration_requests:edit", args=[asked.pk])).content.decode()
    )
    # Another lead cannot start from this request: nothing of it is filled in.
    client.force_login(leads[1])
    assert "project" not in client.get(one_click).context["form"].initial


def test_a_moved_project_is_confirmed_by_its_new_studio(studios):
    project = project_of(studios[0])
    adoption = ProjectAdoption.objects.create(
        project=project,
        enterprise=other_enterprise(studios[1]),
        site="一分厂",
        adopted_on=timezone.localdate(),
        description="在一分厂推广使用，效果良好。",
        contact_name="孙工",
        contact="13800000000",
    )
    assert adoption.studio_id == studios[0].pk
    project.move(studios[1], pos="last-child")
    adoption.refresh_from_db()
    assert adoption.studio_id == studios[1].pk
