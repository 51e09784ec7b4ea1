"""Chinese search as an engineer uses it, on both engines, over the fixed corpus in tests/relevance."""

import pytest

from django.core.management import call_command
from django.urls import reverse

from search import service
from search.models import DictionaryWord, SynonymRule
from search.params import SearchParams
from studios.models import Enterprise, Honor, Person, StudioPage
from tests.conftest import use_engine
from tests.relevance import corpus
from tests.relevance.evaluate import index_only
from textsearch.analysis import index_terms


@pytest.fixture(params=["database", "elasticsearch"])
def refs(request, db, settings):
    """The corpus, as the whole index of the engine under test; {ref: key}."""
    use_engine(request, settings, request.param, writable=True)
    keys = corpus.load()
    index_only(keys.values())
    return keys


def ranked(q, refs, **params):
    by_key = {key: ref for ref, key in refs.items()}
    results = service.search(SearchParams(q=q, **params))
    return [by_key.get(hit.key, hit.key) for hit in results.hits]


AIR_COMPRESSOR_PROJECTS = {"J1", "J2", "J3", "J18"}


@pytest.mark.parametrize("q", ["空压机", "空气压缩机", "压缩机", "空壓機"])
def test_air_compressor_in_any_wording_brings_the_air_compressor_projects_first(refs, q):
    assert set(ranked(q, refs)[:3]) <= AIR_COMPRESSOR_PROJECTS


def test_a_name_brings_the_person_and_their_studio_first(refs):
    assert set(ranked("王建国", refs)[:2]) == {"P1", "S1"}
    assert "P7" not in ranked("王建国", refs)[:2]  # 王建军 is someone else


@pytest.mark.parametrize("q", ["wjg", "wangjianguo"])
def test_pinyin_finds_the_person_and_studio(refs, q):
    assert set(ranked(q, refs)[:2]) == {"P1", "S1"}


@pytest.mark.parametrize("q", ["劳动模范", "劳模", "勞動模範"])
def test_model_worker_in_any_wording_finds_the_model_workers(refs, q):
    top = ranked(q, refs)[:5]
    assert {"P1", "P5"} <= set(top)


def test_five_small_finds_every_kind_of_small_innovation(refs):
    results = service.search(SearchParams(q="五小", doc_type="project"))
    assert results.count == len(corpus.PROJECTS)  # every project is a 小发明, 小革新 … of some kind


def test_a_fragment_is_found_but_ranked_below_whole_words(refs, db):
    enterprise = Enterprise.objects.get(slug="rel-e1")
    whole = Person.objects.create(name="甲某", enterprise=enterprise, bio="负责泵站排水改造")
    fragment = Person.objects.create(name="乙某", enterprise=enterprise, bio="负责水泵站台改造")
    keys = {**refs, "whole": f"person:{whole.pk}", "fragment": f"person:{fragment.pk}"}
    index_only(keys.values())
    found = ranked("泵站", keys)
    assert found.index("whole") < found.index("fragment")


@pytest.mark.parametrize(("q", "ref"), [("抽采管", "J13"), ("油气分离", "J2"), ("比色卡", "J19")])
def test_words_jieba_does_not_know_are_still_found(refs, q, ref):
    assert ranked(q, refs)[0] == ref


def test_full_width_and_punctuation_are_ignored(refs):
    assert ranked("ＰＬＣ，", refs)[0] == ranked("plc", refs)[0] == "J9"


@pytest.mark.parametrize(("q", "first"), [("wjg", "王建国"), ("wangjianguo", "王建国"), ("zhy", "张海燕")])
def test_suggestions_by_pinyin_and_initials(refs, q, first):
    suggestions = service.suggest(q)
    assert suggestions[0].text == first and suggestions[0].type == "person"


def test_suggestions_by_prefix(refs):
    suggestions = service.suggest("王建")
    assert {"王建国", "王建军"} <= {s.text for s in suggestions}
    assert "王建国劳模创新工作室" in {s.text for s in suggestions}


