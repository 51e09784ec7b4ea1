"""申请入驻: the public onboarding form."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from review.forms import StudioApplicationForm
from review.notify import notify_reviewers


@require_http_methods(["GET", "POST"])
def apply(request):
    form = StudioApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_spam:
            application = form.save()
            notify_reviewers(application)
        return redirect(f"{reverse('studio_apply')}?sent=1")
    context = {
        "form": form,
        "sent": request.GET.get("sent") == "1" and request.method == "GET",
        "meta_title": _("申请入驻"),
        "meta_description": _("创新工作室申请加入创新工作室联盟平台"),
    }
    return render(request, "pages/studio_apply.html", context)
