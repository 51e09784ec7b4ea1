from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def install_fulltext_index(using="default", **kwargs):
    """Again after every migrate: altering the search table on SQLite rebuilds it without its triggers."""
    from django.db import connections

    from search import fulltext

    fulltext.install(connections[using])


class SearchConfig(AppConfig):
    name = "search"
    label = "alliance_search"  # `search` alone is too generic next to wagtail.search and modelsearch
    verbose_name = "搜索"

    def ready(self):
        from django.db.models.signals import post_migrate

        from modelsearch.index import get_indexed_models

        from search import signals  # noqa: F401 — connects the index to content changes
        from search.vocabulary import AdminVocabulary
        from textsearch.analysis import set_vocabulary_source
        from textsearch.fields import chinese_everywhere

        set_vocabulary_source(AdminVocabulary())
        label_search_promotion_fields()
        chinese_everywhere(get_indexed_models())  # Wagtail's documents and other apps' models too
        post_migrate.connect(install_fulltext_index, sender=self)


def label_search_promotion_fields():
    """Wagtail's promoted-result model gives its link text no verbose name, so the admin form's label
    would stay English ("External link text") in every language."""
    from wagtail.contrib.search_promotions.forms import SearchPromotionsFormSet

    SearchPromotionsFormSet.form.base_fields["external_link_text"].label = _("外部链接文字")
