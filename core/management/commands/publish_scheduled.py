"""Wagtail's publish_scheduled — run every minute by compose's `scheduler` service (or cron, README
"Deployment") — with each due revision published on its own: one the database refuses (a 成绩编号 another
competition took after it was scheduled) is named, stays scheduled, and no longer holds back the others.
Wagtail's loop stops at its first failure, so one such revision kept every later one from going live.
The refusal is recorded in the object's history and its editors are told, once (core.scheduling)."""

import logging

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone

from wagtail.management.commands import publish_scheduled
from wagtail.models import DraftStateMixin, Page, Revision

from core.scheduling import describe, refused

logger = logging.getLogger(__name__)


class Command(publish_scheduled.Command):
    help = "下线到期的页面和内容，发布到期的定时版本（每分钟运行一次）"

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        unpublish_expired()
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by("approved_go_live_at", "pk")
        published, failed = 0, []
        for revision in due:
            try:
                with transaction.atomic():
                    revision.publish(log_action="wagtail.publish.scheduled")
                published += 1
            except (DatabaseError, ValidationError) as error:
                revision.refresh_from_db()  # as it is stored: still scheduled
                name = revision.content.get("title") or revision.object_str
                logger.error("Scheduled revision %s of %r could not be published: %s", revision.pk, name, error)
                reason = describe(error)
                failed.append(f"{name}（版本 {revision.pk}）：{reason}")
                try:
                    refused(revision, reason)
                except Exception:  # noqa: BLE001 — telling its editors must not hold back the revisions due after it
                    logger.exception("Could not record the refusal of scheduled revision %s", revision.pk)
        if options["verbosity"] > 1:
            self.stdout.write(f"已发布 {published} 个定时版本")
        if failed:
            raise CommandError("以下定时发布未能完成，仍保留定时，请修改后重新发布：\n" + "\n".join(failed))


def unpublish_expired():
    """As Wagtail does: the live pages and snippets whose 下线时间 has passed."""
    models = [Page, *(m for m in apps.get_models() if issubclass(m, DraftStateMixin) and not issubclass(m, Page))]
    for model in models:
        for obj in list(model.objects.filter(live=True, expire_at__lt=timezone.now()).order_by("expire_at")):
            obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
