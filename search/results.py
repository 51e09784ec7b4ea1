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
    partial: bool = False  # matched some of the query's words, not all (ranked below those that did)


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
    def only_partial(self):
        """No result holds every word of the query: what is shown matches some of them."""
        return bool(self.hits) and self.hits[0].partial

    @property
    def first_partial(self):
        """The first hit of this page that matches only some words (a divider goes above it), or None."""
        return next((hit for hit in self.hits if hit.partial), None)

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
    matched: list  # the needed skills this person has
    score: float
    reasons: list = ()  # why, in words: 擅长“焊接”, 参与过《…》


def mix_types(suggestions, limit):
    """At most `limit` suggestions taking turns between types (each type's own order kept), so that a
    name that is a person, a studio and a dozen projects still shows the person and the studio."""
    queues = {}
    for suggestion in suggestions:
        queues.setdefault(suggestion.type, []).append(suggestion)
    mixed = []
    while len(mixed) < limit and any(queues.values()):
        for queue in queues.values():
            if queue and len(mixed) < limit:
                mixed.append(queue.pop(0))
    return mixed
