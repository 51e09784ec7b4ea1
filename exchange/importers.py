"""Spreadsheet imports of enterprises, people, studios, projects and competition results: plan first, then
apply all or nothing.

`plan(sheet)` reads every row, finds the row it updates (by the union's key: 企业全称, 人员编号,
工作室编号, 成果编号), and says for each row: new, changed (with the changes), unchanged, or its
problems (row + column + reason). `apply(plan)` writes a plan without problems in one transaction;
a plan with any problem writes nothing. Names of other rows (an enterprise, a region, a studio, a
lead) must exist: they are reported when unknown, never invented.

Studios and projects become pages in their place in the page tree (the studio directory, their
studio), saved as a revision and published when the row says 发布 — what publishing in the admin
does, so the search index, history and review records follow as usual.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelcluster.models import get_all_child_relations
from wagtail.models import Collection

from competitions.models import CompetitionPage, CompetitionResult
from core.bulk import (
    append_children,
    index_for_wagtail_search,
    index_references,
    insert_pages,
    order_children,
    place_new_pages,
    record_revisions,
    set_relations,
    set_tags,
    with_children,
)
from core.pagecache import content_changed
from core.text import SlugAllocator
from exchange.columns import (
    BooleanColumn,
    CellError,
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    IntegerColumn,
    ReferenceColumn,
    ReferencesColumn,
    RichTextColumn,
    TagsColumn,
    TextColumn,
    text_of,
)
from projects.choices import Category, Status
from projects.models import ProjectPage
from review.roles import grant_studio_access
from search import indexing
from search.records import keys_affected_by, keys_affected_by_all
from studios.choices import HonorKind, Ownership, StudioLevel, StudioType
from studios.models import Enterprise, Honor, Industry, Person, Region, StudioIndexPage, StudioPage

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
ACTION_LABELS = {
    NEW: gettext_lazy("新增"),
    CHANGED: gettext_lazy("修改"),
    UNCHANGED: gettext_lazy("不变"),
    ERROR: gettext_lazy("有错误"),
}
PUBLISH, DRAFT = "发布", "草稿"
PUBLICATION_HEADER = "发布状态"


def max_length(model, name):
    return model._meta.get_field(name).max_length


BATCH = 500  # rows planned, looked up and written together
LISTED_PROBLEMS = 1000  # a plan lists this many problems and counts the rest
LISTED_ROWS = 500  # and shows this many rows that change something


@dataclass
class RowPlan:
    number: int
    key: str = ""
    action: str = NEW
    values: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)  # (header, before, after)
    errors: list = field(default_factory=list)  # (header, reason)
    instance: object = None

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class ImportPlan:
    """What importing a file would do (or did): how many rows are new, changed, unchanged or wrong, every
    problem of the file as a whole, and — so that a plan of any file stays small — the first LISTED_PROBLEMS
    problems of its rows and the first LISTED_ROWS rows that change something."""

    importer: object
    description: str
    file_errors: list = field(default_factory=list)
    shown_rows: list = field(default_factory=list)  # the rows worth a look in a preview, without their values
    row_problems: list = field(default_factory=list)  # (row number, column, reason)
    problem_count: int = 0
    action_counts: dict = field(default_factory=lambda: dict.fromkeys(ACTION_LABELS, 0))

    def add(self, row):
        self.action_counts[row.action] += 1
        for column, reason in row.errors:
            self.problem_count += 1
            if len(self.row_problems) < LISTED_PROBLEMS:
                self.row_problems.append((row.number, column, reason))
        if row.action != UNCHANGED and len(self.shown_rows) < LISTED_ROWS:
            self.shown_rows.append(RowPlan(row.number, row.key, row.action, changes=row.changes, errors=row.errors))

    @property
    def ok(self):
        return not self.file_errors and not self.problem_count

    @property
    def rows_read(self):
        return sum(self.action_counts.values())

    @property
    def writes(self):
        """How many rows would change anything."""
        return self.action_counts[NEW] + self.action_counts[CHANGED]

    @property
    def unlisted_rows(self):
        return self.rows_read - self.action_counts[UNCHANGED] - len(self.shown_rows)

    @property
    def unlisted_problems(self):
        return self.problem_count - len(self.row_problems)

    def counts(self):
        return dict(self.action_counts)

    def problems(self):
        """Every problem listed as (row number or None, column or "", reason), in file order."""
        for reason in self.file_errors:
            yield None, "", reason
        yield from self.row_problems


class ImportRefused(Exception):
    """apply() found problems (the site may have changed since the check): nothing was written. The
    plan it made is `plan`, with every problem."""

    def __init__(self, message, plan=None):
        super().__init__(message)
        self.plan = plan


# --- Lookups of other rows: unknown names are errors, never new rows ------------------------------


class Lookups:
    """The reference tables, loaded once per import (they are small), by every name a file may use."""

    def __init__(self):
        self.regions = defaultdict(list)
        for region in Region.objects.select_related("parent"):
            for name in {region.name, region.display_name, *self._joined(region)}:
                self.regions[name].append(region)
        self.industries = {industry.name: industry for industry in Industry.objects.all()}
        self.enterprises = defaultdict(list)
        for enterprise in Enterprise.objects.all():
            for name in {enterprise.name, enterprise.short_name} - {""}:
                self.enterprises[name].append(enterprise)
        self.honors = {(honor.kind, honor.name): honor for honor in Honor.objects.all()}
        self.found = {}  # people and studios, too many to load: each name looked up once per file

    def studios(self):
        """({code: [studio]}, {title: [studio]}), read once per file when a column names studios: thousands
        of rows of a projects file name hundreds of studios, and a page's title has no index."""
        if "studios" not in self.found:
            by_code, by_title = defaultdict(list), defaultdict(list)
            for page in StudioPage.objects.all():
                if page.code:
                    by_code[page.code].append(page)
                by_title[page.title].append(page)
            self.found["studios"] = (by_code, by_title)
        return self.found["studios"]

    def rows(self, key, query):
        if key not in self.found:
            self.found[key] = query()
        return self.found[key]

    @staticmethod
    def _joined(region):
        if not region.parent_id:
            return []
        return [f"{region.parent.name}{sep}{region.name}" for sep in ("", "/", "·", " ", "-")]

    @staticmethod
    def one(found, text, what):
        if not found:
            raise CellError(_("找不到%(what)s“%(name)s”（请先在后台或导入中添加）") % {"what": what, "name": text})
        if len(found) > 1:
            raise CellError(
                _("有 %(count)s 个%(what)s叫“%(name)s”，请写全称") % {"count": len(found), "what": what, "name": text}
            )
        return found[0]


