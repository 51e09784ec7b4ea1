from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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


class EnterpriseViewSet(SnippetViewSet):
    model = Enterprise
    icon = "home"
    list_display = ["name", "short_name", "region", "industry", "ownership"]
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


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = [
        "name",
        "enterprise",
        "position",
        BooleanColumn("open_to_collaboration", label=Person._meta.get_field("open_to_collaboration").verbose_name),
    ]
    filterset_class = PersonFilterSet


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("名录资料")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (PersonViewSet, EnterpriseViewSet, RegionViewSet, IndustryViewSet, HonorViewSet)


register_snippet(DirectoryViewSetGroup)
