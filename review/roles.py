"""Who may do what: the platform's roles as Wagtail groups, page permissions and collections.

- 平台管理员 (platform admin): everything.
- 工会审核员 (union reviewer): edits and publishes anywhere, approves in the 工会审核 workflow,
  manages honors, people and enterprises.
- 工作室成员 (studio member): may use the admin and choose people, honors and enterprises; what they
  may edit comes from their studio's own group.
- one group per studio (领办人 and editors): add and change pages inside their studio only (the studio
  page and its projects) — never publish: publishing goes through 工会审核 — and add, change and choose
  images and documents in the studio's own collection.

ensure_roles() (after every migrate, and after the demo data) creates the shared groups and the
workflow; grant_studio_access() (whenever a studio is saved) creates a studio's group and collection.
Groups and the workflow are found by their role's key (review.models.Role), never by name: renaming
工会审核员 in the admin keeps every reviewer's rights.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.pagecache import content_changed
from review.models import Role
from studios.models import StudioIndexPage, StudioPage

PLATFORM_ADMINS, REVIEWERS, STUDIO_MEMBERS = Role.Key.PLATFORM_ADMINS, Role.Key.REVIEWERS, Role.Key.STUDIO_MEMBERS
WORKFLOW = "工会审核"  # the name given to the workflow and its task when they are first created
# What wagtailcore's own migrations create, folded into the roles above (fold_wagtail_defaults).
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

PAGE_EDIT = ("add_page", "change_page")
PAGE_PUBLISH = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
PAGE_ALL = (*PAGE_PUBLISH, "delete_page", "bulk_delete_page")
# Wagtail checks image and document permissions against its own models, even with a custom image model.
MEDIA = {"wagtailimages": "image", "wagtaildocs": "document"}
# Snippets studio members pick in choosers (a project's team, a studio's honors) but may not change.
CHOOSABLE = [("studios", "person"), ("studios", "honor"), ("studios", "enterprise"), ("studios", "region")]
REVIEWER_MANAGES = [("studios", "person"), ("studios", "honor"), ("studios", "enterprise")]


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_permission(codename):
    return permission("wagtailcore", codename)


def _model_permissions(models, actions):
    return [permission(app, f"{action}_{model}") for app, model in models for action in actions]


def _media_permissions(group, collection, actions):
    for app, model in MEDIA.items():
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission(app, f"{action}_{model}")
            )


def _page_permissions(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=page_permission(codename))


@transaction.atomic
def ensure_roles():
    """Create (or complete) the shared groups and the 工会审核 workflow; safe to run again."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)  # post_migrate may not have reached every app yet
    access_admin = permission("wagtailadmin", "access_admin")
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()

    admins = role_group(PLATFORM_ADMINS, create=True)
    admins.permissions.set(Permission.objects.all())
    reviewers = role_group(REVIEWERS, create=True)
    reviewers.permissions.set(
        [
            access_admin,
            *_model_permissions(REVIEWER_MANAGES, ("add", "change", "view")),
            *_model_permissions([("collaboration", "collaborationrequest")], ("view", "change")),
            *_model_permissions([("review", "studioapplication")], ("view", "change")),
            *_model_permissions([("challenges", "challengeresponse")], ("add", "view", "change", "delete")),
            *_model_permissions([("projects", "projectadoption")], ("add", "view", "change")),
            # The vocabulary they tend from the 搜索词报告, and the editors' picks (search promotions).
            *_model_permissions([("alliance_search", "queryoutcome")], ("view",)),
            *_model_permissions(
                [("alliance_search", "synonymrule"), ("alliance_search", "dictionaryword")], ("add", "view", "change")
            ),
            *_model_permissions([("wagtailsearchpromotions", "searchpromotion")], ("add", "change", "delete")),
        ]
    )
    members = role_group(STUDIO_MEMBERS, create=True)
    members.permissions.set(
        [
            access_admin,
            *_model_permissions(CHOOSABLE, ("view",)),
            # Their own requests and responses only: the apps' wagtail_hooks narrow the views.
            *_model_permissions([("collaboration", "collaborationrequest")], ("view", "change")),
            *_model_permissions([("challenges", "challengeresponse")], ("add", "view", "change", "delete")),
            *_model_permissions([("projects", "projectadoption")], ("add", "view", "change")),
        ]
    )
    if root_page and root_collection:
        _page_permissions(admins, root_page, PAGE_ALL)
        _page_permissions(reviewers, root_page, PAGE_PUBLISH)
        _media_permissions(admins, root_collection, ("add", "change", "delete", "choose"))
        _media_permissions(reviewers, root_collection, ("add", "change", "choose"))
    fold_wagtail_defaults(reviewers, ensure_workflow(reviewers))
    for studio in StudioPage.objects.filter(editors__isnull=True):  # studios created before the roles
        grant_studio_access(studio)