def region(text, importer):
    return Lookups.one(importer.lookups.regions.get(text, []), text, _("地区"))


def industry(text, importer):
    return Lookups.one(
        [importer.lookups.industries[text]] if text in importer.lookups.industries else [], text, _("行业")
    )


def enterprise(text, importer):
    return Lookups.one(importer.lookups.enterprises.get(text, []), text, _("企业"))


def honor_of(kind, what):
    def lookup(text, importer):
        found = importer.lookups.honors.get((kind, text))
        return Lookups.one([found] if found else [], text, what)

    return lookup


def person(text, importer):
    """By 人员编号, else by a name only one person has."""
    found = importer.lookups.rows(
        ("person", text), lambda: list(Person.objects.filter(code=text)) or list(Person.objects.filter(name=text)[:2])
    )
    return Lookups.one(found, text, _("人员"))


def competition(text, importer):
    """By the competition's exact name, else its slug."""
    found = importer.lookups.rows(
        ("competition", text),
        lambda: list(CompetitionPage.objects.filter(title=text)[:2]) or list(CompetitionPage.objects.filter(slug=text)),
    )
    return Lookups.one(found, text, _("技能竞赛"))


def any_honor(text, importer):
    """A title or an honour, by its name."""
    return Lookups.one(
        [honor for (_kind, name), honor in importer.lookups.honors.items() if name == text], text, _("职称或荣誉")
    )


def studio(text, importer):
    """By 工作室编号, else by the studio's exact name."""
    by_code, by_title = importer.lookups.studios()
    return Lookups.one(by_code.get(text) or by_title.get(text, []), text, _("工作室"))


class PublicationColumn(BooleanColumn):
    """发布 (published) or 草稿 (a draft): what the file wants of a page; empty means 发布."""

    def __init__(self):
        super().__init__(PUBLICATION_HEADER, "publish", default=True, note="“发布”或“草稿”，留空为发布")

    def parse(self, raw, importer):
        text = text_of(raw)
        if text in (PUBLISH, "已发布", "公开"):
            return True
        if text in (DRAFT, "未发布"):
            return False
        raise CellError(_("“%(value)s”应为“发布”或“草稿”") % {"value": text})

    def show(self, value):
        return PUBLISH if value else DRAFT

    def choices(self):
        return [PUBLISH, DRAFT]


