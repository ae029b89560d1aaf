"""Error and limit pages for a person in a browser: what happened, in their language, styled like
the sign-in page, with a way back. Dash's own routes (callbacks, layout, scripts), the assets,
the screens and the probes keep their answers (JSON for callbacks, which assets/notice.js shows).

An address the Dash app would draw but that shows nothing (an unknown page, task or unit) is a
404 page too, not the app's shell with a message inside."""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException, InternalServerError

from db import task_reads, unit_reads

from .. import paths
from ..access import allowed
from ..domain.policy import Action
from ..extensions import database
from .api import problems
from .api.tokens import is_api_path
from .pages import PAGES

log = logging.getLogger(__name__)
DASH_INDEX = ("/", "/<path:path>")  # the endpoints of the Dash app's pages (not the screens')
NOT_FOR_PAGES = ("/assets/", "/healthz", "/readyz", paths.DISPLAY)  # machines, and the screens' own


def wants_page() -> bool:
    """Whether the answer is read by a person as a page (not by Dash's front end or a machine)."""
    return "/_dash-" not in request.path and not request.path.startswith(NOT_FOR_PAGES)


def _problem(status: int, kind: str | None) -> tuple[str, str]:
    """The title and the sentence of an error page."""
    if kind == "task":
        return _("Task not found"), _("There is no task with this number.")
    if kind == "unit":
        return _("Unit not found"), _("There is no unit with this code.")
    if kind == "expired":
        return _("The page expired"), _("The form was open too long or was sent from an old page, so "
                                        "nothing was done. Open the page again and repeat.")
    if status == 403:
        return _("You may not open this"), _("Your account does not have the right to see this. If you "
                                             "need it, ask the administrator.")
    if status == 404:
        return _("Page not found"), _("There is no page at this address. It may be mistyped, or what "
                                      "it showed was removed.")
    if status == 413:
        return _("Too much to send"), _("What was sent is larger than the server accepts, so nothing "
                                        "was saved.")
    if status == 429:
        return _("Please wait a little"), _("Too many requests came from your connection in a short "
                                            "time. Please wait a minute, then try again.")
    if status >= 500:
        return _("Something went wrong"), _("The server could not finish this request, and the fault "
                                            "was recorded. Please try again; if it keeps happening, "
                                            "tell the IT officer.")
    return _("The request could not be used"), _("Something in the address or the form could not be "
                                                  "read, so nothing was done. Go back and try again.")


def error_page(status: int, kind: str | None = None, retry_after: int | None = None) -> Response:
    """The page, rendered without Flask's context processors: they would ask the database who
    the user is, and a database fault would fail the error page too."""
    title, text = _problem(status, kind)
    links = [(url_for("i18n.switch_language", code=code, next=request.full_path.rstrip("?")), code)
             for code in ("vi", "en")]
    onward = {"task": (paths.TASKS, _("See every task")), "unit": (paths.UNITS, _("See every unit"))}.get(kind or "")
    body = current_app.jinja_env.get_template("error.html").render(
        status=status, title=title, text=text, onward=onward, languages=links,
        again=status in (429, 500, 502, 503))
    response = Response(body, status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def on_http_error(error: HTTPException):
    """Every HTTP error without a handler of its own: a page for a person, the error as it
    was for Dash's routes and machines."""
    if is_api_path(request.path):  # an address or method no operation has: a problem, not a page
        return problems.from_http_error(error)
    if not wants_page() or error.code is None or error.code < 400:
        return error
    return error_page(error.code)


def on_server_error(error: InternalServerError):
    if is_api_path(request.path):
        return problems.problem(500)
    if not wants_page():
        return error
    return error_page(500)


def missing_page() -> Response | None:
    """A 404 page for an address the Dash app would draw empty: no page of that name, no task
    with that number, no unit with that code (said only to those who may see every unit: to a
    unit head, another unit's code and no unit at all are the same refusal, drawn in the page)."""
    if request.method != "GET" or request.endpoint not in DASH_INDEX or not current_user.is_authenticated:
        return None
    path = request.path.strip("/")
    templates = {page_path.strip("/") for _name, page_path, _layout, _title in PAGES}
    if path in templates:
        return None
    head, _slash, rest = path.partition("/")
    if head == paths.TASKS.strip("/") and rest and "/" not in rest:
        if not (rest.isascii() and rest.isdigit() and len(rest) <= 12):
            return error_page(404, "task")
        with database().session() as session:
            found = task_reads.task_unit(session, int(rest)) is not None
        return None if found else error_page(404, "task")
    if head == paths.UNITS.strip("/") and rest and "/" not in rest:
        if not allowed(Action.SEE_OVERVIEW):
            return None
        with database().session() as session:
            found = unit_reads.unit_by_code(session, rest) is not None
        return None if found else error_page(404, "unit")
    return error_page(404)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, on_http_error)
    app.register_error_handler(InternalServerError, on_server_error)
    app.before_request(missing_page)
