"""Cross-enterprise search, the same on both engines: Chinese words, facets, tabs, sorting, paging."""

import random
import urllib.parse

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.template import Context
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.templatetags.alliance_tags import toggle_filter
from projects.models import ProjectPage
from search import service
from search.engines import DatabaseEngine
from search.models import SearchEntry
from search.params import SearchParams
from studios.models import Person, StudioPage
from tests.test_bad_input import filling
from tests.test_content_caches import new_project
from textsearch.analysis import index_terms, normalize, query_terms

pytestmark = pytest.mark.django_db


def search(**kwargs):
    return service.search(SearchParams(**kwargs))


@pytest.mark.parametrize("word", ["工作室", "煤矿安全", "空压机", "压缩机", "瓦斯"])
def test_chinese_words_find_what_contains_them(engine, word):
    results = search(q=word)
    assert results.engine == engine
    assert results.count > 0, word
    assert any(word in hit.title + hit.summary for hit in results.hits), word
    assert any(f"<em>{word}</em>" in hit.highlight["title"] + hit.highlight["summary"] for hit in results.hits)


QUERIES = ["工作室", "煤矿安全", "空压机 故障", "小发明", "王建国", "液压支架", "监测装置", "继电保护"]


@pytest.mark.parametrize("q", QUERIES)
def test_both_engines_find_the_same_documents(use_elasticsearch, q):
    from search.engines import DatabaseEngine, ElasticsearchEngine

    params = SearchParams(q=q, page_size=50)
    database, elastic = DatabaseEngine().search(params), ElasticsearchEngine().search(params)
    assert database.count == elastic.count
    assert database.type_counts == elastic.type_counts
    if database.count <= 50:
        assert {h.key for h in database.hits} == {h.key for h in elastic.hits}


@pytest.mark.parametrize(("word", "category"), [("小发明", "invention"), ("小建议", "suggestion")])
def test_a_five_smalls_category_finds_its_projects(engine, word, category):
    results = search(q=word, doc_type="project")
    assert results.count == ProjectPage.objects.live().filter(category=category).count()


def found_on_some_page(q, url, doc_type="project", pages=20):
    for page in range(1, pages + 1):
        results = search(q=q, doc_type=doc_type, page=page, page_size=50)
        if url in [hit.url for hit in results.hits]:
            return True
        if page >= results.num_pages:
            return False
    return False


def test_a_project_is_found_by_a_word_of_its_title(engine, demo):
    """One word of the title (not the whole title), for a spread of projects."""
    projects = ProjectPage.objects.live().order_by("pk")[::15]
    checked = 0
    for project in projects:
        words = [w for w in index_terms(project.title) if len(w) > 1 and w != normalize(project.title)]
        if not words:
            continue
        word = max(words, key=len)
        assert found_on_some_page(word, project.url), (project.title, word)
        checked += 1
    assert checked >= 5


def test_a_person_is_found_by_name_and_ranked_first(engine, demo):
    results = search(q="王建国")
    assert results.hits[0].type == "person"
    assert results.hits[0].title == "王建国"
    assert results.hits[0].url == demo.person.get_absolute_url()
    assert results.hits[0].highlight["title"] == "<em>王建国</em>"


@pytest.mark.parametrize("nth", [0, 7, 21, 40])
def test_results_with_every_word_come_first_then_those_with_some(engine, nth):
    # The two longest words of a demo project's title: that project has both, many others one of them.
    project = ProjectPage.objects.live().order_by("pk")[nth]
    q = " ".join(sorted(query_terms(project.title), key=len, reverse=True)[:2])
    # Sorted by date, results with only some words would mix in: there only full matches are shown.
    strict = search(q=q, sort="newest", page_size=50)
    assert strict.count > 0 and not any(hit.partial for hit in strict.hits), q
    relaxed = search(q=q, page_size=10)
    if strict.count < 10:  # full matches do not fill the page: partial matches follow them
        assert relaxed.count > strict.count, q
        assert {hit.key for hit in relaxed.hits if not hit.partial} == {hit.key for hit in strict.hits}
        partial = [hit.partial for hit in relaxed.hits]
        assert partial == sorted(partial), "a result with only some words ranked above one with all"
    else:  # a page full of full matches
        assert relaxed.count == strict.count and not any(hit.partial for hit in relaxed.hits), q