# --- The importers -------------------------------------------------------------------------------


class Importer:
    """One kind of row. Subclasses name their columns, their key column, and how a row is saved."""

    type = ""
    label = ""
    model = None
    key_column = None
    columns = []

    def __init__(self, user=None):
        self.user = user
        self.lookups = Lookups()

    @classmethod
    def headers(cls):
        return [column.header for column in cls.columns]

    def plan(self, sheet, progress=None):
        """What importing the sheet would do; `progress` (core.progress.Progress) advances per row read."""
        plan = ImportPlan(self, sheet.description)
        if self.check_headers(sheet, plan):
            for batch in self.planned_batches(sheet, progress):
                for row in batch:
                    plan.add(row)
            self.check_not_empty(plan)
        return plan

    def apply(self, sheet, progress=None):
        """Plans the sheet again, a batch at a time, and writes each batch, all in one transaction: if any
        row has a problem (the site may have changed since the check) nothing is written and ImportRefused
        carries the plan with every problem. Returns the plan of what was written."""
        plan = ImportPlan(self, sheet.description)
        with transaction.atomic():
            self.lookups = Lookups()  # rows may have changed since the last plan
            self.affected_keys = set()
            self.finishing = {}  # what is done once for the file, after its last batch
            if self.check_headers(sheet, plan):
                # One search-index update for the whole file once it is written, not one per row.
                with indexing.suspended():
                    for batch in self.planned_batches(sheet, progress):
                        for row in batch:
                            plan.add(row)
                        writes = [row for row in batch if row.action in (NEW, CHANGED)]
                        if plan.ok and writes:  # past the first problem, rows are only checked, for the report
                            self.write(writes)
                self.check_not_empty(plan)
            if not plan.ok:
                raise ImportRefused(_("文件有错误，未导入任何数据"), plan)
            for step in self.finishing.values():
                step()
            if plan.writes:
                content_changed()
                indexing.schedule(self.affected_keys)
        return plan

    def check_headers(self, sheet, plan):
        known = set(sheet.headers)
        missing = [column.header for column in self.columns if column.required and column.header not in known]
        if missing:
            plan.file_errors.append(_("缺少必填列：%(columns)s") % {"columns": "、".join(missing)})
        unknown = [h for h in sheet.headers if h and h not in self.headers()]
        if unknown:
            plan.file_errors.append(
                _("不认识的列：%(columns)s（请使用导入模板中的列名）") % {"columns": "、".join(unknown)}
            )
        return not plan.file_errors

    def check_not_empty(self, plan):
        if not plan.rows_read and not plan.file_errors:
            plan.file_errors.append(_("文件中没有数据行"))

    def planned_batches(self, sheet, progress):
        """The sheet's rows planned BATCH at a time (the rows each batch updates found together)."""
        seen = {}
        batch = []
        for row in sheet.rows:
            if progress is not None:
                progress.advance()
            if row.is_blank():
                continue
            batch.append(self.read_row(row, seen))
            if len(batch) == BATCH:
                yield self.plan_batch(batch)
                batch = []
        if batch:
            yield self.plan_batch(batch)

    def read_row(self, row, seen):
        """The row's values, and the problems of its cells and its key."""
        result = RowPlan(row.number)
        for column in self.columns:
            if column.header in row.problems:
                result.errors.append((column.header, row.problems[column.header]))
                continue
            try:
                result.values[column.field] = column.read(row.cells.get(column.header), self)
            except CellError as error:
                result.errors.append((column.header, str(error)))
        result.key = text_of(row.cells.get(self.key_column.header))
        if result.key:
            if result.key in seen:
                reason = _("与第 %(row)s 行重复") % {"row": seen[result.key]}
                result.errors.append((self.key_column.header, reason))
            else:
                seen[result.key] = row.number
        return result

    def plan_batch(self, batch):
        readable = [result for result in batch if not result.errors]
        for result, instance in zip(readable, self.find_all([r.values for r in readable]), strict=True):
            result.instance = instance
        for result in batch:
            self.plan_row(result)
        return batch

    def plan_row(self, result):
        if result.errors:
            result.action = ERROR
            return
        if result.instance is not None:
            result.changes = self.changes(result)  # before check(), which applies the values to the row
        self.check(result)
        if result.errors:
            result.action = ERROR
        elif result.instance is None:
            result.action = NEW
        else:
            result.action = CHANGED if result.changes else UNCHANGED

    def find_all(self, rows_values):
        """The rows these update (None for new ones), in order; one lookup per row unless overridden."""
        return [self.find(values) for values in rows_values]

    def for_comparison(self, queryset):
        """The queryset with what the columns name joined or prefetched (a comparison reads them)."""
        return queryset.select_related(*(c.field for c in self.columns if type(c) is ReferenceColumn)).prefetch_related(
            *(c.field for c in self.columns if isinstance(c, TagsColumn | ReferencesColumn))
        )

    def find(self, values):
        """The row this one updates, or None for a new one."""
        raise NotImplementedError

    def current(self, instance):
        """What the row holds now (for pages: their latest revision)."""
        return instance

    def changes(self, result):
        before = self.current(result.instance)
        changes = []
        for column in self.columns:
            if column.field not in result.values:
                continue
            old, new = self.current_value(column, before), result.values[column.field]
            if _normalised(column, old) != _normalised(column, new):
                changes.append((column.header, column.show(old), column.show(new)))
        return changes

    def current_value(self, column, obj):
        return column.current(obj)

    def check(self, result):
        """Rules between fields (the model's own), reported on the columns they concern."""
        candidate = self.build(result)
        try:
            self.check_candidate(candidate)
        except ValidationError as error:
            by_field = {column.field: column.header for column in self.columns}
            for name, messages in error.message_dict.items():
                for message in messages:
                    result.errors.append((by_field.get(name, ""), message))

    def check_candidate(self, candidate):
        pass

    def unchecked(self, candidate):
        """Fields clean_fields() need not check: relations (a column's come from a lookup, the others from
        the database) and what saving fills in."""
        return [f.name for f in candidate._meta.fields if f.is_relation] + ["slug"]

    def build(self, result):
        """An unsaved object with the row's values applied (the existing row's, or a new one)."""
        obj = self.current(result.instance) if result.instance is not None else self.model()
        for column in self.columns:
            if column.field in result.values:
                self.assign(obj, column, result.values[column.field])
        return obj

    def assign(self, obj, column, value):
        """Sets the value on the object, in memory. Tags are set when the row is written: setting tag
        names would create the tags they name, even for a check."""
        if isinstance(column, ReferencesColumn):
            getattr(obj, column.field).set(value)
        elif not isinstance(column, TagsColumn) and column.field != "publish":
            setattr(obj, column.field, value)

    def tag_columns(self):
        return [column for column in self.columns if isinstance(column, TagsColumn)]

    def plain_fields(self):
        """The fields of the columns that are the model's own columns (not relations, not 发布状态)."""
        return [
            c.field for c in self.columns if not isinstance(c, TagsColumn | ReferencesColumn) and c.field != "publish"
        ]

    def write(self, rows):
        """Saves a batch of new and changed rows (one by one here; in bulk for the many-row types), noting
        the search keys they affect in self.affected_keys."""
        for result in rows:
            obj = self.build(result)
            for column in self.tag_columns():
                getattr(obj, column.field).set(result.values[column.field])
            self.save(obj, result)
            self.affected_keys.update(keys_affected_by(obj))

    def save(self, obj, result):
        obj.save()

    def write_in_bulk(self, rows, objects):
        """What saving each object would write besides its own row: its relations and tags, Wagtail's
        reference and search indexes (rows written with bulk_create/bulk_update send no signals)."""
        for column in self.columns:
            if isinstance(column, ReferencesColumn):
                set_relations(objects, column.field, [result.values[column.field] for result in rows])
        for column in self.tag_columns():
            set_tags(objects, column.field, [result.values[column.field] for result in rows])


