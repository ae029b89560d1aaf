"""What a unit head sees in the browser when the database cannot take their change: a notice
that says nothing was saved, the form keeping what they typed, and Save working again once
the database is back, with no reload."""
from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from dashboard.web import create_app

from . import conftest, faults
from .conftest import copy_demo, make_config
from .test_browser import _sign_in, expect
from .test_browser_tasks import _page

pytestmark = pytest.mark.browser
NOT_SAVED = "chưa có gì được lưu"


@pytest.fixture
def live_app(demo_db_url, tmp_path):
    app = create_app(make_config(copy_demo(demo_db_url, tmp_path / "faults.db")))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    app.extensions["database"].dispose()


def _open_update_form(page, base):
    _sign_in(page, base, "head.xa-thach-dai")
    page.wait_for_url("**/units/xa-thach-dai")
    page.locator(".my-task").first.get_by_role("button", name="Cập nhật").click()
    page.locator(".quick-choices").get_by_text("60%", exact=True).click()
    page.get_by_label("Ghi chú (bắt buộc nếu giảm tiến độ)").fill("Xong phần khảo sát")


def test_a_read_only_database_shows_the_notice_and_keeps_the_form(browser, live_app):
    base, app = live_app
    page = _page(browser, 390, 844)
    _open_update_form(page, base)
    with faults.read_only(app):
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("#db-notice")).to_contain_text(NOT_SAVED)
        expect(page.get_by_label("Ghi chú (bắt buộc nếu giảm tiến độ)")).to_have_value("Xong phần khảo sát")
    page.get_by_role("button", name="Lưu").click()  # the database is back: the same tap saves
    expect(page.get_by_text("Đã lưu tiến độ")).to_be_visible()
    page.context.close()


@contextmanager
def _refusing_connections(app):
    """PostgreSQL turns away every new connection to the app's database and ends the open ones,
    as while a server is down; the app fails before its callback runs (signing the user in)."""
    name = app.extensions["database"].engine.url.database
    conftest._postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    conftest._postgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             f"WHERE datname = '{name}'")
    try:
        yield
    finally:
        conftest._postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_unreachable_database_still_gets_a_message_over_the_page(browser, backend, live_app):
    base, app = live_app
    page = _page(browser, 390, 844)
    _open_update_form(page, base)
    with _refusing_connections(app):
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("#db-notice-fallback")).to_contain_text(NOT_SAVED)  # assets/notice.js
        expect(page.get_by_label("Ghi chú (bắt buộc nếu giảm tiến độ)")).to_have_value("Xong phần khảo sát")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu tiến độ")).to_be_visible()
    page.context.close()
