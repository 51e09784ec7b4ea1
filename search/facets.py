"""The facet registry: every facet of the search declared once.

A facet knows its query parameter, its label, the record field it reads, which document types it
applies to, how to filter and count on the database and on Elasticsearch, which values are valid, how
its values are labelled and in what order they are listed. Both engines, the search page, the API and
the labels read this registry only: a facet registered here appears everywhere.
"""

from collections import Counter
from dataclasses import dataclass, field

from elasticsearch.dsl import Q as EQ

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from challenges.choices import ChallengeStatus
from core.pagecache import kept_until_next_write
from projects.choices import Category, Status
from search.models import DocumentType
from studios.choices import StudioLevel, StudioType
from studios.models import Enterprise, Honor, Industry, Region

ALL_TYPES = tuple(DocumentType.values)
MAX_VALUE_LENGTH = 80


@dataclass(frozen=True)
class Facet:
    """A facet on a keyword field: one value per record, counted as is, listed by count."""

    name: str  # the query parameter and the key in results
    label: str  # shown above the values (translated)
    field: str = ""  # the record field (SearchEntry column, Elasticsearch field); defaults to name
    types: tuple = ALL_TYPES  # the document types that have it

    @property
    def record_field(self):
        return self.field or self.name

    # -- values --------------------------------------------------------------------------------
    def is_known(self, value):
        """Whether a requested value can match anything (unknown ones are dropped from the query)."""
        return True

    def labels(self, values, doc_type=""):
        return {v: str(v) for v in values}

    def ordered(self, counted, doc_type=""):
        """counted: [(value, count)] → in display order."""
        return sorted(counted, key=lambda vc: (-vc[1], str(vc[0])))

    # -- database ------------------------------------------------------------------------------
    def db_filter(self, value):
        return Q(**{self.record_field: value})

    def db_count(self, counter, columns):
        """Count the matching records; `columns`: {record field: its values, one per record}."""
        for value, count in Counter(columns[self.record_field]).items():  # each value turned to text once
            if value not in ("", None):
                counter[str(value)] += count

    # -- Elasticsearch -------------------------------------------------------------------------
    def es_filter(self, value):
        return EQ("term", **{self.record_field: value})

    def es_aggregations(self, size):
        """{aggregation name: (kind, options)} for this facet."""
        return {self.name: ("terms", {"field": self.record_field, "size": size})}

    def es_counts(self, aggregations):
        return {str(b.key): b.doc_count for b in getattr(aggregations, self.name).buckets}


@dataclass(frozen=True)
class ChoiceFacet(Facet):
    """Values from TextChoices, per document type (a project's status and a challenge's differ)."""

    choices: dict = field(default_factory=dict)  # doc type → {value: label}

    def vocabulary(self, doc_type=""):
        if doc_type:
            return dict(self.choices.get(doc_type, {}))
        merged = {}
        for choices in self.choices.values():
            for value, label in choices.items():
                # A value two types share keeps both labels unless they agree.
                known = merged.get(value)
                merged[value] = label if known is None or str(known) == str(label) else f"{known} / {label}"
        return merged

    def is_known(self, value):
        return value in self.vocabulary()

    def labels(self, values, doc_type=""):
        vocabulary = self.vocabulary(doc_type) or self.vocabulary()
        return {v: str(vocabulary.get(v, v)) for v in values}

    def ordered(self, counted, doc_type=""):
        order = list(self.vocabulary(doc_type) or self.vocabulary())
        return sorted(counted, key=lambda vc: order.index(vc[0]) if vc[0] in order else len(order))


def slug_labels():
    """{facet: {slug: name}} for regions, industries, enterprises and honors: small tables, read on
    every search (once per facet), so kept under the content version, which a change to any of them bumps."""
    return kept_until_next_write("search:slug-labels", read_slug_labels)


def read_slug_labels():
    enterprises = Enterprise.objects.values_list("slug", "short_name", "name")
    return {
        "region": dict(Region.objects.values_list("slug", "name")),
        "industry": dict(Industry.objects.values_list("slug", "name")),
        "enterprise": {slug: short or name for slug, short, name in enterprises},
        "honor": dict(Honor.objects.values_list("slug", "name")),
    }


@dataclass(frozen=True)
class SlugFacet(Facet):
    """Values are slugs of reference data, labelled with their names."""

    table: str = ""  # the key in slug_labels()

    def is_known(self, value):
        return value in slug_labels()[self.table]

    def labels(self, values, doc_type=""):
        names = slug_labels()[self.table]
        return {v: names.get(v, v) for v in values}


@dataclass(frozen=True)
class RegionFacet(SlugFacet):
    """A province matches and counts everything in its cities (records carry both)."""

    parent_field: str = "province"

    def db_filter(self, value):
        return Q(**{self.record_field: value}) | Q(**{self.parent_field: value})

    def db_count(self, counter, columns):
        super().db_count(counter, columns)
        for value, count in Counter(columns[self.parent_field]).items():
            if value:
                counter[value] += count

    def es_filter(self, value):
        return EQ("term", **{self.record_field: value}) | EQ("term", **{self.parent_field: value})

    def es_aggregations(self, size):
        return {
            self.name: ("terms", {"field": self.record_field, "size": size}),
            f"{self.name}__parent": ("terms", {"field": self.parent_field, "size": size}),
        }

    def es_counts(self, aggregations):
        counts = super().es_counts(aggregations)
        counts.update({str(b.key): b.doc_count for b in getattr(aggregations, f"{self.name}__parent").buckets})
        return counts