def _normalised(column, value):
    if hasattr(column, "normalised"):
        return column.normalised(value)
    if isinstance(column, ReferenceColumn):
        return value.pk if value is not None else None
    if isinstance(column, RichTextColumn):
        return " ".join(column.show(value).split())
    if isinstance(column, TextColumn):
        return value or ""
    return value


class EnterpriseImporter(Importer):
    type = "enterprises"
    label = gettext_lazy("企业")
    model = Enterprise
    columns = [
        TextColumn(
            "企业全称", "name", required=True, max_length=max_length(Enterprise, "name"), note="唯一，用来对应已有企业"
        ),
        TextColumn("简称", "short_name", max_length=max_length(Enterprise, "short_name")),
        ReferenceColumn("所在地区", "region", region, required=True, note="地区名称，例如 太原市"),
        ReferenceColumn("所属行业", "industry", industry, required=True),
        ChoiceColumn("企业性质", "ownership", Ownership, default=Ownership.PROVINCIAL),
        TextColumn("简介", "description"),
    ]
    key_column = columns[0]

    def find(self, values):
        return Enterprise.objects.filter(name=values["name"]).first()


class PersonImporter(Importer):
    type = "people"
    label = gettext_lazy("工匠人才")
    model = Person
    columns = [
        TextColumn("人员编号", "code", required=True, max_length=40, note="唯一，用来对应已有人员"),
        TextColumn("姓名", "name", required=True, max_length=max_length(Person, "name")),
        ReferenceColumn("所在企业", "enterprise", enterprise, required=True, note="企业全称或简称"),
        TextColumn("岗位", "position", max_length=max_length(Person, "position")),
        ReferencesColumn("技术职称", "titles", honor_of(HonorKind.TITLE, gettext_lazy("技术职称"))),
        ReferencesColumn("荣誉", "honors", honor_of(HonorKind.HONOR, gettext_lazy("荣誉"))),
        TagsColumn("专长技能", "skills"),
        TextColumn("个人简介", "bio"),
        BooleanColumn("愿意合作", "open_to_collaboration", default=True, note="是 或 否，留空为是"),
        BooleanColumn("公开联系方式", "contact_public", note="是 或 否，留空为否"),
        TextColumn("电话", "phone", max_length=max_length(Person, "phone")),
        TextColumn("邮箱", "email", max_length=max_length(Person, "email")),
    ]
    key_column = columns[0]

    def find_all(self, rows_values):
        people = self.for_comparison(Person.objects.all())
        by_code = {person.code: person for person in people.filter(code__in=[v["code"] for v in rows_values])}
        # People entered in the admin before codes were used: matched when the only one of that name there.
        by_name = defaultdict(list)
        names = {v["name"] for v in rows_values if v["code"] not in by_code}
        for person in people.filter(code="", name__in=names) if names else []:
            by_name[(person.name, person.enterprise_id)].append(person)
        found = []
        for values in rows_values:
            person = by_code.get(values["code"])
            if person is None and values.get("enterprise"):
                same = by_name[(values["name"], values["enterprise"].pk)]
                person = same[0] if len(same) == 1 else None
            found.append(person)
        return found

    def check_candidate(self, candidate):
        candidate.clean_fields(exclude=self.unchecked(candidate))

    def write(self, rows):
        people = [self.build(result) for result in rows]
        new = [person for person, result in zip(people, rows, strict=True) if result.instance is None]
        slugs = SlugAllocator(Person.objects.all()).allocate_all([person.name for person in new])
        for person, slug in zip(new, slugs, strict=True):
            person.slug = slug
        Person.objects.bulk_create(new)
        changed = [person for person, result in zip(people, rows, strict=True) if result.instance is not None]
        Person.objects.bulk_update(changed, self.plain_fields())
        self.write_in_bulk(rows, people)
        index_references(people, replace=True)
        index_for_wagtail_search(Person, people)
        self.affected_keys.update(keys_affected_by_all(Person, [person.pk for person in people]))


