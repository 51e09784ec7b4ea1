from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import DictionaryWord, PendingIndexUpdate, SynonymRule


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


class ViewOnly(ModelPermissionPolicy):
    """Viewing (for those with the model's view permission, and superusers); nobody adds or edits."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(PendingIndexUpdate, ViewOnly(PendingIndexUpdate))


class IndexQueueViewSet(ModelViewSet):
    """索引同步: updates waiting for Elasticsearch, and the documents it refused (with the reason).
    Read-only: `search_index retry` applies what waits, the next edit or rebuild tries a refused one."""

    model = PendingIndexUpdate
    name = "search_index_queue"
    icon = "warning"
    menu_label = _("索引同步")
    add_to_settings_menu = True
    list_display = ["key", "action", "rejected_at", "last_error", "attempts", "updated_at"]
    list_filter = ["action"]
    search_fields = ["key", "last_error"]
    inspect_view_enabled = True
    form_fields = ["key", "action"]


@hooks.register("register_admin_viewset")
def register_index_queue():
    return IndexQueueViewSet()
