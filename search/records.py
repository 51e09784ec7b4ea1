"""What is searchable about a project, studio, person or challenge: one record per object, shared by both
engines, and the registry of searchable types (TYPES)."""

import hashlib
import inspect
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import islice

from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.utils.html import strip_tags

from wagtail.models import Site

from challenges.models import ChallengePage, ChallengeStatus
from competitions.models import CompetitionResult
from core.text import tag_names
from core.visibility import public_q
from projects.models import ProjectAdoption, ProjectPage, ProjectTeamMember
from search.models import DocumentType, SearchEntry
from studios.models import (
    AllianceActivity,
    AllianceTask,
    AllianceTerm,
    Enterprise,
    Industry,
    Person,
    Region,
    StudioMembership,
    StudioMentorship,
    StudioPage,
)
from textsearch.analysis import fingerprint, pinyin_keys, plain_text, terms_text

BATCH = 1000
# A person's record names their most recent projects (enough to explain a recommendation; a
# long-serving craftsman's hundreds of projects would make them match every search).
PERSON_PROJECTS = 30


def key_for(doc_type, pk):
    return f"{doc_type}:{pk}"


# The sites' root paths while a batch of records is built: Wagtail reads them from the cache (a query with
# the database cache) on every call, once per record.
_root_paths = ContextVar("site_root_paths", default=None)


@contextmanager
def reading_root_paths(root_paths):
    token = _root_paths.set(root_paths)
    try:
        yield
    finally:
        _root_paths.reset(token)


def page_path(page):
    """The page's URL path on the default site, without a database query per page."""
    root_paths = _root_paths.get()
    if root_paths is None:
        root_paths = Site.get_site_root_paths()
    for root in root_paths:
        if page.url_path.startswith(root.root_path):
            return "/" + page.url_path[len(root.root_path) :]
    return page.url_path


def _place(region, industry, enterprise):
    return {
        "province": region.parent.slug if region and region.parent_id else (region.slug if region else ""),
        "region": region.slug if region else "",
        "industry": industry.slug if industry else "",
        "enterprise": enterprise.slug if enterprise else "",
    }


def _place_names(region, industry, enterprise):
    """What a record's place is called, as context text: the city and its province (a search for the
    province finds what is in its cities), the industry, the enterprise's full and short names."""
    names = []
    if region:
        names.append(region.name)
        if region.parent_id:
            names.append(region.parent.name)
    if industry:
        names.append(industry.name)
    if enterprise:
        names += [enterprise.name, enterprise.short_name]
    return names


def _joined(values):
    """ "|a|b|": whole values that `LIKE '%|a|%'` matches exactly."""
    values = [v.replace("|", " ") for v in values if v]
    return f"|{'|'.join(values)}|" if values else ""


def _searchable(title, body, context=(), names=()):
    """The analysed forms of a record's text (textsearch.analysis), the same for both engines, and
    `analysed_from`: a digest of the texts and the analysis they went through.

    body: the object's own words; context: words it shows from related objects (a project's studio
    and enterprise, a person's projects), which count for less.
    The analysis (most of what a record costs to build) is taken from the search table when the row being
    rewritten was analysed from the same texts the same way (see kept_analyses), else made."""
    digest = _analysis_digest(title, body, context, names)
    analysed = (_kept.get() or {}).get(digest)
    if analysed is None:
        keys = [key for name in names for key in pinyin_keys(name)]
        analysed = {
            "title_terms": terms_text(title),
            "body_terms": terms_text(*body),
            "context_terms": terms_text(*context),
            "text": plain_text(title, *body),
            "suggest_keys": f" {' '.join(keys)} "[:255] if keys else "",
        }
    return {**analysed, "analysed_from": digest}


ANALYSED = ("title_terms", "body_terms", "context_terms", "text", "suggest_keys")
# {analysed_from: the analysed columns} of the rows whose records are being built (kept_analyses).
_kept = ContextVar("kept_analyses", default=None)


def _analysis_digest(title, body, context, names):
    """One digest per way of analysing and set of texts: the analysis's fingerprint, the code above that
    combines the texts, and each text with its length (no two different sets of texts read the same)."""
    digest = hashlib.blake2b(fingerprint().encode() + _COMBINED_BY, digest_size=16)
    for group in ((title,), body, context, names):
        digest.update(f"{len(group)};".encode())
        for text in group:
            encoded = str(text or "").encode()
            digest.update(f"{len(encoded)}:".encode() + encoded)
    return digest.hexdigest()


