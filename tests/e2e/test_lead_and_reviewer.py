"""The path a new studio lead and a union reviewer take, in a real browser, with the demo accounts:

the lead logs in, reads only Chinese, finds the dashboard's panels filled, edits their own profile,
invites an editor, writes a 五小 project with a cover image and an attachment uploaded through the
choosers, and submits it; the reviewer approves it from the dashboard; the lead finds the decision
under 通知. Each step's screen is saved under var/e2e-screenshots/ (git-ignored) for people to look at.
"""

from pathlib import Path

import pytest
from PIL import Image
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from django.conf import settings
from django.core import mail
from django.db import connection

from home.demo.accounts import FIRST_LEAD, REVIEWER, ensure_demo_accounts
from projects.models import ProjectPage
from review.models import Notification
from studios.models import Person, StudioPage
from tests.admin_walk import content_words, english_in

PASSWORD = "pw-for-the-browser"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e-screenshots" / "lead-and-reviewer"
TITLE = "输煤皮带跑偏自动纠偏装置"
SAVE = "form[method=post] footer button[type=submit]"

# What a user reads on the screen as drawn: the text of shown elements, and the placeholder, title,
# aria-label and alt of shown elements (not what CSS hides, such as a date picker's unused buttons).
VISIBLE_TEXTS = """
const texts = document.body.innerText.split("\\n").filter((line) => line.trim());
for (const element of document.querySelectorAll("[placeholder], [title], [aria-label], img[alt]")) {
  if (element.checkVisibility && !element.checkVisibility()) continue;
  for (const name of ["placeholder", "title", "aria-label", "alt"]) {
    const value = element.getAttribute(name);
    if (value && value.trim()) texts.push(value);
  }
}
return texts;
"""


class Steps:
    """Screens of one path: numbered screenshots, and the English a user would read on each."""

    def __init__(self, browser, site_url):
        self.browser, self.site_url, self.count, self.english = browser, site_url, 0, {}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()

    def open(self, path):
        self.browser.get(self.site_url + path)

    def wait_for(self, css, timeout=10):
        return WebDriverWait(self.browser, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def wait_until_clickable(self, css, timeout=10):
        return WebDriverWait(self.browser, timeout).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))

    def click(self, css):
        element = self.wait_until_clickable(css)
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
        element.click()

    def submit(self, css, timeout=20):
        """Click what sends a form, and wait until the next page has loaded."""
        page = self.browser.find_element(By.TAG_NAME, "html")
        self.click(css)
        WebDriverWait(self.browser, timeout).until(EC.staleness_of(page))
        self.wait_for("body")

    def fill(self, css, text):
        element = self.wait_for(css)
        element.clear()
        element.send_keys(text)

    def text(self):
        return self.browser.find_element(By.TAG_NAME, "body").text

    def shows(self, text, timeout=10):
        """Whether the page shows this text within a few seconds (messages appear once scripts run)."""
        try:
            WebDriverWait(self.browser, timeout).until(lambda _: text in self.text())
        except TimeoutException:
            return False
        return True

    def saw(self, name):
        """Save the screen as NN-name.png and note any English on it."""
        self.count += 1
        self.browser.save_screenshot(str(SCREENSHOTS / f"{self.count:02d}-{name}.png"))
        texts = self.browser.execute_script(VISIBLE_TEXTS)
        assert len(texts) > 10, f"{name}: nothing read on the screen"
        english = english_in(texts, content_words())
        if english:
            self.english[f"{self.count:02d}-{name}"] = english

    def log_in(self, username):
        self.browser.delete_all_cookies()
        self.open("/admin/login/")
        self.fill("#id_username", username)
        self.fill("#id_password", PASSWORD)
        self.submit("form[method=post] [type=submit]")

    def upload_in_chooser(self, file_input_name, path):
        """In an open chooser modal: its upload tab, the file, the upload button; the modal then closes."""
        self.click(".modal-dialog #tab-label-upload")
        file_input = self.wait_for(f".modal-dialog input[type=file][name='{file_input_name}']")
        file_input.send_keys(str(path))
        form = file_input.find_element(By.XPATH, "./ancestor::form")
        self.saw(f"upload-{file_input_name.split('-')[0]}")
        form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
        WebDriverWait(self.browser, 15).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".modal-dialog")))

    def type_rich_text(self, field_name, text):
        editor = self.browser.find_element(
            By.XPATH,
            f"//input[@name='{field_name}']/ancestor::div[contains(@class, 'w-field__input')]"
            "//div[@contenteditable='true']",
        )
        self.browser.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'}); arguments[0].focus()", editor
        )
        editor.send_keys(text)


