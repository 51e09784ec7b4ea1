"""The admin's home page for the two people it is for.

Both see their unread notifications first. A studio lead (or editor) sees their studio: how complete
its profile is, their projects by state — with a reviewer's comment on what was sent back —, new
collaboration requests, open 攻关榜 challenges that match the studio's specialties (through the search
service) and the studio's figures. A union reviewer sees what waits for them: the review queue with
how long each page has waited, new 入驻 applications and collaboration requests no studio has answered,
then the platform's figures.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from challenges.choices import ChallengeStatus
from collaboration.models import CollaborationRequest
from home.statistics import statistics
from projects.models import ProjectPage
from review import team
from review.models import StudioApplication
from review.notify import unread, unread_count
from review.roles import REVIEWERS, has_role, sees_everything, studios_of
from search import service
from search.params import SearchParams

LISTED = 5  # rows per list on the dashboard; each list links to the full listing
UNANSWERED_AFTER = dt.timedelta(days=7)


def panels_for(user):
    if user.is_superuser or has_role(user, REVIEWERS):
        return [
            NotificationsPanel(),
            ReviewQueuePanel(),
            ApplicationsPanel(),
            UnansweredRequestsPanel(),
            StatisticsPanel(),
        ]
    if sees_everything(user):
        return []
    studios = list(studios_of(user).order_by("pk"))
    if not studios:
        return []
    return [
        NotificationsPanel(),
        MyStudioPanel(studios),
        MyProjectsPanel(studios),
        NewRequestsPanel(studios),
        ChallengesPanel(studios),
    ]


class DashboardPanel(Component):
    order = 10  # before Wagtail's own panels

    def get_context_data(self, parent_context):
        return {"panel": self, "request": parent_context.get("request")}


class NotificationsPanel(DashboardPanel):
    """What waits for this person (review.notify), for leads and reviewers alike."""

    name = "notifications"
    template_name = "components/admin/dashboard/notifications.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows = unread(request.user)[:LISTED]
        return {**super().get_context_data(parent_context), "count": unread_count(request), "rows": rows}


# A studio lead's panels --------------------------------------------------------------------


class StudioPanel(DashboardPanel):
    """A panel about the studios the user works for."""

    def __init__(self, studios):
        self.studios = studios


class MyStudioPanel(StudioPanel):
    name = "my_studio"
    template_name = "components/admin/dashboard/my_studio.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        rows = []
        for studio in self.studios:
            checklist = studio.profile_checklist()
            live = ProjectPage.objects.live().filter(studio=studio)
            rows.append(
                {
                    "studio": studio,
                    "percent": round(100 * sum(done for _, done in checklist) / len(checklist)),
                    "missing": [label for label, done in checklist if not done],
                    "figures": live.aggregate(
                        projects=Count("pk"), benefit=Sum("economic_benefit"), patents=Count("patents", distinct=True)
                    ),
                    "requests": studio.collaboration_requests.count(),
                    "team_url": reverse("studio_team", args=[studio.pk]) if team.is_lead(studio, user) else "",
                }
            )
        profile_url = reverse("own_profile") if user.person_id else ""
        return {**super().get_context_data(parent_context), "rows": rows, "profile_url": profile_url}


class MyProjectsPanel(StudioPanel):
    name = "my_projects"
    template_name = "components/admin/dashboard/my_projects.html"
    STATES = [
        ("needs_changes", _("被退回，待修改")),
        ("in_review", _("审核中")),
        ("draft", _("草稿")),
        ("live", _("已发布")),
    ]

    def get_context_data(self, parent_context):
        projects = list(
            ProjectPage.objects.filter(studio__in=self.studios).order_by("-latest_revision_created_at", "-pk")
        )
        workflow = self.workflow_states(projects)
        grouped = {key: [] for key, _ in self.STATES}
        for project in projects:
            state, comment = workflow.get(project.pk, (None, ""))
            key = state or ("live" if project.live else "draft")
            grouped[key].append({"page": project, "comment": comment})
        groups = [
            {"key": key, "label": label, "count": len(grouped[key]), "rows": grouped[key][:LISTED]}
            for key, label in self.STATES
        ]
        return {**super().get_context_data(parent_context), "groups": groups, "total": len(projects)}

    @staticmethod
    def workflow_states(projects):
        """{page id: ("in_review" | "needs_changes", the reviewer's comment)} for projects in a workflow."""
        states = WorkflowState.objects.active().filter(
            base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(p.pk) for p in projects]
        )
        result = {}
        for state in states:
            if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                rejected = (
                    TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
                    .order_by("-finished_at")
                    .first()
                )
                result[int(state.object_id)] = ("needs_changes", rejected.comment if rejected else "")
            else:
                result[int(state.object_id)] = ("in_review", "")
        return result


class NewRequestsPanel(StudioPanel):
    name = "new_requests"
    template_name = "components/admin/dashboard/new_requests.html"

    def get_context_data(self, parent_context):
        new = CollaborationRequest.objects.filter(studio__in=self.studios, status=CollaborationRequest.Status.NEW)
        return {
            **super().get_context_data(parent_context),
            "count": new.count(),
            "rows": new.order_by("-created_at")[:LISTED],
            "listing_url": reverse("collaboration_requests:index") + "?status=new",
        }


class ChallengesPanel(StudioPanel):
    name = "matching_challenges"
    template_name = "components/admin/dashboard/challenges.html"

    def get_context_data(self, parent_context):
        specialties = sorted({tag.name for studio in self.studios for tag in studio.specialties.all()})
        # One search per specialty (all of them at once would ask for a challenge needing every one).
        found = {}
        for specialty in specialties:
            params = SearchParams(
                q=specialty, doc_type="challenge", filters={"status": ChallengeStatus.OPEN}, page_size=LISTED
            )
            for hit in service.search(params).hits:
                if hit.key not in found or hit.score > found[hit.key].score:
                    found[hit.key] = hit
        hits = sorted(found.values(), key=lambda hit: -hit.score)[:LISTED]
        return {**super().get_context_data(parent_context), "specialties": specialties, "hits": hits}


# A union reviewer's panels ----------------------------------------------------------------------


def waited(since):
    return (timezone.now() - since).days if since else None


class ReviewQueuePanel(DashboardPanel):
    name = "review_queue"
    template_name = "components/admin/dashboard/review_queue.html"

    def get_context_data(self, parent_context):
        in_review = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).order_by("started_at")
        rows = []
        for task_state in in_review.select_related("workflow_state", "revision")[: LISTED * 2]:
            page = Page.objects.filter(pk=task_state.workflow_state.object_id).specific().first()
            if page is not None:
                rows.append({"page": page, "started_at": task_state.started_at, "days": waited(task_state.started_at)})
        return {**super().get_context_data(parent_context), "count": in_review.count(), "rows": rows}