class PageImporter(Importer):
    """Rows that are pages: placed under `parent_of(values)`, published or kept as a draft."""

    def current(self, instance):
        if instance.has_unpublished_changes and instance.latest_revision_id:
            return instance.get_latest_revision_as_object()
        return instance

    def current_value(self, column, obj):
        if column.field == "publish":
            return obj.live and not obj.has_unpublished_changes
        return super().current_value(column, obj)

    def changes(self, result):
        changes = super().changes(result)
        # 草稿 for a published page means "do not publish these changes", not "unpublish".
        if not result.values.get("publish"):
            changes = [change for change in changes if change[0] != PUBLICATION_HEADER]
        return changes

    def check_candidate(self, candidate):
        candidate.clean_fields(exclude=self.unchecked(candidate))
        candidate.check_content()

    def unchecked(self, candidate):
        bookkeeping = ["path", "depth", "url_path", "translation_key", "draft_title", "intro"]
        return [*super().unchecked(candidate), *bookkeeping]

    def find_all(self, rows_values):
        by_code = {page.code: page for page in self.pages().filter(code__in=[v["code"] for v in rows_values])}
        # Pages entered in the admin before codes were used: matched when the only one of that title there.
        titles = {values["title"] for values in rows_values if values["code"] not in by_code}
        by_title = defaultdict(list)
        for page in self.pages().filter(code="", title__in=titles) if titles else []:
            by_title[page.title].append(page)
        found = []
        for values in rows_values:
            same = [page for page in by_title[values["title"]] if self.same_place(page, values)]
            found.append(by_code.get(values["code"]) or (same[0] if len(same) == 1 else None))
        return found

    def pages(self):
        return with_children(self.for_comparison(self.model.objects.all()))

    def same_place(self, page, values):
        """Whether a page without a code is the row's, given its title is."""
        return True

    def write(self, rows):
        """New pages, and published pages published again, are written in bulk; a draft of an existing
        page, or a page with unpublished changes, goes through Wagtail's save_revision and publish."""
        in_bulk, one_by_one = [], []
        for result in rows:
            (in_bulk if self.writes_in_bulk(result) else one_by_one).append(result)
        super().write(one_by_one)
        if in_bulk:
            self.write_pages(in_bulk)

    @staticmethod
    def writes_in_bulk(result):
        page = result.instance
        return page is None or (result.values.get("publish") and page.live and not page.has_unpublished_changes)

    def save(self, page, result):
        revision = page.save_revision(user=self.user, log_action=True)
        if result.values.get("publish"):
            revision.publish(user=self.user)

    def write_pages(self, rows):
        now = timezone.now()
        pages = [self.build(result) for result in rows]
        new, republished = [], []
        for page, result in zip(pages, rows, strict=True):
            # In bulk are only new pages and live ones published again: 发布 means live, 草稿 a new draft.
            page.live = bool(result.values.get("publish"))
            page.has_unpublished_changes = not page.live
            page.draft_title = page.title
            if page.live:
                page.first_published_at = page.first_published_at or now
                page.last_published_at = now
            (republished if result.instance is not None else new).append((page, result))
        if new:
            self.insert_new_pages(new)
        self.model.objects.bulk_update([page for page, _result in republished], self.page_fields())
        self.write_in_bulk(rows, pages)
        self.after_bulk_write(pages)  # before the revisions: they hold what it sets
        created = {page.pk for page, _result in new}
        record_revisions(
            pages, user=self.user, created_at=now, actions=lambda page: self.logged_actions(page, page.pk in created)
        )
        index_references(pages, replace=True)
        index_for_wagtail_search(self.model, pages)
        self.affected_keys.update(keys_affected_by_all(self.model, [page.pk for page in pages]))

    def insert_new_pages(self, new):
        by_parent = defaultdict(list)
        for page, result in new:
            for relation in get_all_child_relations(self.model):  # no inline rows yet: nothing to read back
                getattr(page, relation.get_accessor_name()).set([])
            by_parent[self.parent_of(result.values)].append(page)
        place_new_pages(by_parent)
        insert_pages([page for page, _result in new])

    @staticmethod
    def logged_actions(page, created):
        first = "wagtail.create" if created else "wagtail.edit"
        return [first, "wagtail.publish"] if page.live else [first]

    def page_fields(self):
        """What publishing a page writes of it: its own table's fields, the title and the dates."""
        own = [f.name for f in self.model._meta.local_concrete_fields if not f.primary_key]
        return [*own, "title", "draft_title", "live", "has_unpublished_changes", "last_published_at"]

    def after_bulk_write(self, pages):
        """What a save's other receivers would do (the studios')."""

    def parent_of(self, values):
        raise NotImplementedError


