"""The project's own health: system checks pass and every model change has a migration."""

from io import StringIO

import pytest

from django.core.management import call_command


def test_system_checks_pass():
    call_command("check", fail_level="WARNING", stdout=StringIO())


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out)
    except SystemExit:  # pragma: no cover - the failure message says which app
        pytest.fail(f"Model changes without a migration:\n{out.getvalue()}")


def test_production_settings_refuse_to_start_without_secret_key(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SECRET_KEY", raising=False)
    sys.modules.pop("alliance.settings.production", None)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        importlib.import_module("alliance.settings.production")


def test_base_settings_are_production_safe():
    from alliance.settings import base

    assert base.DEBUG is False
    assert base.LANGUAGE_CODE == "zh-hans"


def test_the_deployment_check_is_clean_under_production_settings():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.production",
        "SECRET_KEY": "a-long-random-production-like-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "alliance.example.com",
    }
    result = subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_process_on_the_test_settings_leaves_no_temporary_folders_behind():
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import django; django.setup(); from django.conf import settings;"
        " print(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)"
    )
    result = subprocess.run(  # noqa: S603 — our own settings
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    folders = [Path(folder) for folder in result.stdout.split()]
    assert len(folders) == 2 and all(folder.is_absolute() for folder in folders)
    assert not any(folder.exists() for folder in folders)  # each `manage.py` a test runs used to leave two


def test_responses_switch_off_browser_features_the_site_does_not_use(client, db):
    response = client.get("/search/?q=")
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_site_is_never_framed_and_the_admin_adds_only_inline_code_and_its_own_frames(admin_client):
    site = directives(admin_client.get("/search/?q=数控"))  # the same for a signed-in editor
    assert site["script-src"] == ["'self'"] and site["style-src"] == ["'self'"]
    assert site["object-src"] == ["'none'"] and site["frame-ancestors"] == ["'none'"]  # never framed
    admin_page = admin_client.get("/admin/pages/")
    admin = directives(admin_page)
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["frame-ancestors"] == ["'self'"] and admin_page.headers["X-Frame-Options"] == "SAMEORIGIN"  # preview
    exceptions = ("script-src", "style-src", "frame-ancestors")
    assert {name: value for name, value in admin.items() if name not in exceptions} == {
        name: value for name, value in site.items() if name not in exceptions
    }
