"""推广应用 in the admin: a studio's lead confirms (or declines) what other enterprises recorded about their
projects, and records one from a collaboration request with one click; reviewers see them all. (Adoptions
are content of the projects app; who sees and confirms which is workflow, so it is here.)"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from collaboration.models import CollaborationRequest
from collaboration.visibility import OwnStudiosViewSet, visible_to
from core.admin_exports import SafeExportsViewSet
from projects.choices import AdoptionStatus
from projects.models import ProjectAdoption, ProjectPage
from review.roles import studios_of
from studios.models import Enterprise


def from_request(user, pk):
    """The collaboration request an adoption is recorded from (one the user may see and that names a
    project and has not ended in an adoption yet), or None."""
    requests = visible_to(user, CollaborationRequest.objects.filter(project__isnull=False, adoption__isnull=True))
    return requests.select_related("project").filter(pk=pk).first() if str(pk).isdigit() else None


def enterprise_named(organisation):
    """The enterprise a free-text organisation names (its full or short name inside it), if exactly one does."""
    text = organisation.strip()
    if not text:
        return None
    candidates = [
        e
        for e in Enterprise.objects.only("pk", "name", "short_name")
        if e.name in text or (e.short_name and e.short_name in text)
    ]
    return candidates[0] if len(candidates) == 1 else None


class AdoptionForm:
    """A lead records adoptions only of their own studios' projects."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "project" in form.fields:
            form.fields["project"].queryset = ProjectPage.objects.filter(studio__in=studios_of(self.request.user))
        return form


class AdoptionCreateView(CreateView):
    """Added in the admin by the studio itself: confirmed; from a collaboration request (?request=pk), its
    project, organisation and contact filled in, and the request linked to the adoption."""

    @cached_property
    def collaboration_request(self):
        return from_request(self.request.user, self.request.GET.get("request", ""))

    def get_initial(self):
        initial = {**super().get_initial(), "status": AdoptionStatus.CONFIRMED}
        asked = self.collaboration_request
        if asked is not None:
            initial.update(
                project=asked.project,
                enterprise=enterprise_named(asked.organisation),
                site=asked.organisation,
                contact_name=asked.name,
                contact=asked.contact,
                description=asked.message[:1000],
            )
        return initial

    def save_instance(self):
        adoption = super().save_instance()
        asked = self.collaboration_request
        if asked is not None and asked.project_id == adoption.project_id:
            asked.adoption = adoption
            asked.status = CollaborationRequest.Status.CLOSED
            asked.save(update_fields=["adoption", "status", "updated_at"])
        return adoption


class RequestEditView(EditView):
    """A collaboration request about a project can end in an adoption: one click opens it filled in."""

    @cached_property
    def header_buttons(self):
        asked = self.object
        if asked.adoption_id:
            url, label = reverse("project_adoptions:edit", args=[asked.adoption_id]), _("查看推广应用")
        elif asked.project_id:
            url, label = f"{reverse('project_adoptions:add')}?request={asked.pk}", _("登记为推广应用")
        else:
            return []
        return [HeaderButton(label, url=url, icon_name="success")]


class ProjectAdoptionViewSet(SafeExportsViewSet, OwnStudiosViewSet, ModelViewSet):
    model = ProjectAdoption
    name = "project_adoptions"
    icon = "success"
    menu_label = _("推广应用")
    menu_order = 260
    add_to_admin_menu = True
    form_mixin = AdoptionForm
    add_view_class = AdoptionCreateView
    list_display = ["project", "enterprise", "site", "adopted_on", "annual_benefit", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["site", "description", "contact_name"]
    list_export = [
        "project",
        "enterprise",
        "site",
        "adopted_on",
        "annual_benefit",
        "description",
        "contact_name",
        "contact",
        "get_status_display",
        "created_at",
    ]
    export_headings = {"get_status_display": ProjectAdoption._meta.get_field("status").verbose_name}
    export_filename = "project-adoptions"
    panels = [
        FieldPanel("project"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("enterprise"), FieldPanel("site")]),
                FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("annual_benefit")]),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact"), FieldPanel("contact_public")]),
            ],
            heading=_("应用情况"),
        ),
        FieldPanel("status"),
        FieldPanel("note"),
    ]