def test_partial_matches_fill_a_page_that_full_matches_do_not(engine):
    # Generated: for each of many two-word queries, the page holds every full match, then partial ones.
    checked = 0
    for project in ProjectPage.objects.live().order_by("pk")[:60]:
        words = sorted(query_terms(project.title), key=len, reverse=True)[:2]
        if len(words) < 2:
            continue
        results = search(q=" ".join(words), page_size=10)
        full = [hit for hit in results.hits if not hit.partial]
        if len(full) < 10 and results.count > len(full):
            assert len(results.hits) == min(10, results.count)
            assert results.hits[: len(full)] == full
            checked += 1
    assert checked >= 3


def test_a_word_nothing_contains_leaves_the_others_to_match(engine, client):
    alone = search(q="空压机", page_size=50)
    with_nonsense = search(q="空压机 zqxjvw", page_size=50)
    assert with_nonsense.only_partial
    assert {hit.key for hit in with_nonsense.hits} == {hit.key for hit in alone.hits}
    assert search(q="zqxjvw qzxvjw").count == 0, "nothing matches any word: no results"
    page = client.get("/search/", {"q": "空压机 zqxjvw"}).content.decode()
    assert "没有同时包含全部词语的结果，以下为部分匹配" in page
    assert "以下为部分匹配" not in client.get("/search/", {"q": "空压机"}).content.decode()


def test_type_tabs_count_every_type_while_hits_show_one(engine):
    everything = search(q="工作室")
    studios = search(q="工作室", doc_type="studio")
    assert studios.type_counts == everything.type_counts
    assert studios.count == everything.type_counts["studio"] == StudioPage.objects.live().count()
    assert {hit.type for hit in studios.hits} == {"studio"}
    assert everything.count == sum(everything.type_counts.values())


def test_facets_combine_and_a_province_includes_its_cities(engine):
    results = search(q="", filters={"region": "shanxi"}, doc_type="studio")
    assert results.count == StudioPage.objects.live().filter(region__parent__slug="shanxi").count()
    region = {f.value: f for f in results.facets["region"]}
    assert region["shanxi"].selected and region["shanxi"].count == results.count
    city = next(f for f in results.facets["region"] if f.value != "shanxi")
    narrowed = search(q="", filters={"region": city.value, "level": "national"}, doc_type="studio")
    expected = StudioPage.objects.live().filter(region__slug=city.value, level="national").count()
    assert narrowed.count == expected
    assert {f.value for f in results.facets["level"]} <= {"national", "provincial", "municipal", "enterprise"}
    assert next(f for f in results.facets["level"] if f.value == "national").label == "国家级"


def test_project_facets_by_category_status_and_year(engine):
    results = search(q="", doc_type="project", filters={"category": "invention"})
    assert results.count == ProjectPage.objects.live().filter(category="invention").count()
    years = results.facets["year"]
    assert years and all(f.value.isdigit() for f in years)
    year = years[0].value
    by_year = search(q="", doc_type="project", filters={"category": "invention", "year": year})
    assert by_year.count == years[0].count


def test_sort_by_benefit_and_newest(engine):
    by_benefit = search(q="", doc_type="project", sort="benefit", page_size=5)
    best = ProjectPage.objects.live().exclude(economic_benefit=None).order_by("-economic_benefit")[:5]
    assert [h.url for h in by_benefit.hits] == [p.url for p in best]
    newest = search(q="", doc_type="project", sort="newest", page_size=1)
    assert newest.hits[0].url == ProjectPage.objects.live().order_by("-start_date").first().url


def test_paging_past_the_end_gives_an_empty_page_with_the_right_count(engine):
    first = search(q="工作室", page_size=5)
    far = search(q="工作室", page_size=5, page=999)
    assert far.hits == [] and far.count == first.count


