import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from studios.models import Person

# `make test` runs the suite in parallel workers (pytest-xdist): each has its own Elasticsearch node and
# redis-server, on the test ports plus its number, and the nodes share one 1 GiB heap between them.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
if "PYTEST_XDIST_WORKER" in os.environ:  # a worker (the controller's environment is the workers' too)
    os.environ.setdefault("ES_HEAP", f"{1024 // int(os.environ['PYTEST_XDIST_WORKER_COUNT'])}m")

# The demo content used by most tests: smaller than the default, same generator.
DEMO_SIZE = {"projects": 120, "studios": 24, "people": 80}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once; every test runs in a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        call_command("load_demo_data", verbosity=0, **DEMO_SIZE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: cached data may belong to another test's rolled-back content."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_vocabulary():
    """Each test sees the search vocabulary of its own database (admin edits roll back with the test)."""
    from textsearch.analysis import reload_vocabulary

    reload_vocabulary()
    yield
    reload_vocabulary()


@pytest.fixture(autouse=True)
def fresh_breaker():
    """Each test starts with a closed search breaker (a test that made the cluster unreachable must
    not send the next test's searches to the database)."""
    from search.breaker import breaker

    breaker.succeeded()
    yield
    breaker.succeeded()


@pytest.fixture(autouse=True)
def chinese_by_default():
    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def demo(db):
    """Handy lookups into the demo content."""
    from home.models import HomePage
    from projects.models import ProjectIndexPage, ProjectPage
    from studios.models import AllianceIndexPage, AlliancePage, PeopleIndexPage, StudioIndexPage, StudioPage

    class Demo:
        home = HomePage.objects.get()
        studio_index = StudioIndexPage.objects.get()
        project_index = ProjectIndexPage.objects.get()
        people_index = PeopleIndexPage.objects.get()
        alliance_index = AllianceIndexPage.objects.get()
        studio = StudioPage.objects.live().order_by("pk").first()
        project = ProjectPage.objects.live().exclude(economic_benefit=None).order_by("pk").first()
        alliance = AlliancePage.objects.live().order_by("pk").first()
        person = Person.objects.get(slug="wang-jian-guo")

    return Demo


@pytest.fixture
def enterprise(demo):
    """The first enterprise: the one applications in the tests are made for."""
    from studios.models import Enterprise

    return Enterprise.objects.order_by("pk").first()


@pytest.fixture
def reviewer(django_user_model):
    """A union reviewer (工会审核员) with an e-mail address."""
    from review.roles import REVIEWERS, role_group

    user = django_user_model.objects.create_user("reviewer-3", "reviewer3@example.com", "pw-for-tests")
    user.groups.add(role_group(REVIEWERS))
    return user


@pytest.fixture
def leads(django_user_model, studios):
    """An account for the lead of each of the test module's `studios` (a fixture each module defines)."""
    return tuple(
        django_user_model.objects.create_user(f"lead-{n}", f"lead-{n}@example.com", "pw", person=studio.lead)
        for n, studio in enumerate(studios)
    )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("reviewer", "reviewer@example.com", "pw-for-tests")
    client.force_login(user)
    return client


# --- Elasticsearch --------------------------------------------------------------------------
# A real node, started by the session (or reused when one already runs on the test port). If it
# cannot start, the tests that need it fail: they are never skipped.
ES_TEST_PORT = int(os.environ.get("ES_TEST_PORT", "9250")) + WORKER
# A node per port, so two suites (ES_TEST_PORT=9260 make test beside make test) never share a data folder.
ES_TEST_HOME = (
    Path(__file__).resolve().parent.parent
    / "var"
    / ("elasticsearch-test" if ES_TEST_PORT == 9250 else f"elasticsearch-test-{ES_TEST_PORT}")
)
ES_READ_PREFIX = f"test-{os.getpid()}-read"


def es_config(prefix, url=None):
    return {
        "URL": url or f"http://127.0.0.1:{ES_TEST_PORT}",
        "INDEX_PREFIX": prefix,
        "SHARDS": 1,
        "REPLICAS": 0,
        "TIMEOUT": 10,
    }


@pytest.fixture(scope="session")
def elasticsearch_node(django_db_setup, django_db_blocker):
    """The test node's URL, with the demo data indexed under a read-only test prefix.

    Built inside the first test that asks for it, so that test must ask before creating content."""
    from search import indexing, local_node

    url = f"http://127.0.0.1:{ES_TEST_PORT}"
    started_here = local_node.health(url) is None
    try:
        local_node.start(ES_TEST_PORT, ES_TEST_HOME)
    except Exception as error:  # noqa: BLE001 - any failure to start must fail the tests loudly
        pytest.fail(f"Could not start the Elasticsearch test node on port {ES_TEST_PORT}: {error}", pytrace=False)
    with django_db_blocker.unblock(), override_settings(ELASTICSEARCH=es_config(ES_READ_PREFIX)):
        indexing.rebuild()
    yield url
    with override_settings(ELASTICSEARCH=es_config(f"test-{os.getpid()}-*")):  # only this session's indexes
        from search import elastic

        elastic.delete_all_indexes()
    if started_here and not os.environ.get("ES_TEST_KEEP"):
        local_node.stop(ES_TEST_HOME)


@pytest.fixture
def use_elasticsearch(elasticsearch_node, settings):
    """Search through the test node's read-only indexes (tests must not write to them)."""
    settings.ELASTICSEARCH = es_config(ES_READ_PREFIX, elasticsearch_node)
    return elasticsearch_node


@pytest.fixture
def writable_elasticsearch(elasticsearch_node, settings, db):
    """A fresh set of indexes of the current content, for tests that change content."""
    from search import elastic, indexing

    settings.ELASTICSEARCH = es_config(f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}", elasticsearch_node)
    indexing.rebuild()
    yield elasticsearch_node
    elastic.delete_all_indexes()


def use_engine(request, settings, name, writable=False):
    """Search through `name`: the database engine (Elasticsearch switched off) or the test node — its
    shared read-only indexes, or (writable) a fresh set that follows the content the test changes."""
    if name == "elasticsearch":
        request.getfixturevalue("writable_elasticsearch" if writable else "use_elasticsearch")
    else:
        settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    return name


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, db, settings):
    """Run a test once per search engine."""
    return use_engine(request, settings, request.param)