class StudioImporter(PageImporter):
    type = "studios"
    label = gettext_lazy("创新工作室")
    model = StudioPage
    columns = [
        TextColumn("工作室编号", "code", required=True, max_length=40, note="唯一，用来对应已有工作室"),
        TextColumn("工作室名称", "title", required=True, max_length=255),
        ChoiceColumn("工作室类型", "studio_type", StudioType, required=True),
        ChoiceColumn("级别", "level", StudioLevel, required=True),
        IntegerColumn("命名年份", "year_recognised", required=True, minimum=1950, maximum=2100),
        ReferenceColumn("所属企业", "enterprise", enterprise, required=True, note="企业全称或简称"),
        ReferenceColumn("所在地区", "region", region, note="留空则与所属企业相同"),
        ReferenceColumn("所属行业", "industry", industry, note="留空则与所属企业相同"),
        ReferenceColumn("领办人", "lead", person, required=True, note="人员编号，或唯一的姓名"),
        TextColumn("简介", "summary", required=True, max_length=max_length(StudioPage, "summary")),
        TagsColumn("专业方向", "specialties"),
        TextColumn("联系方式说明", "contact_note", max_length=max_length(StudioPage, "contact_note")),
        PublicationColumn(),
    ]
    key_column = columns[0]

    def after_bulk_write(self, studios):
        """What saving a studio does (review.signals): its media collection, its editors' group."""
        without = [studio for studio in studios if studio.collection_id is None]
        if without:
            root = Collection.get_first_root_node()
            collections = [Collection(name=studio.title[:255]) for studio in without]
            append_children(root, collections)
            self.finishing["collections"] = lambda: order_children(root)  # name order, once for the file
            for studio, collection in zip(without, collections, strict=True):
                studio.collection = collection
            StudioPage.objects.bulk_update(without, ["collection"])
        for studio in studios:
            grant_studio_access(studio)

    def current_value(self, column, obj):
        if column.field in ("region", "industry") and getattr(obj, f"{column.field}_id") is None:
            return None
        return super().current_value(column, obj)

    def build(self, result):
        studio = super().build(result)
        # Left empty, region and industry follow the enterprise (as in the admin).
        for name in ("region", "industry"):
            if result.values.get(name) is None and studio.enterprise_id:
                setattr(studio, name, getattr(studio.enterprise, name))
        return studio

    def changes(self, result):
        changes = super().changes(result)
        instance = self.current(result.instance)
        for name, header in (("region", "所在地区"), ("industry", "所属行业")):
            if result.values.get(name) is None and getattr(instance, f"{name}_id") == getattr(
                result.values["enterprise"], f"{name}_id"
            ):
                changes = [change for change in changes if change[0] != header]
        return changes

    def parent_of(self, values):
        index = StudioIndexPage.objects.first()
        if index is None:
            raise ImportRefused(_("网站还没有工作室名录页，无法导入工作室"))
        return index


