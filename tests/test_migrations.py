"""Migrating an existing site keeps its data: a database with the demo content, taken back to the
schema before roles had stable keys and before dead letters, then migrated forward again."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS = {"review": "0001", "alliance_search": "0003"}


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
    manage(database, "migrate", "--noinput")
    assert manage(database, "shell", "--no-imports", "-c", COUNTS) == before
    roles = manage(database, "shell", "--no-imports", "-c", ROLES).splitlines()
    assert roles[0] == str(
        sorted([("platform_admins", "平台管理员"), ("reviewers", "工会审核员"), ("studio_members", "工作室成员")])
    )
    assert roles[1] == "工会审核"
