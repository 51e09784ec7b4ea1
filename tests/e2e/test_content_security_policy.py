"""The Content-Security-Policy holds in a real browser: chromium logs every load or inline script
the policy refuses, and no page of the site, the API docs or the admin may cause one."""

from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from django.urls import reverse

from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from tests.site_urls import public_urls


def refusals(browser, site_url, path):
    browser.get(site_url + path)
    browser.execute_script("return document.readyState")  # the page, its scripts and styles are in
    return [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]


class LiveServerClient:
    """GET requests to the live server. (The test client's would run in the test's transaction; on
    PostgreSQL an image rendition made there would hold a lock the live server then waits on.)"""

    def __init__(self, site_url):
        self.site_url = site_url

    def get(self, path):
        try:
            with urlopen(self.site_url + quote(path, safe="/?&=%:"), timeout=60) as response:  # noqa: S310
                return Answer(response.status, response.headers)
        except HTTPError as error:
            return Answer(error.code, error.headers)


class Answer:
    def __init__(self, status_code, headers):
        self.status_code, self.headers = status_code, headers

    def __getitem__(self, name):
        return self.headers.get(name, "")


def test_no_public_page_breaks_the_policy(browser, site_url, db):
    client = LiveServerClient(site_url)
    # HTML only: chromium styles its own viewer of XML and JSON inline, which the policy then refuses.
    pages = [path for path in public_urls(client) if client.get(path)["Content-Type"].startswith("text/html")]
    browser.get_log("browser")  # what earlier tests left in the log
    refused = {path: found for path in pages if (found := refusals(browser, site_url, path))}
    assert len(pages) > 15 and refused == {}


@pytest.fixture
def signed_in_admin(browser, site_url, django_db_blocker, django_user_model):
    """A superuser signed in in the browser. Committed (the live server runs outside the test's
    transaction on PostgreSQL) and deleted afterwards."""
    from selenium.webdriver.common.by import By

    with django_db_blocker.unblock():
        user = django_user_model.objects.create_superuser("csp-admin", "csp@example.com", "pw-for-csp-tests")
    try:
        browser.get(f"{site_url}/admin/login/")
        browser.find_element(By.NAME, "username").send_keys(user.username)
        browser.find_element(By.NAME, "password").send_keys("pw-for-csp-tests")
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        yield user
    finally:
        browser.delete_all_cookies()
        with django_db_blocker.unblock():
            user.delete()


def admin_paths():
    """The dashboard, the explorer, every page type's editor and every snippet's listing, add and
    edit forms: the admin screens with the most widgets."""
    paths = {"/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/reports/aging-pages/"}
    seen = set()
    for page in Page.objects.specific().order_by("depth", "pk"):
        if type(page) not in seen and not page.is_root():
            seen.add(type(page))
            paths |= {
                reverse("wagtailadmin_explore", args=[page.pk]),
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        paths |= {reverse(viewset.get_url_name("list")), reverse(viewset.get_url_name("add"))}
        if first := model.objects.order_by("pk").first():
            paths.add(reverse(viewset.get_url_name("edit"), args=[first.pk]))
    return sorted(paths)


def test_no_admin_screen_breaks_the_policy(browser, site_url, signed_in_admin, django_db_blocker):
    with django_db_blocker.unblock():
        paths = admin_paths()
    browser.get_log("browser")
    refused = {path: found for path in paths if (found := refusals(browser, site_url, path))}
    assert len(paths) > 20 and refused == {}
