"""Who is told about a collaboration request or a 揭榜 (through review.notify)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from review.notify import Kind, notify, reviewers
from review.team import team_of


def studio_team(studio):
    """The accounts that answer for a studio: its lead's and its editors'."""
    if studio is None:
        return []
    team = list(team_of(studio)) if studio.editors_id else []
    lead_account = getattr(studio.lead, "account", None) if studio.lead_id else None
    return [*team, lead_account] if lead_account is not None else team


def notify_new_request(collaboration):
    """The studio's team; a request for no studio (or a studio nobody runs) goes to the reviewers."""
    to = studio_team(collaboration.studio) or reviewers()
    subject = _("新的合作申请：%(target)s") % {"target": collaboration.target_title}
    body = "\n".join(
        [
            _("%(name)s（%(organisation)s）希望就“%(target)s”与您合作。")
            % {
                "name": collaboration.name,
                "organisation": collaboration.organisation,
                "target": collaboration.target_title,
            },
            _("合作事项：%(topic)s") % {"topic": collaboration.get_topic_display()},
            _("联系方式：%(contact)s") % {"contact": collaboration.contact},
            "",
            collaboration.message,
            "",
            _("请在后台查看并标记处理状态。"),
        ]
    )
    notify(to, Kind.COLLABORATION, subject, body, reverse("collaboration_requests:edit", args=[collaboration.pk]))


def notify_new_response(response, author):
    """A 揭榜: the reviewers who run the 攻关榜, and the responding studio's team except its author."""
    teammates = [user for user in studio_team(response.studio) if user.pk != author.pk]
    subject = _("%(studio)s揭榜：%(challenge)s") % {
        "studio": response.studio.title,
        "challenge": response.challenge.title,
    }
    body = "\n".join([_("攻关思路：%(plan)s") % {"plan": response.plan}, "", _("请在后台查看。")])
    to = [user for user in [*reviewers(), *teammates] if user.pk != author.pk]
    notify(to, Kind.CHALLENGE_RESPONSE, subject, body, reverse("challenge_responses:edit", args=[response.pk]))


def notify_new_adoption(adoption):
    """The project's studio team confirms it; a project no studio runs goes to the reviewers."""
    to = studio_team(adoption.studio) or reviewers()
    subject = _("新的推广应用待确认：%(project)s") % {"project": adoption.project.title}
    body = "\n".join(
        [
            _("%(enterprise)s（%(site)s）登记了对“%(project)s”的推广应用，自 %(date)s 起应用。")
            % {
                "enterprise": adoption.enterprise.name,
                "site": adoption.site,
                "project": adoption.project.title,
                "date": adoption.adopted_on.isoformat(),
            },
            _("联系人：%(name)s %(contact)s") % {"name": adoption.contact_name, "contact": adoption.contact},
            "",
            adoption.description,
            "",
            _("请核实后在后台确认；确认后成果页和统计才会显示。"),
        ]
    )
    notify(to, Kind.ADOPTION, subject, body, reverse("project_adoptions:edit", args=[adoption.pk]))
