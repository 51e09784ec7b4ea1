"""揭榜 in the admin: a studio's lead and editors respond for their own studio only; reviewers see every
response. (The responses are content of the challenges app; who sees which is workflow, so it is here.)"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from challenges.choices import ChallengeStatus
from challenges.models import ChallengePage, ChallengeResponse
from collaboration.notify import notify_new_response
from collaboration.visibility import OwnStudiosViewSet
from core.admin_exports import SafeExportsViewSet
from projects.models import ProjectPage
from review.roles import studios_of


class ResponseForm:
    """A lead may respond only for their own studio, with its own projects, to open challenges."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "studio" not in form.fields:
            return form
        studios = studios_of(self.request.user)
        form.fields["studio"].queryset = studios
        form.fields["project"].queryset = ProjectPage.objects.filter(studio__in=studios)
        form.fields["challenge"].queryset = ChallengePage.objects.live().public().exclude(status=ChallengeStatus.SOLVED)
        return form


class ResponseCreateView(CreateView):
    def save_instance(self):
        response = super().save_instance()
        notify_new_response(response, author=self.request.user)
        return response


class ChallengeResponseViewSet(SafeExportsViewSet, OwnStudiosViewSet, ModelViewSet):
    model = ChallengeResponse
    name = "challenge_responses"
    icon = "crosshairs"
    menu_label = _("揭榜")
    menu_order = 270
    add_to_admin_menu = True
    form_mixin = ResponseForm
    add_view_class = ResponseCreateView
    panels = [FieldPanel("challenge"), FieldPanel("studio"), FieldPanel("project"), FieldPanel("plan")]
    list_display = ["challenge", "studio", "project", "created_at"]
    list_filter = ["challenge__status"]
    list_export = ["challenge", "studio", "project", "plan", "created_at"]
    export_filename = "challenge-responses"
