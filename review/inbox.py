"""通知 in the admin: each person's own notifications (review.notify), newest first; opening one marks it
read and goes to what waits for them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from review.models import Notification
from review.notify import mark_read, unread, unread_count

PER_PAGE = 20


class NotificationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "components/admin/notifications.html"
    page_title = gettext_lazy("通知")
    header_icon = "tasks"

    def post(self, request):
        count = mark_read(unread(request.user))
        messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": count})
        return redirect("notifications")

    def get_context_data(self, **kwargs):
        notifications = Notification.objects.filter(recipient=self.request.user)
        page = Paginator(notifications, PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, unread_count=unread_count(self.request), **kwargs)


def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(Notification.objects.filter(pk=notification.pk))
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None) and notification.link.startswith("/"):
        return redirect(notification.link)
    return redirect("notifications")