def test_unknown_facet_values_are_ignored(engine):
    everything = search(q="工作室").count
    unknown = {"industry": "no-such-industry", "level": "galactic", "year": "x"}
    assert search(q="工作室", filters=unknown).count == everything
    narrowed = search(q="工作室", filters={"industry": "coal-mining", "region": "atlantis"})
    assert 0 < narrowed.count < everything


SYNTAX = [
    "title:* OR 1=1",
    '"unbalanced',
    "a AND (b",
    "<script>alert(1)</script>",
    "*",
    "\\",
    "工作室~2",
    "+工作室 -煤矿",
]


@pytest.mark.parametrize("q", SYNTAX)
def test_query_syntax_is_just_text(engine, q):
    """Operators and punctuation mean nothing: the same results as the words alone (or everything,
    when no word is left), and nothing typed reaches the page unescaped."""
    results = search(q=q)
    words = normalize(q)
    assert results.count == search(q=words).count
    if not words:
        assert results.count == search(q="").count > 0
    for hit in results.hits:
        assert "<script>" not in hit.highlight["title"] + hit.highlight["summary"]


def test_suggestions_mix_types_and_are_capped(engine):
    suggestions = service.suggest("王")
    assert 0 < len(suggestions) <= 10
    assert any(s.text == "王建国" and s.type == "person" for s in suggestions)
    assert all(s.url.startswith("/") for s in suggestions)


def test_similar_projects_share_words_with_the_project(engine, demo):
    for project in ProjectPage.objects.live().order_by("pk")[::20]:
        source = SearchEntry.objects.get(key=f"project:{project.pk}")
        own_words = {w for w in (source.title_terms + source.body_terms).split() if len(w) > 1}
        similar = service.similar_projects(project.pk)
        assert similar, project.title
        assert project.url not in [hit.url for hit in similar]
        for hit in similar:
            assert hit.type == "project"
            other = SearchEntry.objects.get(key=hit.key)
            shared = own_words & set((other.title_terms + other.body_terms).split())
            assert shared, (project.title, hit.title)


def test_recommended_collaborators_come_from_other_enterprises_and_are_open(engine):
    project = ProjectPage.objects.live().filter(seeking_collaborators=True).exclude(tagged_skills=None).first()
    people = service.recommended_collaborators(project.pk)
    assert people
    skills = set(project.needed_skills.names())
    for recommendation in people:
        person = Person.objects.get(pk=int(recommendation.key.split(":")[1]))
        assert person.open_to_collaboration
        assert person.enterprise_id != project.studio.enterprise_id
        assert recommendation.matched and set(recommendation.matched) <= skills


def test_fallback_to_the_database_when_elasticsearch_is_unreachable(db, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}
    results = search(q="工作室")
    assert results.engine == "database"
    assert results.count > 0
    assert "暂时不可用" in results.notice
    assert service.suggest("王")


# --- The search page -------------------------------------------------------------------------


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_search_page_shows_tabs_facets_highlights_and_is_noindex(client, engine):
    soup = page(client, q="煤矿安全")
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    tabs = [a.get_text(" ", strip=True) for a in soup.select(".tabs a")]
    assert tabs[0].startswith("全部") and [t.split()[0] for t in tabs[1:]] == ["五小成果", "工作室", "人才", "攻关榜"]
    assert soup.select(".facet")
    assert soup.select(".search-hit em")
    assert f"检索服务：{'Elasticsearch' if engine == 'elasticsearch' else '数据库'}" in soup.get_text()


def test_search_page_facet_links_toggle_filters(client, engine):
    soup = page(client, q="工作室", type="studio")
    link = soup.select_one(".facet a")["href"]
    assert "q=" in link and "type=studio" in link
    selected = page(client, **dict(pair.split("=", 1) for pair in link.lstrip("?").split("&")))
    assert selected.select_one(".facet--selected")


def test_search_page_zero_results_helps(client, engine):
    soup = page(client, q="zqxjvw qzxvjw", region="shanxi")
    assert "没有找到" in soup.get_text()
    assert soup.select_one(".tips a")  # clear the filters


@pytest.mark.parametrize(
    "params", [{"page": "abc"}, {"page": "-3"}, {"sort": "drop table"}, {"type": "x"}, {"q": "工" * 500}]
)
def test_search_page_corrects_bad_input(client, engine, params):
    page(client, **params)