def role_group(key, create=False):
    """The group of a role, by its key; with `create`, made (or adopted by its first name) if missing."""
    role = Role.objects.select_related("group").filter(key=key).first()
    if role is not None:
        return role.group
    if not create:
        return None
    group, _ = Group.objects.get_or_create(name=Role.Key(key).label)
    Role.objects.create(key=key, group=group)
    return group


def review_workflow():
    """The 工会审核 workflow, whatever it has been renamed to (None before ensure_roles)."""
    role = Role.objects.select_related("workflow").filter(key=REVIEWERS).first()
    return role.workflow if role else None


def ensure_workflow(reviewers):
    """工会审核: one approval by a union reviewer, for everything under every studio directory."""
    workflow = review_workflow()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW)
        Role.objects.filter(key=REVIEWERS).update(workflow=workflow)
    link = WorkflowTask.objects.filter(workflow=workflow).select_related("task").first()
    task = GroupApprovalTask.objects.filter(pk=link.task_id).first() if link else None
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW)
        WorkflowTask.objects.create(workflow=workflow, task=task.task_ptr, sort_order=0)
    task.groups.add(reviewers)
    for directory in StudioIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page=directory, defaults={"workflow": workflow})
    return workflow


def fold_wagtail_defaults(reviewers, workflow):
    """Wagtail's starting groups (Moderators, Editors) and workflow (Moderators approval, on the root)
    beside the project's roles only confuse: the root's pages go through 工会审核 too, Moderators become
    union reviewers, and what is then unused goes. A group or workflow someone still uses is kept."""
    root_page = Page.get_first_root_node()
    if root_page:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    roles = Role.objects.values_list("group_id", flat=True)
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exclude(pk__in=roles):
        if group.name == "Moderators":
            reviewers.user_set.add(*group.user_set.all())
            group.user_set.clear()
        if not group.user_set.exists():
            group.delete()
    unused = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exclude(pk=workflow.pk)
    for old in unused.filter(workflow_pages=None, workflow_content_types=None, workflow_states=None):
        tasks = Task.objects.filter(workflow_tasks__workflow=old)
        for task in tasks.filter(task_states=None):
            if not task.workflow_tasks.exclude(workflow=old).exists():
                task.delete()
        old.delete()


@transaction.atomic
def grant_studio_access(studio):
    """The studio's own group and collection, with the permissions above; its lead's account joins."""
    changed = {}
    if studio.collection_id is None:
        changed["collection"] = Collection.get_first_root_node().add_child(name=studio.title[:255])
    if studio.editors_id is None:
        changed["editors"] = Group.objects.create(name=f"{studio.title} · 编辑组（{studio.pk}）"[:150])
    if changed:
        # Once per studio, not on every save: a studio page is saved on each draft and publish.
        StudioPage.objects.filter(pk=studio.pk).update(**changed)  # no new revision for bookkeeping
        content_changed()  # an update() sends no signal (core.pagecache)
        for name, value in changed.items():
            setattr(studio, name, value)
        _page_permissions(studio.editors, studio, PAGE_EDIT)
        _media_permissions(studio.editors, studio.collection, ("add", "change", "choose"))
    lead_account = getattr(studio.lead, "account", None) if studio.lead_id else None
    if lead_account is not None:
        add_to_studio(studio, lead_account)


def has_role(user, key):
    return user.groups.filter(role__key=key).exists()


def sees_everything(user):
    """Platform admins and union reviewers see every studio's requests, responses and applications."""
    return user.is_superuser or user.groups.filter(role__key__in=[PLATFORM_ADMINS, REVIEWERS]).exists()


def studios_of(user):
    """The studios a user works for: those whose group they are in (a lead's account joins it, and
    editors are added to it). Everyone's studios for those who see everything."""
    studios = StudioPage.objects.all()
    return studios if sees_everything(user) else studios.filter(editors__user=user)


def add_to_studio(studio, user):
    """Make a user a lead or editor of a studio."""
    user.groups.add(studio.editors, role_group(STUDIO_MEMBERS, create=True))