def test_suggestions_mix_types_and_stop_at_ten(refs):
    suggestions = service.suggest("王建")
    assert {s.type for s in suggestions} == {"person", "studio"}
    many = service.suggest("工")
    assert 1 < len(many) <= 10 and len({s.type for s in many}) > 1


def test_people_search_by_skill_honor_region_and_openness(refs):
    model_worker = Honor.objects.get(name="全国劳动模范").slug
    people = set(ranked("", refs, doc_type="person", filters={"honor": model_worker}, page_size=50))
    assert {"P1", "P5"} <= people and not people & {"P2", "P3", "P6"}
    assert set(ranked("", refs, doc_type="person", filters={"skill": "数控机床"})) == {"P5", "P12"}
    open_people = set(ranked("", refs, doc_type="person", filters={"open": "1"}, page_size=50))
    assert "P6" not in open_people and "P12" not in open_people and "P1" in open_people
    facets = service.search(SearchParams(doc_type="person")).facets
    assert any(f.value == model_worker and f.count >= 2 for f in facets["honor"])
    assert any(f.value == "数控机床" for f in facets["skill"])
    assert facets["open"][0].count == sum(1 for p in corpus.PEOPLE.values() if p[6])


def test_recommended_collaborators_are_open_from_elsewhere_and_explained(refs):
    project = int(refs["J3"].split(":")[1])  # needs 在线监测; studio S1 of 晋北煤业
    people = {r.key: r for r in service.recommended_collaborators(project, limit=10)}
    by_ref = {ref: people[key] for ref, key in refs.items() if key in people}
    assert "P4" in by_ref and "擅长“在线监测”" in by_ref["P4"].reasons
    assert "P2" in by_ref and any("主变压器油色谱在线监测" in reason for reason in by_ref["P2"].reasons)
    assert not {"P1", "P6"} & by_ref.keys()  # same enterprise; P6 is not open to collaboration either
    for recommendation in by_ref.values():
        assert recommendation.matched == ["在线监测"]


def test_similar_projects_share_the_subject(refs):
    project = int(refs["J5"].split(":")[1])  # 主变压器油色谱在线监测
    by_key = {key: ref for ref, key in refs.items()}
    similar = [by_key[hit.key] for hit in service.similar_projects(project)]
    assert similar and similar[0] in {"J19", "J10", "J23"}  # 变压器 or 在线监测


# --- Vocabulary managed in the admin ---------------------------------------------------------------


def test_a_synonym_added_in_the_admin_works_at_once_without_reindexing(refs, admin_client):
    assert service.search(SearchParams(q="风包机")).count == 0
    response = admin_client.post(
        reverse("wagtailsnippets_alliance_search_synonymrule:add"), {"rule": "风包机, 空压机", "enabled": "on"}
    )
    assert response.status_code == 302
    assert {"J1", "J18"} <= set(ranked("风包机", refs)[:4])


def test_a_bad_synonym_rule_is_explained_in_chinese(admin_client, db):
    response = admin_client.post(reverse("wagtailsnippets_alliance_search_synonymrule:add"), {"rule": "只有一个词"})
    assert response.status_code == 200
    assert "规则格式不正确" in response.content.decode()
    assert not SynonymRule.objects.exists()


def test_a_dictionary_word_added_in_the_admin_keeps_the_word_whole(refs, admin_client):
    assert service.search(SearchParams(q="抽采管路")).terms != ("抽采管路",)
    response = admin_client.post(reverse("wagtailsnippets_alliance_search_dictionaryword:add"), {"word": "抽采管路"})
    assert response.status_code == 302 and DictionaryWord.objects.filter(word="抽采管路").exists()
    results = service.search(SearchParams(q="抽采管路"))
    assert results.terms == ("抽采管路",)
    assert ranked("抽采管路", refs)[0] == "J13"  # found before a rebuild re-cuts the documents


def test_a_dictionary_word_with_spaces_is_refused(admin_client, db):
    response = admin_client.post(reverse("wagtailsnippets_alliance_search_dictionaryword:add"), {"word": "抽采 管路"})
    assert response.status_code == 200
    assert "不能含空格或标点" in response.content.decode()


