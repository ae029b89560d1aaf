"""Real journeys in headless Chromium (Debian's), driven by Playwright."""
from __future__ import annotations

import shutil
import threading
from unittest.mock import patch

import pytest
from werkzeug.serving import make_server

from dashboard import create_app
from db.demo import DEMO_PASSWORD

from .conftest import TODAY, make_config

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


@pytest.fixture(scope="module")
def live_server(demo_db_url):
    app = create_app(make_config(demo_db_url))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    with patch("dashboard.clock.today", return_value=TODAY):
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect
    return playwright_expect(locator)


def _sign_in(page, base, username):
    page.goto(base + "/")
    assert "/login" in page.url
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")


def test_leader_signs_in_and_sees_the_units_in_vietnamese(page, live_server):
    _sign_in(page, live_server, "leader")
    table = page.locator(".units-table")
    table.wait_for(timeout=15_000)
    assert table.get_by_text("UBND xã Thạch Đài").is_visible()
    assert table.get_by_text("Phòng Tài nguyên và Môi trường").is_visible()
    assert page.get_by_text("Tình hình đến ngày 26/11/2026").is_visible()
    assert page.locator(".unit-row").count() == 33
    assert page.locator(".unit-row .badge").first.inner_text().strip() in {
        "Chậm nghiêm trọng", "Có việc chậm", "Đúng tiến độ"}
    assert page.console_errors == []


def test_language_switch_turns_the_dashboard_english_and_sign_out_ends_it(page, live_server):
    _sign_in(page, live_server, "viewer")
    page.locator(".units-table").wait_for(timeout=15_000)
    page.get_by_role("link", name="English").click()
    expect(page.get_by_text("Units and their tasks")).to_be_visible()
    expect(page.locator(".units-table").get_by_text("Overdue").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.goto(live_server + "/")
    assert "/login" in page.url
    assert page.console_errors == []


def test_unit_head_sees_only_their_unit(page, live_server):
    _sign_in(page, live_server, "head.xa-thach-dai")
    page.locator(".units-table").wait_for(timeout=15_000)
    assert page.locator(".unit-row").count() == 1
    assert page.locator(".unit-row").get_by_text("UBND xã Thạch Đài").is_visible()
    assert page.console_errors == []
