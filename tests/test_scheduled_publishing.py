"""定时发布: `manage.py publish_scheduled` (compose's scheduler service runs it every minute) publishes every
due revision; one the database refuses is named, stays scheduled, and does not hold back the others."""

import datetime as dt

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from competitions.models import CompetitionPage, CompetitionResult
from projects.models import ProjectPage
from review.models import Notification

pytestmark = pytest.mark.django_db


def scheduled(page, minutes_ago, change, user=None):
    """A revision of the page, changed by change(content), due `minutes_ago` minutes ago."""
    revision = page.save_revision(user=user)
    change(revision.content)
    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    revision.save()
    return revision


def test_a_revision_the_database_refuses_is_named_and_the_revisions_due_after_it_still_go_live(demo):
    competition, other = CompetitionPage.objects.live().filter(results__isnull=False).distinct().order_by("pk")[:2]
    refused = scheduled(competition, 10, lambda content: content["results"][0].update(code="JS-77"))
    # Meanwhile another competition published a result under that code.
    CompetitionResult.objects.filter(pk=other.results.order_by("pk").first().pk).update(code="JS-77")
    projects = list(ProjectPage.objects.live().order_by("pk")[:3])
    later = [
        scheduled(project, 5 - n, lambda content, n=n: content.update(title=f"定时发布的新标题{n}"))
        for n, project in enumerate(projects)
    ]

    with pytest.raises(CommandError) as failure:
        call_command("publish_scheduled")
    assert competition.title in str(failure.value) and "仍保留定时" in str(failure.value)
    for n, project in enumerate(projects):
        project.refresh_from_db()
        assert project.title == f"定时发布的新标题{n}" and project.live_revision_id == later[n].pk
    refused.refresh_from_db()
    assert refused.approved_go_live_at is not None  # still scheduled: an editor changes the code and publishes
    assert list(CompetitionResult.objects.filter(code="JS-77").values_list("page", flat=True)) == [other.pk]


def test_a_refused_revision_is_in_the_page_history_and_its_author_is_told_once(
    demo, django_user_model, mailoutbox, admin_client
):
    author = django_user_model.objects.create_user("scheduler", "scheduler@example.com", "pw")
    competition, other = CompetitionPage.objects.live().filter(results__isnull=False).distinct().order_by("pk")[:2]
    scheduled(competition, 10, lambda content: content["results"][0].update(code="JS-78"), user=author)
    CompetitionResult.objects.filter(pk=other.results.order_by("pk").first().pk).update(code="JS-78")

    for _minute in range(3):  # the scheduler runs every minute; the revision stays scheduled
        with pytest.raises(CommandError):
            call_command("publish_scheduled")

    history = admin_client.get(f"/admin/pages/{competition.pk}/history/").content.decode()
    assert history.count("定时发布失败，仍保留定时") == 1 and "编号已被其他内容占用" in history
    told = Notification.objects.filter(recipient=author, kind=Notification.Kind.SCHEDULED_PUBLISH)
    assert told.count() == 1 and competition.title in told.get().subject
    assert [message.to for message in mailoutbox] == [[author.email]]
    assert competition.title in mailoutbox[0].subject and "仍保留定时" in mailoutbox[0].body


def test_expired_pages_go_offline_and_nothing_due_is_a_quiet_success(demo):
    project = ProjectPage.objects.live().order_by("pk").first()
    ProjectPage.objects.filter(pk=project.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("publish_scheduled")
    project.refresh_from_db()
    assert not project.live and project.expired


def test_a_failure_to_tell_the_editors_does_not_hold_back_the_revisions_due_after_it(demo, monkeypatch):
    def unreachable(revision, reason):
        raise RuntimeError("通知服务不可用")

    monkeypatch.setattr("review.signals.notify_refused_publication", unreachable)
    competition, other = CompetitionPage.objects.live().filter(results__isnull=False).distinct().order_by("pk")[:2]
    scheduled(competition, 10, lambda content: content["results"][0].update(code="JS-79"))
    CompetitionResult.objects.filter(pk=other.results.order_by("pk").first().pk).update(code="JS-79")
    project = ProjectPage.objects.live().order_by("pk").first()
    later = scheduled(project, 5, lambda content: content.update(title="通知失败后仍发布的标题"))

    with pytest.raises(CommandError) as failure:
        call_command("publish_scheduled")
    assert competition.title in str(failure.value)
    project.refresh_from_db()
    assert project.title == "通知失败后仍发布的标题" and project.live_revision_id == later.pk
