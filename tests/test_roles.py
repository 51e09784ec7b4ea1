"""Roles and the review workflow are found by a stable key, not by a name an admin may edit."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Workflow

from review.notify import reviewers
from review.roles import (
    REVIEWERS,
    WAGTAIL_DEFAULT_GROUPS,
    WAGTAIL_DEFAULT_WORKFLOW,
    ensure_roles,
    has_role,
    review_workflow,
    role_group,
    sees_everything,
    studios_of,
)
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
    assert reviewer in reviewers()
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


def test_wagtails_starting_groups_and_workflow_are_folded_into_the_roles(demo):
    assert not Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exists()
    assert not Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exists()
    for page in (demo.home, demo.project_index, demo.alliance, demo.project):  # inside the studios and out
        assert page.get_workflow() == review_workflow(), page


def test_a_moderator_becomes_a_union_reviewer_and_a_used_editors_group_is_kept(django_user_model):
    moderator = django_user_model.objects.create_user("moderator-1", password="pw-for-tests")
    moderator.groups.add(Group.objects.create(name="Moderators"))
    editor = django_user_model.objects.create_user("editor-1", password="pw-for-tests")
    editor.groups.add(Group.objects.create(name="Editors"))
    ensure_roles()
    assert has_role(moderator, REVIEWERS)
    assert not Group.objects.filter(name="Moderators").exists()
    assert editor.groups.filter(name="Editors").exists()  # nobody's access is taken away unasked
