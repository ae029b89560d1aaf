"""Light pages for cheap phones (issue #13, "Light"): what the browser downloads, and keeps.

- The charts' plotly.js is the partial "basic" bundle (scatter, bar and pie: every trace our
  figures draw), 1.1 MB instead of the full 4.8 MB. dcc.Graph fetches plotly.js from one fixed address when the first
  chart of a visit is drawn, so pages without a chart never load it; this module answers that
  address. The bundle's version must be the one the installed plotly (hence dcc.Graph) expects:
  otherwise the full bundle is served as before (`make plotly-bundle` refreshes the copy).
- Every static file (Dash's scripts, the assets, plotly.js) travels compressed at the best level,
  computed once per file, modification time and encoding and kept in memory (bounded): brotli 11,
  or zstd 19 for a browser that prefers zstd, or gzip 9; about 20% smaller than flask-compress's
  on-the-fly levels (brotli 4, zstd 3, gzip 6), which still compress the pages and callbacks.
  The big files are compressed in a background thread at start, so no visit waits for them.
- Dash's renderer loads Babel's whole polyfill (core-js 2 and regenerator) before React: on a
  phone it was 0.9 s of script evaluation on every first load, for browsers that predate
  2017. The browsers we serve have every feature core-js adds; the one thing Dash's bundles
  still use from it is regenerator's runtime (their compiled async functions), which is served
  alone in its place (regenerator-runtime, MIT, 25 KB, 6 KB in brotli).
- Dash loads dash_table's bundle (34 KB) on every page; no page of ours draws a DataTable
  (tests/test_callback_ids.py checks), so it is left out.
- The app's own assets, which Dash fingerprints with a `?m=` stamp (and the icon font, with its
  own hash), are kept by browsers for a year: a later visit asks for none of them.
- Scripts, styles and fonts do not vary with the cookie. Flask says they do ("Vary: Cookie")
  once anything reads the session, as Flask-Login does on every answer; the CSRF cookie changes
  on every page, so browsers would download every bundle again on each visit.
"""
from __future__ import annotations

import gzip
import os
import re
import sys
import threading
from collections import OrderedDict
from pathlib import Path

import brotli
from dash import Dash, _dash_renderer
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request, send_file
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

try:  # flask-compress's own zstd: the standard library's from Python 3.14, else its backport
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:
    from backports import zstd

from ..config import ROOT

PLOTLY_BUNDLE = ROOT / "assets" / "vendor" / "plotly" / "plotly-basic.min.js"
REGENERATOR = ROOT / "assets" / "vendor" / "regenerator" / "runtime.js"
POLYFILL_TAG = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>')
UNUSED_TAG = re.compile(r'<script src="[^"]*/dash/dash_table/[^"]*"></script>\s*')
# Where Dash's renderer tells dcc.Graph to load plotly.js from when it is served locally.
PLOTLY_ADDRESS = "_dash-component-suites/plotly/package_data/plotly.min.js"
YEAR = 365 * 24 * 3600
DAY = 24 * 3600  # plotly.js's address has no fingerprint: a browser asks again (ETag) after a day
# Best first on a tie (Chromium says "gzip, deflate, br, zstd"): brotli 11 is the smallest; zstd
# only for a browser that prefers it; gzip 9 for the rest. Another (deflate) is flask-compress's.
ENCODINGS = ("br", "zstd", "gzip")
ZSTD_LEVEL = 19  # 22 is no smaller on our scripts; 19 takes 0.3 s for a 1.3 MB script
WARM_SIZE = 64 * 1024  # files this big are compressed (brotli) in the background at start
WARM_LIMIT = 1_500_000  # but not bigger ones (MathJax, the full plotly.js): no page of ours loads them


def bundle_version(path: Path = PLOTLY_BUNDLE) -> str | None:
    """The plotly.js version in the header of the vendored bundle."""
    with path.open("rb") as file:
        match = re.search(rb"plotly\.js \(basic - minified\) v(\S+)", file.read(300))
    return match.group(1).decode() if match else None


def expected_version() -> str:
    """The plotly.js version the installed plotly ships, which Dash's dcc.Graph is built for."""
    from plotly.offline import get_plotlyjs_version
    return get_plotlyjs_version()


def plotly_bundle() -> Response:
    """The vendored bundle (compressed by ``precompress`` below, like every static file)."""
    return send_file(PLOTLY_BUNDLE, mimetype="text/javascript", max_age=DAY)


