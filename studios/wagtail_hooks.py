from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_exports import SafeExportsViewSet
from studios.models import Enterprise, Honor, Industry, Person, Region

# The listings' search box searches each model's own (Chinese-aware) search_fields. No viewset names
# fields of its own: SQLite's full-text backend cannot restrict a search to named fields (it takes
# them for FTS columns and fails), so every listing would answer a search with a server error.


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "parent", "kind", "slug"]
    list_filter = ["kind", "parent"]


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    list_display = ["name", "slug"]


class EnterpriseFilterSet(WagtailFilterSet):
    class Meta:
        model = Enterprise
        fields = ["region", "industry", "ownership"]


class EnterpriseViewSet(SafeExportsViewSet, SnippetViewSet):
    model = Enterprise
    icon = "home"
    list_display = ["name", "short_name", "region", "industry", "ownership"]
    list_export = ["name", "short_name", "region", "industry", "get_ownership_display", "description"]
    export_headings = {"get_ownership_display": Enterprise._meta.get_field("ownership").verbose_name}
    export_filename = "enterprises"
    filterset_class = EnterpriseFilterSet


class HonorViewSet(SnippetViewSet):
    model = Honor
    icon = "pick"
    list_display = ["name", "kind"]
    list_filter = ["kind"]


class PersonFilterSet(WagtailFilterSet):
    class Meta:
        model = Person
        fields = ["enterprise", "open_to_collaboration", "contact_public", "titles", "honors"]


class PersonViewSet(SafeExportsViewSet, SnippetViewSet):
    model = Person
    icon = "user"
    list_display = [
        "name",
        "enterprise",
        "position",
        BooleanColumn("open_to_collaboration", label=Person._meta.get_field("open_to_collaboration").verbose_name),
    ]
    # For reviewers and admins, who see contact details in the admin anyway (leads have no access here).
    list_export = [
        "code",
        "name",
        "enterprise",
        "position",
        "open_to_collaboration",
        "contact_public",
        "phone",
        "email",
    ]
    export_filename = "people"
    filterset_class = PersonFilterSet


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("名录资料")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (PersonViewSet, EnterpriseViewSet, RegionViewSet, IndustryViewSet, HonorViewSet)


register_snippet(DirectoryViewSetGroup)
