"""The composition root: the app factory and its wiring. The only code that imports the
callbacks and the layouts (through ``pages`` and ``screens``); nothing imports it but the
entry points (``app.py``, the tests, the benchmarks)."""
from __future__ import annotations

from dash import Dash
from flask import Flask, current_app, request
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import DBAPIError
from werkzeug.middleware.proxy_fix import ProxyFix

from db import rollups
from db.engine import Database
from db.migrate import upgrade

from .. import answer_cache, cache, clock, i18n, paths
from ..config import DEFAULTS, INSTANCE, ROOT, from_environment
from ..extensions import compress, csrf, limiter
from ..paths import DISPLAY
from . import (
    account,
    api,
    auth,
    briefings,
    bundles,
    citizen,
    errors,
    headers,
    inbox,
    input_guard,
    operations,
    pages,
    posters,
    recommend,
    results,
    screens,
)
from .request_log import RequestLog

CSRF_COOKIE = "_csrf_token"  # Dash's front end reads it and sends it back as X-CSRFToken


class DashboardDash(Dash):
    """The dashboard's Dash app: its page says which language it is in (``<html lang>``), so
    screen readers and translation tools read Vietnamese as Vietnamese; it loads no polyfill
    (bundles.without_polyfill)."""

    def interpolate_index(self, **kwargs):
        runtime = self.get_asset_url("vendor/regenerator/runtime.js")
        kwargs["scripts"] = bundles.without_polyfill(kwargs["scripts"], runtime)
        return super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{i18n.current_language()}">', 1)


def _close_missed_days(server: Flask, database) -> None:
    """Close the days missed while the service was down. A database that takes no writes now
    (read-only, a standby) is no reason not to start: pages read those days from the spans."""
    try:
        with server.app_context(), database.transaction() as session:
            rollups.close_missed_days(session, clock.today())
    except DBAPIError as error:
        server.logger.warning("missed days not closed at start-up (%s): read from the spans meanwhile",
                              type(error.orig).__name__)


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask server and the Dash app on it.

    ``config`` replaces reading the environment (tests pass their own).
    """
    server = Flask("dashboard", instance_path=str(INSTANCE))  # templates in dashboard/templates
    server.config.update(DEFAULTS)
    server.config.update(config if config is not None else from_environment())
    if not server.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is required")

    database = Database(server.config["DATABASE_URL"])
    if database.url.startswith("sqlite:///"):
        INSTANCE.mkdir(mode=0o700, exist_ok=True)  # readable by the service's user only
    if server.config["AUTO_MIGRATE"]:
        upgrade(database.engine)
        _close_missed_days(server, database)
    server.extensions["database"] = database

    auth.init_app(server)  # first: its gate answers anonymous requests before CSRF checks run
    csrf.init_app(server)
    limiter.init_app(server)
    account.init_app(server)
    briefings.init_app(server)
    inbox.init_app(server)
    api.init_app(server)  # before the error pages: its own answers are problems, not pages
    compress.init_app(server)
    i18n.init_app(server)
    cache.init_app(server)
    citizen.init_app(server)
    recommend.init_app(server)
    results.init_app(server)
    posters.init_app(server)
    operations.init_app(server)
    errors.init_app(server)  # a page for every other error a person can meet
    server.after_request(_set_csrf_cookie)
    server.extensions["display_dash"] = screens.init_app(server)  # before the dashboard's Dash app

    app = DashboardDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        assets_path_ignore=["^display$", "^plotly$", "^regenerator$"],  # the screens' own; the others: bundles.py
        serve_locally=True,
        update_title=None,
        # Else Dash sends every page's layout (110 KB) with each page, for the browser to check
        # the callbacks' ids against on every load: tests/test_callback_ids.py checks them once.
        suppress_callback_exceptions=True,
        title="Task Supervision Dashboard",
        on_error=operations.on_callback_error,
    )
    pages.register_pages(app)
    server.extensions["dash"] = app
    headers.init_app(server, [server.extensions["display_dash"], app])  # after every callback
    bundles.init_app(server, [server.extensions["display_dash"], app])  # the partial plotly.js, caching
    input_guard.init_app(server, [server.extensions["display_dash"], app])  # after Dash's set-up
    answer_cache.init_app(server)  # after the guard: it reads bodies the guard let through
    server.wsgi_app = RequestLog(server.wsgi_app)  # outermost but the proxy fix: sees every answer
    proxies = int(server.config.get("PROXY_COUNT") or 0)
    if proxies:  # behind nginx: the citizen's address (rate limits, logs) and https come from it
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return server


def _set_csrf_cookie(response):
    """Give Dash's front end the CSRF token when a page is loaded."""
    if request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html" \
            and not request.path.startswith((DISPLAY, paths.API)):  # screens and the API: no cookie
        response.set_cookie(CSRF_COOKIE, generate_csrf(), samesite="Strict", httponly=False,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