class ProjectImporter(PageImporter):
    type = "projects"
    label = gettext_lazy("五小成果")
    model = ProjectPage
    columns = [
        TextColumn("成果编号", "code", required=True, max_length=40, note="唯一，用来对应已有成果"),
        TextColumn("成果名称", "title", required=True, max_length=255),
        ReferenceColumn("所属工作室", "studio", studio, required=True, note="工作室编号，或工作室全称"),
        ChoiceColumn("五小类别", "category", Category, required=True),
        ChoiceColumn("状态", "status", Status, required=True),
        DateColumn("开始日期", "start_date", required=True),
        DateColumn("完成日期", "end_date"),
        TextColumn("摘要", "summary", required=True, max_length=max_length(ProjectPage, "summary")),
        RichTextColumn("难点与堵点", "problem", required=True, note="生产中遇到的问题；每行一段"),
        RichTextColumn("解决方案", "solution", required=True, note="每行一段"),
        RichTextColumn("成果与效益", "results", note="每行一段"),
        DecimalColumn(
            "经济效益（万元/年）", "economic_benefit", max_digits=10, decimal_places=2, note="数字，单位万元/年"
        ),
        TextColumn("安全效益", "safety_benefit"),
        BooleanColumn("寻求合作", "seeking_collaborators", note="是 或 否，留空为否"),
        TextColumn("合作需求", "collaboration_needs", note="寻求合作时必填"),
        TagsColumn("所需技能", "needed_skills"),
        PublicationColumn(),
    ]
    key_column = columns[0]

    def same_place(self, page, values):
        return values.get("studio") is not None and page.path.startswith(values["studio"].path)

    def check(self, result):
        super().check(result)
        if result.instance is not None and result.instance.studio_id != result.values["studio"].pk:
            result.errors.append(("所属工作室", _("成果不能换到另一个工作室（请在后台移动页面）")))

    def parent_of(self, values):
        return values["studio"]


