from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from studios.models import Enterprise, Honor, Industry, Person, Region


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "parent", "kind", "slug"]
    list_filter = ["kind", "parent"]
    search_fields = ["name"]


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class EnterpriseFilterSet(WagtailFilterSet):
    class Meta:
        model = Enterprise
        fields = ["region", "industry", "ownership"]


class EnterpriseViewSet(SnippetViewSet):
    model = Enterprise
    icon = "home"
    list_display = ["name", "short_name", "region", "industry", "ownership"]
    filterset_class = EnterpriseFilterSet
    search_fields = ["name", "short_name"]


class HonorViewSet(SnippetViewSet):
    model = Honor
    icon = "pick"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class PersonFilterSet(WagtailFilterSet):
    class Meta:
        model = Person
        fields = ["enterprise", "open_to_collaboration", "contact_public", "titles", "honors"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "enterprise", "position", "open_to_collaboration"]
    filterset_class = PersonFilterSet
    search_fields = ["name", "position"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("名录资料")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (PersonViewSet, EnterpriseViewSet, RegionViewSet, IndustryViewSet, HonorViewSet)


register_snippet(DirectoryViewSetGroup)
