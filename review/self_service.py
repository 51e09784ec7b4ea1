"""What a studio lead or editor does for themselves in the admin: edit their own person profile."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from studios.models import Person

own_profile_panel = ObjectList(Person.own_profile_panels).bind_to_model(Person)


class OwnProfileView(WagtailAdminTemplateMixin, FormView):
    """我的人才档案: the profile linked to the user's account, and nobody else's (there is no id to change)."""

    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("我的人才档案")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.person = Person.objects.filter(account=request.user).first() if request.user.is_authenticated else None
        if self.person is None:
            messages.warning(request, _("您的账号还没有关联人才档案，请联系工会审核员关联。"))
            return redirect("wagtailadmin_home")
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return own_profile_panel.get_form_class()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.person, "for_user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        panel = own_profile_panel.get_bound_panel(instance=self.person, request=self.request, form=form)
        context.update(
            panel=panel,
            media=form.media + panel.media,
            action_url=reverse("own_profile"),
            submit_button_label=_("保存"),
            submit_button_active_label=_("正在保存…"),
        )
        return context

    def form_valid(self, form):
        person = form.save()
        log(instance=person, action="wagtail.edit", user=self.request.user)
        messages.success(self.request, _("已保存您的人才档案。"))
        return redirect("own_profile")

    def form_invalid(self, form):
        messages.error(self.request, _("未能保存，请按提示修改后再保存。"))
        return super().form_invalid(form)
