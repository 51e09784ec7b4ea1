"""Fast, hermetic settings for the test suite."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Django's test client logs in without a request, which django-axes refuses; the throttling tests
# switch it on (tests/test_throttling.py).
AXES_ENABLED = False
# A look at the planner's statistics after some request would add its queries to that test's count;
# tests/test_planner.py switches it on.
PLANNER_STATISTICS_SECONDS = 0


def _throwaway_folder(prefix):
    """A temporary folder removed when the process that made it exits (every `manage.py` a test runs
    loads these settings too; a forked worker leaves its parent's folder alone)."""
    folder, owner = Path(tempfile.mkdtemp(prefix=prefix)), os.getpid()
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(folder, ignore_errors=True))
    return folder


# Uploaded files go to a throwaway folder, never into the working tree.
MEDIA_ROOT = _throwaway_folder("alliance-test-media-")
PRIVATE_MEDIA_ROOT = _throwaway_folder("alliance-test-private-")
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405

# The database engine unless a test asks for the Elasticsearch test node (tests/conftest.py), or points a
# manage.py it runs at it (tests.conftest.manage's `elasticsearch`).
ELASTICSEARCH = {  # noqa: F405
    **ELASTICSEARCH,  # noqa: F405
    "URL": os.environ.get("TEST_ELASTICSEARCH_URL", ""),
    "INDEX_PREFIX": os.environ.get("TEST_ELASTICSEARCH_INDEX_PREFIX", "test"),
}

# Wagtail's own search on the database, whatever ELASTICSEARCH_URL the environment has.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "textsearch.backends.database"}}

# django-modelsearch's own backend suite runs against this project's backends (tests/test_modelsearch_contract.py):
# its models (app label "searchtests") and the fixture it loads, which the wheel does not ship.
INSTALLED_APPS = [*INSTALLED_APPS, "modelsearch.test.testapp"]  # noqa: F405
FIXTURE_DIRS = [Path(__file__).resolve().parent.parent.parent / "tests" / "fixtures"]
# Its migrations hang on modelsearch's own app label, which Wagtail installs as "wagtailsearch".
MIGRATION_MODULES = {"searchtests": None}
