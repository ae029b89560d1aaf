"""Real journeys in headless Chromium (Debian's), driven by Playwright."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from dashboard.web import create_app
from db.demo import DEMO_PASSWORD

from .conftest import make_config

pytestmark = pytest.mark.browser

TIMEOUT = 20_000


def served(database_url: str):
    """The app on ``database_url``, served on a free port of 127.0.0.1 until the generator ends."""
    app = create_app(make_config(database_url))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def live_server(demo_db_url):
    yield from served(demo_db_url)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect
    return playwright_expect(locator)


def scroll_through(page) -> None:
    """Read a page to its end as a reader scrolls, a quarter of a screen at a time, then go back
    to the top: its long tables and charts are drawn as they come near the screen
    (assets/near_view.js). A page whose body waits for its first answer is read once it is
    shown, or once it says why it is not."""
    page.wait_for_function("() => !document.querySelector('#page-container [id$=\"-body\"][hidden]')"
                           " || document.querySelector('#page-container .alert')")
    page.wait_for_load_state("networkidle")
    for _step in range(200):
        moved = page.evaluate("() => { const before = window.scrollY;"  # instantly: Bootstrap scrolls smoothly
                              " window.scrollTo({top: before + window.innerHeight / 4, behavior: 'instant'});"
                              " return window.scrollY > before; }")
        page.wait_for_timeout(60)
        if not moved:
            break
    page.wait_for_load_state("networkidle")
    page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")


def _sign_in(page, base, username):
    page.goto(base + "/")
    assert "/login" in page.url
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _kpi(page, label):
    card = page.locator(".kpi-card", has=page.get_by_text(label, exact=True))
    return card.locator(".kpi-value").inner_text()


def _unit_search(response):
    """What was typed, when this answers the weekly chart's unit search; otherwise None."""
    body = response.request.post_data_json if response.request.method == "POST" else None
    if isinstance(body, dict) and body.get("output") == "overview-weekly-unit.options":
        return body["inputs"][0]["value"]
    return None


