"""What a meeting-room screen's link and probe mean, shared by the screens' own callbacks and
the server that mounts them (``web/screens.py``): the paths, the secret in a link, and the
versions a screen compares to know it must reload."""
from __future__ import annotations

import functools
import hashlib

import dash

from . import clock, paths
from .config import ROOT

PREFIX = paths.DISPLAY
PROBE_PATH = PREFIX + "_probe"  # the screen sends its secret in the X-Display-Key header
# Dash's own routes and the assets under /display/; every other path there is a secret link.
SERVICE_PREFIXES = ("_dash-", "_reload-hash", "_favicon.ico", "_probe", "assets/")


@functools.cache
def server_version() -> str:
    """Changes with every deployment of different code: open screens then reload themselves."""
    digest = hashlib.sha256(dash.__version__.encode())
    for folder in ("dashboard", "db", "layouts", "callbacks", "assets"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".js", ".css", ".po") and path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def data_token(version: str) -> str:
    """What the screen's figures depend on: the data, the day, and whether the daily cut-off
    has passed (figures move at midnight and at the cut-off without any write)."""
    today = clock.today()
    return f"{today.isoformat()}{'c' if clock.now() >= clock.cutoff_moment(today) else ''}-{version}"


def secret_of_path(path: str) -> str | None:
    """The secret in /display/<secret> (None for Dash's routes and assets)."""
    if not path.startswith(PREFIX):
        return None
    rest = path[len(PREFIX):]
    if rest.startswith(SERVICE_PREFIXES):
        return None
    return rest.rstrip("/")
