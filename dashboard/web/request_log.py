"""One log line per request, carrying a request id, and never a secret.

The id comes from the reverse proxy's ``X-Request-ID`` when it sends a sane one (so both logs
can be joined), or is made here; it is returned in the response's ``X-Request-ID`` and added
to every log record written while the request runs. Paths are logged without their query
strings, and a screen's secret link shows as ``/display/[secret]``. Passwords travel only in
request bodies, which are never logged.
"""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import has_request_context, request

from .. import paths
from ..screens import PROBE_PATH

log = logging.getLogger("dashboard.requests")
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_SCREEN_SECRET = re.compile(re.escape(paths.DISPLAY) + r"(?!_)[A-Za-z0-9_-]{16,}")
ENVIRON_KEY = "dashboard.request_id"
# Answers that machines ask for every few seconds (a screen's "anything new?", the load
# balancer's health checks) are logged at DEBUG only: they would drown the log.
QUIET = {(PROBE_PATH, "204"), ("/healthz", "200"), ("/readyz", "200")}


def redact(text: str) -> str:
    return _SCREEN_SECRET.sub(paths.display("[secret]"), text)


class RequestLog:
    """WSGI middleware, outermost, so it sees every answer: pages, callbacks, the screens'
    probe, static files and errors alike."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        environ[ENVIRON_KEY] = request_id
        started = time.perf_counter()
        status = ["-"]

        def start(status_line, headers, exc_info=None):
            status[0] = status_line.split(" ", 1)[0]
            if (environ.get("PATH_INFO"), status[0]) not in QUIET:  # a screen's 204 stays tiny
                headers.append(("X-Request-ID", request_id))
            return start_response(status_line, headers, exc_info)

        def finished(sent: int) -> None:
            quiet = (environ.get("PATH_INFO"), status[0]) in QUIET
            log.log(logging.DEBUG if quiet else logging.INFO,
                    '%s "%s %s" %s %dB %.1fms', environ.get("REMOTE_ADDR", "-"),
                     environ.get("REQUEST_METHOD"), redact(environ.get("PATH_INFO", "")), status[0],
                     sent, (time.perf_counter() - started) * 1000,
                     extra={"request_id": request_id})

        return _Counted(self.wsgi_app(environ, start), finished)


class _Counted:
    """The response body, passed through while counting its bytes; logs when closed."""

    def __init__(self, body, on_close) -> None:
        self.body, self.on_close, self.sent = body, on_close, 0

    def __iter__(self):
        for chunk in self.body:
            self.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.on_close(self.sent)


class _Context(logging.Filter):
    """Adds the request id to every record and removes screen secrets from every message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = (request.environ.get(ENVIRON_KEY, "-")
                                 if has_request_context() else "-")
        message = record.getMessage()
        if paths.DISPLAY in message:
            record.msg, record.args = redact(message), None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Log lines to standard error (gunicorn, systemd and containers collect it from there)."""
    handler = logging.StreamHandler()
    handler.addFilter(_Context())
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s [%(process)d] rid=%(request_id)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
