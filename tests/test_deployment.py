"""The production stack, started the way its users start it: production settings pass Django's
deployment checks, gunicorn serves the app with whitenoise's static files and one JSON log line per
request, the cache is shared (Redis, else a database table), index updates go through the task
queue's worker, and compose.yaml agrees with the settings it feeds."""

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command, get_commands
from django.db import connection
from django.test import override_settings

from tests.conftest import ES_READ_PREFIX

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "alliance.settings.production",
    "SECRET_KEY": "a-production-grade-key-" + "x7Qp2Lm9" * 6,
    "ALLOWED_HOSTS": "studios.example.org,127.0.0.1",
}


def production_env(tmp_path, **extra):
    """The process environment of a production deployment (nothing inherited from the test settings)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ELASTICSEARCH_"))}
    env.pop("REDIS_URL", None)
    env.update(PRODUCTION)
    env["DATABASE_URL"] = extra.pop("DATABASE_URL", f"sqlite:///{tmp_path / 'production.sqlite3'}")
    env.update(extra)
    return env


def production_settings(tmp_path, **extra):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], 'tasks': s.TASKS['default']['BACKEND'], "
        "'sessions': s.SESSION_ENGINE, 'elasticsearch': s.ELASTICSEARCH, 'wagtail': s.WAGTAILSEARCH_BACKENDS, "
        "'middleware': s.MIDDLEWARE, 'static': s.STORAGES['staticfiles']['BACKEND'], "
        "'connection': [s.DATABASES['default'][k] for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=production_env(tmp_path, **extra), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_never_caches_in_one_process_and_queues_index_updates(tmp_path):
    alone = production_settings(tmp_path)
    assert alone["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert alone["tasks"] == "django_tasks_db.DatabaseBackend"
    assert alone["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = alone["middleware"]
    security = middleware.index("django.middleware.security.SecurityMiddleware")
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == security + 1  # right after security

    shared = production_settings(tmp_path, REDIS_URL="redis://cache:6379/0", TASKS_BACKEND="immediate")
    assert shared["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert shared["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_production_workers_keep_their_database_connection_between_requests(tmp_path):
    # Opening a connection was half of a small page's time; a kept one is checked before it is reused.
    assert production_settings(tmp_path)["connection"] == [60, True]
    assert production_settings(tmp_path, DATABASE_CONN_MAX_AGE="0")["connection"] == [0, True]


def test_a_secured_cluster_of_several_nodes_is_configured_from_the_environment(tmp_path, settings):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    configured = production_settings(
        tmp_path,
        ELASTICSEARCH_URL="https://es1.example.org:9200, https://es2.example.org:9200",
        ELASTICSEARCH_CA_CERTS=str(ca),
        ELASTICSEARCH_API_KEY="a2V5OnNlY3JldA==",
        WAGTAILSEARCH_ELASTICSEARCH="1",
    )
    cluster = configured["elasticsearch"]
    assert cluster["URL"] == "https://es1.example.org:9200,https://es2.example.org:9200"
    assert cluster["CLIENT"] == {"max_retries": 1, "ca_certs": str(ca), "api_key": "a2V5OnNlY3JldA=="}
    wagtail = configured["wagtail"]["default"]
    assert wagtail["URLS"] == ["https://es1.example.org:9200", "https://es2.example.org:9200"]
    assert wagtail["OPTIONS"]["api_key"] == "a2V5OnNlY3JldA=="

    # The client the site builds from that configuration: both nodes, the key sent with every request.
    from search import elastic

    settings.ELASTICSEARCH = {**cluster, "CLIENT": {**cluster["CLIENT"], "ca_certs": None}}
    settings.ELASTICSEARCH["URL"] = "http://127.0.0.1:9,http://127.0.0.1:10"
    client = elastic.client()
    assert len(client.transport.node_pool.all()) == 2
    assert client._headers["authorization"] == "ApiKey a2V5OnNlY3JldA=="
    assert elastic.reachable() is False  # neither node answers: reported, not raised


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer under test, not followed


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback http only
    try:
        with urllib.request.build_opener(KeepRedirects).open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="session")
def shared_database_url(django_db_setup, django_db_blocker, tmp_path_factory):
    """A URL of the suite's database (demo data included) that another process can open. Session
    scoped, so it is made before any test's transaction, which SQLite's copy would wait for."""
    if connection.vendor == "postgresql":
        return re.sub(r"/[^/]*$", f"/{connection.settings_dict['NAME']}", os.environ["DATABASE_URL"])
    path = tmp_path_factory.mktemp("database") / "copy.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()  # SQLite's test database lives in memory: copied to a file
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
    return f"sqlite:///{path}"


def test_gunicorn_serves_the_site_with_its_static_files_and_a_json_line_per_request(
    tmp_path, shared_database_url, redis_url, elasticsearch_node, demo
):
    studio_url = demo.studio.url
    static_root = tmp_path / "static"
    extra = {
        "STATIC_ROOT": str(static_root),
        "REDIS_URL": redis_url,
        "ELASTICSEARCH_URL": elasticsearch_node,
        "ELASTICSEARCH_INDEX_PREFIX": ES_READ_PREFIX,
        "DATABASE_URL": shared_database_url,
    }
    env = production_env(tmp_path, **extra)
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, capture_output=True
    )
    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]

    port = free_port()
    env.update(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    log = tmp_path / "gunicorn.log"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    with log.open("w") as output:
        server = subprocess.Popen([gunicorn], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = fetch(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert status == 200, body
        assert json.loads(body)["checks"] == {"database": "ok", "cache": "ok", "search": "ok"}

        # Behind the TLS proxy: hashed names, compressed, cached for good; plain HTTP is redirected.
        https = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        status, headers, body = fetch(f"http://127.0.0.1:{port}/static/{hashed}", https)
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
        assert fetch(f"http://127.0.0.1:{port}/static/{hashed}")[0] == 301
        status, headers, body = fetch(f"http://127.0.0.1:{port}{studio_url}", {"X-Forwarded-Proto": "https"})
        assert status == 200
        assert f'href="/static/{hashed}"' in body.decode()
        status, headers, body = fetch(f"http://127.0.0.1:{port}/no-such-page/", {"X-Forwarded-Proto": "https"})
        assert status == 404
        assert "text/html" in headers["Content-Type"]
        # A query string over the site's bound passes gunicorn's own and gets the site's Chinese page.
        overlong = "x" * settings.MAX_QUERY_STRING_BYTES
        status, headers, body = fetch(f"http://127.0.0.1:{port}/search/?q={overlong}", {"X-Forwarded-Proto": "https"})
        assert status == 414
        assert "网址太长" in body.decode()
    finally:
        server.terminate()
        server.wait(timeout=30)

    access = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    # One line per request; two workers write them, so two requests in a row may be logged in either order.
    assert sorted((line["path"], line["status"]) for line in access) == sorted(
        [
            ("/healthz", 200),
            (f"/static/{hashed}", 200),
            (f"/static/{hashed}", 301),
            (studio_url, 200),
            ("/no-such-page/", 404),
            ("/search/", 414),
        ]
    )
    assert all(line["ms"] >= 0 and line["method"] == "GET" for line in access)


def test_redis_is_the_shared_cache_and_a_stopped_one_takes_the_process_out_quickly(client, redis_url, db):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    with override_settings(CACHES={"default": redis}):
        caches["default"].set("shared", "seen by every worker")
        assert caches.create_connection("default").get("shared") == "seen by every worker"  # another client
        assert client.get("/healthz").json()["checks"]["cache"] == "ok"
    stopped = {**redis, "LOCATION": f"redis://127.0.0.1:{free_port()}/0", "OPTIONS": {"socket_connect_timeout": 1}}
    with override_settings(CACHES={"default": stopped}):
        started = time.monotonic()
        response = client.get("/healthz")
        assert response.status_code == 503
        assert time.monotonic() - started < 5


def test_with_the_database_queue_an_edit_reaches_search_once_the_worker_has_run(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker runs here, inside the test's transaction (which holds the queued task); between tasks it
    # closes connections past their age, which would close the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    from django_tasks_db.models import DBTaskResult

    from search.params import SearchParams
    from search.service import search

    def found(words):  # the hits holding every word
        return [hit.url for hit in search(SearchParams(q=words)).hits if not hit.partial]

    word = "星辰巡检"  # in no demo text: found only once the edit is indexed
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with django_capture_on_commit_callbacks(execute=True):
            demo.project.title = f"{word}{demo.project.title}"
            demo.project.save_revision().publish()
        assert DBTaskResult.objects.filter(status="READY").exists()
        assert demo.project.url not in found(word)  # the request did not wait for the index
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert found(word)[:1] == [demo.project.url]


def test_compose_feeds_only_settings_that_exist_and_runs_commands_that_exist():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"app", "worker", "scheduler", "migrate", "proxy", "db", "search", "cache"} <= services.keys()
    read = "\n".join(
        path.read_text() for path in [*(ROOT / "alliance" / "settings").glob("*.py"), ROOT / "gunicorn.conf.py"]
    )
    example = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line)
    assert "manage.py publish_scheduled" in " ".join(services["scheduler"]["command"])
    for name in ("app", "worker", "scheduler", "migrate"):
        variables = set(services[name]["environment"]) | set(example)
        # Read by Django, dj_database_url.config() and the compose file itself rather than by our settings.
        for variable in variables - {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "POSTGRES_PASSWORD"}:
            assert f'"{variable}"' in read, f"{name} sets {variable}, which no setting reads"
        commands = re.findall(r"manage\.py (\w+)", " ".join(services[name].get("command", [])))
        assert set(commands) <= get_commands().keys()
    for volume in services["proxy"]["volumes"]:
        source = volume.split(":")[0]
        assert not source.startswith(".") or (ROOT / source).exists()
    # The cluster image is the version the local node and the tests use.
    pom = (ROOT / "es" / "pom.xml").read_text()
    version = re.search(r"<elasticsearch.version>([^<]+)<", pom).group(1)
    assert services["search"]["image"].endswith(f":{version}")
