from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import DictionaryWord, SynonymRule


class DictionaryWordViewSet(SnippetViewSet):
    model = DictionaryWord
    icon = "openquote"
    list_display = ["word", "note", "updated_at"]
    search_fields = ["word", "note"]
    search_backend_name = None  # a short table: plain substring search is exact and instant


class SynonymRuleViewSet(SnippetViewSet):
    model = SynonymRule
    icon = "link"
    list_display = ["rule", "enabled", "note", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["rule", "note"]
    search_backend_name = None


class VocabularyGroup(SnippetViewSetGroup):
    """搜索词库: what admins add to the shipped dictionary and synonyms, without a code change."""

    items = (SynonymRuleViewSet, DictionaryWordViewSet)
    menu_icon = "search"
    menu_label = _("搜索词库")
    menu_name = "search-vocabulary"


register_snippet(VocabularyGroup)
