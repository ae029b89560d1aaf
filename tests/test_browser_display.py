"""Meeting-room screens in headless Chromium at 1920×1080: slides rotate, a change made through the
application shows up within one refresh, a server restart is survived without touching the
screen, a revoked link says so, and hours of rotation do not grow the page."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from dashboard import clock
from dashboard.domain.displays import SLIDES, DisplaySettings
from dashboard.web import create_app
from db import displays
from db.engine import Database
from db.models import Display, Task, Unit
from db.tasks import record_update

from .conftest import HCM, TODAY, copy_demo, make_config, sign_in
from .dash_requests import post_callback, update_body
from .test_browser import expect

pytestmark = pytest.mark.browser


HD = {"width": 1920, "height": 1080}


class LiveServer:
    """The application on a private database copy, on a fixed port, that can be stopped and
    started again (a new app each time, as after a restart)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.app = None
        self._server = None
        self.port = 0

    def start(self) -> None:
        self.app = create_app(make_config(self.url))
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self._server.server_port
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def live(demo_db_url, tmp_path):
    url = copy_demo(demo_db_url, tmp_path / "screens.db")
    server = LiveServer(url)
    database = Database(url)
    server.start()
    yield server, database
    server.stop()
    database.dispose()


def _display(database, rotate=3, refresh=3, slides=SLIDES, locale="vi") -> tuple[int, str]:
    """A display straight in the database: tests may use intervals below the admin's minimum."""
    with database.transaction() as session:
        display, secret = displays.create_display(
            session, DisplaySettings("Phòng họp tầng 2", slides, 5, 5, locale), actor=None, now=clock.now())
        session.get(Display, display.id).rotate_seconds = rotate
        session.get(Display, display.id).refresh_seconds = refresh
        return display.id, secret


@pytest.fixture
def screen(browser):
    context = browser.new_context(locale="vi-VN", viewport=HD)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def _active_title(page) -> str:
    return page.locator(".slide.active .slide-title").inner_text()


def _slot(page, name: str):
    return page.locator(f".slide [data-slot='{name}']")


def test_slides_rotate_and_a_unit_heads_update_shows_within_one_refresh(screen, live):
    server, database = live
    _id, secret = _display(database, rotate=3, refresh=3)
    screen.goto(f"{server.base}/display/{secret}")
    expect(screen.locator(".slide.active .slide-title")).to_have_text("Tình hình tuần này")
    expect(_slot(screen, "overdue.value")).to_have_text("38")
    expect(screen.locator("#display-stamp")).to_contain_text("Số liệu lúc")
    assert screen.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert screen.evaluate("document.documentElement.scrollHeight <= innerHeight")
    seen = {_active_title(screen)}
    deadline = time.monotonic() + 20
    while len(seen) < 3 and time.monotonic() < deadline:
        seen.add(_active_title(screen))
        time.sleep(0.5)
    assert {"Tình hình tuần này", "Xếp hạng đơn vị: đơn vị cần đôn đốc trước", "Nhiệm vụ quá hạn"} <= seen

    with database.session() as session:  # an overdue task of a commune, done by its head
        task_id, version, code = session.execute(
            select(Task.id, Task.version, Unit.code).join(Unit, Unit.id == Task.lead_unit_id)
            .where(Task.status == "in_progress", Task.due_date < TODAY, Unit.kind == "commune")
            .order_by(Task.id).limit(1)).one()
    head = server.app.test_client()
    sign_in(head, f"head.{code}")
    saved = post_callback(head, update_body(head, task_id, "done", 100, "Đã hoàn thành", version))
    assert saved.status_code == 200
    changed_at = time.monotonic()
    expect(_slot(screen, "overdue.value")).to_have_text("37", timeout=3_000 + 2_000)
    assert time.monotonic() - changed_at <= 3 + 2  # one refresh interval, plus the request itself
    assert screen.console_errors == []


def test_the_same_screen_fills_a_4k_television(browser, live):
    server, database = live
    _id, secret = _display(database, slides=("ranking",))
    context = browser.new_context(locale="vi-VN", viewport={"width": 3840, "height": 2160})
    page = context.new_page()
    page.goto(f"{server.base}/display/{secret}")
    expect(page.locator("[data-slot='r0.name']")).not_to_be_empty(timeout=20_000)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "40px"
    assert page.evaluate("document.documentElement.scrollHeight <= innerHeight")
    row = page.locator("tbody tr").first.bounding_box()
    assert row["height"] >= 60  # twice the 1080p row: readable from the back of the room
    context.close()


