"""The result shape both engines return."""

from dataclasses import dataclass


@dataclass
class Hit:
    type: str
    key: str
    title: str
    url: str
    summary: str
    highlight: dict
    score: float


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    params: object
    count: int
    hits: list
    facets: dict  # facet name → [FacetValue]
    type_counts: dict  # doc type → count, for the tabs
    engine: str
    terms: tuple = ()
    notice: str = ""

    @property
    def page(self):
        return self.params.page

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.params.page_size))


@dataclass
class Suggestion:
    text: str
    type: str
    url: str


@dataclass
class Recommendation:
    """A person recommended for a project, with what matched."""

    key: str
    title: str
    url: str
    summary: str
    matched: list
    score: float
