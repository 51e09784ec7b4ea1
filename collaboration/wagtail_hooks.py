"""合作申请 in the admin: a studio's lead and editors see and answer only their own studio's requests;
union reviewers and platform admins see them all (and forward those no studio answers). 揭榜 is
registered here too (collaboration.challenge_responses)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from collaboration.adoptions import ProjectAdoptionViewSet, RequestEditView
from collaboration.challenge_responses import ChallengeResponseViewSet
from collaboration.models import CollaborationRequest
from collaboration.visibility import OwnStudiosViewSet
from core.admin_exports import SafeExportsViewSet


class CollaborationRequestViewSet(SafeExportsViewSet, OwnStudiosViewSet, ModelViewSet):
    model = CollaborationRequest
    icon = "mail"
    menu_label = _("合作申请")
    menu_order = 250
    add_to_admin_menu = True
    name = "collaboration_requests"
    edit_view_class = RequestEditView
    list_display = [
        "created_at",
        "name",
        "organisation",
        Column("target_title", label=_("申请对象")),
        "topic",
        "status",
    ]
    list_filter = ["status", "topic"]
    search_fields = ["name", "organisation", "message"]
    # Excel / CSV of the listing as filtered; a lead's export holds only their studio's requests.
    list_export = [
        "created_at",
        "name",
        "organisation",
        "contact",
        "target_title",
        "get_topic_display",
        "message",
        "get_status_display",
        "reply_note",
    ]
    export_headings = {
        "target_title": _("申请对象"),
        "get_topic_display": CollaborationRequest._meta.get_field("topic").verbose_name,
        "get_status_display": CollaborationRequest._meta.get_field("status").verbose_name,
    }
    export_filename = "collaboration-requests"
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


@hooks.register("register_admin_viewset")
def register_challenge_responses():
    return ChallengeResponseViewSet()


@hooks.register("register_admin_viewset")
def register_adoptions():
    return ProjectAdoptionViewSet()
