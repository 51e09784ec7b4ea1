"""Demo accounts, for development only: a union reviewer, two studio leads of different enterprises and
a studio editor, each with something on their screens — the first lead's studio has a draft, a project
in review and new collaboration requests, and its team and the reviewer have notifications about them.

Deterministic (the first studios by id) and idempotent: accounts that exist are left alone, and so is
what they made.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from collaboration.models import CollaborationRequest
from collaboration.notify import notify_new_request
from projects.choices import Category
from projects.models import ProjectPage
from review.roles import REVIEWERS, add_to_studio, role_group
from studios.models import StudioPage

REVIEWER, FIRST_LEAD, SECOND_LEAD, EDITOR = "shenhe", "lingban1", "lingban2", "bianji1"

DRAFT = {
    "slug": "demo-draft-conveyor-idler-tool",
    "title": "输煤皮带机托辊快速更换工装",
    "category": Category.INVENTION,
    "summary": "更换托辊不再停机拆架，两人十分钟完成一组。",
    "problem": "<p>托辊损坏后需拆卸支架，停机时间长，检修人员劳动强度大。</p>",
    "solution": "<p>设计可折叠顶升工装，在不拆支架的情况下抬起输送带，快速更换托辊。</p>",
}
IN_REVIEW = {
    "slug": "demo-review-substation-patrol-alarms",
    "title": "变电站巡检机器人误报警的改进",
    "category": Category.INNOVATION,
    "summary": "通过调整识别阈值和加装遮光罩，巡检机器人误报警减少八成。",
    "problem": "<p>强光和雨雾天气下，巡检机器人常把反光误判为设备异常。</p>",
    "solution": "<p>按时段调整识别阈值，为摄像头加装遮光罩，并增加二次确认。</p>",
}
REQUESTS = [
    {
        "name": "赵工",
        "organisation": "晋能控股装备制造集团 · 技术中心",
        "contact": "zhao.demo@example.com",
        "topic": CollaborationRequest.Topic.JOINT,
        "message": "我们在井下带式输送机托辊检修上遇到同样的问题，希望联合攻关，共同完善工装。",
    },
    {
        "name": "钱师傅",
        "organisation": "太原重工 · 检修车间",
        "contact": "13800000000",
        "topic": CollaborationRequest.Topic.APPLY,
        "message": "贵工作室的成果能否在我们车间推广应用？想先来现场交流学习。",
    },
]


def demo_studios():
    """Two studios with a lead, of different enterprises: the first by id, then the next elsewhere."""
    studios = StudioPage.objects.exclude(lead=None).exclude(lead__account__isnull=False).order_by("pk")
    first = studios.first()
    if first is None:
        return None, None
    second = studios.exclude(enterprise=first.enterprise).exclude(lead=first.lead).first()
    return first, second


@transaction.atomic
def ensure_demo_accounts(password):
    """Creates the accounts that do not exist yet; returns [(username, what they are, created)]."""
    User = get_user_model()
    accounts = []

    existing = set(
        User.objects.filter(username__in=[REVIEWER, FIRST_LEAD, SECOND_LEAD, EDITOR]).values_list("username", flat=True)
    )

    def account(username, description, **fields):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@example.com", **fields)
            user.set_password(password)
            user.save()  # a lead's account joins their studio's group (review.signals)
        accounts.append((username, description, username not in existing))
        return user

    if FIRST_LEAD in existing:  # made on an earlier run, with what they made
        return [
            (username, "", False) for username in (REVIEWER, FIRST_LEAD, SECOND_LEAD, EDITOR) if username in existing
        ]
    reviewer = account(REVIEWER, "工会审核员", first_name="审核员", last_name="张")
    reviewer.groups.add(role_group(REVIEWERS))
    first, second = demo_studios()
    if first is not None:
        lead = account(FIRST_LEAD, f"领办人：{first.title}", person=first.lead, first_name=first.lead.name)
        editor = account(EDITOR, f"编辑：{first.title}", first_name="编辑")
        add_to_studio(first, editor)
        if second is not None:
            account(SECOND_LEAD, f"领办人：{second.title}", person=second.lead, first_name=second.lead.name)
        fill_the_leads_screens(first, lead)
    return accounts


def fill_the_leads_screens(studio, lead):
    # Notifications, but no e-mails from demo data: the workflow would write to every reviewer.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        draft = _project(studio, lead, DRAFT)
        draft.save_revision(user=lead)
        in_review = _project(studio, lead, IN_REVIEW)
        in_review.save_revision(user=lead)
        workflow = in_review.get_workflow()
        if workflow is not None:
            workflow.start(in_review, lead)
        for request in REQUESTS:
            notify_new_request(CollaborationRequest.objects.create(studio=studio, **request))


def _project(studio, lead, fields):
    page = ProjectPage(
        **fields,
        start_date=dt.date.today().replace(day=1),
        live=False,
        owner=lead,
    )
    studio.add_child(instance=page)
    return page
