"""Migrating an existing site keeps its data: a database with the demo content, taken back to the
schema before roles had stable keys, dead letters and the duplicate constraints, then migrated forward
again."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS = {
    "review": "0001",
    "alliance_search": "0003",
    "collaboration": "0001",
    "core": "zero",
    "competitions": "0001",
}


def manage(database, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


COUNTS = """
from django.contrib.auth.models import Group
from projects.models import ProjectPage
from search.models import SearchEntry
from studios.models import Person, StudioPage
print(ProjectPage.objects.count(), StudioPage.objects.count(), Person.objects.count(), SearchEntry.objects.count())
print(sorted(Group.objects.values_list("name", flat=True))[:3], Group.objects.count())
"""

# Two open applications for one studio, as simultaneous submits could store them before the constraint.
OLD_DOUBLE_APPLICATIONS = """
from django.db import connection
from django.utils import timezone
from studios.models import Enterprise
with connection.cursor() as cursor:
    for name in ("张三数控创新工作室", "张三 数控创新工作室"):
        cursor.execute(
            "INSERT INTO review_studioapplication (enterprise_id, studio_name, studio_type, level, lead_name,"
            " lead_phone, lead_email, intro, certificate, status, review_note, created_at)"
            " VALUES (%s, %s, 'craftsman', 'provincial', '张三', '13912345678', 'z@example.com', '简介',"
            " 'certificates/x.png', 'pending', '', %s)",
            [Enterprise.objects.order_by("pk").first().pk, name, timezone.now()],
        )
"""

# Three results sharing one code, as two editors saving at once could store them before the constraint.
OLD_REPEATED_RESULT_CODES = """
from competitions.models import CompetitionResult
rows = list(CompetitionResult.objects.order_by("pk")[:3])
assert len(rows) == 3
CompetitionResult.objects.filter(pk__in=[row.pk for row in rows]).update(code="JS-2026-001")
print([row.pk for row in rows])
"""

RESULT_CODES = """
from competitions.models import CompetitionResult
print(list(CompetitionResult.objects.filter(pk__in=%s).order_by("pk").values_list("code", flat=True)))
"""

APPLICATIONS = """
from review.models import StudioApplication
print(sorted((a.studio_name, a.name_key.startswith("张三数控创新工作室#")) for a in StudioApplication.objects.all()))
"""

ROLES = """
from review.models import Role
from review.roles import review_workflow
print(sorted((r.key, r.group.name) for r in Role.objects.select_related("group")))
print(review_workflow().name)
"""


def test_migrating_from_the_previous_schema_keeps_the_content_and_the_roles(tmp_path):
    database = tmp_path / "previous.sqlite3"
    manage(database, "migrate", "--noinput")
    manage(database, "load_demo_data", "--projects", "40", "--studios", "8", "--people", "30")
    before = manage(database, "shell", "--no-imports", "-c", COUNTS)
    for app, migration in PREVIOUS.items():
        manage(database, "migrate", app, migration, "--noinput")
    manage(database, "shell", "--no-imports", "-c", OLD_DOUBLE_APPLICATIONS)
    repeated = manage(database, "shell", "--no-imports", "-c", OLD_REPEATED_RESULT_CODES).strip()  # their keys
    manage(database, "migrate", "--noinput")
    assert manage(database, "shell", "--no-imports", "-c", COUNTS) == before
    both_kept = manage(database, "shell", "--no-imports", "-c", APPLICATIONS).strip()
    assert both_kept == str([("张三 数控创新工作室", True), ("张三数控创新工作室", False)])
    _, *others = json.loads(repeated)
    codes = manage(database, "shell", "--no-imports", "-c", RESULT_CODES % repeated).strip()
    assert codes == str(["JS-2026-001", *(f"JS-2026-001-{pk}" for pk in others)])
    roles = manage(database, "shell", "--no-imports", "-c", ROLES).splitlines()
    assert roles[0] == str(
        sorted([("platform_admins", "平台管理员"), ("reviewers", "工会审核员"), ("studio_members", "工作室成员")])
    )
    assert roles[1] == "工会审核"
