"""The weekly briefing in headless Chromium: a leader's phone drives a meeting-room screen through
three units, the most late first, and hands it back to its slides; the screen needs no sign-in."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from dashboard.services import briefing_pack
from db import briefings

from .test_browser import _sign_in, expect
from .test_browser_display import _display, live, screen  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_a_leaders_phone_drives_the_screen_through_three_units_and_back(browser, live, screen):  # noqa: F811
    server, database = live
    _id, secret = _display(database, rotate=30, refresh=3)
    with server.app.app_context(), database.session() as session:
        order = briefing_pack.running_order(session, briefings.meeting(session, 2))
    screen.goto(f"{server.base}/display/{secret}")
    expect(screen.locator(".slide.active .slide-title")).to_have_text("Tình hình tuần này")

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(20_000)
    remote = phone.new_page()
    _sign_in(remote, server.base, "leader")
    remote.wait_for_url(f"{server.base}/")
    remote.goto(f"{server.base}/briefings")
    remote.get_by_role("link", name="Giao ban tuần 49/2026").first.click()
    remote.get_by_role("link", name="Điều khiển màn hình").click()
    expect(remote.get_by_role("heading", name="Điều khiển màn hình")).to_be_visible()

    def on_screen(name: str) -> None:  # the screen's next check (3 s) reloads it with the unit
        expect(screen.locator(".briefing-slide .slide-title")).to_contain_text(name, timeout=12_000)

    remote.get_by_role("button", name="Đơn vị tiếp theo").click()
    expect(remote.get_by_role("status")).to_contain_text(order[0].name)
    found = Axe().run(remote).response["violations"]  # the remote as a phone shows it, a unit chosen
    assert [v["id"] for v in found if v["impact"] in ("critical", "serious")] == []
    on_screen(order[0].name)
    expect(screen.locator(".briefing-slide .slide-note").first).to_contain_text(f"1 / {len(order)}")
    assert screen.evaluate("document.documentElement.scrollHeight <= innerHeight")  # fits the television
    remote.get_by_role("button", name="Đơn vị tiếp theo").click()
    on_screen(order[1].name)
    remote.get_by_role("button", name=f"Trình chiếu {order[4].name} lên màn hình").click()
    on_screen(order[4].name)
    remote.get_by_role("button", name="Kết thúc: màn hình trở lại các trang thường lệ").click()
    expect(remote.get_by_role("status")).to_contain_text("Màn hình đang chiếu các trang thường lệ")
    expect(screen.locator(".slide.active .slide-title")).to_have_text("Tình hình tuần này", timeout=12_000)
    assert screen.console_errors == []
    phone.close()
