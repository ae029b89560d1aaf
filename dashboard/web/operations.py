"""What the operators and the load balancer see: health and readiness probes, and one clear
"try again" answer when the database cannot take a request (restarting, disk full, read-only)."""
from __future__ import annotations

import logging

from dash.exceptions import UnsupportedRelativePath
from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request, send_from_directory
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError

from db.migrate import is_current
from db.permission import NotAllowed
from db.portable import is_unavailable

from ..config import ROOT
from ..extensions import database
from .errors import error_page, wants_page
from .notice import database_away, unavailable_message

log = logging.getLogger(__name__)
blueprint = Blueprint("operations", __name__)
RETRY_AFTER_SECONDS = "30"


@blueprint.get("/robots.txt")
def robots():
    """Nothing here is for search engines: every page is internal, every link a secret."""
    return Response("User-agent: *\nDisallow: /\n", mimetype="text/plain")


@blueprint.get("/favicon.ico")
def favicon():
    return send_from_directory(ROOT / "assets", "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400)


@blueprint.get("/healthz")
def healthz():
    """The process is alive and answering; says nothing about the database on purpose, so a
    database outage does not make the orchestrator restart every worker in a loop."""
    return jsonify(status="ok")


@blueprint.get("/readyz")
def readyz():
    """Ready for traffic: the database answers and carries every migration."""
    try:
        current = is_current(database().engine)  # one query: answers only if reachable
    except DBAPIError as error:
        log.warning("readiness: database unreachable (%s)", type(error.orig).__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    if not current:
        return jsonify(status="unavailable", database="not migrated"), 503
    return jsonify(status="ok", database="ok")


def _database_error_page(error: DBAPIError):
    """Pages get a short "try again" page, Dash's routes a JSON message (assets/notice.js shows
    it over the page). Rendered without Flask's context processors: they would ask the
    database who the user is, and fail again."""
    if not is_unavailable(error):
        raise error
    log.warning("database unavailable: %s", type(error.orig).__name__)
    headers = {"Retry-After": RETRY_AFTER_SECONDS, "Cache-Control": "no-store"}
    if request.path.startswith("/_dash-"):
        return jsonify(message=unavailable_message()), 503, headers
    page = current_app.jinja_env.get_template("unavailable.html")
    return page.render(message=unavailable_message()), 503, headers


# What a callback raises when a request carries values of a kind its page never sends (a list
# for a date, a number for a name): the request is at fault, not the server.
UNUSABLE_VALUES = (TypeError, AttributeError, ValueError, KeyError, IndexError, OverflowError,
                   UnsupportedRelativePath)  # the last: Dash's pages given an address not of this site


def on_callback_error(error: Exception):
    """Dash's error handler for every callback: a database that cannot take the request shows
    the notice and leaves each output as it was (a form keeps what was typed); values no page
    sends answer 400 (logged with their traceback, in case the fault is ours); anything else
    stays a server error."""
    if isinstance(error, NotAllowed):  # the write path refused what a callback let through
        abort(403)
    if isinstance(error, UNUSABLE_VALUES) and not current_app.testing:  # tests see our own faults
        log.error("callback refused values it cannot use (or has a fault): %s",
                  type(error).__name__, exc_info=error)
        abort(400, description=_("The request's values are not what this page sends."))
    if not database_away(error):
        raise error
    return None


def _refused(error):
    """A callback the asker may not run: Dash alone would show nothing, so its answer carries a
    sentence in their language that assets/notice.js shows over the page."""
    if request.path.startswith("/_dash-") and request.method == "POST":
        return jsonify(message=_("Your account does not have the right to do this.")), 403
    return error_page(403) if wants_page() else error


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
    app.register_error_handler(DBAPIError, _database_error_page)
    app.register_error_handler(403, _refused)