_COMBINED_BY = hashlib.blake2b(inspect.getsource(_searchable).encode(), digest_size=16).digest()


@contextmanager
def kept_analyses(doc_type, pks):
    """While records of these objects are built, their analyses come from their search rows when the texts
    are unchanged: a rebuild (or an import writing the same rows again) segments only what changed."""
    rows = (
        SearchEntry.objects.filter(doc_type=doc_type, object_id__in=pks)
        .exclude(analysed_from="")
        .values_list("analysed_from", *ANALYSED)
    )
    token = _kept.set({digest: dict(zip(ANALYSED, columns, strict=True)) for digest, *columns in rows})
    try:
        yield
    finally:
        _kept.reset(token)


def project_record(project):
    studio = project.studio
    skills = tag_names(project.skill_list)
    body = [
        project.summary,
        strip_tags(project.problem),
        strip_tags(project.solution),
        strip_tags(project.results),
        project.safety_benefit,
        project.collaboration_needs,
        " ".join(skills),
        project.get_category_display(),
    ]
    # The studio and its place, and the people who did the work (whose names the text seldom repeats).
    team = [member.person.name for member in project.team_list]
    context = team
    if studio:
        context = [
            studio.title,
            studio.lead.name,
            *_place_names(studio.region, studio.industry, studio.enterprise),
            *team,
        ]
    return {
        "doc_type": DocumentType.PROJECT,
        "object_id": project.pk,
        "title": project.title,
        "summary": project.summary,
        "url": page_path(project),
        **_searchable(project.title, body, context),
        "skills": _joined(skills),
        "honors": "",
        "projects": "",
        **(_place(studio.region, studio.industry, studio.enterprise) if studio else _place(None, None, None)),
        "category": project.category,
        "status": project.status,
        "studio_type": "",
        "level": "",
        "year": project.start_date.year if project.start_date else None,
        "date": project.start_date,
        "benefit": float(project.economic_benefit) if project.economic_benefit is not None else None,
        "open_to_collaboration": project.seeking_collaborators,
        "adoptions": project.adoption_count or 0,
    }


def studio_record(studio):
    specialties = tag_names(studio.specialties.all())
    # Wagtail's own text extraction: no block templates rendered (and no image renditions made).
    intro = " ".join(studio.intro.stream_block.get_searchable_content(studio.intro))
    body = [
        studio.summary,
        intro,
        " ".join(specialties),
        studio.get_studio_type_display(),
        studio.get_level_display(),
    ]
    members = [membership.person.name for membership in studio.memberships.all()]
    # Alliance life: the alliances it leads (盟主), the key tasks it leads and the activities it hosts.
    alliance_life = [
        *(f"{term.alliance_title} 盟主" for term in studio.alliance_terms.all()),
        *(task.title for task in studio.alliance_tasks.all()),
        *(activity.title for activity in studio.hosted_activities.all()),
    ]
    context = [
        studio.lead.name,
        *members,
        *_place_names(studio.region, studio.industry, studio.enterprise),
        *alliance_life,
    ]
    return {
        "doc_type": DocumentType.STUDIO,
        "object_id": studio.pk,
        "title": studio.title,
        "summary": studio.summary,
        "url": page_path(studio),
        **_searchable(studio.title, body, context, names=[studio.title]),
        "skills": _joined(specialties),
        "honors": "",
        "projects": "",
        **_place(studio.region, studio.industry, studio.enterprise),
        "category": "",
        "status": "",
        "studio_type": studio.studio_type,
        "level": studio.level,
        "year": studio.year_recognised,
        "date": studio.first_published_at.date() if studio.first_published_at else None,
        "benefit": None,
        "open_to_collaboration": True,
        "adoptions": 0,
    }