def test_leader_overview_ranks_past_day_unit_and_task(page, live_server):
    _sign_in(page, live_server, "leader")
    page.wait_for_url(live_server + "/")
    expect(page.get_by_text("Tổng quan toàn huyện")).to_be_visible()
    table = page.locator("#overview-ranking table")
    first_row = table.locator("tbody tr").first
    expect(first_row.locator("td.col-rank")).to_have_text("1")  # ranks read 1, 2, 3 from the top
    expect(table.locator("tbody tr")).to_have_count(20)  # a page: a phone's screenful, light to draw
    expect(page.locator("#overview-ranking-count")).to_have_text("Đơn vị 1–20 trên 33")
    status = table.locator("th.col-severity")
    status.get_by_role("button").click()  # "Status": the units to chase first
    expect(status).to_have_attribute("aria-sort", "ascending")
    expect(first_row).to_contain_text("Chậm nghiêm trọng")
    # Red and amber mark the units with overdue tasks, as the page says (not only the words).
    colours = table.locator("td.col-severity").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c).backgroundColor)")
    assert colours[0] == "rgb(248, 215, 218)" and "rgb(255, 243, 205)" in colours, colours
    open_today = _kpi(page, "Nhiệm vụ đang thực hiện")
    rows = table.locator("tbody")
    rows_today = rows.inner_text()
    # The charts' toolbars hold download and reset only: no "Share chart…" upload to a public cloud.
    scroll_through(page)  # they are drawn as they come near the screen
    expect(page.locator(".modebar-btn[data-attr='zoom'][data-val='reset']").first).to_be_attached()
    titles = page.locator(".modebar-btn").evaluate_all("buttons => buttons.map(b => b.dataset.title)")
    assert titles and not any("Share" in title or "Chia sẻ" in title for title in titles), titles
    assert set(titles) == {"Tải biểu đồ (PNG)", "Đặt lại trục"}, titles  # in the page's language

    as_of = page.locator("#overview-as-of")
    as_of.click()
    as_of.fill("16/11/2026")  # a Monday, ten days earlier
    as_of.press("Enter")
    page.locator("h1").click()
    expect(page.locator(".ranking-note, #overview-ranking-note")).to_contain_text("16/11/2026")
    assert _kpi(page, "Nhiệm vụ đang thực hiện") != open_today
    expect(rows).not_to_have_text(rows_today)  # the table asked the server again for its rows

    # The weekly chart's unit is found by typing part of its name, without diacritics. The
    # dropdown focuses its search box a frame after opening: keys typed before then reach its
    # button, which loses some ("thach dai" became "tach dai"), so type once the box has focus.
    unit = page.locator("#overview-weekly-unit")
    unit.click()
    search = page.locator(".dash-dropdown-wrapper", has=unit).locator("input.dash-dropdown-search")
    expect(search).to_be_focused()
    with page.expect_response(lambda response: _unit_search(response) == "thach dai") as answer:
        search.press_sequentially("thach dai")
    expect(search).to_have_value("thach dai")
    found = answer.value.json()["response"]["overview-weekly-unit"]["options"]
    assert "UBND xã Thạch Đài" in [option["label"] for option in found]  # the server folds diacritics
    page.get_by_role("option", name="UBND xã Thạch Đài").click()
    expect(unit).to_contain_text("UBND xã Thạch Đài")

    # Sorting is done by the server: the most overdue unit comes first.
    overdue = table.locator("th.col-overdue")
    overdue.get_by_role("button").click()
    expect(overdue).to_have_attribute("aria-sort", "descending")
    counts = [int(text.replace(".", "")) for text in table.locator("td.col-overdue").all_inner_texts()]
    assert len(counts) > 1 and counts == sorted(counts, reverse=True), counts
    page.locator("#overview-ranking-search").fill("thach dai")  # found as it is typed: no Enter
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(page.locator("#overview-ranking-count")).to_have_text("Đơn vị 1–1 trên 1")

    table.locator("td.col-unit a").first.click()
    page.wait_for_url("**/units/*")
    expect(page.locator("#unit-title")).not_to_be_empty()
    page.locator(".bucket-section a[href^='/tasks/']").first.click()
    page.wait_for_url("**/tasks/*")
    expect(page.get_by_text("Lịch sử")).to_be_visible()
    expect(page.locator(".timeline-item").first).to_contain_text("Giao cho")
    assert page.console_errors == []


def test_units_list_shows_every_unit_with_vietnamese_names(page, live_server):
    _sign_in(page, live_server, "leader")
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/units")
    expect(page.locator(".unit-row")).to_have_count(33)
    expect(page.locator(".units-table").get_by_text("UBND xã Thạch Đài")).to_be_visible()
    expect(page.get_by_text("Tình hình đến ngày 26/11/2026")).to_be_visible()
    assert page.console_errors == []


def test_the_register_sorts_names_in_vietnamese_order_and_dates_by_day(page, live_server):
    from datetime import datetime

    from dashboard.domain.vietnamese import sort_key
    _sign_in(page, live_server, "leader")
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/tasks")
    table = page.locator("#register-grid table")

    def column(name: str) -> list[str]:
        """The column's cells on the first page once the server sorted by it (going up)."""
        header = table.locator(f"th.col-{name}")
        header.get_by_role("button").click()
        expect(header).to_have_attribute("aria-sort", "ascending")
        expect(page.locator("#register-page-count")).to_have_text("Dòng 1–20 trên 1.535")
        return table.locator(f"td.col-{name}").all_inner_texts()

    expect(table.locator("td.col-unit").first).not_to_be_empty()
    units = column("unit")  # every task sorts, not a page: the first unit's tasks fill page one
    assert units == sorted(units, key=sort_key)
    table.locator("th.col-unit").get_by_role("button").click()  # again: the other way
    expect(table.locator("th.col-unit")).to_have_attribute("aria-sort", "descending")
    expect(table.locator("td.col-unit").first).not_to_have_text(units[0])
    last = table.locator("td.col-unit").all_inner_texts()
    assert last == sorted(last, key=sort_key, reverse=True) and sort_key(last[0]) > sort_key(units[-1])
    due = [datetime.strptime(text, "%d/%m/%Y") for text in column("due")]
    assert len(set(due)) > 1 and due == sorted(due)
    progress = [int(text.rstrip("%")) for text in column("progress")]
    assert progress == sorted(progress)
    page.get_by_role("button", name="Trang sau").click()  # the second page goes on from the first
    expect(page.locator("#register-page-count")).to_have_text("Dòng 21–40 trên 1.535")
    more = [int(text.rstrip("%")) for text in table.locator("td.col-progress").all_inner_texts()]
    assert more == sorted(more) and more[0] >= progress[-1]
    table.locator("td.col-title a").first.click()  # a title opens its task
    page.wait_for_url("**/tasks/*")
    expect(page.get_by_text("Lịch sử")).to_be_visible()
    assert page.console_errors == []


