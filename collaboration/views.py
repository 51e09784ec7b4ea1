"""The public forms of collaboration: 申请合作 (on project, studio and person pages) and 登记推广应用 (on
project pages)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from collaboration.forms import AdoptionForm, CollaborationRequestForm
from collaboration.models import CollaborationRequest
from collaboration.notify import notify_new_adoption, notify_new_request
from core.net import client_address
from core.throttle import over_limit
from projects.models import ProjectPage
from studios.models import Person, StudioPage

RATE_LIMIT, RATE_WINDOW_SECONDS = 5, 3600  # requests per address and hour (counted by core.throttle)
DUPLICATE_WINDOW = timedelta(minutes=10)  # the same message again within this is a double submit


class RateLimited(Exception):
    """Raised inside the saving transaction to undo the insert and its count."""


def resolve(kind, pk):
    """(what the request is about, the studio that answers it, the request's fields naming them)."""
    if kind == "project":
        project = ProjectPage.objects.live().public().filter(pk=pk).select_related("studio").first()
        if project:
            return project, project.studio, {"project": project, "studio": project.studio}
    elif kind == "studio":
        studio = StudioPage.objects.live().public().filter(pk=pk).first()
        if studio:
            return studio, studio, {"studio": studio}
    elif kind == "person":
        person = Person.objects.filter(pk=pk).first()
        if person:
            studio = (
                person.led_studios.live().public().first()
                or StudioPage.objects.live().public().filter(memberships__person=person).first()
            )
            return person, studio, {"person": person, "studio": studio}
    raise Http404


def address_hash(request):
    """A salted hash of the client's address: enough to count requests, not to identify anyone."""
    address = client_address(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


@require_http_methods(["GET", "POST"])
def collaborate(request, kind, pk):
    target, studio, target_fields = resolve(kind, pk)
    sent_url = f"{reverse('collaborate', args=[kind, pk])}?sent=1"
    form = CollaborationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect(sent_url)  # look like success to the bot
        address = address_hash(request)
        recent_double = CollaborationRequest.objects.filter(
            ip_hash=address,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            message=form.cleaned_data["message"],
            **target_fields,
        )
        if recent_double.exists():
            return redirect(sent_url)
        collaboration = form.save(commit=False)
        for name, value in target_fields.items():
            setattr(collaboration, name, value)
        collaboration.ip_hash = address
        try:
            # Stored and counted in one transaction: only stored requests count towards the limit.
            with transaction.atomic():
                collaboration.save()
                if over_limit("collaborate", address, RATE_LIMIT, RATE_WINDOW_SECONDS):
                    raise RateLimited
        except IntegrityError:  # the same message, submitted twice at the same moment: stored once
            return redirect(sent_url)
        except RateLimited:
            form.add_error(None, _("提交过于频繁：同一网络每小时最多提交 5 次合作申请，请一小时后再试。"))
            status = 429
        else:
            notify_new_request(collaboration)
            return redirect(sent_url)
    context = {
        "form": form,
        "target": target,
        "target_title": str(target),
        "target_url": target.url if kind != "person" else target.get_absolute_url(),
        "studio": studio,
        "sent": request.GET.get("sent") == "1" and request.method == "GET",
        "meta_title": _("申请合作"),
    }
    response = render(request, "pages/collaborate.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def record_adoption(request, pk):
    """登记推广应用: shown on the project once its studio confirms it."""
    project = get_object_or_404(ProjectPage.objects.live().public().select_related("studio__enterprise"), pk=pk)
    sent_url = f"{reverse('record_adoption', args=[pk])}?sent=1"
    form = AdoptionForm(request.POST or None, project=project)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect(sent_url)
        adoption = form.save(commit=False)
        adoption.ip_hash = address_hash(request)
        try:
            with transaction.atomic():
                adoption.save()
                if over_limit("adopt", adoption.ip_hash, RATE_LIMIT, RATE_WINDOW_SECONDS):
                    raise RateLimited
        except IntegrityError:  # the same enterprise recorded at the same moment by someone else
            form.add_error("enterprise", _("该企业对这项成果的推广应用已经登记过了，正在等待或已经得到工作室确认。"))
            status = 409
        except RateLimited:
            form.add_error(None, _("提交过于频繁：同一网络每小时最多登记 5 次，请一小时后再试。"))
            status = 429
        else:
            notify_new_adoption(adoption)
            return redirect(sent_url)
    context = {
        "form": form,
        "project": project,
        "sent": request.GET.get("sent") == "1" and request.method == "GET",
        "meta_title": _("登记推广应用"),
    }
    response = render(request, "pages/record_adoption.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
