"""合作申请 in the admin: a studio lead sees and answers only their own studio's requests;
union reviewers and platform admins see them all (and forward those no studio answers)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from collaboration.models import CollaborationRequest
from review.roles import sees_everything


def visible_to(user, queryset):
    if sees_everything(user):
        return queryset
    return queryset.filter(studio__lead__account=user)


class OwnRequests:
    """Narrows every view of the viewset to the requests the user may see (others answer 404)."""

    def get_base_queryset(self):
        return visible_to(self.request.user, super().get_base_queryset())

    def get_queryset(self):
        return visible_to(self.request.user, super().get_queryset())


class IndexView(OwnRequests, generic.IndexView):
    pass


class EditView(OwnRequests, generic.EditView):
    pass


class DeleteView(OwnRequests, generic.DeleteView):
    pass


class CollaborationRequestViewSet(ModelViewSet):
    model = CollaborationRequest
    icon = "mail"
    menu_label = _("合作申请")
    menu_order = 250
    add_to_admin_menu = True
    name = "collaboration_requests"
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    list_display = ["created_at", "name", "organisation", "target_title", "topic", "status"]
    list_filter = ["status", "topic"]
    search_fields = ["name", "organisation", "message"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("studio", read_only=True),
                FieldPanel("project", read_only=True),
                FieldPanel("person", read_only=True),
                FieldPanel("name", read_only=True),
                FieldPanel("organisation", read_only=True),
                FieldPanel("contact", read_only=True),
                FieldPanel("topic", read_only=True),
                FieldPanel("message", read_only=True),
                FieldPanel("created_at", read_only=True),
            ],
            heading=_("申请内容"),
        ),
        FieldPanel("status"),
        FieldPanel("reply_note"),
    ]


@hooks.register("register_admin_viewset")
def register_viewset():
    return CollaborationRequestViewSet()
