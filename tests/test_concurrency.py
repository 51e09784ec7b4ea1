"""Concurrency with real connections: simultaneous submits keep one row per intent (the database, not
a check before the insert, decides), and pages published while `search_index rebuild` runs in another
process are all found afterwards.

The suite's own database is one connection inside a transaction that is rolled back, where true
concurrency cannot happen. So these run in separate processes against a freshly migrated database of
the suite's kind (an SQLite file in WAL mode as `make run` uses, or a new PostgreSQL database on the
suite's server), with one database connection per thread or process.
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


def new_database(tmp_path):
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


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_URL": "",
    }


def manage(database_url, *args):
    result = subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def last_json_line(output):
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def probe_database(tmp_path_factory, django_db_blocker):
    """A freshly migrated database of the suite's kind, dropped after this module."""
    with django_db_blocker.unblock():
        database_url, drop = new_database(tmp_path_factory.mktemp("concurrency"))
    try:
        manage(database_url, "migrate", "--noinput")
        yield database_url
    finally:
        drop()


@pytest.fixture(scope="module")
def races(probe_database):
    return last_json_line(manage(probe_database, "shell", "--no-imports", "-c", PROBE % {"threads": THREADS}))


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


# --- Publishing while the search table is rebuilt --------------------------------------------

PUBLISHES = 20

REBUILD_UNTIL_DONE = """
import time
from pathlib import Path
from search import indexing
done, started, rebuilds = Path(%(done)r), time.monotonic(), 0
while not done.exists() and time.monotonic() - started < 120:  # bounded, whatever the publisher does
    indexing.rebuild()
    rebuilds += 1
    time.sleep(0.2)  # one rebuild after another, as an operator might run them, not a lock held forever
print(rebuilds)
"""

PUBLISHER = """
import json, time
from pathlib import Path
from projects.models import ProjectPage
published = []
time.sleep(1)  # the rebuild loop is running
for n, page in enumerate(ProjectPage.objects.live().order_by("pk")[:%(count)d]):
    page.title = f"并发发布第{n}号 {page.title}"[:255]
    page.save_revision().publish()
    published.append([page.pk, page.title])
    time.sleep(0.2)
Path(%(done)r).write_text("done")
print(json.dumps(published, ensure_ascii=False))
"""

FOUND = """
import json
from search.models import SearchEntry
from search.params import SearchParams
from search.service import search
published = json.loads(%(published)r)
stale = [pk for pk, title in published if SearchEntry.objects.get(key=f"project:{pk}").title != title]
unfound = [pk for pk, title in published if f"project:{pk}" not in {h.key for h in search(SearchParams(q=title)).hits}]
print(json.dumps({"stale": stale, "unfound": unfound}))
"""


def start(database_url, code):
    return subprocess.Popen(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=environment(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process):
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stdout + stderr  # e.g. no "database is locked"
    return stdout


def test_every_page_published_during_a_rebuild_is_found_afterwards(probe_database, tmp_path, races):
    manage(probe_database, "load_demo_data", "--projects", "150", "--studios", "6", "--people", "30")
    done = str(tmp_path / "published")
    rebuilding = start(probe_database, REBUILD_UNTIL_DONE % {"done": done})
    publishing = start(probe_database, PUBLISHER % {"count": PUBLISHES, "done": done})
    published = last_json_line(finished(publishing))
    rebuilds = int(finished(rebuilding))
    print(f"{PUBLISHES} publishes during {rebuilds} rebuilds")
    assert len(published) == PUBLISHES and rebuilds >= 2  # the publishes happened during rebuilds
    found = last_json_line(
        manage(probe_database, "shell", "--no-imports", "-c", FOUND % {"published": json.dumps(published)})
    )
    assert found == {"stale": [], "unfound": []}