def person_record(person):
    skills = tag_names(person.skills.all())
    titles = [h.name for h in person.titles.all()]
    honors = [h.name for h in person.honors.all()]
    projects = [role.project_title for role in person.project_roles.all()][:PERSON_PROJECTS]
    enterprise = person.enterprise
    summary = "、".join(titles + honors) or person.position
    body = [person.position, person.bio, " ".join(skills), " ".join(titles), " ".join(honors)]
    studios = [studio.title for studio in person.led_studios.all()]
    studios += [membership.studio_title for membership in person.memberships.all()]
    # 师徒结对: a mentor is found by the skills they pass on, an apprentice by what they learn.
    teaches, learns = list(person.mentoring.all()), list(person.mentored_by.all())
    if teaches:
        body.append(" ".join(["师傅", *(pair.skills for pair in teaches)]))
    if learns:
        body.append(" ".join(["徒弟", *(pair.skills for pair in learns)]))
    partners = [pair.apprentice_name for pair in teaches] + [pair.mentor_name for pair in learns]
    # 技能竞赛: a winner is found by the competitions they placed in and the awards they won.
    for result in person.competition_results.all():
        body.append(" ".join(filter(None, [result.competition_title, result.award])))
    context = [*_place_names(enterprise.region, enterprise.industry, enterprise), *projects, *studios, *partners]
    return {
        "doc_type": DocumentType.PERSON,
        "object_id": person.pk,
        "title": person.name,
        "summary": f"{enterprise.display_name} · {summary}" if summary else enterprise.display_name,
        "url": person.get_absolute_url(),
        **_searchable(person.name, body, context, names=[person.name]),
        "skills": _joined(skills),
        "honors": _joined([h.slug for h in (*person.titles.all(), *person.honors.all())]),
        "projects": _joined(projects),
        **_place(enterprise.region, enterprise.industry, enterprise),
        "category": "",
        "status": "",
        "studio_type": "",
        "level": "",
        "year": None,
        "date": None,
        "benefit": None,
        "open_to_collaboration": person.open_to_collaboration,
        "adoptions": 0,
    }


def challenge_record(challenge):
    skills = tag_names(challenge.required_skills.all())
    body = [
        challenge.summary,
        strip_tags(challenge.problem),
        " ".join(skills),
        challenge.get_kind_display(),
        challenge.reward,
    ]
    enterprise = challenge.enterprise
    context = [challenge.public_alliance.title if challenge.public_alliance else ""]
    if enterprise:
        context += _place_names(enterprise.region, enterprise.industry, enterprise)
    return {
        "doc_type": DocumentType.CHALLENGE,
        "object_id": challenge.pk,
        "title": challenge.title,
        "summary": f"{challenge.get_status_display()} · {challenge.summary}",
        "url": page_path(challenge),
        **_searchable(challenge.title, body, context),
        "skills": _joined(skills),
        "honors": "",
        "projects": "",
        **(_place(enterprise.region, enterprise.industry, enterprise) if enterprise else _place(None, None, None)),
        "category": "",
        "status": challenge.status,
        "studio_type": "",
        "level": "",
        "year": challenge.first_published_at.year if challenge.first_published_at else None,
        "date": challenge.first_published_at.date() if challenge.first_published_at else None,
        "benefit": None,
        "open_to_collaboration": challenge.status != ChallengeStatus.SOLVED,
        "adoptions": 0,
    }


# --- The registry of searchable types ---------------------------------------------------------


# What a project's record shows of its studio (project_record).
STUDIO_CONTEXT_FIELDS = (
    "title",
    "region__name",
    "region__slug",
    "region__parent__name",
    "region__parent__slug",
    "industry__name",
    "industry__slug",
    "enterprise__name",
    "enterprise__short_name",
    "enterprise__slug",
    "lead__name",
)


def project_queryset():
    return (
        ProjectPage.objects.live()
        .public()
        .prefetch_related(
            # Prefetched, not joined: the projects of a studio share one studio object (and its place) instead
            # of building a studio, region, province, industry, enterprise and lead for every project.
            Prefetch(
                "studio",
                StudioPage.objects.select_related("region__parent", "industry", "enterprise", "lead").only(
                    *STUDIO_CONTEXT_FIELDS
                ),
            ),
            # Into lists: a prefetch into the manager builds a queryset per project to hold them (taggit's
            # is a filtered query, built and thrown away ten thousand times in a rebuild).
            Prefetch("needed_skills", to_attr="skill_list"),
            Prefetch(
                "team_members",
                ProjectTeamMember.objects.select_related("person").order_by("sort_order", "pk"),
                to_attr="team_list",
            ),
        )
        .annotate(adoption_count=_confirmed_adoptions())
    )


def _confirmed_adoptions():
    """How many enterprises confirmed using the project (one standing adoption per enterprise)."""
    confirmed = ProjectAdoption.objects.confirmed().filter(project=OuterRef("pk")).order_by()
    return Subquery(confirmed.values("project").annotate(n=Count("pk")).values("n")[:1])


