"""统计: the figures a union is judged on, from the live content, each row linking to the list behind it.

`statistics(region, year)` gives the summary counters and a list of Figure (a title, a kind of chart and
its rows). Figures are cached under the content version (core.pagecache), so any publish, edit or new
request shows at once, and a page view costs a cache read.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.db.models import Count, F, Q, Sum
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from challenges.models import ChallengePage, ChallengeResponse
from collaboration.models import CollaborationRequest
from core.pagecache import kept_until_next_write
from core.visibility import public_q
from projects.choices import Category, PatentKind, Status
from projects.models import ProjectAdoption, ProjectIndexPage, ProjectPage, ProjectPatent
from studios.choices import RegionKind, SkillLevel, StudioLevel, StudioType
from studios.models import Enterprise, Industry, Region, StudioIndexPage, StudioMentorship, StudioPage

TOP = 10  # rows in the "most active" figures
MAP_FOLDER = "vendor/china-geojson"


@dataclass
class Row:
    label: str
    value: float
    url: str = ""
    cells: list = field(default_factory=list)  # a matrix's row: one value per column


@dataclass
class Figure:
    key: str
    title: str
    chart: str  # bar, pie, line or map
    unit: str
    rows: list = field(default_factory=list)
    map_url: str = ""  # the province's GeoJSON, for a map
    columns: list = field(default_factory=list)  # a matrix's column labels (its rows' cells follow them)

    @property
    def total(self):
        return sum(row.value for row in self.rows)

    def as_chart(self):
        return {
            "key": self.key,
            "title": self.title,
            "chart": self.chart,
            "unit": self.unit,
            "map": self.map_url,
            "columns": self.columns,
            "rows": [{"name": r.label, "value": r.value, "url": r.url, "cells": r.cells} for r in self.rows],
        }

    def table(self):
        """(headers, rows) as the CSV download and the table under the chart show them."""
        if self.columns:
            return [_("成果所属 → 应用方"), *self.columns, _("合计")], [[r.label, *r.cells, r.value] for r in self.rows]
        return [_("项目"), f"{_('数量')}（{self.unit}）"], [[r.label, r.value] for r in self.rows]


def statistics(region=None, year=None):
    """(counters, figures) for the live content, narrowed to a region (with its cities) and a year."""
    key = f"statistics:{get_language()}:{region.pk if region else ''}:{year or ''}"
    return kept_until_next_write(key, lambda: _compute(region, year))


def _compute(region, year):
    studios = StudioPage.objects.live().public()
    projects = ProjectPage.objects.live().public()
    requests = CollaborationRequest.objects.all()
    responses = ChallengeResponse.objects.filter(public_q("challenge__"))
    mentorships = StudioMentorship.objects.filter(public_q("studio__"))
    adoptions = ProjectAdoption.objects.public()
    if region is not None:
        ids = region.with_descendant_ids()
        studios = studios.filter(region__in=ids)
        projects = projects.filter(studio__region__in=ids)
        requests = requests.filter(studio__region__in=ids)
        responses = responses.filter(studio__region__in=ids)
        mentorships = mentorships.filter(studio__region__in=ids)
        adoptions = adoptions.filter(Q(studio__region__in=ids) | Q(enterprise__region__in=ids))
    if year:
        studios = studios.filter(year_recognised=year)
        projects = projects.filter(start_date__year=year)
        requests = requests.filter(created_at__year=year)
        responses = responses.filter(created_at__year=year)
        mentorships = mentorships.filter(started_on__year=year)
        adoptions = adoptions.filter(adopted_on__year=year)
    lists = Lists(region)
    benefit = projects.aggregate(total=Sum("economic_benefit"))["total"] or Decimal(0)
    patents = ProjectPatent.objects.filter(page__in=projects)
    counters = [
        (_("创新工作室"), studios.count(), _("个")),
        (_("五小成果"), projects.count(), _("项")),
        (_("年经济效益"), _number(benefit), _("万元")),
        (_("专利"), patents.count(), _("项")),
        (_("合作申请"), requests.count(), _("次")),
        (_("揭榜"), responses.count(), _("次")),
        (_("推广应用"), adoptions.count(), _("次")),
        (_("推广应用效益"), _number(adoptions.aggregate(total=Sum("annual_benefit"))["total"]), _("万元/年")),
        (_("师徒结对"), mentorships.count(), _("对")),
        (_("徒弟技能等级提升"), mentorships.filter(level_now__gt=F("level_at_start")).count(), _("人")),
    ]
    studio_list, project_list = lists.studios, lists.projects
    figures = [
        _by_choice("studios-by-level", _("工作室级别"), studios, "level", StudioLevel, _("个"), studio_list, "level"),
        _by_choice(
            "studios-by-type", _("工作室类型"), studios, "studio_type", StudioType, _("个"), studio_list, "type"
        ),
        _studios_on_map(studios, region),
        _by_related("studios-by-industry", _("各行业工作室"), studios, Industry, _("个"), studio_list),
        _top_enterprises("studios-by-enterprise", _("工作室最多的企业"), studios, "enterprise", _("个")),
        _by_choice(
            "projects-by-category", _("五小类别"), projects, "category", Category, _("项"), project_list, "category"
        ),
        _by_choice("projects-by-status", _("成果状态"), projects, "status", Status, _("项"), project_list, "status"),
        _by_year("projects-by-year", _("每年新增成果"), projects, Count("pk"), _("项"), project_list),
        _by_year(
            "benefit-by-year", _("每年成果的经济效益"), projects, Sum("economic_benefit"), _("万元"), project_list
        ),
        _patents(patents),
        _most_active_studios(projects),
        _top_enterprises("projects-by-enterprise", _("成果最多的企业"), projects, "studio__enterprise", _("项")),
        _requests_by_topic(requests),
        _responses_by_challenge(responses),
        _adoption_matrix(
            "adoptions-between-enterprises",
            _("跨企业推广应用：哪家企业的成果用在了哪家"),
            adoptions,
            ("studio__enterprise", "enterprise"),
            Enterprise,
            "display_name",
        ),
        _adoption_matrix(
            "adoptions-between-industries",
            _("跨行业推广应用"),
            adoptions,
            ("studio__industry", "enterprise__industry"),
            Industry,
            "name",
        ),
        _adoption_matrix(
            "adoptions-between-regions",
            _("跨地区推广应用"),
            adoptions,
            ("studio__region", "enterprise__region"),
            Region,
            "name",
        ),
        _apprentices_by_level(mentorships),
    ]
    return counters, figures


class Lists:
    """Links to the lists behind a figure: the directories with the figure's filter (and the region's)."""

    def __init__(self, region):
        self.region = region
        self.studio_index = StudioIndexPage.objects.live().public().first()
        self.project_index = ProjectIndexPage.objects.live().public().first()

    def studios(self, **filters):
        return self._url(self.studio_index, filters)

    def projects(self, **filters):
        return self._url(self.project_index, filters)

    def _url(self, index, filters):
        if index is None:
            return ""
        if self.region is not None:
            filters.setdefault("region", self.region.slug)
        return f"{index.url}?{urlencode(filters)}"


def _number(value):
    value = float(value or 0)
    return int(value) if value.is_integer() else round(value, 2)


def _counts(queryset, field_name):
    return dict(queryset.order_by().values_list(field_name).annotate(n=Count("pk", distinct=True)))


def _by_choice(key, title, queryset, field_name, choices, unit, link, parameter):
    counts = _counts(queryset, field_name)
    rows = [Row(str(label), counts.get(value, 0), link(**{parameter: value})) for value, label in choices.choices]
    return Figure(key, title, "pie" if len(rows) <= 5 else "bar", unit, rows)


def _by_related(key, title, studios, model, unit, link):
    """Studios per row of `model` (a field of the same name), linking to the directory filtered by it."""
    name = model._meta.model_name
    counts = _counts(studios, name)
    rows = [Row(item.name, counts[item.pk], link(**{name: item.slug})) for item in model.objects.filter(pk__in=counts)]
    return Figure(key, title, "bar", unit, sorted(rows, key=lambda row: -row.value))


def _top_enterprises(key, title, queryset, field_name, unit):
    counts = _counts(queryset, field_name)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0] or 0))[:TOP]
    names = Enterprise.objects.in_bulk([pk for pk, _count in top if pk])
    rows = [Row(names[pk].display_name, n, names[pk].get_absolute_url()) for pk, n in top if pk in names]
    return Figure(key, title, "bar", unit, rows)


def _by_year(key, title, projects, aggregate, unit, link):
    per_year = (
        projects.order_by().values_list("start_date__year").annotate(value=aggregate).order_by("start_date__year")
    )
    rows = [Row(str(year), _number(value), link(year=year)) for year, value in per_year if year]
    return Figure(key, title, "line", unit, rows)


def _patents(patents):
    counts = _counts(patents, "kind")
    rows = [Row(str(label), counts.get(value, 0)) for value, label in PatentKind.choices]
    return Figure("patents-by-kind", _("专利"), "pie", _("项"), rows)


def _most_active_studios(projects):
    counts = _counts(projects, "studio")
    top = sorted(((n, pk) for pk, n in counts.items() if pk), key=lambda item: (-item[0], item[1]))[:TOP]
    studios = StudioPage.objects.in_bulk([pk for _n, pk in top])
    rows = [Row(studios[pk].title, n, studios[pk].url) for n, pk in top if pk in studios]
    return Figure("projects-by-studio", _("成果最多的工作室"), "bar", _("项"), rows)


def _requests_by_topic(requests):
    counts = _counts(requests, "topic")
    rows = [Row(str(label), counts.get(value, 0)) for value, label in CollaborationRequest.Topic.choices]
    return Figure("requests-by-topic", _("跨企业合作申请"), "bar", _("次"), rows)


def _responses_by_challenge(responses):
    counts = _counts(responses, "challenge")
    top = sorted(((n, pk) for pk, n in counts.items()), key=lambda item: (-item[0], item[1]))[:TOP]
    challenges = ChallengePage.objects.in_bulk([pk for _n, pk in top])
    rows = [Row(challenges[pk].title, n, challenges[pk].url) for n, pk in top if pk in challenges]
    return Figure("responses-by-challenge", _("揭榜最多的攻关难题"), "bar", _("个"), rows)


def _apprentices_by_level(mentorships):
    """传帮带: how many apprentices stand at each skill level, at the start of their pairing and now."""
    at_start, now = _counts(mentorships, "level_at_start"), _counts(mentorships, "level_now")
    rows = []
    for value, label in SkillLevel.choices:
        rows.append(Row(_("%(level)s（结对时）") % {"level": label}, at_start.get(value, 0)))
        rows.append(Row(_("%(level)s（目前）") % {"level": label}, now.get(value, 0)))
    return Figure("apprentices-by-level", _("徒弟的技能等级"), "bar", _("人"), rows)


def _adoption_matrix(key, title, adoptions, sides, model, name_attribute):
    """成果推广应用 between enterprises (industries, regions): a row per side the projects come from, a column
    per side that uses them, at most TOP of each (the most active), each row linking to its page."""
    source, target = sides
    pairs = adoptions.order_by().values_list(source, target).annotate(n=Count("pk"))
    counts = {(a, b): n for a, b, n in pairs if a and b}
    out, used = defaultdict(int), defaultdict(int)
    for (a, b), n in counts.items():
        out[a] += n
        used[b] += n
    sources = sorted(out, key=lambda pk: (-out[pk], pk))[:TOP]
    targets = sorted(used, key=lambda pk: (-used[pk], pk))[:TOP]
    names = model.objects.in_bulk([*sources, *targets])
    columns = [getattr(names[pk], name_attribute) for pk in targets]
    rows = [
        Row(
            getattr(names[a], name_attribute),
            sum(counts.get((a, b), 0) for b in targets),
            names[a].get_absolute_url(),
            [counts.get((a, b), 0) for b in targets],
        )
        for a in sources
    ]
    return Figure(key, title, "matrix", _("次"), rows, columns=columns)


# --- The map -------------------------------------------------------------------------------------


def _studios_on_map(studios, region):
    """Studios per city of one province, on that province's map (clicking a city opens its page)."""
    province = _province(studios, region)
    if province is None:
        return Figure("studios-by-city", _("各地市工作室"), "bar", _("个"))
    cities = list(province.children.all())
    counts = _counts(studios.filter(region__in=[province.pk, *(c.pk for c in cities)]), "region")
    rows = [Row(city.name, counts.get(city.pk, 0), city.get_absolute_url()) for city in cities]
    rows.sort(key=lambda row: -row.value)
    map_file = province_map([city.name for city in cities])
    title = _("%(province)s各地市工作室") % {"province": province.name}
    chart = "map" if map_file else "bar"
    return Figure(
        "studios-by-city", title, chart, _("个"), rows, static(f"{MAP_FOLDER}/{map_file}") if map_file else ""
    )


def _province(studios, region):
    """The region's province; with no region, the province with the most studios."""
    if region is not None:
        return region if region.kind == RegionKind.PROVINCE else region.parent
    busiest = (
        studios.order_by()
        .exclude(region__parent=None)
        .values_list("region__parent")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest:
        return Region.objects.get(pk=busiest[0])
    return Region.objects.filter(kind=RegionKind.PROVINCE).first()


def province_map(city_names):
    """The vendored GeoJSON whose features are these cities (the file with the most of their names)."""
    names = set(city_names)
    if not names:
        return ""
    best, best_count = "", 0
    for file_name, features in _map_features().items():
        count = len(names & features)
        if count > best_count:
            best, best_count = file_name, count
    return best if best_count * 2 >= len(names) else ""


@cache
def _map_features():
    folder = finders.find(MAP_FOLDER)
    if not folder:
        return {}
    features = {}
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        features[path.name] = {feature["properties"].get("name", "") for feature in data.get("features", [])}
    return features
