"""申请入驻: the public onboarding form."""

import mimetypes

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.net import client_address
from core.throttle import over_limit
from review.forms import StudioApplicationForm
from review.models import StudioApplication, duplicate_message
from review.notify import notify_reviewers

APPLICATIONS_PER_CLIENT, APPLICATION_WINDOW = 5, 3600  # at most 5 applications an hour from one address


@require_http_methods(["GET", "POST"])
def apply(request):
    form = StudioApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and over_limit(
        "apply", client_address(request), APPLICATIONS_PER_CLIENT, APPLICATION_WINDOW
    ):
        form.add_error(None, _("提交过于频繁：同一地址每小时最多提交 5 份入驻申请，请稍后再试。"))
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect(f"{reverse('studio_apply')}?sent=1")
        try:
            with transaction.atomic():
                application = form.save()
        except IntegrityError:  # the same studio's application, submitted at the same moment
            form.instance.certificate.delete(save=False)  # stored before the insert was refused
            form.add_error(None, duplicate_message(form.instance.enterprise, form.instance.studio_name))
        else:
            notify_reviewers(application)
            return redirect(f"{reverse('studio_apply')}?sent=1")
    context = {
        "form": form,
        "sent": request.GET.get("sent") == "1" and request.method == "GET",
        "meta_title": _("申请入驻"),
        "meta_description": _("创新工作室申请加入创新工作室联盟平台"),
    }
    return render(request, "pages/studio_apply.html", context)


def certificate(request, pk):
    """An application's certificate, for those who may see applications (reviewers, platform admins)."""
    if not request.user.has_perm("review.view_studioapplication"):
        raise PermissionDenied
    application = get_object_or_404(StudioApplication, pk=pk)
    if not application.certificate:
        raise Http404
    try:
        stored = application.certificate.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(application.certificate.name)[0] or "application/octet-stream"
    response = FileResponse(stored, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