@pytest.fixture(params=["database", "elasticsearch"])
def writable_engine(request, db, settings):
    """Run a test that changes content once per search engine."""
    return use_engine(request, settings, request.param, writable=True)


# --- Redis ----------------------------------------------------------------------------------------
# Debian's redis-server (.ci/run installs it), started by the tests that ask for it; in CI a missing
# server fails them, elsewhere they are skipped with the reason.
REDIS_TEST_PORT = int(os.environ.get("REDIS_TEST_PORT", "6390")) + WORKER


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(REDIS_TEST_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", REDIS_TEST_PORT), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"Could not start redis-server on port {REDIS_TEST_PORT}", pytrace=False)
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{REDIS_TEST_PORT}/0"
    server.terminate()
    server.wait(timeout=10)


@contextmanager
def scratch_database(tmp_path, suffix, postgresql_options=""):
    """A database of the suite's kind for child processes (manage.py …), dropped afterwards: its URL.
    Children cannot see the test database's uncommitted rows, nor SQLite's in-memory one."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"
        return
    name = f"{settings['NAME']}_{suffix}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" {postgresql_options}')
    try:
        credentials = f"{settings['USER']}:{settings['PASSWORD'] or ''}"
        yield f"postgres://{credentials}@{settings['HOST']}:{settings['PORT']}/{name}"
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def manage(database_url, *args, elasticsearch=None):
    """`manage.py …` in a child process with the test settings on that database (and, given `elasticsearch`:
    {"URL": …, "INDEX_PREFIX": …}, that node); the finished process."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test", "DATABASE_URL": database_url}
    if elasticsearch:
        env["TEST_ELASTICSEARCH_URL"] = elasticsearch["URL"]
        env["TEST_ELASTICSEARCH_INDEX_PREFIX"] = elasticsearch["INDEX_PREFIX"]
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