def test_language_switch_turns_the_dashboard_english_and_sign_out_ends_it(page, live_server):
    _sign_in(page, live_server, "viewer")
    expect(page.get_by_text("Tổng quan toàn huyện")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_text("District overview")).to_be_visible()
    expect(page.get_by_role("heading", name="Unit ranking")).to_be_visible()
    expect(page.locator("#overview-ranking tbody tr").first).to_be_visible()
    page.goto(live_server + "/tasks")
    page.get_by_label("Search").fill("kế hoạch")
    page.get_by_label("Search").press("Enter")
    page.wait_for_url("**/tasks?q=*")  # the register keeps its search in the address
    page.get_by_role("link", name="Tiếng Việt").click()  # the switch keeps the page and its search
    expect(page.get_by_role("heading", name="Danh mục nhiệm vụ")).to_be_visible()
    assert page.url.endswith("/tasks?q=k%E1%BA%BF+ho%E1%BA%A1ch"), page.url
    page.get_by_role("link", name="English").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url("**/login")
    page.goto(live_server + "/")
    assert "/login" in page.url
    assert page.console_errors == []


def test_unit_head_lands_on_their_unit_and_is_refused_another(page, live_server):
    _sign_in(page, live_server, "head.xa-thach-dai")
    page.wait_for_url("**/units/xa-thach-dai")
    expect(page.locator("#unit-title")).to_have_text("UBND xã Thạch Đài")
    page.goto(live_server + "/units/tnmt")
    expect(page.get_by_text("Bạn không có quyền xem đơn vị này.")).to_be_visible()
    expect(page.locator("#unit-headline")).to_have_count(0)
    assert page.console_errors == []


VIOLATIONS = """() => new Promise(resolve => {
    const seen = window.__csp_violations || [];
    setTimeout(() => resolve(seen.map(v => v.violatedDirective + ' ' + v.blockedURI)), 300);
})"""
WATCH = """document.addEventListener('securitypolicyviolation', e => {
    (window.__csp_violations = window.__csp_violations || []).push(e); });"""


