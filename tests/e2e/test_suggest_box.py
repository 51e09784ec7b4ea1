"""The suggest box as someone with a keyboard uses it."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from studios.models import Person


def open_search(browser, site_url):
    browser.get(f"{site_url}/search/")
    box = browser.find_element(By.CSS_SELECTOR, "main [role=combobox]")
    listbox = browser.find_element(By.ID, box.get_attribute("aria-controls"))
    return box, listbox


def test_typing_initials_suggests_the_person_and_enter_opens_them(browser, site_url, db):
    person = Person.objects.get(slug="wang-jian-guo")
    box, listbox = open_search(browser, site_url)
    box.send_keys("wjg")
    WebDriverWait(browser, 5).until(EC.visibility_of(listbox))
    options = listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert options and "王建国" in options[0].text
    assert box.get_attribute("aria-expanded") == "true"
    assert "条提示" in browser.find_element(By.CSS_SELECTOR, "main [data-suggest-status]").get_attribute("textContent")

    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    assert options[0].get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(EC.url_contains(person.get_absolute_url()))


def test_escape_closes_the_list_and_enter_then_searches(browser, site_url, db):
    box, listbox = open_search(browser, site_url)
    box.send_keys("空压")
    WebDriverWait(browser, 5).until(EC.visibility_of(listbox))
    box.send_keys(Keys.ESCAPE)
    assert not listbox.is_displayed() and box.get_attribute("aria-expanded") == "false"
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(EC.title_contains("“空压”的搜索结果"))
