"""axe-core on every page, in both languages, on a desktop and on a phone, with the dialogs and
the phone's menu open: no critical and no serious violation. (The pages are the same on
either database, so this runs on the SQLite demo once.)"""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_browser import TIMEOUT, _sign_in, expect, scroll_through, served

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def site(sqlite_demo_url):
    yield from served(sqlite_demo_url)


def _problems(page, where: str) -> list[str]:
    page.wait_for_load_state("networkidle")
    found = Axe().run(page).response["violations"]
    return [f"{where}: {v['impact']} {v['id']} {[n['target'] for n in v['nodes'][:3]]}"
            for v in found if v["impact"] in ("critical", "serious")]


def _open(browser, site, size, language, username=None):
    # Reduced motion, as Bootstrap honours it: no half-faded tab or dialog is measured for contrast.
    context = browser.new_context(locale="vi-VN", viewport=SIZES[size], reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    if username:
        _sign_in(page, site, username)
        page.wait_for_url("**/*")
        page.wait_for_load_state("networkidle")
    if language == "en":
        page.goto(f"{site}/lang/en?next=/")
    return page


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_page_has_a_serious_accessibility_fault(browser, site, size, language):
    problems: list[str] = []
    leader = _open(browser, site, size, language, "leader")
    for path in ["/", "/tasks", "/units", "/units/xa-thach-dai", "/satisfaction", "/recommendations", "/tasks/5",
                 "/404"]:
        leader.goto(site + path)
        expect(leader.locator("#page-container h1").first).to_be_visible()
        scroll_through(leader)  # the tables and charts drawn when near the screen are checked too
        problems += _problems(leader, f"{size} {language} leader {path}")
    leader.goto(site + "/api/v1/docs")
    problems += _problems(leader, f"{size} {language} API docs")
    leader.goto(site + "/account/api-tokens")  # with a token just made: tests/test_browser_api.py
    problems += _problems(leader, f"{size} {language} API tokens")
    for path in ["/briefings", "/briefings/1", "/briefings/2", "/briefings/2/remote", "/inbox"]:
        leader.goto(site + path)
        problems += _problems(leader, f"{size} {language} {path}")
    leader.goto(site + "/tasks")
    leader.locator("#register-new").click()
    expect(leader.locator(".modal-dialog")).to_be_visible()
    problems += _problems(leader, f"{size} {language} new-task dialog")
    leader.goto(site + "/tasks")
    leader.locator("#register-import").click()
    expect(leader.locator(".modal-dialog")).to_be_visible()
    leader.locator("#import-upload input[type=file]").set_input_files(files=[{
        "name": "bad.xlsx", "mimeType": "application/octet-stream", "buffer": b"not a workbook"}])
    expect(leader.locator(".modal-dialog .alert-warning")).to_be_visible()
    problems += _problems(leader, f"{size} {language} import dialog")
    leader.goto(site + "/recommendations")
    leader.locator(".rec-card button").first.click()
    expect(leader.locator(".modal-dialog")).to_be_visible()
    problems += _problems(leader, f"{size} {language} answer dialog")
    if size == "phone":
        leader.goto(site + "/")
        leader.locator("#menu-toggle").click()
        expect(leader.locator("#menu")).to_be_visible()
        problems += _problems(leader, f"{size} {language} menu open")
    leader.context.close()

    head = _open(browser, site, size, language, "head.xa-thach-dai")
    head.goto(site + "/units/xa-thach-dai")
    head.locator(".my-task button").first.click()
    expect(head.locator(".modal-dialog")).to_be_visible()
    problems += _problems(head, f"{size} {language} quick-update dialog")
    for path in ["/briefings/1", "/inbox"]:
        head.goto(site + path)
        problems += _problems(head, f"{size} {language} head {path}")
    head.context.close()

    admin = _open(browser, site, size, language, "admin")
    admin.goto(site + "/admin")
    tabs = admin.get_by_role("tab")
    expect(tabs.first).to_be_visible()
    for index in range(tabs.count()):
        tabs.nth(index).click()
        problems += _problems(admin, f"{size} {language} admin tab {index}")
    admin.context.close()

    visitor = _open(browser, site, size, language)
    for path in ["/login", "/f/xa-thach-dai-1", "/f/xa-thach-dai-1/kn", "/kn/", "/kq/", "/kq/tnmt"]:
        visitor.goto(site + path)
        problems += _problems(visitor, f"{size} {language} {path}")
    visitor.context.close()
    assert problems == [], "\n".join(problems)
