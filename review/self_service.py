"""What a studio lead or editor does for themselves in the admin: edit their own person profile; a lead
also invites and removes their studio's editors (review.team)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from review import team
from studios.models import Person

own_profile_panel = ObjectList(Person.own_profile_panels).bind_to_model(Person)


class OwnProfileView(WagtailAdminTemplateMixin, FormView):
    """我的人才档案: the profile linked to the user's account, and nobody else's (there is no id to change)."""

    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("我的人才档案")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.person = Person.objects.filter(account=request.user).first()  # admin URLs require a login
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


def is_id(text):
    return text.isascii() and text.isdigit() and len(text) < 19


class TeamInvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("邮箱"), max_length=254)
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=150)


class StudioTeamView(WagtailAdminTemplateMixin, TemplateView):
    """工作室账号: the lead sees who edits their studio, invites an editor by e-mail, removes one."""

    template_name = "components/admin/studio_team.html"
    page_title = gettext_lazy("工作室账号")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        studios = team.studios_managed_by(request.user)
        if "studio_id" not in kwargs:
            first = studios.first()
            if first is None:
                raise PermissionDenied
            return redirect("studio_team", studio_id=first.pk)
        self.studio = get_object_or_404(studios, pk=kwargs["studio_id"])
        self.form = TeamInvitationForm(request.POST if "invite" in request.POST else None)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            if "remove" in request.POST:
                member_id = request.POST["remove"]
                member = get_object_or_404(team.team_of(self.studio), pk=member_id if is_id(member_id) else 0)
                team.remove(self.studio, member)
                name = member.get_full_name() or member.username
                messages.success(request, _("已将 %(name)s 移出本工作室。") % {"name": name})
            elif self.form.is_valid():
                user = team.invite(self.studio, self.form.cleaned_data["email"], self.form.cleaned_data["name"])
                messages.success(request, _("已邀请 %(email)s，邀请邮件已发出。") % {"email": user.email})
            else:
                return self.get(request, *args, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("studio_team", studio_id=self.studio.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            studio=self.studio,
            members=[(member, team.is_lead(self.studio, member)) for member in team.team_of(self.studio)],
            form=self.form,
            other_studios=team.studios_managed_by(self.request.user).exclude(pk=self.studio.pk)[:50],
            **kwargs,
        )
