"""Roles and the review workflow are found by a stable key, not by a name an admin may edit."""

import pytest

from django.contrib.auth.models import Group

from review.notify import reviewer_emails
from review.roles import REVIEWERS, ensure_roles, review_workflow, role_group, sees_everything, studios_of
from studios.models import StudioPage

pytestmark = pytest.mark.django_db


def test_renaming_the_reviewers_group_keeps_every_reviewer_right(django_user_model):
    group = role_group(REVIEWERS)
    reviewer = django_user_model.objects.create_user("shenhe", "shenhe@example.com", "pw")
    reviewer.groups.add(group)
    group.name = "省总工会 · 审核组"
    group.save()
    workflow = review_workflow()
    workflow.name = "省总工会审核流程"
    workflow.save()

    ensure_roles()  # as after the next migrate or demo load

    assert role_group(REVIEWERS).pk == group.pk
    assert not Group.objects.filter(name="工会审核员").exists()
    assert review_workflow().pk == workflow.pk
    assert sees_everything(reviewer)
    assert "shenhe@example.com" in reviewer_emails()
    assert studios_of(reviewer).count() == StudioPage.objects.count()
    task = workflow.tasks.first().specific
    assert group in task.groups.all()
    # Still reviewers' page rights: publish anywhere.
    studio = StudioPage.objects.live().first()
    assert studio.permissions_for_user(reviewer).can_publish()


def test_a_lead_and_an_editor_of_a_studio_see_the_same_studios(django_user_model):
    studio = StudioPage.objects.live().order_by("pk").first()
    editor = django_user_model.objects.create_user("bianji", "", "pw")
    editor.groups.add(studio.editors)
    assert list(studios_of(editor)) == [studio]
    lead_account = getattr(studio.lead, "account", None)
    if lead_account is not None:
        assert studio in studios_of(lead_account)
    outsider = django_user_model.objects.create_user("outsider", "", "pw")
    assert not studios_of(outsider).exists()