def without_polyfill(scripts: str, asset_url: str) -> str:
    """A page's script tags with regenerator's runtime where Babel's polyfill was (first, before
    React and every component bundle that may call it), and without dash_table's."""
    stamp = int(REGENERATOR.stat().st_mtime)
    scripts = UNUSED_TAG.sub("", scripts)
    return POLYFILL_TAG.sub(f'<script src="{asset_url}?m={stamp}"></script>', scripts, count=1)


def _encode(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11)
    if encoding == "zstd":
        return zstd.compress(data, ZSTD_LEVEL)
    return gzip.compress(data, 9, mtime=0)


class Compressed:
    """Static files compressed at the best level, once per file, modification time and encoding;
    the least recently used are forgotten past ``limit`` bytes."""

    def __init__(self, limit: int = 48 * 2**20):
        self.limit = limit
        self.entries: OrderedDict[tuple, bytes] = OrderedDict()
        self.working: dict[tuple, threading.Lock] = {}  # one compression per key at a time
        self.size = 0
        self.lock = threading.Lock()

    def body(self, file: Path, stamp: os.stat_result, encoding: str) -> bytes:
        key = (str(file), stamp.st_mtime_ns, stamp.st_size, encoding)
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
            working = self.working.setdefault(key, threading.Lock())
        with working:  # brotli lets go of the GIL: other files and answers go on meanwhile
            with self.lock:
                if key in self.entries:
                    return self.entries[key]
            body = _encode(file.read_bytes(), encoding)
            with self.lock:
                self.entries[key] = body
                self.size += len(body)
                while self.size > self.limit and len(self.entries) > 1:
                    self.size -= len(self.entries.popitem(last=False)[1])
                self.working.pop(key, None)
            return body


class StaticFilesWithoutSession(SecureCookieSessionInterface):
    """Flask's cookie sessions, never saved on the answers of ``prefixes`` (static files): those
    are cached publicly for a year, so they must neither carry anyone's session cookie nor vary
    by cookie (browsers then downloaded every bundle again whenever the CSRF cookie changed)."""

    def __init__(self, prefixes: tuple[str, ...]):
        self.prefixes = prefixes

    def save_session(self, app, session, response) -> None:
        if not request.path.startswith(self.prefixes):
            super().save_session(app, session, response)


class StaticFiles:
    """Which file on disk an address of the Dash apps' static files is: their assets, the scripts
    and styles of Dash's component packages, and the partial plotly.js."""

    def __init__(self, dash_apps: list[Dash], plotly_addresses: tuple[str, ...]):
        self.assets = tuple((app.config.routes_pathname_prefix + app.config.assets_url_path.strip("/") + "/",
                             app.config.assets_folder) for app in dash_apps)
        self.suites = tuple(app.config.routes_pathname_prefix + "_dash-component-suites/" for app in dash_apps)
        self.plotly = plotly_addresses

    def file(self, path: str) -> Path | None:
        found: str | None = None
        if path in self.plotly:
            return PLOTLY_BUNDLE
        if path.startswith(self.suites):
            package, _, fingerprinted = path.split("_dash-component-suites/", 1)[1].partition("/")
            module = sys.modules.get(package)
            if module is not None and getattr(module, "__file__", None):
                found = safe_join(os.path.dirname(module.__file__), check_fingerprint(fingerprinted)[0])
        else:
            for prefix, folder in self.assets:
                if path.startswith(prefix):
                    found = safe_join(folder, path.removeprefix(prefix))
                    break
        return Path(found) if found and os.path.isfile(found) else None


def package_files() -> list[Path]:
    """The scripts and styles Dash's component packages (and its renderer) serve, maps aside."""
    from dash import dcc, html
    from dash.development.base_component import ComponentRegistry
    modules = [_dash_renderer, dcc, html] + [sys.modules[name] for name in sorted(ComponentRegistry.registry)
                                             if name in sys.modules]
    files = []
    for module in modules:
        for resource in (getattr(module, "_js_dist_dependencies", []) + getattr(module, "_js_dist", [])
                         + getattr(module, "_css_dist", [])):
            package = sys.modules.get(resource.get("namespace", ""))
            paths = resource.get("relative_package_path") or []
            paths = paths.get("prod", []) if isinstance(paths, dict) else paths
            for path in [paths] if isinstance(paths, str) else paths:
                file = Path(os.path.dirname(getattr(package, "__file__", None) or "/"), path)
                if package is not None and file.suffix != ".map" and file.is_file() and file not in files:
                    files.append(file)
    return files


