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
