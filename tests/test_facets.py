"""The facet registry: a facet declared once appears in both engines, the page, the API and the labels."""

import pytest

from search.facets import FACETS, SlugFacet
from search.models import SearchEntry
from search.params import SearchParams
from search.service import search
from studios.models import Enterprise, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_facet():
    """A facet the project does not have: the province of a record, labelled with its name."""
    facet = FACETS.register(SlugFacet("province_test", "所在省份", field="province", table="region"))
    yield facet
    FACETS.unregister(facet.name)


def test_a_registered_facet_counts_filters_and_labels_on_both_engines(engine, province_facet, demo):
    values = search(SearchParams(q="")).facets["province_test"]
    assert values, "the new facet has no values"
    expected = set(SearchEntry.objects.exclude(province="").values_list("province", flat=True))
    assert {v.value for v in values} == set(expected)
    chosen = values[0]
    assert chosen.label != chosen.value  # labelled with the region's name, not its slug
    filtered = search(SearchParams(q="", filters={"province_test": chosen.value}))
    assert filtered.count == chosen.count == SearchEntry.objects.filter(province=chosen.value).count()
    assert [v.selected for v in filtered.facets["province_test"] if v.value == chosen.value] == [True]


def test_a_registered_facet_appears_on_the_search_page_and_in_the_api(client, province_facet, demo):
    page = client.get("/search/", {"q": ""})
    assert "所在省份" in page.content.decode()
    data = client.get("/api/search/", {"q": ""}).json()
    value = data["facets"]["province_test"][0]
    filtered = client.get("/api/search/", {"q": "", "province_test": value["value"]}).json()
    assert filtered["count"] == value["count"]


def test_an_unknown_value_of_a_facet_is_dropped_not_a_500(client, province_facet, demo):
    everything = client.get("/api/search/", {"q": ""}).json()["count"]
    for value in ["no-such-province", "²", "①", "%00", "x" * 500]:
        response = client.get("/api/search/", {"q": "", "province_test": value, "year": value})
        assert response.status_code == 200, value
        assert response.json()["count"] == everything, value


def test_every_registered_facet_is_in_every_response(client, demo):
    data = client.get("/api/search/", {"q": "工作室"}).json()
    assert set(data["facets"]) == set(FACETS.names())


def test_the_status_facet_labels_each_types_own_status(engine, demo):
    """Projects and challenges have different statuses: each tab labels its own."""
    from challenges.choices import ChallengeStatus
    from projects.choices import Status

    for doc_type, choices in (("project", Status), ("challenge", ChallengeStatus)):
        values = search(SearchParams(q="", doc_type=doc_type)).facets["status"]
        assert values, doc_type
        for value in values:
            assert value.label == str(choices(value.value).label), (doc_type, value)


def test_a_renamed_region_or_enterprise_is_labelled_with_its_new_name_at_once(client, demo):
    def labels(facet):
        data = client.get("/api/search/", {"q": ""}).json()
        return {value["value"]: value["label"] for value in data["facets"][facet]}

    for model, facet in ((Region, "region"), (Enterprise, "enterprise")):
        before = labels(facet)
        assert labels(facet) == before  # read again from what was kept
        renamed = model.objects.get(slug=next(iter(before)))
        renamed.name = f"{renamed.name}（更名）"
        if facet == "enterprise":
            renamed.short_name = ""
        renamed.save()
        assert labels(facet) == {**before, renamed.slug: renamed.name}


def test_every_keyword_the_search_counts_has_its_global_ordinals_built_when_the_index_refreshes(
    writable_elasticsearch,
):
    """Otherwise the first search after each write builds them, for every field counted (search.elastic.Counted)."""
    from search import elastic

    counted = {"doc_type"}  # the result tabs
    for facet in FACETS:
        counted |= {options["field"] for kind, options in facet.es_aggregations(10).values() if kind == "terms"}
    for alias in elastic.all_aliases():
        (index,) = elastic.client().indices.get_mapping(index=alias).values()
        fields = index["mappings"]["properties"]
        keywords = {name for name in counted if fields[name]["type"] == "keyword"}
        assert keywords and all(fields[name].get("eager_global_ordinals") for name in keywords), (alias, fields)
