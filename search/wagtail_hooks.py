from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.admin_views import REPORT_PERMISSION, PrefilledCreateView, QueryReportView
from search.models import DictionaryWord, PendingIndexUpdate, SynonymRule


class DictionaryWordViewSet(SnippetViewSet):
    model = DictionaryWord
    add_view_class = type("AddDictionaryWord", (PrefilledCreateView,), {"prefilled_fields": ("word", "note")})
    icon = "openquote"
    list_display = ["word", "note", "updated_at"]
    search_fields = ["word", "note"]
    search_backend_name = None  # a short table: plain substring search is exact and instant


class SynonymRuleViewSet(SnippetViewSet):
    model = SynonymRule
    add_view_class = type("AddSynonymRule", (PrefilledCreateView,), {"prefilled_fields": ("rule", "note")})
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


# --- 搜索词报告: what people searched for, what found nothing (search.querylog) -----------------


@hooks.register("register_admin_urls")
def query_report_urls():
    return [path("reports/search-queries/", QueryReportView.as_view(), name="search_query_report")]


class QueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def query_report_menu_item():
    return QueryReportMenuItem(
        _("搜索词报告"), reverse("search_query_report"), name="search-query-report", icon_name="search", order=1250
    )
