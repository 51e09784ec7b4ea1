"""A studio's team accounts: its lead invites editors by e-mail and removes them again.

An invited editor gets exactly the studio's group (and the shared studio-member role that lets them use
the admin); a new account has no password until they set one through the invitation link.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from review.onboarding import invitation_url, unused_username
from review.roles import STUDIO_MEMBERS, add_to_studio, role_group, sees_everything
from studios.models import StudioPage


def studios_managed_by(user):
    """The studios whose team a user manages: those they lead; every studio for reviewers and admins."""
    studios = StudioPage.objects.exclude(editors=None).order_by("title")
    return studios if sees_everything(user) else studios.filter(lead__account=user)


def team_of(studio):
    return get_user_model().objects.filter(groups=studio.editors_id).order_by("date_joined", "pk")


def is_lead(studio, user):
    return studio.lead_id is not None and user.person_id == studio.lead_id


@transaction.atomic
def invite(studio, email, name):
    """Add the account with this e-mail address to the studio (made if there is none) and e-mail them."""
    Group.objects.select_for_update().get(pk=studio.editors_id)  # one invitation per studio at a time
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None and team_of(studio).filter(pk=user.pk).exists():
        raise ValidationError(_("%(email)s 已经是本工作室的账号。") % {"email": email})
    created = user is None
    if created:
        user = User(username=unused_username(email.split("@")[0]), email=email, first_name=name)
        user.set_unusable_password()
        user.save()
    add_to_studio(studio, user)
    transaction.on_commit(lambda: send_team_invitation(user, studio, with_password_link=created))
    return user


@transaction.atomic
def remove(studio, user):
    """Take an editor off the studio; the lead stays (they follow the studio's lead field)."""
    if is_lead(studio, user):
        raise ValidationError(_("领办人不能从工作室移除；如需更换领办人，请联系工会审核员。"))
    user.groups.remove(studio.editors_id)
    if not user.groups.filter(studio__isnull=False).exists():
        user.groups.remove(role_group(STUDIO_MEMBERS))


def send_team_invitation(user, studio, with_password_link):
    subject = _("【创新工作室联盟】您已加入%(studio)s") % {"studio": studio.title}
    lines = [_("%(name)s，您好：") % {"name": user.first_name or user.username}, ""]
    lines.append(_("%(studio)s的领办人邀请您编辑工作室页面和五小成果（发布前由工会审核）。") % {"studio": studio.title})
    if with_password_link:
        lines += [_("请打开下面的链接设置密码："), "", invitation_url(user)]
    else:
        link = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_home")
        lines.append(_("请用您现有的账号登录后台：%(link)s") % {"link": link})
    lines += ["", _("用户名：%(username)s") % {"username": user.username}]
    send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