def studio_queryset():
    shown_alliance = public_q("alliance__")
    return (
        StudioPage.objects.live()
        .public()
        .select_related("region__parent", "industry", "enterprise", "lead")
        .prefetch_related(
            "specialties",
            Prefetch("memberships", StudioMembership.objects.select_related("person").order_by("sort_order", "pk")),
            Prefetch(
                "alliance_terms",
                AllianceTerm.objects.filter(shown_alliance)
                .annotate(alliance_title=F("alliance__title"))
                .order_by("sort_order", "pk"),
            ),
            Prefetch("alliance_tasks", AllianceTask.objects.filter(shown_alliance).order_by("sort_order", "pk")),
            Prefetch("hosted_activities", AllianceActivity.objects.filter(shown_alliance).order_by("sort_order", "pk")),
        )
    )


# The rows of an alliance that name a studio, and the field that does (alliance_affects, studio_record).
ALLIANCE_ROWS = {AllianceTerm: "studio_id", AllianceTask: "studio_id", AllianceActivity: "host_id"}


def alliance_affects(alliance):
    """An alliance's life names the studios that lead it, lead its tasks and host its activities; the
    challenges it posted name it."""
    studios = {
        pk
        for row, field in ALLIANCE_ROWS.items()
        for pk in row.objects.filter(alliance=alliance).exclude(**{field: None}).values_list(field, flat=True)
    }
    challenges = ChallengePage.objects.filter(alliance=alliance).values_list("pk", flat=True)
    return _keys(DocumentType.STUDIO, studios) + _keys(DocumentType.CHALLENGE, challenges)


def person_queryset():
    return Person.objects.select_related("enterprise__region__parent", "enterprise__industry").prefetch_related(
        "skills",
        "titles",
        "honors",
        # Titles joined in, not pages prefetched: a person may have worked on thousands of projects.
        Prefetch(
            "project_roles",
            ProjectTeamMember.objects.filter(public_q("page__"))
            .annotate(project_title=F("page__title"))
            .order_by(F("page__start_date").desc(nulls_last=True), "-pk"),
        ),
        Prefetch("led_studios", StudioPage.objects.live().public().only("title", "lead_id").order_by("pk")),
        Prefetch(
            "memberships",
            StudioMembership.objects.filter(public_q("studio__"))
            .annotate(studio_title=F("studio__title"))
            .order_by("pk"),
        ),
        Prefetch(
            "mentoring",
            StudioMentorship.objects.filter(public_q("studio__"))
            .annotate(apprentice_name=F("apprentice__name"))
            .order_by("pk"),
        ),
        Prefetch(
            "mentored_by",
            StudioMentorship.objects.filter(public_q("studio__"))
            .annotate(mentor_name=F("mentor__name"))
            .order_by("pk"),
        ),
        Prefetch(
            "competition_results",
            CompetitionResult.objects.filter(public_q("page__"))
            .annotate(competition_title=F("page__title"))
            .order_by("pk"),
        ),
    )


def challenge_queryset():
    return (
        ChallengePage.objects.live()
        .public()
        .select_related("enterprise__region__parent", "enterprise__industry", "alliance")
        .prefetch_related("required_skills")
    )


def projects_affect(pks):
    """Projects' records, and the records of the people on their teams (they list their projects)."""
    people = ProjectTeamMember.objects.filter(page_id__in=pks).values_list("person_id", flat=True)
    return _keys(DocumentType.PROJECT, pks) + _keys(DocumentType.PERSON, people)


def studios_affect(pks):
    """Studios' records, their projects' (they show the studio's place), their leads', their members' and
    those of the people in their 师徒结对."""
    projects = ProjectPage.objects.filter(studio_id__in=pks).values_list("pk", flat=True)
    leads = StudioPage.objects.filter(pk__in=pks, lead__isnull=False).values_list("lead_id", flat=True)
    members = StudioMembership.objects.filter(studio_id__in=pks).values_list("person_id", flat=True)
    pairs = StudioMentorship.objects.filter(studio_id__in=pks).values_list("mentor_id", "apprentice_id")
    return (
        _keys(DocumentType.STUDIO, pks)
        + _keys(DocumentType.PROJECT, projects)
        + _keys(DocumentType.PERSON, {*leads, *members, *(person for pair in pairs for person in pair)})
    )


