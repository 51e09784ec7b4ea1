"""The open read API for other enterprises' systems: studios, projects, people, alliances, challenges and
the reference data (enterprises, regions, industries), each as a list and a detail.

Lists take the site's own filters (the directories' FilterSets, so /api/projects/?category=invention
lists what /projects/?category=invention shows), `ordering`, `page` and `page_size`. Only published
pages, and of people only their public fields: contact details only where the person chose to show them.
Collaboration requests and anything in review are not part of it.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from challenges.choices import ChallengeStatus
from challenges.filters import ChallengeFilter
from challenges.models import ChallengePage
from core.text import tag_names
from core.visibility import public_q
from projects.choices import Category, Status
from projects.filters import ProjectFilter
from projects.models import ProjectPage
from studios.choices import StudioLevel, StudioType
from studios.filters import PersonFilter, StudioFilter
from studios.models import AlliancePage, Enterprise, Industry, Person, Region, StudioPage

router = Router(tags=["开放数据"])
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
ID_PATTERN = "[0-9]{1,18}"


# --- Schemas ---------------------------------------------------------------------------------------


class Named(Schema):
    slug: str
    name: str


class Reference(Schema):
    id: int
    title: str


class RegionOut(Schema):
    slug: str
    name: str
    kind: str
    parent: str | None = Field(None, description="上级地区（省）的 slug")


class IndustryOut(Schema):
    slug: str
    name: str
    description: str


class EnterpriseOut(Schema):
    slug: str
    name: str
    short_name: str
    region: str = Field(description="地区 slug")
    industry: str = Field(description="行业 slug")
    ownership: str
    description: str


class StudioOut(Schema):
    id: int
    code: str
    title: str
    url: str
    studio_type: str
    level: str
    year_recognised: int
    enterprise: Named
    region: str | None
    industry: str | None
    lead: Named
    summary: str
    specialties: list[str]
    last_published_at: dt.datetime | None


class Member(Schema):
    slug: str
    name: str
    role: str


class StudioDetailOut(StudioOut):
    contact_note: str
    members: list[Member]
    project_count: int


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    url: str
    studio: Reference | None
    category: str
    status: str
    start_date: dt.date
    end_date: dt.date | None
    economic_benefit: float | None = Field(description="经济效益，万元/年")
    seeking_collaborators: bool
    summary: str
    needed_skills: list[str]
    last_published_at: dt.datetime | None


class Patent(Schema):
    title: str
    number: str
    kind: str


class ProjectDetailOut(ProjectOut):
    problem: str = Field(description="HTML")
    solution: str = Field(description="HTML")
    results: str = Field(description="HTML")
    safety_benefit: str
    collaboration_needs: str
    patents: list[Patent]
    team: list[Member]


class Contact(Schema):
    phone: str
    email: str


class PersonOut(Schema):
    slug: str
    name: str
    url: str
    enterprise: Named
    position: str
    titles: list[str]
    honors: list[str]
    skills: list[str]
    open_to_collaboration: bool
    contact: Contact | None = Field(None, description="只在本人同意公开时提供")


class PersonDetailOut(PersonOut):
    bio: str


class AllianceOut(Schema):
    id: int
    title: str
    url: str
    summary: str
    founded_year: int | None
    focus: str
    member_count: int


class AllianceDetailOut(AllianceOut):
    members: list[Reference]


class ChallengeOut(Schema):
    id: int
    title: str
    url: str
    kind: str
    status: str
    summary: str
    deadline: dt.date | None
    reward: str
    enterprise: Named | None
    alliance: Reference | None
    response_count: int


class ChallengeDetailOut(ChallengeOut):
    problem: str = Field(description="HTML")
    required_skills: list[str]


def page_of(schema):
    return type(
        f"{schema.__name__.removesuffix('Out')}Page",
        (Schema,),
        {"__annotations__": {"count": int, "page": int, "page_size": int, "results": list[schema]}},
    )


class ErrorOut(Schema):
    detail: str


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数")


# --- Rows as the API shows them -------------------------------------------------------------------


def named(obj):
    return {"slug": obj.slug, "name": getattr(obj, "name", "")} if obj is not None else None


def reference(page):
    return {"id": page.pk, "title": page.title} if page is not None else None


def absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def studio_row(request, studio):
    return {
        "id": studio.pk,
        "code": studio.code,
        "title": studio.title,
        "url": absolute(request, studio.get_url(request)),
        "studio_type": studio.studio_type,
        "level": studio.level,
        "year_recognised": studio.year_recognised,
        "enterprise": named(studio.enterprise),
        "region": studio.region.slug if studio.region_id else None,
        "industry": studio.industry.slug if studio.industry_id else None,
        "lead": named(studio.lead),
        "summary": studio.summary,
        "specialties": tag_names(studio.specialties.all()),
        "last_published_at": studio.last_published_at,
    }


def project_row(request, project):
    benefit = project.economic_benefit
    return {
        "id": project.pk,
        "code": project.code,
        "title": project.title,
        "url": absolute(request, project.get_url(request)),
        "studio": reference(project.studio),
        "category": project.category,
        "status": project.status,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "economic_benefit": float(benefit) if benefit is not None else None,
        "seeking_collaborators": project.seeking_collaborators,
        "summary": project.summary,
        "needed_skills": tag_names(project.needed_skills.all()),
        "last_published_at": project.last_published_at,
    }


def person_row(request, person):
    return {
        "slug": person.slug,
        "name": person.name,
        "url": absolute(request, person.get_absolute_url()),
        "enterprise": named(person.enterprise),
        "position": person.position,
        "titles": [honor.name for honor in person.titles.all()],
        "honors": [honor.name for honor in person.honors.all()],
        "skills": tag_names(person.skills.all()),
        "open_to_collaboration": person.open_to_collaboration,
        "contact": {"phone": person.phone, "email": person.email} if person.contact_public else None,
    }


def alliance_row(request, alliance):
    return {
        "id": alliance.pk,
        "title": alliance.title,
        "url": absolute(request, alliance.get_url(request)),
        "summary": alliance.summary,
        "founded_year": alliance.founded_year,
        "focus": alliance.focus,
        "member_count": alliance.member_count,
    }


def challenge_row(request, challenge):
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "url": absolute(request, challenge.get_url(request)),
        "kind": challenge.kind,
        "status": challenge.status,
        "summary": challenge.summary,
        "deadline": challenge.deadline,
        "reward": challenge.reward,
        "enterprise": named(challenge.enterprise),
        "alliance": reference(challenge.public_alliance),
        "response_count": challenge.response_count,
    }


# --- Listing helpers ---------------------------------------------------------------------------------


def filtered(request, filterset_class, queryset):
    """The site's filters applied as the site applies them. A name nothing has (a region, enterprise or
    year with no rows) matches nothing; any other value the site would not accept is a 400."""
    filterset = filterset_class(request.GET, queryset=queryset)
    if not filterset.is_valid():
        codes = {error.code for errors in filterset.form.errors.as_data().values() for error in errors}
        if codes == {"invalid_choice"}:
            return queryset.none()
        names = "、".join(sorted(filterset.errors))
        raise HttpError(400, _("筛选参数不合法：%(names)s") % {"names": names})
    return filterset.qs


def ordered(queryset, ordering, choices):
    return queryset.order_by(*choices[ordering]) if ordering else queryset


def paged(request, queryset, paging, row):
    count = queryset.count()
    start = (paging.page - 1) * paging.page_size
    items = queryset[start : start + paging.page_size]
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "results": [row(request, item) for item in items],
    }


def studios():
    return (
        StudioPage.objects.live()
        .public()
        .select_related("enterprise", "region", "industry", "lead")
        .prefetch_related("specialties")
        .order_by("level_rank", "title", "pk")
    )


def projects():
    return (
        ProjectPage.objects.live()
        .public()
        .select_related("studio__enterprise")
        .prefetch_related("needed_skills")
        .order_by("-start_date", "-pk")
    )


def people():
    return (
        Person.objects.select_related("enterprise")
        .prefetch_related("titles", "honors", "skills")
        .order_by("name", "pk")
    )


def alliances():
    return AlliancePage.objects.live().public().annotate(member_count=Count("members")).order_by("title", "pk")


def challenges():
    return (
        ChallengePage.objects.live()
        .public()
        .select_related("enterprise", "alliance")
        .annotate(response_count=Count("responses"))
        .order_by("-first_published_at", "-pk")
    )


STUDIO_ORDERING = {
    "title": ["title", "pk"],
    "-year_recognised": ["-year_recognised", "pk"],
    "year_recognised": ["year_recognised", "pk"],
    "level": ["level_rank", "title", "pk"],
}
PROJECT_ORDERING = {
    "-start_date": ["-start_date", "-pk"],
    "start_date": ["start_date", "pk"],
    "-economic_benefit": ["-economic_benefit", "-pk"],
    "title": ["title", "pk"],
}
NAME_ORDERING = {"name": ["name", "pk"], "-name": ["-name", "-pk"]}
TITLE_ORDERING = {"title": ["title", "pk"], "-title": ["-title", "-pk"]}
CHALLENGE_ORDERING = {**TITLE_ORDERING, "deadline": ["deadline", "pk"]}


class StudioQuery(Paging):
    region: str | None = Field(None, description="地区 slug（省含其下各市）")
    industry: str | None = Field(None, description="行业 slug")
    enterprise: str | None = Field(None, description="企业 slug")
    type: Literal[tuple(StudioType.values)] | None = Field(None, description="工作室类型")
    level: Literal[tuple(StudioLevel.values)] | None = Field(None, description="级别")
    ordering: Literal[tuple(STUDIO_ORDERING)] | None = None


class ProjectQuery(Paging):
    category: Literal[tuple(Category.values)] | None = Field(None, description="五小类别")
    status: Literal[tuple(Status.values)] | None = Field(None, description="状态")
    region: str | None = Field(None, description="地区 slug（省含其下各市）")
    industry: str | None = Field(None, description="行业 slug")
    enterprise: str | None = Field(None, description="企业 slug")
    year: int | None = Field(None, ge=1900, le=2200, description="开始年份")
    seeking: bool | None = Field(None, description="只看寻求合作的成果")
    ordering: Literal[tuple(PROJECT_ORDERING)] | None = None


class PersonQuery(Paging):
    q: str | None = Field(None, max_length=50, description="姓名或技能")
    region: str | None = Field(None, description="地区 slug")
    industry: str | None = Field(None, description="行业 slug")
    enterprise: str | None = Field(None, description="企业 slug")
    title: str | None = Field(None, description="职称 slug")
    honor: str | None = Field(None, description="荣誉 slug")
    open: bool | None = Field(None, description="只看愿意合作的人才")
    ordering: Literal[tuple(NAME_ORDERING)] | None = None


class AllianceQuery(Paging):
    ordering: Literal[tuple(TITLE_ORDERING)] | None = None


class ChallengeQuery(Paging):
    status: Literal[tuple(ChallengeStatus.values)] | None = Field(None, description="状态")
    ordering: Literal[tuple(CHALLENGE_ORDERING)] | None = None


class ReferenceQuery(Paging):
    pass


ERRORS = {400: ErrorOut}
MISSING = {400: ErrorOut, 404: ErrorOut}  # 400: an id or slug of the wrong form


# --- Operations ------------------------------------------------------------------------------------


@router.get("/studios/", response={200: page_of(StudioOut), **ERRORS}, summary="创新工作室")
def list_studios(request, query: Query[StudioQuery]):
    listing = ordered(filtered(request, StudioFilter, studios()), query.ordering, STUDIO_ORDERING)
    return paged(request, listing, query, studio_row)


@router.get("/studios/{id}/", response={200: StudioDetailOut, **MISSING}, summary="创新工作室详情")
def get_studio(request, id: int = Path(..., ge=1, le=2**62)):
    studio = get_object_or_404(studios(), pk=id)
    members = studio.memberships.select_related("person")
    return {
        **studio_row(request, studio),
        "contact_note": studio.contact_note,
        "members": [{"slug": m.person.slug, "name": m.person.name, "role": m.role} for m in members],
        "project_count": studio.projects.live().public().count(),
    }


@router.get("/projects/", response={200: page_of(ProjectOut), **ERRORS}, summary="五小成果")
def list_projects(request, query: Query[ProjectQuery]):
    listing = ordered(filtered(request, ProjectFilter, projects()), query.ordering, PROJECT_ORDERING)
    return paged(request, listing, query, project_row)


@router.get("/projects/{id}/", response={200: ProjectDetailOut, **MISSING}, summary="五小成果详情")
def get_project(request, id: int = Path(..., ge=1, le=2**62)):
    project = get_object_or_404(projects(), pk=id)
    return {
        **project_row(request, project),
        "problem": project.problem,
        "solution": project.solution,
        "results": project.results,
        "safety_benefit": project.safety_benefit,
        "collaboration_needs": project.collaboration_needs,
        "patents": [{"title": p.title, "number": p.number, "kind": p.kind} for p in project.patents.all()],
        "team": [
            {"slug": m.person.slug, "name": m.person.name, "role": m.role}
            for m in project.team_members.select_related("person")
        ],
    }


@router.get("/people/", response={200: page_of(PersonOut), **ERRORS}, summary="工匠人才")
def list_people(request, query: Query[PersonQuery]):
    listing = ordered(filtered(request, PersonFilter, people()), query.ordering, NAME_ORDERING)
    return paged(request, listing, query, person_row)


@router.get("/people/{slug}/", response={200: PersonDetailOut, **MISSING}, summary="工匠人才详情")
def get_person(request, slug: str = Path(..., max_length=80)):
    person = get_object_or_404(people(), slug=slug)
    return {**person_row(request, person), "bio": person.bio}


@router.get("/alliances/", response={200: page_of(AllianceOut), **ERRORS}, summary="创新联盟")
def list_alliances(request, query: Query[AllianceQuery]):
    return paged(request, ordered(alliances(), query.ordering, TITLE_ORDERING), query, alliance_row)


@router.get("/alliances/{id}/", response={200: AllianceDetailOut, **MISSING}, summary="创新联盟详情")
def get_alliance(request, id: int = Path(..., ge=1, le=2**62)):
    alliance = get_object_or_404(alliances(), pk=id)
    members = alliance.members.filter(public_q("studio__")).select_related("studio")
    return {**alliance_row(request, alliance), "members": [reference(m.studio) for m in members]}


@router.get("/challenges/", response={200: page_of(ChallengeOut), **ERRORS}, summary="攻关榜")
def list_challenges(request, query: Query[ChallengeQuery]):
    listing = ordered(filtered(request, ChallengeFilter, challenges()), query.ordering, CHALLENGE_ORDERING)
    return paged(request, listing, query, challenge_row)


@router.get("/challenges/{id}/", response={200: ChallengeDetailOut, **MISSING}, summary="攻关难题详情")
def get_challenge(request, id: int = Path(..., ge=1, le=2**62)):
    challenge = get_object_or_404(challenges(), pk=id)
    return {
        **challenge_row(request, challenge),
        "problem": challenge.problem,
        "required_skills": tag_names(challenge.required_skills.all()),
    }


@router.get("/enterprises/", response={200: page_of(EnterpriseOut), **ERRORS}, summary="企业")
def list_enterprises(request, query: Query[ReferenceQuery]):
    listing = Enterprise.objects.select_related("region", "industry").order_by("name", "pk")
    return paged(request, listing, query, lambda request, e: enterprise_row(e))


@router.get("/enterprises/{slug}/", response={200: EnterpriseOut, **MISSING}, summary="企业详情")
def get_enterprise(request, slug: str = Path(..., max_length=80)):
    return enterprise_row(get_object_or_404(Enterprise.objects.select_related("region", "industry"), slug=slug))


def enterprise_row(enterprise):
    return {
        "slug": enterprise.slug,
        "name": enterprise.name,
        "short_name": enterprise.short_name,
        "region": enterprise.region.slug,
        "industry": enterprise.industry.slug,
        "ownership": enterprise.ownership,
        "description": enterprise.description,
    }


@router.get("/regions/", response={200: page_of(RegionOut), **ERRORS}, summary="地区")
def list_regions(request, query: Query[ReferenceQuery]):
    listing = Region.objects.select_related("parent").order_by("kind", "sort_order", "name", "pk")
    return paged(request, listing, query, lambda request, r: region_row(r))


def region_row(region):
    return {
        "slug": region.slug,
        "name": region.name,
        "kind": region.kind,
        "parent": region.parent.slug if region.parent_id else None,
    }


@router.get("/industries/", response={200: page_of(IndustryOut), **ERRORS}, summary="行业")
def list_industries(request, query: Query[ReferenceQuery]):
    listing = Industry.objects.order_by("sort_order", "name", "pk")
    return paged(
        request, listing, query, lambda request, i: {"slug": i.slug, "name": i.name, "description": i.description}
    )