@dataclass(frozen=True)
class ListFacet(Facet):
    """A record holds several values: "|a|b|" in the table, a keyword array on Elasticsearch."""

    def db_filter(self, value):
        return Q(**{f"{self.record_field}__contains": f"|{value}|"})

    def db_count(self, counter, columns):
        for stored, count in Counter(columns[self.record_field]).items():  # records sharing a list: split once
            for value in stored.split("|") if stored else ():
                if value:
                    counter[value] += count


@dataclass(frozen=True)
class ListSlugFacet(ListFacet, SlugFacet):
    """Several slugs per record (a person's honors and titles)."""


@dataclass(frozen=True)
class YearFacet(Facet):
    def is_known(self, value):
        return value.isascii() and value.isdigit() and 1900 <= int(value) <= 2200

    def db_filter(self, value):
        return Q(**{self.record_field: int(value)})

    def es_filter(self, value):
        return EQ("term", **{self.record_field: int(value)})

    def ordered(self, counted, doc_type=""):
        return sorted(counted, key=lambda vc: str(vc[0]), reverse=True)


@dataclass(frozen=True)
class FlagFacet(Facet):
    """A yes/no field; the only value is "1" (yes)."""

    value_label: str = ""

    def is_known(self, value):
        return value == "1"

    def labels(self, values, doc_type=""):
        return {v: str(self.value_label) for v in values}

    def db_filter(self, value):
        return Q(**{self.record_field: True})

    def db_count(self, counter, columns):
        counter["1"] += sum(1 for stored in columns[self.record_field] if stored)

    def es_filter(self, value):
        return EQ("term", **{self.record_field: True})

    def es_aggregations(self, size):
        return {self.name: ("filter", {"filter": EQ("term", **{self.record_field: True})})}

    def es_counts(self, aggregations):
        return {"1": getattr(aggregations, self.name).doc_count}


@dataclass(frozen=True)
class CountFacet(FlagFacet):
    """A count field; the only value is "1" (more than none)."""

    def db_filter(self, value):
        return Q(**{f"{self.record_field}__gt": 0})

    def db_count(self, counter, columns):
        counter["1"] += sum(1 for stored in columns[self.record_field] if stored)

    def es_filter(self, value):
        return EQ("range", **{self.record_field: {"gt": 0}})

    def es_aggregations(self, size):
        return {self.name: ("filter", {"filter": self.es_filter("1")})}


class Registry:
    """The facets in display order."""

    def __init__(self):
        self._facets = {}

    def register(self, facet):
        self._facets[facet.name] = facet
        return facet

    def unregister(self, name):
        self._facets.pop(name, None)

    def __iter__(self):
        return iter(list(self._facets.values()))

    def __getitem__(self, name):
        return self._facets[name]

    def __contains__(self, name):
        return name in self._facets

    def names(self):
        return tuple(self._facets)

    def known_filters(self, filters):
        """The filters whose facet exists and whose value can match; unknown values (a mistyped slug,
        a stale link) are dropped."""
        return {
            name: value
            for name, value in filters.items()
            if name in self._facets and value and self._facets[name].is_known(value)
        }


FACETS = Registry()
P, S, H, C = DocumentType.PROJECT, DocumentType.STUDIO, DocumentType.PERSON, DocumentType.CHALLENGE
FACETS.register(RegionFacet("region", _("地区"), table="region"))
FACETS.register(SlugFacet("industry", _("行业"), table="industry"))
FACETS.register(SlugFacet("enterprise", _("企业"), table="enterprise"))
FACETS.register(ChoiceFacet("category", _("五小类别"), types=(P,), choices={P: dict(Category.choices)}))
FACETS.register(ChoiceFacet("studio_type", _("工作室类型"), types=(S,), choices={S: dict(StudioType.choices)}))
FACETS.register(ChoiceFacet("level", _("级别"), types=(S,), choices={S: dict(StudioLevel.choices)}))
FACETS.register(
    ChoiceFacet(
        "status",
        _("状态"),
        types=(P, C),
        choices={P: dict(Status.choices), C: dict(ChallengeStatus.choices)},
    )
)
FACETS.register(YearFacet("year", _("年份")))
FACETS.register(ListFacet("skill", _("技能"), field="skills"))
FACETS.register(ListSlugFacet("honor", _("荣誉与职称"), field="honors", types=(H,), table="honor"))
FACETS.register(FlagFacet("open", _("合作意向"), field="open_to_collaboration", value_label=_("开放合作")))
FACETS.register(
    CountFacet("adopted", _("推广应用"), field="adoptions", types=(P,), value_label=_("已在其他企业推广应用"))
)