@pytest.mark.parametrize("username, paths", [
    ("leader", ["/", "/tasks", "/tasks/1", "/units", "/units/tnmt", "/satisfaction"]),
    ("admin", ["/admin"]),
    (None, ["/login", "/f/xa-thach-dai-1", "/f/xa-thach-dai-1?lang=en"]),
])
def test_every_page_runs_under_the_content_security_policy_without_a_violation(page, live_server,
                                                                                username, paths):
    page.add_init_script(WATCH)
    if username:
        _sign_in(page, live_server, username)
        page.wait_for_load_state("networkidle")
    for path in paths:
        response = page.goto(live_server + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert page.evaluate(VIOLATIONS) == [], path
    assert page.console_errors == []
    # The watch sees what the policy refuses: an injected inline script is reported, not run.
    page.evaluate("() => { const s = document.createElement('script'); "
                  "s.textContent = 'window.__ran = true'; document.body.appendChild(s); }")
    assert page.evaluate(VIOLATIONS) and not page.evaluate("() => window.__ran === true")


# Every layout shift of the page, kept for the test to read (their sum: stricter than
# Lighthouse's CLS, the largest of its windows of shifts).
SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => list.getEntries().forEach(entry => {
  if (!entry.hadRecentInput) window.__shifts.push(entry.value);
})).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("width", [360, 390])
def test_every_signed_in_page_fits_a_phone_with_a_compact_header(browser, live_server, width):
    """No page scrolls sideways on a phone, nor jumps while its figures arrive (layout
    shifts ≤ 0.1 in all, as Lighthouse counts them); the header takes at most 15 % of the
    screen, with the menu behind one finger-sized button that opens it."""
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 844},
                                  has_touch=True, is_mobile=True)
    context.set_default_timeout(TIMEOUT)
    context.add_init_script(SHIFTS)
    phone = context.new_page()
    # A cheap phone's processor, as Lighthouse assumes: what arrives late moves what is drawn.
    context.new_cdp_session(phone).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    _sign_in(phone, live_server, "leader")
    phone.wait_for_url(live_server + "/")
    for path in ["/", "/tasks", "/units", "/units/xa-thach-dai", "/satisfaction", "/recommendations", "/tasks/5",
                 "/admin"]:
        phone.goto(live_server + path)
        expect(phone.locator("#page-container h1").first).to_be_visible()
        phone.wait_for_load_state("networkidle")
        scroll_through(phone)  # the tables and charts below are drawn on the way
        phone.wait_for_timeout(1000)  # charts are drawn after the last answer
        sizes = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth, "
                               "document.querySelector('.navbar').getBoundingClientRect().height]")
        assert sizes[0] <= sizes[1], (path, sizes)  # nothing wider than the screen
        assert sizes[2] <= 0.15 * 844, (path, sizes)
        shifts = phone.evaluate("() => window.__shifts")
        assert sum(shifts) <= 0.1, (path, shifts)
    toggle = phone.get_by_role("button", name="Trình đơn")
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    expect(phone.get_by_role("link", name="Nhiệm vụ", exact=True)).to_be_hidden()
    toggle.click()
    phone.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    phone.wait_for_url("**/tasks")
    context.close()


def test_comment_search_pages_through_the_period_on_a_phone(browser, live_server):
    """On a phone, a search of the comments counts what it found, pages older and back, and
    nothing scrolls sideways."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT)
    phone = context.new_page()
    _sign_in(phone, live_server, "leader")
    phone.wait_for_url(live_server + "/")
    phone.goto(live_server + "/satisfaction")
    for pager in ("Đơn vị", "Điểm đánh giá"):  # two pagers: a screen reader hears which list each pages
        for button in ("Trang trước", "Trang sau"):
            expect(phone.get_by_role("button", name=f"{button} ({pager})", exact=True)).to_have_count(1)
    search = phone.get_by_placeholder("Tìm trong ý kiến")
    count = phone.locator("#sat-comment-count")
    expect(count).to_contain_text("Ý kiến 1–20 trong")
    every_comment = count.inner_text()
    search.fill("can bo")  # asked once the typing pauses: no Enter
    expect(count).not_to_have_text(every_comment)
    expect(count).to_contain_text("Ý kiến 1–20 trong")
    phone.wait_for_load_state("networkidle")  # the found comments' buttons have announced themselves
    phone.get_by_role("button", name="Ý kiến cũ hơn").click()
    expect(count).to_contain_text("Ý kiến 21–")
    assert phone.locator(".comment").count() >= 1
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_role("button", name="Ý kiến mới hơn").click()
    expect(count).to_contain_text("Ý kiến 1–20 trong")
    search.fill("cán bộ không có ở đây")
    search.press("Enter")
    expect(phone.locator("#sat-comments")).to_contain_text("Không có ý kiến nào trong kỳ này khớp")
    context.close()