# --- Wagtail's own search ----------------------------------------------------------------------------


def test_the_admin_page_search_finds_chinese_words(admin_client, demo):
    search = reverse("wagtailadmin_pages:search")
    response = admin_client.get(search, {"q": demo.studio.lead.name})  # 王建国 inside 王建国劳模创新工作室
    assert response.status_code == 200
    assert demo.studio.title in response.content.decode()
    studios = admin_client.get(search, {"q": "工作室"}).content.decode()  # a word inside every studio's title
    assert sum(studio.title in studios for studio in StudioPage.objects.live()) >= 5


def test_the_admin_page_chooser_finds_chinese_words(admin_client, demo):
    word = "空压机"
    response = admin_client.get(reverse("wagtailadmin_choose_page_search"), {"q": word})
    assert response.status_code == 200
    assert word in response.content.decode()


def test_the_person_chooser_finds_a_name_by_part_of_it(admin_client, demo):
    url = reverse("wagtailsnippetchoosers_studios_person:choose_results")
    for q in ("王建", "建国"):  # the start of the name, and a word inside it
        response = admin_client.get(url, {"q": q})
        assert response.status_code == 200
        assert "王建国" in response.content.decode(), q


def test_wagtail_search_api_finds_chinese_words_on_the_database(demo):
    from projects.models import ProjectPage
    from studios.models import StudioPage

    assert demo.studio in StudioPage.objects.live().search("工作室")
    assert all("空压机" in page.title for page in ProjectPage.objects.live().autocomplete("空压机")[:5])
    assert ProjectPage.objects.live().autocomplete("空压机").count() > 0


PAGES_PER_TYPE = 15


def test_wagtail_search_finds_every_page_by_its_own_title(demo):
    """The admin's page search, for any title: words jieba does not know (a run it leaves as single
    characters) are matched by the characters the index stores for them."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    missed = []
    for model in {type(page) for page in Page.objects.live().specific() if not page.is_root()}:
        for page in model.objects.live().order_by("pk")[:PAGES_PER_TYPE]:
            if page not in list(backend.search(page.title, model)):
                missed.append((model.__name__, page.title))
    assert missed == []


def test_wagtail_search_finds_chinese_words_on_wagtail_elasticsearch_backend(elasticsearch_node, demo, settings):
    import uuid

    from wagtail.search.backends import get_search_backend

    from projects.models import ProjectPage
    from studios.models import StudioPage

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "textsearch.backends.database"},
        "elasticsearch": {
            "BACKEND": "textsearch.backends.ChineseElasticsearch8SearchBackend",
            "URLS": [elasticsearch_node],
            "INDEX_PREFIX": f"test-wagtail-{uuid.uuid4().hex[:8]}-",
            "TIMEOUT": 30,
        },
    }
    backend = get_search_backend("elasticsearch")
    try:
        call_command("update_index", backend_name="elasticsearch", verbosity=0)
        studios = backend.search("工作室", StudioPage.objects.live())
        assert demo.studio in list(studios)
        compressors = list(backend.autocomplete("空压", ProjectPage.objects.live())[:5])
        assert compressors and all("空压机" in page.title or "空气压缩机" in page.title for page in compressors)
    finally:
        index = settings.WAGTAILSEARCH_BACKENDS["elasticsearch"]["INDEX_PREFIX"]
        backend.es.indices.delete(index=f"{index}*", ignore_unavailable=True, allow_no_indices=True)


def test_the_document_chooser_finds_a_document_by_a_chinese_word_inside_its_title(admin_client, db):
    """Wagtail's documents declare their search fields the stock way; they are cut into words too."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    documents = get_document_model().objects
    titles = list(documents.values_list("title", flat=True)[:3])
    assert titles  # the demo's documents
    for title in titles:
        word = next(term for term in index_terms(title) if len(term) >= 2 and term != title)
        response = admin_client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": word})
        assert response.status_code == 200
        assert title in response.content.decode(), word
    made = documents.create(title="Café 安全操作规程", file=ContentFile(b"x", name="rules.txt"))
    assert made in documents.search("规程") and made in documents.search("cafe")