@pytest.fixture
def files(tmp_path):
    image = tmp_path / "纠偏装置现场.png"
    Image.new("RGB", (640, 480), (40, 110, 180)).save(image)
    document = tmp_path / "纠偏装置说明书.pdf"
    document.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n")
    return image, document


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the browser writes through the test server, which shares the test's transaction only on SQLite's "
    "in-memory database (the SQLite half of .ci/run runs it); on PostgreSQL the server cannot see it",
)
def test_a_lead_submits_a_project_and_a_reviewer_approves_it(
    browser, site_url, db, files, django_capture_on_commit_callbacks
):
    ensure_demo_accounts(PASSWORD)
    lead_person = Person.objects.get(account__username=FIRST_LEAD)
    studio = StudioPage.objects.get(lead=lead_person)
    steps = Steps(browser, site_url)

    # The lead's dashboard: every panel has something to show.
    steps.log_in(FIRST_LEAD)
    body = steps.text()
    for panel in ("新通知", "我的工作室", "我的成果", "新的合作申请"):
        assert panel in body, panel
    steps.saw("lead-dashboard")

    # Their own profile.
    steps.open("/admin/my-profile/")
    steps.fill("#id_position", "首席技师、输煤运行班班长")
    steps.saw("own-profile")
    steps.submit(SAVE)
    assert steps.shows("已保存您的人才档案"), steps.saw("own-profile-not-saved")
    assert Person.objects.get(pk=lead_person.pk).position == "首席技师、输煤运行班班长"

    # An editor for the studio.
    steps.open("/admin/studio-team/")
    steps.fill("#id_email", "xiaoliu@example.com")
    steps.fill("#id_name", "刘晓东")
    with django_capture_on_commit_callbacks(execute=True):  # the invitation leaves on commit
        steps.submit("button[name=invite]")
    assert steps.shows("已邀请 xiaoliu@example.com"), steps.saw("invitation-not-sent")
    assert any(message.to == ["xiaoliu@example.com"] for message in mail.outbox)
    steps.saw("studio-team")

    # A new 五小 project with a cover image and an attachment, submitted for review.
    image, document = files
    steps.open(f"/admin/pages/add/projects/projectpage/{studio.pk}/")
    steps.fill("#id_title", TITLE)
    steps.browser.find_element(By.CSS_SELECTOR, "#id_category option[value=invention]").click()
    steps.fill("#id_start_date", "2026-10-08")
    steps.fill("#id_summary", "皮带跑偏时自动调整托辊角度，减少撒煤和停机。")
    steps.type_rich_text("problem", "输煤皮带经常跑偏，撒煤多，人工调整费时。")
    steps.type_rich_text("solution", "在机尾加装纠偏托辊组，按偏移量自动调整角度。")
    steps.click("#id_cover_image-chooser [data-chooser-action-choose]")
    steps.upload_in_chooser("image-chooser-upload-file", image)
    steps.click("#id_documents-ADD")
    steps.click("#id_documents-0-document-chooser [data-chooser-action-choose]")
    steps.upload_in_chooser("document-chooser-upload-file", document)
    steps.saw("new-project")
    steps.click("footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]")
    steps.submit("button[name=action-submit]")
    steps.saw("project-submitted")
    project = ProjectPage.objects.get(title=TITLE)
    assert project.cover_image is not None and project.documents.count() == 1  # once (wagtail#14568)
    assert project.current_workflow_state.status == "in_progress" and not project.live

    # The reviewer approves it from the dashboard.
    steps.log_in(REVIEWER)
    assert TITLE in steps.text()
    steps.saw("reviewer-dashboard")
    row = browser.find_element(
        By.XPATH, f"//tr[contains(., '{TITLE}') and .//button[contains(@data-workflow-action-url, '/approve/')]]"
    )  # Wagtail's 等待您审核 panel: the row's actions menu holds 通过
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", row)
    row.find_element(By.CSS_SELECTOR, "[data-w-dropdown-target=toggle]").click()
    approve = row.find_element(
        By.XPATH, ".//button[contains(@data-workflow-action-url, '/approve/') and not(@data-launch-modal)]"
    )
    WebDriverWait(browser, 5).until(EC.element_to_be_clickable(approve))
    steps.saw("approve")
    approve.click()
    WebDriverWait(browser, 15).until(lambda _: ProjectPage.objects.get(pk=project.pk).live)
    steps.saw("approved")

    # The lead finds the decision under 通知.
    steps.log_in(FIRST_LEAD)
    steps.open("/admin/notifications/")
    assert steps.shows(f"“{TITLE}”已通过审核")
    steps.saw("lead-notifications")
    assert Notification.objects.filter(recipient__username=FIRST_LEAD, kind="review_decision").exists()

    assert steps.english == {}, steps.english  # every screen in Chinese
