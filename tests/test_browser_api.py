"""A unit head on a phone makes an API token from the top bar's menu, a script uses it, and the
head revokes it: the journey in headless Chromium, the page checked by axe-core on the way."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from db.demo import DEMO_PASSWORD

from .test_browser import _sign_in, expect
from .test_browser_tasks import _page, server_and_db  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.browser


def test_a_unit_head_makes_a_token_on_a_phone_a_script_uses_it_and_revokes_it(browser, server_and_db):  # noqa: F811
    base, _database = server_and_db
    phone = _page(browser, 390, 844)
    _sign_in(phone, base, "head.xa-thach-dai")
    phone.wait_for_url("**/units/xa-thach-dai")
    phone.locator("#menu-toggle").click()
    phone.get_by_role("link", name="Khóa API").click()
    phone.wait_for_url("**/account/api-tokens")
    expect(phone.get_by_text("Bạn chưa có khóa nào")).to_be_visible()

    phone.get_by_label("Hệ thống sẽ dùng khóa").fill("Phần mềm một cửa")
    phone.get_by_label("Thời hạn").select_option("30")
    read_only = phone.get_by_label("Chỉ đọc: được đọc, không bao giờ thay đổi gì")
    expect(read_only).to_be_checked()  # the safe choice unless the person says otherwise
    read_only.uncheck()
    phone.get_by_label("Mật khẩu của bạn").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Tạo khóa").click()
    token = phone.get_by_label("Khóa", exact=True).input_value()
    assert token.startswith("tsd_")
    violations = [v for v in Axe().run(phone).response["violations"] if v["impact"] in ("critical", "serious")]
    assert violations == []

    elsewhere = browser.new_context()  # another system: the token, none of the page's cookies
    script = elsewhere.request
    me = script.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status == 200 and me.json()["unit"] == "xa-thach-dai" and not me.json()["read_only"]

    phone.reload()  # sends the form again: nothing is made twice, and the token is not shown again
    expect(phone.get_by_text("Biểu mẫu này đã được gửi")).to_be_visible()
    expect(phone.locator("#new-token")).to_have_count(0)
    expect(phone.get_by_text("Phần mềm một cửa")).to_have_count(1)
    expect(phone.get_by_text("Phần mềm một cửa")).to_be_visible()
    phone.get_by_role("button", name="Thu hồi khóa Phần mềm một cửa").click()
    expect(phone.get_by_text("Đã thu hồi khóa")).to_be_visible()
    gone = script.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert gone.status == 401 and gone.headers["content-type"] == "application/problem+json"
    assert phone.console_errors == []
    phone.context.close()
    elsewhere.close()