def test_search_page_notice_when_elasticsearch_is_down(client, db, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}
    soup = page(client, q="工作室")
    assert "暂时不可用" in soup.select_one(".notice").get_text()


# --- The JSON API ----------------------------------------------------------------------------


def test_api_search_follows_the_contract(client, engine):
    data = client.get("/api/search/", {"q": "工作室", "page_size": 3}).json()
    assert set(data) >= {"count", "page", "results", "facets", "engine"}
    assert data["engine"] == engine
    assert data["page"] == 1 and len(data["results"]) == 3
    for result in data["results"]:
        assert set(result) == {"type", "key", "title", "url", "summary", "highlight", "score", "partial"}
    for values in data["facets"].values():
        for value in values:
            assert set(value) == {"value", "label", "count", "selected"}


def test_api_filters_by_type_and_facet(client, engine):
    data = client.get("/api/search/", {"q": "工作室", "type": "studio", "level": "national"}).json()
    assert data["count"] == StudioPage.objects.live().filter(level="national").count()
    assert {r["type"] for r in data["results"]} == {"studio"}
    assert next(v for v in data["facets"]["level"] if v["value"] == "national")["selected"]


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "0"}, {"page_size": "51"}, {"page_size": "-1"}])
def test_api_rejects_malformed_paging_with_a_message(client, params):
    response = client.get("/api/search/", {"q": "工作室", **params})
    assert response.status_code == 400
    assert "必须是" in response.json()["detail"]


def test_api_cuts_long_queries_and_ignores_unknown_facet_values(client, engine, settings):
    # The longest query a URL may carry, far above the MAX_QUERY_LENGTH characters searched.
    longest = filling("q", settings.MAX_QUERY_STRING_BYTES, "工")
    assert client.get("/api/search/", QUERY_STRING=longest).status_code == 200
    everything = client.get("/api/search/", {"q": "工作室"}).json()["count"]
    assert client.get("/api/search/", {"q": "工作室", "region": "atlantis"}).json()["count"] == everything


def test_api_suggest(client, engine):
    data = client.get("/api/search/suggest/", {"q": "王建"}).json()
    assert data["suggestions"] and set(data["suggestions"][0]) == {"text", "type", "url"}
    assert client.get("/api/search/suggest/", {"q": ""}).json() == {"suggestions": []}


def test_api_has_an_openapi_description(client):
    spec = client.get("/api/openapi.json").json()
    assert "/api/search/" in spec["paths"] and "/api/search/suggest/" in spec["paths"]


def test_renaming_a_region_shows_in_the_facets(engine):
    from studios.models import Region

    search(q="工作室")  # labels are now cached
    region = Region.objects.get(slug="taiyuan")
    region.name = "龙城太原"
    region.save()
    labels = {f.value: f.label for f in search(q="", filters={"region": "taiyuan"}).facets["region"]}
    assert labels["taiyuan"] == "龙城太原"


def test_full_width_text_is_highlighted_in_place():
    from search.highlight import highlight

    assert highlight("ＡＢＣ快速拆装工具", ["abc", "拆装"]) == "<em>ＡＢＣ</em>快速<em>拆装</em>工具"
    assert highlight("<b>空压机</b>", ["空压机"]) == "&lt;b&gt;<em>空压机</em>&lt;/b&gt;"