def people_affect(pks):
    """People's records and those that show their names: the studios they lead or belong to, the
    projects they worked on and those of the studios they lead."""
    led = set(StudioPage.objects.filter(lead_id__in=pks).values_list("pk", flat=True))
    member_of = StudioMembership.objects.filter(person_id__in=pks).values_list("studio_id", flat=True)
    projects = {
        *ProjectTeamMember.objects.filter(person_id__in=pks).values_list("page_id", flat=True),
        *ProjectPage.objects.filter(studio_id__in=led).values_list("pk", flat=True),
    }
    return (
        _keys(DocumentType.PERSON, pks)
        + _keys(DocumentType.STUDIO, {*led, *member_of})
        + _keys(DocumentType.PROJECT, projects)
    )


def challenges_affect(pks):
    return _keys(DocumentType.CHALLENGE, pks)


def _keys(doc_type, pks):
    return [key_for(doc_type, pk) for pk in sorted(set(pks))]


def place_affects(instance):
    """An enterprise, region or industry: every studio, project and person placed by it."""
    field = {Enterprise: "enterprise", Region: "region", Industry: "industry"}[type(instance)]
    studios = list(StudioPage.objects.filter(**{field: instance}).values_list("pk", flat=True))
    projects = ProjectPage.objects.filter(studio__in=studios).values_list("pk", flat=True)
    person_filter = {"enterprise": instance} if field == "enterprise" else {f"enterprise__{field}": instance}
    people = Person.objects.filter(**person_filter).values_list("pk", flat=True)
    return [
        *(key_for(DocumentType.STUDIO, s) for s in studios),
        *(key_for(DocumentType.PROJECT, p) for p in projects),
        *(key_for(DocumentType.PERSON, p) for p in people),
    ]


@dataclass(frozen=True)
class SearchableType:
    """What makes a model searchable: the queryset that loads everything its records need (in a fixed
    number of queries per batch), the record builder, and the keys a change of some objects (their pks)
    affects.
    Which facets apply to it is declared in search.facets."""

    doc_type: str
    model: type
    queryset: Callable
    build: Callable
    affects: Callable


TYPES = {
    t.doc_type: t
    for t in (
        SearchableType(DocumentType.PROJECT, ProjectPage, project_queryset, project_record, projects_affect),
        SearchableType(DocumentType.STUDIO, StudioPage, studio_queryset, studio_record, studios_affect),
        SearchableType(DocumentType.PERSON, Person, person_queryset, person_record, people_affect),
        SearchableType(DocumentType.CHALLENGE, ChallengePage, challenge_queryset, challenge_record, challenges_affect),
    )
}
# Reference data is not searchable by itself, but its records show it.
PLACES = (Enterprise, Region, Industry)


def type_of_model(model):
    return next((t for t in TYPES.values() if issubclass(model, t.model)), None)


def iter_records(doc_type, reanalyse=False):
    """Every record of a type, loaded in batches. `reanalyse`: analyse every text again (kept_analyses)."""
    searchable = TYPES[doc_type]
    root_paths = Site.get_site_root_paths()
    objects = searchable.queryset().order_by("pk").iterator(chunk_size=BATCH)
    while batch := list(islice(objects, BATCH)):
        # Around the builds only: a generator must not leave them set.
        with reading_root_paths(root_paths), _analyses(doc_type, [obj.pk for obj in batch], reanalyse):
            records = [(key_for(doc_type, obj.pk), searchable.build(obj)) for obj in batch]
        yield from records


def record_for(doc_type, pk):
    """The record of one object, or None when it should not be searchable (deleted, not live)."""
    return records_for(doc_type, [pk]).get(pk)


def records_for(doc_type, pks, reanalyse=False):
    """{pk: record} for those of these objects that are searchable, in the queryset's fixed number of
    queries (call it with at most BATCH keys)."""
    searchable = TYPES[doc_type]
    with reading_root_paths(_root_paths.get() or Site.get_site_root_paths()), _analyses(doc_type, pks, reanalyse):
        return {obj.pk: searchable.build(obj) for obj in searchable.queryset().filter(pk__in=pks)}


def _analyses(doc_type, pks, reanalyse):
    return nullcontext() if reanalyse else kept_analyses(doc_type, pks)


def keys_affected_by(instance):
    """The search keys whose records show data of a changed object (a person, a studio …)."""
    if isinstance(instance, PLACES):
        return place_affects(instance)
    return keys_affected_by_all(type(instance), [instance.pk])


def keys_affected_by_all(model, pks):
    """The search keys whose records show data of these objects of one model (a bulk write's)."""
    searchable = type_of_model(model)
    return searchable.affects(pks) if searchable else []
