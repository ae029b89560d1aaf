"""Shared fixtures: the demo district on each database (SQLite and PostgreSQL), the app on it.

Every test that touches a database runs once per backend: the `backend` fixture is
parametrized, and `demo_db_url`, `empty_db_url` and `copy_demo` give databases of that kind.
`TEST_DATABASES=sqlite` narrows a quick local run; `make test` always runs both.
"""
from __future__ import annotations

import itertools
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dashboard import clock
from dashboard.web import create_app
from db import demo
from db.engine import Database
from db.migrate import upgrade

from .servers import PostgresServer, RedisServer

BACKENDS = os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# The demo is generated as of this moment, and every test runs with the clock set to it (ticking
# on from it): no test depends on the machine's date or time of day.
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=HCM)
TODAY = NOW.date()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Each test (its fixtures included) starts at NOW; a test moves the clock with clock.set_to."""
    with clock.set_to(NOW):
        return (yield)


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
        "API_RATE_LIMIT": "100000 per minute",  # the API's own test sets its own
        "API_REFUSED_TOKEN_LIMIT": "100000 per minute",
        "TOKEN_FORM_LIMIT": "1000 per minute",
        "CACHE_TYPE": "SimpleCache",
        "TESTING": True,
    }


_postgres: PostgresServer | None = None
_templates: dict[str, str] = {}  # a PostgreSQL demo database's URL -> its untouched template
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres():
    """This run's own PostgreSQL server (started on first need, stopped at the end)."""
    global _postgres
    _postgres = PostgresServer()
    yield _postgres
    _postgres.stop()
    _postgres = None


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql":
        request.getfixturevalue("postgres")
    return request.param


def new_postgres_database(template: str | None = None) -> str:
    assert _postgres, "the postgres fixture starts the server"
    return _postgres.create_database(f"tsd_{next(_numbers)}", template)


def _fill_with_demo(url: str) -> None:
    database = Database(url)
    upgrade(database.engine)
    with database.engine.begin() as connection:
        demo.generate(connection, now=NOW, tz=HCM, seed=2026, progress=lambda _: None)
    database.dispose()


@pytest.fixture(scope="session")
def sqlite_demo_url(tmp_path_factory) -> str:
    """The demo district in SQLite, for the few tests about SQLite itself (its file, its disk)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    _fill_with_demo(url)
    return url


@pytest.fixture(scope="session")
def demo_db_url(backend, request) -> str:
    """A database holding the demo district as of NOW (built once per test run and backend)."""
    if backend == "sqlite":
        return request.getfixturevalue("sqlite_demo_url")
    template_url = new_postgres_database()
    _fill_with_demo(template_url)
    template = template_url.rsplit("/", 1)[1]  # copies come from this untouched template
    url = new_postgres_database(template)
    _templates[url] = _templates[template_url] = template
    return url


@pytest.fixture
def empty_db_url(backend, tmp_path) -> str:
    if backend == "postgresql":
        return new_postgres_database()
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
    """A private, consistent copy of the demo database: a clone of its template on PostgreSQL;
    on SQLite a file at ``target`` (SQLite's backup API includes what is still in the
    write-ahead log, which a file copy would miss)."""
    import sqlite3
    if demo_db_url.startswith("postgresql"):
        return new_postgres_database(_templates[demo_db_url])
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
    url = copy_demo(demo_db_url, tmp_path / "writable.db")
    app = create_app(make_config(url))
    database = Database(url)
    yield app, database
    database.dispose()
    app.extensions["database"].dispose()


def pytest_sessionfinish(session, exitstatus):
    """Tests close what they start: a thread still running here (a server, a pool, a timer,
    daemon or not) was left behind by a test, and would keep the run from ending or leak."""
    import threading
    left = [thread.name for thread in threading.enumerate()
            if thread is not threading.main_thread() and thread.is_alive()]
    if left:
        session.config.get_terminal_writer().line(f"threads left running: {left}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
