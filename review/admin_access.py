"""What a studio's lead or editor may see of other studios in Wagtail's own admin views: only what
is public. (Our own viewsets are narrowed in collaboration.visibility.)

- the page chooser (browse and search) lists live pages and the pages of the user's own studios;
- the admin API's images and documents are those of the collections the user may choose from;
- moving a page is refused before its confirmation page shows anything, unless the user may move it;
- the page-types usage report (which names each type's last edited page, drafts included) is for
  reviewers and platform admins;
- reordering the root page (it has no parent) answers 404 instead of failing in Wagtail's view;
- password reset e-mails are limited per address asked for and per client.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from wagtail.admin.views.account import PasswordResetView
from wagtail.admin.views.pages.ordering import SetPagePositionView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.net import client_address
from core.throttle import over_limit
from review.roles import sees_everything, studios_of

MEDIA_ACTIONS = ["choose", "change"]


def pages_visible_to(user, pages):
    if sees_everything(user):
        return pages
    own = Q(pk__in=[])
    for path in studios_of(user).values_list("path", flat=True):
        own |= Q(path__startswith=path)
    return pages.filter(Q(live=True) | own)


class OwnCollectionsOnly:
    """An admin API endpoint listing only what is in the collections the user may choose from."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        allowed = policy.instances_user_has_any_permission_for(self.request.user, MEDIA_ACTIONS)
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class ImagesAPIViewSet(OwnCollectionsOnly, ImagesAdminAPIViewSet):
    """/admin/api/main/images/"""


class DocumentsAPIViewSet(OwnCollectionsOnly, DocumentsAdminAPIViewSet):
    """/admin/api/main/documents/"""


def refuse_move_unless_permitted(request, page_to_move, destination):
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


class PageTypesUsageForReviewers(PageTypesUsageReportView):
    def dispatch(self, request, *args, **kwargs):
        if not sees_everything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SetPositionOfPagesWithAParent(SetPagePositionView):
    def post(self, request, page_to_move_id, *args, **kwargs):
        if not Page.objects.filter(pk=page_to_move_id, depth__gt=1).exists():
            raise Http404
        return super().post(request, page_to_move_id, *args, **kwargs)


# A reset e-mail at most this often: per address asked for, and per client address.
RESETS_PER_EMAIL, RESETS_PER_CLIENT, RESET_WINDOW = 3, 10, 3600


class ThrottledPasswordReset(PasswordResetView):
    """Wagtail's password reset, with a limit on how many reset e-mails one can trigger."""

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().lower()[:254]
        # Both counted on every request (no short-circuit), so neither limit can be dodged through the other.
        limits = [
            over_limit("reset-email", email, RESETS_PER_EMAIL, RESET_WINDOW),
            over_limit("reset-client", client_address(request), RESETS_PER_CLIENT, RESET_WINDOW),
        ]
        if any(limits):
            return render(request, "pages/too_many_requests.html", status=429)
        return super().post(request, *args, **kwargs)
