"""Builds the demo content. Deterministic for a seed and idempotent: every object has a natural key
(a slug) computed from the seed alone, and only objects whose key is missing are created."""

import datetime as dt
import io
import random
import re
import uuid
from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from challenges.models import ChallengeIndexPage, ChallengePage, ChallengeResponse, ChallengeStatus
from competitions.models import CompetitionIndexPage, CompetitionPage, CompetitionResult
from competitions.signals import grant_titles_and_honors
from core.bulk import insert_pages, next_child_step
from core.pagecache import content_changed
from core.text import pinyin_slug
from home.demo import vocabulary as vocab
from home.demo.history import pages_without_revision, record_first_revisions
from home.demo.media import draw_pdf, draw_picture
from home.models import HomeFeaturedProject, HomePage, SiteSettings
from projects.choices import AdoptionStatus, Category, PatentKind, Status
from projects.models import (
    ProjectAdoption,
    ProjectDocument,
    ProjectIndexPage,
    ProjectPage,
    ProjectPatent,
    ProjectSkill,
    ProjectTeamMember,
)
from studios.choices import (
    ActivityKind,
    HonorKind,
    MemberRole,
    Ownership,
    RegionKind,
    SkillLevel,
    StudioLevel,
    StudioType,
    TaskStatus,
)
from studios.models import (
    AllianceActivity,
    AllianceIndexPage,
    AllianceMember,
    AlliancePage,
    AllianceProject,
    AllianceTask,
    AllianceTerm,
    Enterprise,
    Honor,
    Industry,
    PeopleIndexPage,
    Person,
    Region,
    StudioIndexPage,
    StudioMembership,
    StudioMentorship,
    StudioPage,
)

IMAGE_COUNT = 16
DOCUMENT_COUNT = 4
BULK_BATCH = 2000
FINISHED = (Status.COMPLETED, Status.PROMOTED, Status.COMMERCIALISED)


def dedupe(slugs):
    """Make a list of slugs unique in order: a repeated slug gets -2, -3 …"""
    seen = Counter()
    result = []
    for slug in slugs:
        seen[slug] += 1
        result.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return result