COMPRESSED = Compressed()  # one per process: every app of it serves the same files
_warm_files: list[Path] = []


def warm(files: list[Path]) -> None:
    """Compress the big files with brotli before anyone asks (about 8 s of one core, off the
    request path: brotli lets go of the GIL), so no first visit waits seconds for a big script."""
    for file in files:
        try:
            stamp = file.stat()
            if WARM_SIZE <= stamp.st_size <= WARM_LIMIT:
                COMPRESSED.body(file, stamp, "br")
        except OSError:
            continue


def start_warming(files: list[Path]) -> None:
    """Once per process; a worker forked by gunicorn (preload_app) finishes what its master began."""
    if not _warm_files:
        _warm_files.extend(files)
        threading.Thread(target=warm, args=(files,), name="precompress", daemon=True).start()


def _after_fork_in_child() -> None:
    COMPRESSED.lock, COMPRESSED.working = threading.Lock(), {}  # a lock held at fork stays held
    if _warm_files:
        threading.Thread(target=warm, args=(list(_warm_files),), name="precompress", daemon=True).start()


os.register_at_fork(after_in_child=_after_fork_in_child)


def init_app(server: Flask, dash_apps: list[Dash]) -> None:
    """Serve the partial plotly.js at each Dash app's plotly.js address (a fixed address wins
    over Dash's own rule for its packages' files), cache the fingerprinted assets, and let
    browsers keep static files across cookie changes."""
    plotly: tuple[str, ...] = ()
    if bundle_version() == expected_version():
        plotly = tuple(app.config.routes_pathname_prefix + PLOTLY_ADDRESS for app in dash_apps)
        for number, address in enumerate(plotly):
            server.add_url_rule(address, endpoint=f"plotly_bundle_{number}", view_func=plotly_bundle)
    else:
        server.logger.warning("assets/vendor/plotly is plotly.js %s, dcc.Graph expects %s: serving "
                              "the full bundle (make plotly-bundle)", bundle_version(), expected_version())

    assets = tuple(app.config.routes_pathname_prefix + app.config.assets_url_path.strip("/") + "/"
                   for app in dash_apps)

    suites = tuple(app.config.routes_pathname_prefix + "_dash-component-suites/" for app in dash_apps)
    server.session_interface = StaticFilesWithoutSession(assets + suites)

    @server.after_request
    def cache_fingerprinted_assets(response):
        if response.status_code == 200 and request.path.startswith(assets) and (
                "m" in request.args or "/vendor/fonts/" in request.path and request.query_string):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        if "Set-Cookie" in response.headers and "public" in (response.headers.get("Cache-Control") or ""):
            response.headers["Cache-Control"] = "private, no-store"  # a cookie is never shared by a cache
        return response

    static = StaticFiles(dash_apps, plotly)
    compressible = set(server.config["COMPRESS_MIMETYPES"])
    smallest = server.config["COMPRESS_MIN_SIZE"]

    @server.after_request
    def precompress(response):
        """Send a static file compressed once at the best level. Registered after flask-compress,
        so it runs before it: flask-compress leaves an answer with a Content-Encoding alone."""
        if (request.method not in ("GET", "HEAD") or response.status_code not in (200, 304)
                or "Content-Encoding" in response.headers or response.mimetype not in compressible):
            return response
        file = static.file(request.path)
        encoding = request.accept_encodings.best_match(ENCODINGS)
        if file is None or encoding is None:
            return response
        stamp = file.stat()
        if stamp.st_size < smallest:
            return response
        response.vary.add("Accept-Encoding")
        response.set_etag(f"{stamp.st_mtime_ns:x}-{stamp.st_size:x}-{encoding}")
        if response.status_code == 200:
            body = COMPRESSED.body(file, stamp, encoding)
            if hasattr(response.response, "close"):
                response.response.close()  # the file Flask opened to send it raw
            response.direct_passthrough = False
            response.set_data(body)
            response.headers["Content-Encoding"] = encoding
            response.make_conditional(request)  # 304 when the browser holds this very encoding
        return response

    assets_files = sorted(file for _, folder in static.assets for file in Path(folder).rglob("*.*")
                          if file.suffix in (".js", ".css"))
    if not server.config.get("TESTING"):  # tests build many apps and send few files
        start_warming([PLOTLY_BUNDLE] + package_files() + assets_files)
