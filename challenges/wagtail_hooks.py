"""揭榜 in the admin: a studio lead responds for their own studio only; reviewers see every response."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from challenges.models import ChallengePage, ChallengeResponse, ChallengeStatus
from projects.models import ProjectPage
from review.roles import sees_everything
from studios.models import StudioPage


def own_studios(user):
    studios = StudioPage.objects.all()
    return studios if sees_everything(user) else studios.filter(editors__user=user)


class OwnResponses:
    """Every view sees only the responses of the user's studios (others answer 404)."""

    def visible(self, queryset):
        user = self.request.user
        return queryset if sees_everything(user) else queryset.filter(studio__in=own_studios(user))

    def get_base_queryset(self):  # listings
        return self.visible(super().get_base_queryset())

    def get_queryset(self):  # edit and delete
        return self.visible(super().get_queryset())


class ResponseForm:
    """A lead may respond only for their own studio, with its own projects, to open challenges."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        studios = own_studios(self.request.user)
        form.fields["studio"].queryset = studios
        form.fields["project"].queryset = ProjectPage.objects.filter(studio__in=studios)
        form.fields["challenge"].queryset = ChallengePage.objects.live().exclude(status=ChallengeStatus.SOLVED)
        return form


class IndexView(OwnResponses, generic.IndexView):
    pass


class CreateView(ResponseForm, generic.CreateView):
    pass


class EditView(OwnResponses, ResponseForm, generic.EditView):
    pass


class DeleteView(OwnResponses, generic.DeleteView):
    pass


class ChallengeResponseViewSet(ModelViewSet):
    model = ChallengeResponse
    name = "challenge_responses"
    icon = "flag"
    menu_label = _("揭榜")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    form_fields = ["challenge", "studio", "project", "plan"]
    list_display = ["challenge", "studio", "project", "created_at"]
    list_filter = ["challenge__status"]


@hooks.register("register_admin_viewset")
def register_viewset():
    return ChallengeResponseViewSet()
