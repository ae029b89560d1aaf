"""Light pages for cheap phones (issue #13, "Light"): what the browser downloads, and keeps.

- The charts' plotly.js is the partial "basic" bundle (scatter, bar and pie: every trace our
  figures draw), 1.1 MB instead of the full 4.8 MB, compressed once per process (brotli or gzip)
  instead of on every request. dcc.Graph fetches plotly.js from one fixed address when the first
  chart of a visit is drawn, so pages without a chart never load it; this module answers that
  address. The bundle's version must be the one the installed plotly (hence dcc.Graph) expects:
  otherwise the full bundle is served as before (`make plotly-bundle` refreshes the copy).
- The app's own assets, which Dash fingerprints with a `?m=` stamp (and the icon font, with its
  own hash), are kept by browsers for a year: a later visit asks for none of them.
- Scripts, styles and fonts do not vary with the cookie. Flask says they do ("Vary: Cookie")
  once anything reads the session, as Flask-Login does on every answer; the CSRF cookie changes
  on every page, so browsers would download every bundle again on each visit.
"""
from __future__ import annotations

import gzip
import hashlib
import re
import threading
from pathlib import Path

import brotli
from dash import Dash
from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface

from ..config import ROOT

PLOTLY_BUNDLE = ROOT / "assets" / "vendor" / "plotly" / "plotly-basic.min.js"
# Where Dash's renderer tells dcc.Graph to load plotly.js from when it is served locally.
PLOTLY_ADDRESS = "_dash-component-suites/plotly/package_data/plotly.min.js"
YEAR = 365 * 24 * 3600
DAY = 24 * 3600  # plotly.js's address has no fingerprint: a browser asks again (ETag) after a day
ENCODINGS = ("br", "gzip")  # every browser since 2016 takes one of them


def bundle_version(path: Path = PLOTLY_BUNDLE) -> str | None:
    """The plotly.js version in the header of the vendored bundle."""
    with path.open("rb") as file:
        match = re.search(rb"plotly\.js \(basic - minified\) v(\S+)", file.read(300))
    return match.group(1).decode() if match else None


def expected_version() -> str:
    """The plotly.js version the installed plotly ships, which Dash's dcc.Graph is built for."""
    from plotly.offline import get_plotlyjs_version
    return get_plotlyjs_version()


class PlotlyBundle:
    """The vendored bundle, encoded once per encoding on first demand."""

    def __init__(self, path: Path):
        self.data = path.read_bytes()
        self.etag = hashlib.sha256(self.data).hexdigest()[:20]
        self.encoded: dict[str, bytes] = {}
        self.lock = threading.Lock()

    def body(self, encoding: str | None) -> bytes:
        if encoding is None:
            return self.data
        with self.lock:
            if encoding not in self.encoded:
                self.encoded[encoding] = (brotli.compress(self.data, quality=11) if encoding == "br"
                                          else gzip.compress(self.data, 9, mtime=0))
            return self.encoded[encoding]

    def response(self) -> Response:
        encoding = request.accept_encodings.best_match(ENCODINGS)
        response = Response(mimetype="text/javascript")
        response.set_etag(f"{self.etag}-{encoding or 'identity'}")
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = f"public, max-age={DAY}"
        if request.if_none_match.contains(f"{self.etag}-{encoding or 'identity'}"):
            response.status_code = 304
            return response
        response.set_data(self.body(encoding))
        if encoding:
            response.headers["Content-Encoding"] = encoding  # flask-compress leaves it so
        return response


class StaticFilesVaryNotByCookie(SecureCookieSessionInterface):
    """Flask's cookie sessions, minus "Vary: Cookie" on the answers of ``prefixes``."""

    def __init__(self, prefixes: tuple[str, ...]):
        self.prefixes = prefixes

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if request.path.startswith(self.prefixes):
            vary = [v for v in response.vary if v.lower() != "cookie"]  # (HeaderSet.discard misses)
            if vary:
                response.headers["Vary"] = ", ".join(vary)
            else:
                del response.headers["Vary"]


def init_app(server: Flask, dash_apps: list[Dash]) -> None:
    """Serve the partial plotly.js at each Dash app's plotly.js address (a fixed address wins
    over Dash's own rule for its packages' files), cache the fingerprinted assets, and let
    browsers keep static files across cookie changes."""
    if bundle_version() == expected_version():
        bundle = PlotlyBundle(PLOTLY_BUNDLE)
        for number, app in enumerate(dash_apps):
            server.add_url_rule(app.config.routes_pathname_prefix + PLOTLY_ADDRESS,
                                endpoint=f"plotly_bundle_{number}", view_func=bundle.response)
    else:
        server.logger.warning("assets/vendor/plotly is plotly.js %s, dcc.Graph expects %s: serving "
                              "the full bundle (make plotly-bundle)", bundle_version(), expected_version())

    assets = tuple(app.config.routes_pathname_prefix + app.config.assets_url_path.strip("/") + "/"
                   for app in dash_apps)

    suites = tuple(app.config.routes_pathname_prefix + "_dash-component-suites/" for app in dash_apps)
    server.session_interface = StaticFilesVaryNotByCookie(assets + suites)

    @server.after_request
    def cache_fingerprinted_assets(response):
        if response.status_code == 200 and request.path.startswith(assets) and (
                "m" in request.args or "/vendor/fonts/" in request.path and request.query_string):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