class DemoBuilder:
    def __init__(self, *, seed=2026, projects=300, studios=60, people=200, enterprises=30, log=print):
        self.seed = seed
        self.project_count = projects
        self.studio_count = studios
        self.people_count = people
        self.enterprise_count = enterprises
        self.log = log
        self.created = Counter()

    def rng(self, *key):
        """A random generator for one object: the same object gets the same values on every run."""
        return random.Random(":".join(map(str, (self.seed, *key))))

    def build(self):
        with transaction.atomic():
            self.build_reference_data()
            self.build_media()
            self.build_enterprises()
            self.build_people()
            self.build_site_structure()
            self.build_studios()
        # Projects are committed batch by batch so that a large --projects run keeps memory flat.
        self.build_projects()
        with transaction.atomic():
            self.build_alliances()
            self.build_challenges()
            self.build_competitions()
            self.build_home_highlights()
        self.record_history()
        content_changed()  # bulk inserts send no signals: cached pages must still show the new content
        return self.created

    # Reference data -------------------------------------------------------------------------

    def build_reference_data(self):
        self.cities = []
        for p_order, (province_name, province_slug, cities) in enumerate(vocab.PROVINCES):
            province = self.ensure(
                Region, province_slug, name=province_name, kind=RegionKind.PROVINCE, sort_order=p_order
            )
            for c_order, (city_name, city_slug) in enumerate(cities):
                self.cities.append(
                    self.ensure(
                        Region, city_slug, name=city_name, kind=RegionKind.CITY, parent=province, sort_order=c_order
                    )
                )
        self.industries = []
        for order, (name, slug, *_rest) in enumerate(vocab.INDUSTRIES):
            self.industries.append(self.ensure(Industry, slug, name=name, sort_order=order))
        self.honors = [
            self.ensure(Honor, pinyin_slug(name), name=name, kind=HonorKind.HONOR, description=text, sort_order=i)
            for i, (name, text) in enumerate(vocab.HONORS)
        ]
        self.titles = [
            self.ensure(Honor, pinyin_slug(name), name=name, kind=HonorKind.TITLE, sort_order=i)
            for i, name in enumerate(vocab.TITLES)
        ]
        self.collective_honor = next(h for h in self.honors if h.name == "工人先锋号")
        self.personal_honors = [h for h in self.honors if h != self.collective_honor]

    def ensure(self, model, slug, **fields):
        obj = model.objects.filter(slug=slug).first()
        if obj is None:
            obj = model.objects.create(slug=slug, **fields)
            self.created[model._meta.verbose_name] += 1
        return obj

    def industry_vocab(self, industry):
        return next(entry for entry in vocab.INDUSTRIES if entry[1] == industry.slug)

    # Media ------------------------------------------------------------------------------------

    def build_media(self):
        Image = get_image_model()
        Document = get_document_model()
        self.images = []
        for i in range(IMAGE_COUNT):
            title = f"示例图片 {i + 1:02d}"
            image = Image.objects.filter(title=title).first()
            if image is None:
                picture = ImageFile(io.BytesIO(draw_picture(self.seed + i)), name=f"demo-{i + 1:02d}.jpg")
                image = Image.objects.create(title=title, caption=f"创新工作室现场 {i + 1:02d}", file=picture)
                self.created["图片"] += 1
            self.images.append(image)
        self.documents = []
        for i in range(DOCUMENT_COUNT):
            title = f"技术总结 {i + 1:02d}"
            document = Document.objects.filter(title=title).first()
            if document is None:
                document = Document(title=title)
                document.file.save(f"summary-{i + 1:02d}.pdf", ContentFile(draw_pdf(self.seed + i)), save=False)
                document.save()
                self.created["文档"] += 1
            self.documents.append(document)

    # Enterprises and people -------------------------------------------------------------------

    def build_enterprises(self):
        self.enterprises = []
        for i in range(self.enterprise_count):
            industry = self.industries[i % len(self.industries)]
            city = self.cities[i % len(self.cities)]
            brand = vocab.BRANDS[i % len(vocab.BRANDS)]
            suffix = self.industry_vocab(industry)[2]
            short_name = f"{brand}{suffix[:2]}"
            ownership = [Ownership.PROVINCIAL, Ownership.CENTRAL, Ownership.MUNICIPAL][i % 3]
            self.enterprises.append(
                self.ensure(
                    Enterprise,
                    pinyin_slug(short_name),
                    name=f"{city.name.removesuffix('市')}{brand}{suffix}",
                    short_name=short_name,
                    region=city,
                    industry=industry,
                    ownership=ownership,
                    description=f"{city.name}的{industry.name}企业，建有多个劳模和工匠人才创新工作室。",
                )
            )

    def person_names(self):
        names = list(vocab.FIXED_PEOPLE)
        i = 0
        while len(names) < self.people_count:
            rng = self.rng("name", i)
            names.append(rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN_NAMES))
            i += 1
        return names[: self.people_count]

    def build_people(self):
        names = self.person_names()
        slugs = dedupe([pinyin_slug(name) for name in names])
        existing = {p.slug: p for p in Person.objects.filter(slug__in=slugs)}
        self.people = []
        for i, (name, slug) in enumerate(zip(names, slugs, strict=True)):
            person = existing.get(slug)
            if person is None:
                person = self.create_person(i, name, slug)
            self.people.append(person)
        self.people_by_enterprise = defaultdict(list)
        for person in self.people:
            self.people_by_enterprise[person.enterprise_id].append(person)

    def create_person(self, i, name, slug):
        rng = self.rng("person", i)
        enterprise = self.enterprises[i % len(self.enterprises)]
        skills = self.industry_vocab(enterprise.industry)[4]
        person = Person(
            name=name,
            slug=slug,
            enterprise=enterprise,
            position=rng.choice(vocab.POSITIONS),
            bio=(
                f"{name}，{enterprise.name}{rng.choice(vocab.POSITIONS)}，从事{rng.choice(skills)}工作"
                f"{rng.randint(8, 30)}年，带领团队完成多项五小创新成果。"
            ),
            open_to_collaboration=rng.random() < 0.85,
            contact_public=rng.random() < 0.3,
            phone=f"139{rng.randint(10_000_000, 99_999_999)}",
            email=f"{slug}@example.com",
            photo=self.images[i % len(self.images)] if rng.random() < 0.25 else None,
        )
        person.titles.set(
            rng.sample(self.titles, rng.randint(0, 2)) if i >= len(vocab.FIXED_PEOPLE) else self.titles[:1]
        )
        person.honors.set(rng.sample(self.personal_honors, rng.randint(0, 2)) if i else self.personal_honors[:2])
        person.skills.set(rng.sample(skills, min(len(skills), rng.randint(2, 4))))
        person.save()
        self.created["工匠人才"] += 1
        return person

    # Pages -------------------------------------------------------------------------------------

    def build_site_structure(self):
        self.home = HomePage.objects.first()
        if self.home is not None:
            get_search_backend().add(self.home)  # made by a migration, which Wagtail's search index never saw
        else:
            root = Page.get_first_root_node()
            self.home = root.add_child(instance=HomePage(title="首页", slug="home"))
            Site.objects.update_or_create(
                is_default_site=True, defaults={"root_page": self.home, "hostname": "localhost"}
            )
        self.studio_index = self.ensure_child(
            StudioIndexPage, "studios", "创新工作室", intro="全省及兄弟省份劳模和工匠人才创新工作室名录。"
        )
        self.project_index = self.ensure_child(
            ProjectIndexPage,
            "projects",
            "成果库",
            intro="小发明、小创造、小革新、小设计、小建议——一线职工的五小创新成果。",
        )
        self.people_index = self.ensure_child(
            PeopleIndexPage, "people", "工匠人才", intro="按技能、职称、荣誉和地区查找可以合作的工匠人才。"
        )
        self.alliance_index = self.ensure_child(
            AllianceIndexPage, "alliances", "创新联盟", intro="跨区域、跨行业、跨企业的创新工作室联盟。"
        )
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        if not settings.contact_email:
            settings.contact_email = "alliance@example.com"
            settings.contact_phone = "0351-0000000"
            settings.address = "山西省太原市"
            settings.save()

    def ensure_child(self, page_class, slug, title, parent=None, **fields):
        parent = parent or self.home
        page = page_class.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=page_class(title=title, slug=slug, show_in_menus=True, **fields))
            self.created[page_class._meta.verbose_name] += 1
        return page

    def studio_plan(self):
        """(title, slug, enterprise, lead, type, level) for each studio, from the seed alone."""
        types, levels = list(StudioType), list(StudioLevel)
        plan = []
        for i in range(self.studio_count):
            enterprise = self.enterprises[i % len(self.enterprises)]
            colleagues = self.people_by_enterprise[enterprise.pk]
            lead = colleagues[(i // len(self.enterprises)) % len(colleagues)]
            studio_type = types[i % len(types)]
            level = levels[(i // len(types) + i) % len(levels)]
            skill = self.industry_vocab(enterprise.industry)[4][i % len(self.industry_vocab(enterprise.industry)[4])]
            title = {
                StudioType.MODEL_WORKER: f"{lead.name}劳模创新工作室",
                StudioType.CRAFTSMAN: f"{lead.name}工匠人才创新工作室",
                StudioType.STAFF: f"{enterprise.short_name}{skill}职工创新工作室",
                StudioType.SKILL_MASTER: f"{lead.name}技能大师工作室",
            }[studio_type]
            plan.append([title, pinyin_slug(title, 60), enterprise, lead, studio_type, level, skill])
        for row, slug in zip(plan, dedupe(row[1] for row in plan), strict=True):
            row[1] = slug
        return plan

    def build_studios(self):
        existing = {s.slug: s for s in StudioPage.objects.child_of(self.studio_index)}
        self.studios = []
        for i, (title, slug, enterprise, lead, studio_type, level, skill) in enumerate(self.studio_plan()):
            studio = existing.get(slug)
            if studio is None:
                studio = self.create_studio(i, title, slug, enterprise, lead, studio_type, level, skill)
            self.studios.append(studio)

    def create_studio(self, i, title, slug, enterprise, lead, studio_type, level, skill):
        rng = self.rng("studio", i)
        skills = self.industry_vocab(enterprise.industry)[4]
        studio = StudioPage(
            title=title,
            slug=slug,
            show_in_menus=False,
            studio_type=studio_type,
            level=level,
            year_recognised=rng.randint(2008, 2025),
            enterprise=enterprise,
            lead=lead,
            summary=f"{enterprise.short_name}以{lead.name}为领办人的{StudioType(studio_type).label}，专注{skill}等方向的技术攻关。",
            cover_image=self.images[i % len(self.images)],
            contact_note=f"{enterprise.name}工会办公室",
            intro=[
                ("heading", {"text": "工作室简介", "level": "h2"}),
                (
                    "paragraph",
                    f"<p>工作室现有成员{rng.randint(8, 40)}人，围绕{enterprise.industry.name}生产一线的难点、堵点开展"
                    f"{skill}等方向的技术攻关和五小创新，累计完成创新成果{rng.randint(10, 120)}项。</p>",
                ),
                ("quote", {"text": "把难题当课题，把课题变成果。", "attribution": lead.name}),
            ],
        )
        studio.specialties.set(rng.sample(skills, min(3, len(skills))))
        if rng.random() < 0.3:
            studio.honors.set([self.collective_honor])
        others = [p for p in self.people if p.pk != lead.pk]
        colleagues = [p for p in self.people_by_enterprise[enterprise.pk] if p.pk != lead.pk]
        members = (colleagues[:3] + rng.sample(others, 2))[:5]
        roles = [MemberRole.MEMBER, MemberRole.MEMBER, MemberRole.MENTOR, MemberRole.APPRENTICE, MemberRole.MEMBER]
        seen = set()
        for sort_order, (person, role) in enumerate(zip(members, roles, strict=False)):
            if person.pk not in seen:
                seen.add(person.pk)
                studio.memberships.add(StudioMembership(person=person, role=role, sort_order=sort_order))
        for sort_order, image in enumerate(rng.sample(self.images, 3)):
            studio.gallery_images.create(image=image, caption="工作室活动", sort_order=sort_order)
        self.add_mentorships(studio, lead, members, roles, skill, rng)
        self.studio_index.add_child(instance=studio)
        self.created["创新工作室"] += 1
        return studio

    def add_mentorships(self, studio, lead, members, roles, skill, rng):
        """师徒结对: the lead (and the studio's 导师) each with an apprentice, some grown a level or two."""
        mentors = [lead, *(p for p, role in zip(members, roles, strict=False) if role == MemberRole.MENTOR)]
        apprentices = list(dict.fromkeys(p for p in members if p not in mentors))
        pairs = zip(mentors, rng.sample(apprentices, len(apprentices)), strict=False)
        for sort_order, (mentor, apprentice) in enumerate(pairs):
            start = rng.randint(1, 3)
            now = min(start + rng.choice((0, 1, 1, 2)), SkillLevel.CHIEF_TECHNICIAN)
            started_on = dt.date(rng.randint(2019, 2024), rng.randint(1, 12), 1)
            milestones = [f"{started_on.year}-{started_on.month:02d} 签订师徒协议"]
            for level in range(start + 1, now + 1):
                milestones.append(
                    f"{started_on.year + level - start}-{rng.randint(1, 12):02d} 取得{SkillLevel(level).label}证书"
                )
            studio.mentorships.add(
                StudioMentorship(
                    mentor=mentor,
                    apprentice=apprentice,
                    started_on=started_on,
                    skills=skill,
                    goal=f"取得{SkillLevel(min(now + 1, SkillLevel.CHIEF_TECHNICIAN)).label}资格",
                    level_at_start=start,
                    level_now=now,
                    milestones="\n".join(milestones),
                    sort_order=sort_order,
                )
            )

    # Projects (bulk) ---------------------------------------------------------------------------

    def project_fields(self, i):
        """Every field of project i, from the seed alone."""
        rng = self.rng("project", i)
        studio = self.studios[i % len(self.studios)]
        _name, _slug, _suffix, equipment_list, skills = self.industry_vocab(self.industry_of(studio))
        category = list(Category)[i % len(Category)]
        status = list(Status)[(i // len(Category)) % len(Status)]
        equipment, part = rng.choice(equipment_list), rng.choice(vocab.PARTS)
        title = rng.choice(vocab.TITLE_PATTERNS[category]).format(equipment=equipment, part=part)
        problem, method = rng.choice(vocab.PROBLEMS), rng.choice(vocab.METHODS)
        start = dt.date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
        finished = status in FINISHED
        before, after = rng.randint(6, 24), rng.randint(1, 5)
        benefit = Decimal(rng.randint(5, 50000)) / 100 if finished or rng.random() < 0.3 else None
        seeking = status in (Status.IDEA, Status.IN_PROGRESS) or rng.random() < 0.15
        return {
            "title": title,
            "category": category,
            "status": status,
            "start_date": start,
            "end_date": start + dt.timedelta(days=rng.randint(60, 540)) if finished else None,
            "summary": f"针对{equipment}{problem}的问题，{method}，{'已投入使用' if finished else '正在攻关'}。",
            "problem": (
                f"<p>{equipment}在运行中{problem}，每年因此停机检修{rng.randint(4, 30)}次以上，"
                "影响生产并存在安全隐患。</p>"
            ),
            "solution": f"<p>工作室成员反复试验，{method}，研制出{title}。</p>",
            "results": (
                f"<p>投用后{equipment}故障率下降{rng.randint(20, 90)}%，"
                f"单次检修时间由{before}小时缩短至{after}小时。</p>"
                if finished
                else ""
            ),
            "economic_benefit": benefit,
            "safety_benefit": "减少了人员进入危险区域的次数，消除了一处安全隐患。"
            if finished and rng.random() < 0.6
            else "",
            "seeking_collaborators": seeking,
            "collaboration_needs": (
                f"希望与具有{rng.choice(skills)}经验的兄弟单位工作室合作，共同完成现场试验和推广。" if seeking else ""
            ),
            "cover_image": self.images[rng.randrange(len(self.images))] if rng.random() < 0.6 else None,
            "studio": studio,
            "_skills": rng.sample(skills, 2) if seeking else [],
            "_patent": category in (Category.INVENTION, Category.CREATION) and finished and rng.random() < 0.5,
            "_rng": rng,
        }

    def industry_of(self, studio):
        return self.industry_by_id[studio.industry_id]

    def build_projects(self):
        self.industry_by_id = {industry.pk: industry for industry in self.industries}
        self.studio_by_pk = {studio.pk: studio for studio in self.studios}
        self.studio_team = {
            studio.pk: [studio.lead_id, *[m.person_id for m in studio.memberships.all()]] for studio in self.studios
        }
        existing = set(ProjectPage.objects.values_list("studio_id", "slug"))
        todo = [
            i
            for i in range(self.project_count)
            if (self.studios[i % len(self.studios)].pk, self.project_slug(i)) not in existing
        ]
        if not todo:
            return
        self.log(f"正在生成 {len(todo)} 个五小成果…")
        for start in range(0, len(todo), BULK_BATCH):
            with transaction.atomic():
                self.insert_projects(todo[start : start + BULK_BATCH])
            if len(todo) > BULK_BATCH:
                self.log(f"  {min(start + BULK_BATCH, len(todo))}/{len(todo)}")

    def project_slug(self, i):
        return f"p{i + 1:06d}"

    def insert_projects(self, indexes):
        """Insert projects in bulk: treebeard paths computed here, one INSERT per table per batch."""
        content_type = ContentType.objects.get_for_model(ProjectPage)
        locale = Locale.get_default()
        by_studio = defaultdict(list)
        for i in indexes:
            by_studio[self.studios[i % len(self.studios)].pk].append(i)
        next_step = {studio_pk: next_child_step(self.studio_by_pk[studio_pk]) for studio_pk in by_studio}
        pages, extras = [], []
        for studio_pk, studio_indexes in by_studio.items():
            studio = self.studio_by_pk[studio_pk]
            for i in studio_indexes:
                fields = self.project_fields(i)
                extra = {key: fields.pop(key) for key in list(fields) if key.startswith("_")}
                slug = self.project_slug(i)
                published = timezone.make_aware(dt.datetime.combine(fields["start_date"], dt.time(9)))
                page = ProjectPage(
                    **fields,
                    slug=slug,
                    draft_title=fields["title"],
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{self.seed}:{studio.url_path}{slug}"),
                    path=Page._get_path(studio.path, studio.depth + 1, next_step[studio_pk]),
                    depth=studio.depth + 1,
                    numchild=0,
                    url_path=f"{studio.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                )
                next_step[studio_pk] += 1
                pages.append(page)
                extras.append(extra)
        insert_pages(pages)
        self.insert_project_children(pages, extras)
        for studio_pk in by_studio:
            Page.objects.filter(pk=studio_pk).update(numchild=next_step[studio_pk] - 1)
        # Index the batch for Wagtail's search in one go, with the tags it indexes prefetched.
        indexed = ProjectPage.objects.filter(pk__in=[p.pk for p in pages]).prefetch_related("needed_skills")
        get_search_backend().add_bulk(ProjectPage, list(indexed))
        self.created["五小成果"] += len(pages)

    def insert_project_children(self, pages, extras):
        tags = {tag.name: tag for tag in Tag.objects.all()}
        skill_links, patents, team, documents, adoptions = [], [], [], [], []
        for n, (page, extra) in enumerate(zip(pages, extras, strict=True)):
            rng = extra["_rng"]
            for name in extra["_skills"]:
                if name not in tags:
                    tags[name] = Tag.objects.create(name=name, slug=pinyin_slug(name))
                skill_links.append(ProjectSkill(content_object_id=page.pk, tag=tags[name]))
            if extra["_patent"]:
                patents.append(
                    ProjectPatent(
                        page_id=page.pk,
                        title=page.title,
                        number=f"ZL{page.start_date.year}{rng.randint(1, 2)}{rng.randint(1_000_000, 9_999_999)}",
                        kind=PatentKind.UTILITY if page.category == Category.CREATION else PatentKind.INVENTION,
                    )
                )
            members = self.studio_team[page.studio_id]
            for order, person_id in enumerate(members[: rng.randint(1, 3)]):
                team.append(
                    ProjectTeamMember(
                        page_id=page.pk, person_id=person_id, role="负责人" if order == 0 else "成员", sort_order=order
                    )
                )
            if n % 15 == 0:
                documents.append(ProjectDocument(page_id=page.pk, document=self.documents[n % len(self.documents)]))
            adoptions += self.project_adoptions(page)
        ProjectSkill.objects.bulk_create(skill_links)
        ProjectPatent.objects.bulk_create(patents)
        ProjectTeamMember.objects.bulk_create(team)
        ProjectDocument.objects.bulk_create(documents)
        ProjectAdoption.objects.bulk_create(adoptions)

    def project_adoptions(self, page):
        """成果推广应用 at other enterprises: most promoted and commercialised projects, some completed ones;
        one in six waits for the studio's confirmation."""
        rng = self.rng("adoption", page.url_path)
        if page.status in (Status.PROMOTED, Status.COMMERCIALISED):
            count = rng.randint(1, 3)
        elif page.status == Status.COMPLETED and rng.random() < 0.3:
            count = 1
        else:
            return []
        studio = self.studio_by_pk[page.studio_id]
        others = [e for e in self.enterprises if e.pk != studio.enterprise_id]
        finished = page.end_date or page.start_date
        days_since = (dt.date(2026, 11, 30) - finished).days
        if days_since < 30:
            return []
        adoptions = []
        for enterprise in rng.sample(others, min(count, len(others))):
            contact = rng.choice(vocab.SURNAMES) + rng.choice(["工", "师傅", "主任"])
            adoptions.append(
                ProjectAdoption(
                    project_id=page.pk,
                    studio_id=page.studio_id,
                    enterprise=enterprise,
                    site=f"{enterprise.display_name}{rng.choice(vocab.ADOPTION_SITES)}",
                    adopted_on=finished + dt.timedelta(days=rng.randint(30, days_since)),
                    annual_benefit=Decimal(rng.randint(50, 5000)) / 100 if rng.random() < 0.8 else None,
                    description=f"在{rng.choice(vocab.ADOPTION_SITES)}推广使用{page.title}，运行稳定，效果与原单位相当。",
                    contact_name=contact,
                    contact=f"0351-{rng.randint(1000000, 9999999)}",
                    contact_public=rng.random() < 0.5,
                    status=AdoptionStatus.PENDING if rng.random() < 1 / 6 else AdoptionStatus.CONFIRMED,
                )
            )
        return adoptions

    def record_history(self):
        """A first revision, history entry and references for every page built without save_revision."""
        todo = pages_without_revision().count()
        if not todo:
            return
        self.log(f"正在为 {todo} 个页面记录首个版本和引用…")
        done = 0

        def report(count):
            nonlocal done
            done += count
            if todo > BULK_BATCH:
                self.log(f"  {done}/{todo}")

        record_first_revisions(on_batch=report)

    # Alliances and home page -------------------------------------------------------------------

    def build_alliances(self):
        industry_by_name = {industry.name: industry for industry in self.industries}
        for a, (title, slug, summary, focus, industry_names) in enumerate(vocab.ALLIANCES):
            if AlliancePage.objects.filter(slug=slug).exists():
                continue
            rng = self.rng("alliance", a)
            wanted = {industry_by_name[name].pk for name in industry_names}
            studios = [s for s in self.studios if s.industry_id in wanted]
            members = rng.sample(studios, min(len(studios), 10))
            alliance = AlliancePage(
                title=title,
                slug=slug,
                summary=summary,
                focus=focus,
                founded_year=2018 + a,
                charter="<p>联盟坚持资源共享、优势互补、协同攻关，成员工作室定期开展技术交流和联合攻关。</p>",
                body=[("paragraph", f"<p>{summary}联盟成员覆盖多个地区、行业和企业。</p>")],
            )
            for order, studio in enumerate(members):
                alliance.members.add(AllianceMember(studio=studio, joined_year=2018 + a + order % 4, sort_order=order))
            joint = ProjectPage.objects.filter(studio__in=members[:4]).order_by("pk")[:4]
            for order, project in enumerate(joint):
                alliance.joint_projects.add(AllianceProject(project=project, sort_order=order))
            self.add_alliance_life(alliance, members, focus, 2018 + a, rng)
            self.alliance_index.add_child(instance=alliance)
            self.created["联盟"] += 1

    def add_alliance_life(self, alliance, members, focus, founded, rng):
        """Two-year terms of a rotating lead (盟主), key tasks per year, a few joint activities."""
        if not members:
            return
        this_year = timezone.localdate().year
        for order, start in enumerate(range(founded, this_year + 1, 2)):
            end = start + 1 if start + 1 < this_year else None
            alliance.terms.add(
                AllianceTerm(studio=members[order % len(members)], start_year=start, end_year=end, sort_order=order)
            )
        topics = [f"{focus}联合攻关", "成员工作室技术交流", "五小成果推广应用", "青年技能人才培养"]
        for order, year in enumerate((this_year - 1, this_year)):
            for t, topic in enumerate(rng.sample(topics, 2)):
                done = year < this_year or rng.random() < 0.3
                alliance.key_tasks.add(
                    AllianceTask(
                        year=year,
                        title=f"{year}年{topic}",
                        studio=rng.choice(members),
                        status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
                        result="已完成并形成总结报告" if done else "按计划推进中",
                        sort_order=order * 2 + t,
                    )
                )
        for order, kind in enumerate(ActivityKind.values[:3]):
            host = members[order % len(members)]
            activity = AllianceActivity(
                kind=kind,
                title=f"{host.title}{ActivityKind(kind).label}",
                held_on=dt.date(this_year - 1, 3 + order * 3, 15),
                host=host,
                summary=f"围绕{focus}开展{ActivityKind(kind).label}。",
                sort_order=order,
            )
            activity.studios.set(rng.sample(members, min(len(members), 4)))
            alliance.activities.add(activity)

    def build_competitions(self):
        index = self.ensure_child(
            CompetitionIndexPage,
            "competitions",
            "技能竞赛",
            intro="日日学、周周比、月月考、季季赛和安康杯：职工技能竞赛的规则与成绩。",
        )
        for title, slug, level, cycle, trade, organiser, awards, gained in vocab.COMPETITIONS:
            if CompetitionPage.objects.filter(slug=slug).exists():
                continue
            rng = self.rng("competition", slug)
            year = int(re.search(r"\d{4}", slug).group())
            start = dt.date(year, rng.randint(3, 10), rng.randint(1, 28))
            competition = CompetitionPage(
                title=title,
                slug=slug,
                level=level,
                cycle=cycle,
                trade=trade,
                organiser=organiser,
                start_date=start,
                end_date=start + dt.timedelta(days=rng.randint(0, 3)),
                summary=f"{organiser}组织的{trade}竞赛，以赛促学、以赛促练，选拔技术能手。",
                rules="<p>理论知识考试占 30%，实际操作考核占 70%，按总成绩排名。</p>",
            )
            winners = rng.sample(self.people, min(len(awards), len(self.people)))
            honor = Honor.objects.filter(name=gained).first() if gained else None
            for rank, (person, award) in enumerate(zip(winners, awards, strict=False), start=1):
                competition.results.add(
                    CompetitionResult(
                        person=person,
                        rank=rank,
                        award=award,
                        score=Decimal(rng.randint(7000, 9900)) / 100 - rank,
                        honor=honor if rank == 1 else None,
                        sort_order=rank,
                    )
                )
            # Published on its last day (a fixed time, as every demo page), its first revision recorded
            # with the others; the titles its results carry are granted as a publication grants them.
            competition.first_published_at = competition.last_published_at = timezone.make_aware(
                dt.datetime.combine(competition.end_date, dt.time(18))
            )
            index.add_child(instance=competition)
            grant_titles_and_honors(CompetitionPage, competition)
            self.created["技能竞赛"] += 1

    def build_challenges(self):
        index = self.ensure_child(
            ChallengeIndexPage,
            "challenges",
            "攻关榜",
            intro="企业和联盟发布的难点、堵点和关键核心技术难题，欢迎工作室揭榜攻关。",
        )
        alliances = list(AlliancePage.objects.order_by("pk"))
        for c, (title, slug, kind, summary, skills) in enumerate(vocab.CHALLENGES):
            if ChallengePage.objects.filter(slug=slug).exists():
                continue
            status = list(ChallengeStatus)[c % len(ChallengeStatus)]
            challenge = ChallengePage(
                title=title,
                slug=slug,
                kind=kind,
                status=status,
                summary=summary,
                problem=f"<p>{summary}现场多次尝试未能根治，征集有经验的工作室联合攻关。</p>",
                deadline=dt.date(2026, 12, 31) if status == ChallengeStatus.OPEN else None,
                reward="攻关经费 20 万元" if c % 2 == 0 else "优先推荐申报省级职工创新成果",
                enterprise=self.enterprises[c % len(self.enterprises)],
                alliance=alliances[c % len(alliances)] if alliances and c % 2 else None,
            )
            challenge.required_skills.set(skills)
            index.add_child(instance=challenge)
            if status != ChallengeStatus.OPEN:
                for studio in self.studios[c : c + 2]:
                    project = ProjectPage.objects.filter(studio=studio).order_by("pk").first()
                    ChallengeResponse.objects.create(
                        challenge=challenge,
                        studio=studio,
                        project=project,
                        plan="组织骨干成员现场调研，三个月内拿出改进方案。",
                    )
            self.created["攻关难题"] += 1

    def build_home_highlights(self):
        if self.home.featured_projects.exists():
            return
        best = ProjectPage.objects.live().exclude(economic_benefit=None).order_by("-economic_benefit", "pk")[:3]
        for order, project in enumerate(best):
            HomeFeaturedProject.objects.create(page=self.home, project=project, sort_order=order)