def _short_place(name):
    """How people type a place: 朔州 for 朔州市, 山西 for 山西省."""
    for suffix in ("特别行政区", "自治区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@pytest.mark.parametrize("nth", [0, 5, 13, 30])
def test_a_place_and_a_word_of_the_problem_find_the_project(engine, nth):
    # "<city> <problem>", "<province> <problem>", "<enterprise short name> <problem>": the place is
    # context text of the project (its studio's), the problem its own words.
    project = ProjectPage.objects.live().select_related("studio__region__parent", "studio__enterprise")[nth]
    studio = project.studio
    word = max(query_terms(project.title), key=len)
    places = [_short_place(studio.region.name), studio.enterprise.short_name or studio.enterprise.name]
    if studio.region.parent_id:
        places.append(_short_place(studio.region.parent.name))
    for place in places:
        results = search(q=f"{place} {word}", doc_type="project", page_size=50)
        hit = next((hit for hit in results.hits if hit.url == project.url), None)
        assert hit is not None and not hit.partial, (place, word)


@pytest.mark.parametrize("nth", [0, 3, 9])
def test_a_persons_name_finds_their_projects_below_them(engine, nth):
    from projects.models import ProjectTeamMember

    people = Person.objects.filter(project_roles__page__live=True).distinct().order_by("pk")
    person = people[nth]
    projects = {
        role.page.url
        for role in ProjectTeamMember.objects.filter(person=person, page__live=True).select_related("page")
    }
    results = search(q=person.name, page_size=50)
    urls = [hit.url for hit in results.hits]
    assert person.get_absolute_url() in urls
    person_rank = urls.index(person.get_absolute_url())
    found = [url for url in urls if url in projects]
    assert found, f"none of {person.name}'s projects found"
    assert all(urls.index(url) > person_rank for url in found)


def test_a_long_query_of_many_words_with_synonyms_is_answered(client, engine):
    """Every word adds terms to the score; a query of many words must not exceed what the database parses."""
    from textsearch.analysis import vocabulary

    rng = random.Random(3)
    synonymous = sorted(vocabulary().synonyms)
    words = rng.sample(synonymous, 12) + [f"{rng.choice('abcdefgh')}{rng.randint(1, 99)}" for _ in range(12)]
    response = client.get("/search/", {"q": " ".join(words)[:200]})
    assert response.status_code == 200


def test_facet_links_are_the_query_string_with_one_value_switched(rf):
    """toggle_filter against its definition (a copy of request.GET, page dropped, the value set or removed),
    on generated query strings: repeated keys, the value already chosen, characters that need quoting."""

    def expected(request, name, value):
        params = request.GET.copy()
        params.pop("page", None)
        if params.get(name) == value:
            params.pop(name)
        else:
            params[name] = value
        return f"?{params.urlencode()}"

    rng = random.Random(7)
    keys = ["q", "page", "type", "region", "industry", "status", "honor", "sort"]
    values = ["", "1", "液压 支架", "a&b=c", "省级", "100%", "+", "x/y?"]
    for _ in range(300):
        pairs = [(rng.choice(keys), rng.choice(values)) for _ in range(rng.randint(0, 6))]
        request = rf.get("/search/?" + urllib.parse.urlencode(pairs))
        context = Context({"request": request})
        for _ in range(5):
            name = rng.choice(keys[2:])
            value = rng.choice(values + [request.GET.get(name, "")])
            assert toggle_filter(context, name, value) == expected(request, name, value), (pairs, name, value)


def outcome(results):
    facets = {name: [(v.value, str(v.label), v.count) for v in values] for name, values in results.facets.items()}
    return results.count, [h.key for h in results.hits], facets, results.type_counts


def test_a_repeated_database_search_is_kept_until_the_next_write(demo, django_capture_on_commit_callbacks):
    project = ProjectPage.objects.live().order_by("?").first()
    params = SearchParams(q=project.title)
    first = service.search(params)
    assert first.engine == "database" and project.url in [h.url for h in first.hits]
    with CaptureQueriesContext(connection) as queries:
        again = service.search(params)
    assert not [q for q in queries if "alliance_search_searchentry" in q["sql"]], "answered again from the table"
    assert outcome(again) == outcome(first) == outcome(DatabaseEngine().search(params))
    with translation.override("en"):  # the facets' labels in the visitor's language, never another's
        assert outcome(service.search(params)) == outcome(DatabaseEngine().search(params))

    with django_capture_on_commit_callbacks(execute=True):
        added = new_project(demo.studio, project.category, 2025, title=project.title)
    after = service.search(params)
    # Found at once, with the answer the engine gives now (not first.count + 1: one more full match can fill
    # the first page, and then the partial matches are no longer counted).
    assert added.url in [h.url for h in after.hits]
    assert outcome(after) == outcome(DatabaseEngine().search(params))
