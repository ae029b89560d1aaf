"""Every word in the language the person chose, where only a browser can tell: the words Dash's
date pickers draw themselves (placeholders, month and weekday names, the buttons' names)."""
from __future__ import annotations

import pytest

from db.demo import DEMO_PASSWORD

from .test_browser import TIMEOUT, expect, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(demo_db_url):
    yield from served(demo_db_url)


def _signed_in_page(browser, base, browser_locale, language):
    """A leader's page in ``language``, from a browser whose own language is another one."""
    context = browser.new_context(locale=browser_locale, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{base}/lang/{language}?next=/login")
    page.locator("#username").fill("leader")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    return page


# (browser's language, chosen language, weekday headers, nav buttons, register's placeholders)
CASES = [
    ("en-US", "vi", ["Th 2", "Th 3", "Th 4", "Th 5", "Th 6", "Th 7", "CN"], ["Tháng trước", "Tháng sau"],
     ["Hạn từ ngày", "Hạn đến ngày"]),
    ("vi-VN", "en", ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"], ["Previous month", "Next month"],
     ["Due from", "Due until"]),
]


@pytest.mark.parametrize("browser_locale, language, weekdays, nav, placeholders", CASES)
def test_date_pickers_speak_the_chosen_language_not_the_browsers(browser, live_server, browser_locale,
                                                                 language, weekdays, nav, placeholders):
    page = _signed_in_page(browser, live_server, browser_locale, language)
    as_of = page.locator("#overview-as-of")
    expect(as_of).to_have_attribute("aria-label", "Tính đến ngày" if language == "vi" else "As of")
    as_of.click()
    calendar = page.locator(".dash-datepicker-calendar").first
    expect(calendar).to_be_visible()
    assert calendar.locator("thead th").all_inner_texts() == weekdays
    month = page.locator(".dash-datepicker-controls").inner_text()
    assert ("tháng" in month) == (language == "vi"), month
    buttons = page.locator(".dash-datepicker-month-nav")
    expect(buttons.first).to_have_attribute("aria-label", nav[0])
    expect(buttons.last).to_have_attribute("aria-label", nav[1])
    page.keyboard.press("Escape")

    page.goto(live_server + "/tasks")
    start, end = page.locator("#register-due"), page.locator("#register-due-end-date")
    expect(start).to_have_attribute("placeholder", placeholders[0])
    expect(end).to_have_attribute("placeholder", placeholders[1])
    assert [start.get_attribute("aria-label"), end.get_attribute("aria-label")] == placeholders
    assert "Start Date" not in page.content() and "End Date" not in page.content()
    page.context.close()
