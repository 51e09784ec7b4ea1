from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "alliance_search"  # `search` alone is too generic next to wagtail.search and modelsearch
    verbose_name = "搜索"

    def ready(self):
        from modelsearch.index import get_indexed_models

        from search import signals  # noqa: F401 — connects the index to content changes
        from search.vocabulary import AdminVocabulary
        from textsearch.analysis import set_vocabulary_source
        from textsearch.fields import chinese_everywhere

        set_vocabulary_source(AdminVocabulary())
        chinese_everywhere(get_indexed_models())  # Wagtail's documents and other apps' models too
