"""申请入驻 → a reviewer accepts → the studio, its lead's account and their access, in one step."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.text import pinyin_slug, unique_slug
from review.models import name_key
from studios.models import Person, StudioIndexPage, StudioPage


def existing_studio(enterprise, studio_name):
    """A studio page of the enterprise with the same name, if any (open applications are the
    model's own rule: StudioApplication.clean and its unique constraint)."""
    key = name_key(studio_name)
    return next(
        (s for s in StudioPage.objects.filter(enterprise=enterprise).only("title") if name_key(s.title) == key), None
    )


@transaction.atomic
def accept(application):
    """Create the draft studio page, the lead's profile and account (granted the studio by
    review.signals), and email the lead an invitation to set a password. Returns the studio."""
    enterprise = application.enterprise
    lead = Person.objects.filter(enterprise=enterprise, name=application.lead_name).first()
    if lead is None:
        lead = Person.objects.create(
            name=application.lead_name,
            enterprise=enterprise,
            phone=application.lead_phone,
            email=application.lead_email,
        )
    studio = StudioPage(
        title=application.studio_name,
        slug=unique_slug(StudioPage.objects.all(), application.studio_name, fallback="studio"),
        studio_type=application.studio_type,
        level=application.level,
        year_recognised=timezone.now().year,
        enterprise=enterprise,
        lead=lead,
        summary=application.intro[:300],
        live=False,
    )
    StudioIndexPage.objects.first().add_child(instance=studio)
    studio.save_revision()
    user = _lead_account(application, lead)
    application.status = application.Status.ACCEPTED
    application.studio = studio
    application.decided_at = timezone.now()
    application.save()
    transaction.on_commit(lambda: send_invitation(user, studio))
    return studio


def _lead_account(application, lead):
    User = get_user_model()
    user = User.objects.filter(person=lead).first() or User.objects.filter(email__iexact=application.lead_email).first()
    if user is None:
        username = unused_username(application.lead_email.split("@")[0] or pinyin_slug(lead.name))
        user = User(username=username, email=application.lead_email, first_name=lead.name)
        user.set_unusable_password()
    user.person = lead
    user.save()  # review.signals gives the account its studio
    return user


def unused_username(base):
    """`base` (cut to fit), or with a random number added while an account already has it."""
    User = get_user_model()
    username = base[:100] or "user"
    while User.objects.filter(username=username).exists():
        username = f"{base[:90]}{secrets.randbelow(10000)}"
    return username


def invitation_url(user):
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.WAGTAILADMIN_BASE_URL + path


def send_invitation(user, studio):
    subject = _("【创新工作室联盟】%(studio)s入驻申请已通过") % {"studio": studio.title}
    body = _(
        "%(name)s，您好：\n\n%(studio)s的入驻申请已通过审核。请打开下面的链接设置密码，登录后即可完善工作室页面、"
        "发布五小成果（发布前由工会审核）：\n\n%(link)s\n\n用户名：%(username)s"
    ) % {
        "name": user.first_name or user.username,
        "studio": studio.title,
        "link": invitation_url(user),
        "username": user.username,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
