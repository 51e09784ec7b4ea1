"""Counting requests: at most `limit` per client and kind in a window, counted in the database.

The count is read and written under a row lock (PostgreSQL) or in an immediate transaction (SQLite),
so simultaneous requests are counted one after the other, in every worker process."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import RequestCount

STALE_AFTER = timedelta(days=1)  # counters this old are deleted when a new one is started


def counter_key(kind, value):
    """The value is hashed with the secret key: the table holds no addresses or e-mails."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:40]
    return f"{kind[:38]}:{digest}"


def over_limit(kind, value, limit, window_seconds):
    """Count one more request for (kind, value); True once there were more than `limit` in the window."""
    now = timezone.now()
    window = timedelta(seconds=window_seconds)
    with transaction.atomic():
        counter, created = RequestCount.objects.select_for_update().get_or_create(
            key=counter_key(kind, value), defaults={"started_at": now, "count": 1}
        )
        if created:
            RequestCount.objects.filter(started_at__lt=now - max(window, STALE_AFTER)).delete()
        else:
            if counter.started_at <= now - window:
                counter.started_at, counter.count = now, 1
            else:
                counter.count += 1
            counter.save(update_fields=["started_at", "count"])
    return counter.count > limit
