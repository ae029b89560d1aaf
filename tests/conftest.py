"""Shared fixtures: a migrated SQLite database with the demo district, and the app on it."""
from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from dashboard import create_app
from db import demo
from db.engine import Database
from db.migrate import upgrade

TODAY = date(2026, 11, 26)  # the demo's fixed "today": tests never depend on the clock
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def make_config(database_url: str) -> dict:
    return {
        "SECRET_KEY": "test-only-secret",
        "DATABASE_URL": database_url,
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_RATE_LIMIT": "1000 per minute",  # the rate-limit tests set their own
        "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute",
        "CACHE_TYPE": "SimpleCache",
        "TESTING": True,
    }


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory) -> str:
    """A database holding the demo district as of TODAY (built once per test run)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    database = Database(url)
    upgrade(database.engine)
    with database.engine.begin() as connection:
        demo.generate(connection, today=TODAY, tz=HCM, seed=2026, progress=lambda _: None)
    database.dispose()
    return url


@pytest.fixture
def empty_db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture(scope="session")
def app(demo_db_url):
    return create_app(make_config(demo_db_url))


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token_of(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "the login form carries a CSRF token"
    return match.group(1)


def sign_in(client, username: str, password: str = demo.DEMO_PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_token_of(page.get_data(as_text=True)),
                                       "next": "/"})


@pytest.fixture
def database(demo_db_url):
    database = Database(demo_db_url)
    yield database
    database.dispose()


def copy_demo(demo_db_url: str, target) -> str:
    """A private, consistent copy of the demo database (SQLite's backup API includes what is
    still in the write-ahead log, which a file copy would miss)."""
    import sqlite3
    source = sqlite3.connect(demo_db_url.removeprefix("sqlite:///"))
    destination = sqlite3.connect(str(target))
    with destination:
        source.backup(destination)
    source.close()
    destination.close()
    return f"sqlite:///{target}"


CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never its own downloaded browser)."""
    import shutil

    from playwright.sync_api import sync_playwright
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def writable(demo_db_url, tmp_path):
    """The app on a private copy of the demo district, for tests that write."""
    from unittest.mock import patch
    url = copy_demo(demo_db_url, tmp_path / "writable.db")
    app = create_app(make_config(url))
    database = Database(url)
    with patch("dashboard.clock.today", return_value=TODAY):
        yield app, database
    database.dispose()