class ApplicationsPanel(DashboardPanel):
    name = "new_applications"
    template_name = "components/admin/dashboard/applications.html"

    def get_context_data(self, parent_context):
        pending = StudioApplication.objects.filter(status=StudioApplication.Status.PENDING).order_by("created_at")
        rows = [{"application": a, "days": waited(a.created_at)} for a in pending.select_related("enterprise")[:LISTED]]
        return {**super().get_context_data(parent_context), "count": pending.count(), "rows": rows}


class UnansweredRequestsPanel(DashboardPanel):
    name = "unanswered_requests"
    template_name = "components/admin/dashboard/unanswered_requests.html"

    def get_context_data(self, parent_context):
        unanswered = CollaborationRequest.objects.filter(
            Q(status=CollaborationRequest.Status.NEW), created_at__lt=timezone.now() - UNANSWERED_AFTER
        ).order_by("created_at")
        rows = [{"request": r, "days": waited(r.created_at)} for r in unanswered.select_related("studio")[:LISTED]]
        return {
            **super().get_context_data(parent_context),
            "count": unanswered.count(),
            "rows": rows,
            "days": UNANSWERED_AFTER.days,
        }


class StatisticsPanel(DashboardPanel):
    """The platform's headline figures (home.statistics, cached), with the way to the charts and the import."""

    name = "statistics"
    template_name = "components/admin/dashboard/statistics.html"

    def get_context_data(self, parent_context):
        counters, _figures = statistics()
        return {**super().get_context_data(parent_context), "counters": counters}
