"""Simultaneous submits: the database, not a check before the insert, keeps one row per intent.

The suite's own database is one connection inside a transaction that is rolled back, where true
concurrency cannot happen. So this runs in a separate process against a freshly migrated database of
the suite's kind (an SQLite file in WAL mode as `make run` uses, or a new PostgreSQL database on the
suite's server), with one thread and one database connection per simultaneous request.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
THREADS = 8

PROBE = """
import io, json, threading
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from collaboration.models import CollaborationRequest
from review.models import StudioApplication
from studios.models import Enterprise, Industry, Person, Region

THREADS = %(threads)d
region = Region.objects.create(name="测试市", slug="ce-shi-shi")
industry = Industry.objects.create(name="测试行业", slug="ce-shi-hang-ye")
enterprise = Enterprise.objects.create(name="测试集团有限公司", slug="ce-shi", region=region, industry=industry)
person = Person.objects.create(name="测试工匠", slug="ce-shi-gong-jiang", enterprise=enterprise)


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("证书.png", buffer.getvalue(), content_type="image/png")


def at_once(post, address=None):
    \"\"\"post(i) from THREADS threads released together (from one address, or each from its own);
    the status codes.\"\"\"
    barrier, codes = threading.Barrier(THREADS), [None] * THREADS

    def run(i):
        client = Client(REMOTE_ADDR=address or f"198.51.100.{i + 1}")
        barrier.wait()
        try:
            codes[i] = client.post(*post(i)).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return codes


application = {
    "enterprise": enterprise.pk, "studio_name": "张三 数控创新工作室", "studio_type": "craftsman",
    "level": "provincial", "lead_name": "张三", "lead_phone": "13912345678",
    "lead_email": "zhang@example.com", "intro": "专注数控加工工艺改进的创新工作室。",
}
apply_codes = at_once(lambda i: ("/apply/", {**application, "certificate": png()}))

message = {"name": "李四", "organisation": "某研究院", "contact": "li@example.com", "topic": "joint",
           "message": "希望就数控加工的刀具寿命问题开展联合攻关。"}
url = f"/collaborate/person/{person.pk}/"
double_codes = at_once(lambda i: (url, message), address="203.0.113.7")
doubles = CollaborationRequest.objects.count()
different = lambda i: (url, {**message, "message": f"第 {i} 个不同的合作需求：希望开展联合攻关。"})
flood_codes = at_once(different, address="203.0.113.7")
print(json.dumps({
    "applications": StudioApplication.objects.count(),
    "apply_codes": apply_codes,
    "doubles": doubles,
    "double_codes": double_codes,
    "requests": CollaborationRequest.objects.count(),
    "flood_codes": flood_codes,
}))
"""


def probe_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the suite's kind, and how to drop it afterwards."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'races.sqlite3'}", lambda: None
    settings = connection.settings_dict
    name = f"alliance_races_{uuid.uuid4().hex[:8]}"
    import psycopg  # only on PostgreSQL

    server = {"host": settings["HOST"], "port": settings["PORT"] or 5432, "user": settings["USER"]}
    if settings["PASSWORD"]:
        server["password"] = settings["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{server['host']}:{server['port']}/{name}", drop


def manage(database_url, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def races(tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        database_url, drop = probe_database(tmp_path_factory.mktemp("races"))
    try:
        manage(database_url, "migrate", "--noinput")
        output = manage(database_url, "shell", "--no-imports", "-c", PROBE % {"threads": THREADS})
    finally:
        drop()
    return json.loads(output.strip().splitlines()[-1])


def test_the_same_application_submitted_at_once_is_stored_once(races):
    assert races["applications"] == 1
    assert 500 not in races["apply_codes"]
    assert races["apply_codes"].count(302) == 1  # the others are told it was already submitted


def test_the_same_message_posted_at_once_is_stored_once(races):
    assert races["doubles"] == 1
    assert set(races["double_codes"]) == {302}  # each sender sees the thank-you page


def test_the_hourly_limit_holds_for_simultaneous_requests(races):
    # the double above was one of the address's five; of THREADS different messages at once, 4 more fit
    assert races["requests"] == 5
    assert races["flood_codes"].count(429) == THREADS - 4
    assert 500 not in races["flood_codes"]
