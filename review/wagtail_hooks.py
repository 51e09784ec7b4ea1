"""入驻申请 in the admin: reviewers accept (creating the studio, the lead's account and access) or reject."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from review import admin_access
from review.inbox import NotificationsView, open_notification
from review.models import StudioApplication
from review.notify import unread_count
from review.onboarding import accept
from review.self_service import OwnProfileView, StudioTeamView
from review.views import certificate
from studios.models import StudioPage


class CertificatePanel(Panel):
    """The applicant's certificate, from the private storage through the permission-checked view."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "components/admin/certificate_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            has_file = self.instance.pk and self.instance.certificate
            context["url"] = reverse("studio_application_certificate", args=[self.instance.pk]) if has_file else ""
            return context


class ApplicationEditView(generic.EditView):
    def form_valid(self, form):
        accepting = (
            form.cleaned_data.get("status") == StudioApplication.Status.ACCEPTED
            and form.initial.get("status") != StudioApplication.Status.ACCEPTED
        )
        if accepting:
            application = form.save(commit=False)
            application.status = StudioApplication.Status.PENDING  # accept() sets it, with the studio
            studio = accept(application)
            messages.success(
                self.request,
                _("已通过：已创建工作室“%(studio)s”（草稿）和领办人账号，并已发送设置密码的邀请邮件。")
                % {"studio": studio.title},
            )
            return redirect(self.index_url_name)
        return super().form_valid(form)


class StudioApplicationViewSet(ModelViewSet):
    model = StudioApplication
    name = "studio_applications"
    icon = "form"
    menu_label = gettext_lazy("入驻申请")
    menu_order = 260
    add_to_admin_menu = True
    edit_view_class = ApplicationEditView
    list_display = ["created_at", "studio_name", "enterprise", "lead_name", "status"]
    list_filter = ["status", "studio_type", "level"]
    search_fields = ["studio_name", "lead_name"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("enterprise", read_only=True),
                FieldPanel("studio_name"),
                FieldPanel("studio_type"),
                FieldPanel("level"),
                FieldPanel("lead_name"),
                FieldPanel("lead_phone"),
                FieldPanel("lead_email"),
                FieldPanel("intro"),
                CertificatePanel(heading=gettext_lazy("命名或认定证书")),
            ],
            heading=gettext_lazy("申请内容"),
        ),
        FieldPanel("status"),
        FieldPanel("review_note"),
    ]


@hooks.register("register_admin_viewset")
def register_viewset():
    return StudioApplicationViewSet()


@hooks.register("register_admin_urls")
def certificate_urls():
    return [
        # ASCII digits only, within the database's range: anything else is not found.
        re_path(
            r"^studio-applications/(?P<pk>[0-9]{1,18})/certificate/$",
            certificate,
            name="studio_application_certificate",
        )
    ]


@hooks.register("register_admin_urls")
def personal_admin_urls():
    return [
        path("notifications/", NotificationsView.as_view(), name="notifications"),
        re_path(r"^notifications/(?P<pk>[0-9]{1,18})/$", open_notification, name="notification_open"),
        path("my-profile/", OwnProfileView.as_view(), name="own_profile"),
        path("studio-team/", StudioTeamView.as_view(), name="studio_team_home"),
        re_path(r"^studio-team/(?P<studio_id>[0-9]{1,18})/$", StudioTeamView.as_view(), name="studio_team"),
    ]


class NotificationsMenuItem(MenuItem):
    """通知, with the number still unread: 通知（3）."""

    def render_component(self, request):
        count = unread_count(request)
        label = _("通知（%(count)s）") % {"count": count} if count else self.label
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


@hooks.register("register_admin_menu_item")
def notifications_menu_item():
    return NotificationsMenuItem(
        gettext_lazy("通知"), reverse("notifications"), name="notifications", icon_name="tasks", order=140
    )


class OwnProfileMenuItem(MenuItem):
    def is_shown(self, request):
        return getattr(request.user, "person_id", None) is not None


@hooks.register("register_admin_menu_item")
def own_profile_menu_item():
    return OwnProfileMenuItem(
        gettext_lazy("我的人才档案"), reverse("own_profile"), name="own-profile", icon_name="user", order=150
    )


class StudioTeamMenuItem(MenuItem):
    def is_shown(self, request):
        person_id = getattr(request.user, "person_id", None)  # leads only: reviewers reach teams by URL
        return person_id is not None and StudioPage.objects.filter(lead_id=person_id).exists()


@hooks.register("register_admin_menu_item")
def studio_team_menu_item():
    return StudioTeamMenuItem(
        gettext_lazy("工作室账号"), reverse("studio_team_home"), name="studio-team", icon_name="group", order=160
    )


# --- Wagtail's own views, narrowed for studio leads and editors (review.admin_access) ------------


@hooks.register("construct_page_chooser_queryset")
def page_chooser_shows_public_and_own_pages(pages, request):
    return admin_access.pages_visible_to(request.user, pages)


@hooks.register("construct_admin_api", order=100)  # after wagtail.images and wagtail.documents register theirs
def admin_api_media_of_own_collections(router):
    router.register_endpoint("images", admin_access.ImagesAPIViewSet)
    router.register_endpoint("documents", admin_access.DocumentsAPIViewSet)


@hooks.register("before_move_page")
def moves_only_where_permitted(request, page_to_move, destination):
    admin_access.refuse_move_unless_permitted(request, page_to_move, destination)
