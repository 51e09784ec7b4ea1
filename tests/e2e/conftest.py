"""Browser tests: Debian's chromium driven by Selenium against pytest-django's live server.

.ci/run installs chromium and chromedriver; there (CI=true) a missing browser fails the tests.
Elsewhere they are skipped with the reason, so `make test` still runs on a machine without a browser.

pytest-django's own live_server fixture implies transactional_db, which empties the database after
each test — and with it the demo content the whole session shares. site_url serves the same
database without that: reads of the shared demo content, each test still rolled back. Its threads
share that one connection, so requests take turns (a page's autosave may otherwise overlap its submit),
and a test's own queries wait for the request being served: two threads inside SQLite on one connection
can deadlock (one holds the connection in a Python function SQLite calls back, such as Django's date
extraction, waiting for the interpreter the other holds while it waits for the connection).
"""

import os
import shutil
import threading

import pytest


@pytest.fixture(scope="session")
def site_url(django_db_setup, django_db_blocker):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    turn = threading.RLock()  # a request's own queries take it again

    class OneRequestAtATime(StaticFilesHandler):
        def __call__(self, environ, start_response):
            with turn:
                return super().__call__(environ, start_response)

    def in_turn(execute, sql, params, many, context):
        with turn:
            return execute(sql, params, many, context)

    with django_db_blocker.unblock():
        shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
        for connection in shared.values():
            connection.inc_thread_sharing()
            connection.execute_wrappers.append(in_turn)
        server = LiveServerThread("localhost", OneRequestAtATime, connections_override=shared, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
        server.terminate()
        for connection in shared.values():
            connection.execute_wrappers.remove(in_turn)
            connection.dec_thread_sharing()


@pytest.fixture(scope="session")
def browser(site_url, tmp_path_factory):  # needs the server: quits before it stops, closing its connections
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        message = "chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    options.add_argument("--lang=zh-CN")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # CSP refusals are logged there
    # Its own temporary folder (pytest keeps the last three runs'): chromium leaves a socket folder
    # behind in TMPDIR on every start.
    scratch = {"TMPDIR": str(tmp_path_factory.mktemp("chromium"))}
    instance = webdriver.Chrome(service=Service(driver, env={**os.environ, **scratch}), options=options)
    instance.implicitly_wait(0)
    yield instance
    instance.quit()
