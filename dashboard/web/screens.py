"""Meeting-room screens on the same server: their own small Dash app under /display/, a cheap
"has anything changed?" probe, and the 404 for a link that no longer works.

A screen signs in with nothing but the secret in its address. Its Dash app knows only the
display's callbacks (the dashboard's callbacks are not reachable from here), each of which looks
the secret up again, so revoking a display stops it at the next request.
"""
from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs

from dash import Dash
from flask import Flask, Response, current_app, render_template, request
from flask_babel import force_locale
from sqlalchemy.exc import DBAPIError

from callbacks import display as display_callbacks
from db import displays
from layouts import display as view

from .. import clock, paths
from ..config import ROOT
from ..domain.displays import looks_like_secret
from ..extensions import csrf, database
from ..screens import PREFIX, PROBE_PATH, data_token, secret_of_path, server_version

log = logging.getLogger(__name__)

def _gone() -> Response:
    """The same answer for a wrong, revoked or expired link: nothing about any display."""
    language = request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "vi"
    with force_locale(language):
        body = render_template("display_gone.html", language=language)
    response = Response(body, 404, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def guard():
    """``before_request``: a screen's page opens only for a valid, unrevoked, unexpired link."""
    secret = secret_of_path(request.path)
    if secret is None:
        return None
    if looks_like_secret(secret):
        with database().session() as session:
            if displays.active_display(session, secret, clock.today()) is not None:
                return None
    return _gone()


def probe_answer(secret: str, known: str | None) -> tuple[str, bytes]:
    """204 with no body while nothing changed; the new versions when something did; 404 once
    the link stopped working. The screen sends what it shows in ``known``."""
    found = None
    if looks_like_secret(secret):
        with database().engine.connect() as connection:
            found = displays.probe(connection, secret, clock.today(), clock.now())
    if found is None:
        return "404 Not Found", b""
    config_version, version = found
    state = {"server": server_version(), "config": config_version, "data": data_token(version)}
    if known == f"{state['server']}.{state['config']}.{state['data']}":
        return "204 No Content", b""
    return "200 OK", json.dumps(state, separators=(",", ":")).encode()


class ProbeMiddleware:
    """Answers the screens' probe in front of Flask's request machinery (sessions, sign-in,
    rate limits, compression: none of which a bodiless 204 needs). A hundred screens asking
    every ten seconds then cost well under one percent of a core."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PROBE_PATH or environ.get("REQUEST_METHOD") != "GET":
            return self.wsgi_app(environ, start_response)
        known = parse_qs(environ.get("QUERY_STRING", "")).get("known", [None])[0]
        try:
            with self.app.app_context():
                status, body = probe_answer(environ.get("HTTP_X_DISPLAY_KEY", ""), known)
        except DBAPIError as error:  # the screen counts a failed check and keeps its figures
            log.warning("screen probe: database unavailable (%s)", type(error.orig).__name__)
            status, body = "503 Service Unavailable", b""
        headers = [("Cache-Control", "no-store")]  # the 204 too: no cache may answer "no change"
        if not status.startswith("204"):  # forbidden on a 204 (RFC 9110 8.6); gunicorn strips it, others not
            headers.append(("Content-Length", str(len(body))))
        if body:
            headers.append(("Content-Type", "application/json"))
        start_response(status, headers)
        return [body]


def init_app(server: Flask):
    """Mount the screens' Dash app under /display/ (before the dashboard's own Dash app, which
    must be created last: Dash keeps the last app's paths in module globals for its pages)."""


    server.before_request(guard)
    server.wsgi_app = ProbeMiddleware(server, server.wsgi_app)
    app = Dash(
        __name__,
        server=server,
        url_base_pathname=PREFIX,
        assets_folder=str(ROOT / "assets" / "display"),
        serve_locally=True,
        update_title=None,
        title="Task Supervision Dashboard",
        suppress_callback_exceptions=True,  # the slides arrive after the shell
    )
    app.layout = view.shell()
    display_callbacks.register(app)
    _only_display_callbacks(server, app)
    return app


def _only_display_callbacks(server: Flask, app) -> None:
    """The screens' callback route answers only this app's callbacks (404 for anything else)
    and needs no CSRF token: it changes nothing and trusts only the secret in the request."""
    endpoint = PREFIX + paths.DASH_UPDATE
    dispatch = server.view_functions[endpoint]

    def display_callback():
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or body.get("output") not in app.callback_map:
            return Response(status=404)
        return dispatch()

    server.view_functions[endpoint] = display_callback
    csrf.exempt(display_callback)