class CompetitionResultImporter(Importer):
    """竞赛成绩: rows of competitions' results. Results are rows of their competition's page, so each
    competition gets one new revision holding its rows, published when the competition is live — what
    saving it in the admin does: the results show, the titles they carry are granted."""

    type = "competition_results"
    label = gettext_lazy("竞赛成绩")
    model = CompetitionResult
    columns = [
        TextColumn("成绩编号", "code", required=True, max_length=40, note="唯一，用来对应已有成绩"),
        ReferenceColumn("竞赛", "page", competition, required=True, note="竞赛名称"),
        ReferenceColumn("人员", "person", person, required=True, note="人员编号，或只有一人叫这个名字时的姓名"),
        IntegerColumn("名次", "rank", required=True, minimum=1, maximum=9999, note="1 为第一名"),
        TextColumn("奖项", "award", max_length=max_length(CompetitionResult, "award"), note="例如 一等奖、金奖"),
        DecimalColumn("成绩", "score", max_digits=6, decimal_places=2),
        ReferenceColumn("获得称号", "honor", any_honor, note="通过竞赛获得的职称或荣誉，例如 首席技师"),
    ]
    key_column = columns[0]

    def find_all(self, rows_values):
        results = self.for_comparison(CompetitionResult.objects.all())
        by_code = {r.code: r for r in results.filter(code__in=[v["code"] for v in rows_values])}
        # Results entered in the admin without a code: matched by their competition and person.
        found = []
        for values in rows_values:
            result = by_code.get(values["code"])
            if result is None and values.get("page") and values.get("person"):
                result = results.filter(page=values["page"], person=values["person"], code="").first()
            found.append(result)
        return found

    def check(self, result):
        super().check(result)
        competition, person = result.values["page"], result.values["person"]
        if result.instance is not None and result.instance.page_id != competition.pk:
            result.errors.append(("竞赛", _("成绩不能换到另一个竞赛（请在后台修改）")))
        others = CompetitionResult.objects.filter(page=competition, person=person)
        if result.instance is not None:
            others = others.exclude(pk=result.instance.pk)
        first_row = self.lookups.rows(("result", competition.pk, person.pk), lambda: result.number)
        if others.exists() or first_row != result.number:
            result.errors.append(("人员", _("%(person)s在这个竞赛中已有成绩") % {"person": person.name}))

    def check_candidate(self, candidate):
        candidate.clean_fields(exclude=self.unchecked(candidate))
        candidate.clean()

    def write(self, rows):
        by_competition = defaultdict(list)
        for result in rows:
            by_competition[result.values["page"].pk].append(result)
        for competition in CompetitionPage.objects.filter(pk__in=by_competition).order_by("pk"):
            page = competition.get_latest_revision_as_object() if competition.latest_revision_id else competition
            held = list(page.results.all())
            for result in by_competition[competition.pk]:
                code, person = result.values["code"], result.values["person"]
                row = next((r for r in held if r.code == code), None) or next(
                    (r for r in held if not r.code and r.person_id == person.pk), None
                )
                if row is None:
                    row = CompetitionResult()
                    held.append(row)
                for column in self.columns:
                    if column.field != "page":
                        setattr(row, column.field, result.values[column.field])
            held.sort(key=lambda r: (r.rank, r.person_id))
            for order, row in enumerate(held):
                row.sort_order = order
            page.results = held
            revision = page.save_revision(user=self.user, log_action=True)
            if competition.live:
                revision.publish(user=self.user)
            people = [result.values["person"].pk for result in by_competition[competition.pk]]
            self.affected_keys.update(keys_affected_by_all(Person, people))


IMPORTERS = {
    importer.type: importer
    for importer in (EnterpriseImporter, PersonImporter, StudioImporter, ProjectImporter, CompetitionResultImporter)
}
TYPE_ALIASES = {
    "enterprise": "enterprises",
    "person": "people",
    "studio": "studios",
    "project": "projects",
    "competition_result": "competition_results",
    "results": "competition_results",
}


def importer_for(type_name=None, headers=()):
    """The importer named, or the one whose key column the file has (成果编号 → projects …)."""
    if type_name:
        type_name = TYPE_ALIASES.get(type_name, type_name)
        if type_name not in IMPORTERS:
            raise ValueError(
                _("未知的导入类型“%(type)s”（可选：%(types)s）") % {"type": type_name, "types": ", ".join(IMPORTERS)}
            )
        return IMPORTERS[type_name]
    for importer in (ProjectImporter, StudioImporter, PersonImporter, EnterpriseImporter, CompetitionResultImporter):
        if importer.key_column.header in headers:
            return importer
    raise ValueError(_("无法从列名判断导入类型：请用 --type 指定，或使用导入模板"))
