"""/healthz, for the proxy and the compose file: the database and the cache must answer; a stopped
search cluster is reported without taking the site out (the database engine answers searches)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_healthy_process_says_so_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "search": "database"}}
    assert "no-store" in response["Cache-Control"]


def test_an_unreachable_cluster_is_reported_but_the_site_stays_in(client, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["search"].startswith("unavailable")


def test_a_cache_that_cannot_store_takes_the_process_out(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(blocker / "c")}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "unavailable", "search": "database"},
    }