def test_a_server_restart_shows_the_stale_warning_then_recovers_untouched(screen, live):
    server, database = live
    _id, secret = _display(database, rotate=60, refresh=2)
    screen.goto(f"{server.base}/display/{secret}")
    expect(screen.locator("#display-stamp")).to_contain_text("Số liệu lúc")
    screen.evaluate("window.__sameScreen = true")  # gone if the page were reloaded

    server.stop()
    expect(screen.locator("#display-stamp.stale")).to_contain_text("Chưa cập nhật từ", timeout=15_000)
    with database.transaction() as session:  # work goes on while the screen cannot see it
        task = session.scalar(select(Task).where(Task.status == "in_progress", Task.due_date < TODAY)
                              .order_by(Task.id).limit(1))
        record_update(session, task.id, status="done", progress=100, note="", by_user_id=None,
                      now=clock.now(), tz=HCM)
    server.start()
    expect(screen.locator("#display-stamp")).not_to_have_class("display-stamp stale", timeout=20_000)
    expect(screen.locator("#display-stamp")).to_contain_text("Số liệu lúc")
    expect(_slot(screen, "overdue.value")).to_have_text("37")
    assert screen.evaluate("window.__sameScreen") is True


def test_revoking_a_display_turns_the_open_screen_into_the_revoked_notice(screen, live):
    server, database = live
    display_id, secret = _display(database, refresh=2)
    screen.goto(f"{server.base}/display/{secret}")
    expect(_slot(screen, "overdue.value")).to_have_text("38")
    with database.transaction() as session:
        displays.revoke_display(session, display_id, actor=None, now=clock.now())
    expect(screen.locator("#display-revoked")).to_be_visible(timeout=6_000)
    expect(screen.locator("#display-revoked")).to_contain_text("Màn hình này đã bị thu hồi")
    assert screen.goto(f"{server.base}/display/{secret}").status == 404


def _heap_and_nodes(page, cdp) -> tuple[float, int]:
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["JSHeapUsedSize"], _screen_nodes(page)


def _screen_nodes(page) -> int:
    """Elements of the screen's own tree (Dash's framework adds and drops its own while a
    callback is under way)."""
    return page.evaluate("document.querySelectorAll('#display-root *').length")


def test_twenty_rotations_and_refreshes_leave_dom_and_heap_flat(screen, live):
    server, database = live
    _id, secret = _display(database, rotate=1, refresh=1)
    cdp = screen.context.new_cdp_session(screen)
    cdp.send("Performance.enable")
    screen.goto(f"{server.base}/display/{secret}")
    expect(_slot(screen, "overdue.value")).to_have_text("38")

    with database.session() as session:
        tasks = session.scalars(select(Task.id).where(Task.status == "in_progress")
                                .order_by(Task.id).limit(40)).all()

    def work(rounds: int, offset: int) -> None:
        """One change a second, so that every refresh has something to patch."""
        for n in range(rounds):
            with database.transaction() as session:
                task = session.get(Task, tasks[(offset + n) % len(tasks)])
                record_update(session, task.id, status="in_progress", progress=(task.progress + 7) % 95,
                              note="", by_user_id=None, now=clock.now(), tz=HCM)
            time.sleep(1)

    refreshes = []
    screen.on("request", lambda r: "_dash-update-component" in r.url and refreshes.append(r.url))
    screen.evaluate("""() => {
        window.__rotations = 0;
        new MutationObserver(changes => changes.forEach(c => {
            if (c.target.classList.contains('slide') && c.target.classList.contains('active')) window.__rotations++;
        })).observe(document.querySelector('#display-root'), {attributes: true, subtree: true,
                                                              attributeFilter: ['class']});
    }""")
    work(6, 0)  # warm-up: every slide built, every code path run once
    heap_before, nodes_before = _heap_and_nodes(screen, cdp)
    rotations_before, refreshes_before = screen.evaluate("window.__rotations"), len(refreshes)
    work(24, 6)  # about 24 s at 1 s per slide and per refresh
    heap_after, nodes_after = _heap_and_nodes(screen, cdp)
    assert screen.evaluate("window.__rotations") - rotations_before >= 20
    assert len(refreshes) - refreshes_before >= 20
    print(f"\nDOM nodes {nodes_before} -> {nodes_after}; JS heap {heap_before / 1e6:.2f} -> {heap_after / 1e6:.2f} MB; "
          f"rotations {screen.evaluate('window.__rotations') - rotations_before}, refreshes {len(refreshes) - refreshes_before}")
    for _ in range(30):  # a refresh may be half applied at the moment of counting
        if nodes_after == nodes_before:
            break
        time.sleep(0.1)
        nodes_after = _screen_nodes(screen)
    assert nodes_after == nodes_before  # slots change, the tree does not
    assert heap_after - heap_before < 2 * 1024 * 1024, (heap_before, heap_after)  # under 2 MB
    assert screen.console_errors == []
