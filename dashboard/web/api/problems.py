"""Every refusal of the API as an RFC 9457 problem (``application/problem+json``), its title and
detail in the caller's language (``Accept-Language``). The ``type`` of each problem names a
section of the API's docs page, where it is explained."""
from __future__ import annotations

import logging
import math
import re

from flask import Response, json, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from db.portable import is_unavailable
from layouts.forms import field_name, field_problem
from layouts.overview import period_problem

from ... import paths
from ...extensions import limit_wait
from ...i18n import current_language

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: _l("The request could not be read"),
    401: _l("A valid API token is required"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    406: _l("Not acceptable"),
    409: _l("Conflict"),
    413: _l("Too much to send"),
    415: _l("Unsupported media type"),
    422: _l("The request has problems"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Temporarily unavailable"),
}
DETAILS = {
    401: _l("Send a personal API token as 'Authorization: Bearer <token>'. Tokens are made on your "
            "account page; one that expired or was revoked opens nothing."),
    403: _l("Your account (or this token) does not have the right to do this."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not take this method: the Allow header lists those it takes."),
    429: _l("Too many requests came with this token in a short time. Wait, then try again."),
    500: _l("The server could not finish this request, and the fault was recorded."),
    503: _l("The database cannot answer just now. Try again in a little while."),
}
# marshmallow's words for what is wrong with a field, in the caller's language
_FIELD_WORDS = {
    "Missing data for required field.": _l("is required."),
    "Unknown field.": _l("is not a field of this request."),
    "Not a valid integer.": _l("must be a whole number."),
    "Not a valid string.": _l("must be text."),
    "Not a valid boolean.": _l("must be true or false."),
    "Not a valid date.": _l("must be a date written yyyy-mm-dd."),
    "Not a valid datetime.": _l("must be a moment written in ISO 8601."),
    "Not a valid list.": _l("must be a list."),
    "Field may not be null.": _l("may not be null."),
    "Invalid input type.": _l("has the wrong type."),
    "Invalid value.": _l("is not a valid value."),
}
_DAYS = re.compile(r"Must be a date from (\S+) to (\S+)\.")
_ONE_OF = re.compile(r"Must be one of: (.*)\.")
_LONGER = re.compile(r"Longer than maximum length (\d+)\.")
_BETWEEN = re.compile(r"Length must be between (\d+) and (\d+)\.")
_RANGE = re.compile(r"Must be greater than or equal to (-?\d+)(?: and less than or equal to (-?\d+))?\.")


def problem(status: int, *, kind: str | None = None, detail: str | None = None, headers=None,
            **extra) -> Response:
    """An RFC 9457 answer: type, title, status, detail and the request's path as instance."""
    body = {"type": f"{paths.API_DOCS}#problem-{kind or status}",
            "title": str(TITLES.get(status, _("The request could not be used"))),
            "status": status,
            "detail": detail if detail is not None else str(DETAILS.get(status, "")),
            "instance": request.path, **extra}
    response = Response(json.dumps(body, ensure_ascii=False), status, mimetype=MEDIA_TYPE)
    response.headers["Content-Language"] = current_language()
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


API_FIELDS = {"new_due": "new_due_date", "lead_unit_id": "lead_unit"}  # the domain's names → the API's


def invalid(errors: dict[str, str], values: dict[str, str] | None = None) -> Response:
    """The domain's own checks (``rules.Invalid``): each field with what is wrong, in words;
    ``values`` names the values at fault (the unknown unit codes)."""
    values = values or {}
    words = {API_FIELDS.get(field, field): f"{field_name(field)} {field_problem(field, code)}"
             + (f" ({values[field]})" if field in values else "") for field, code in errors.items()}
    return problem(422, kind="invalid", detail=_("Nothing was saved: %(problems)s",
                                                 problems=" ".join(words.values())),
                   errors={field: [text] for field, text in words.items()},
                   codes={API_FIELDS.get(field, field): code for field, code in errors.items()})


def key_reused_detail() -> str:
    return _("This Idempotency-Key was already used for a different request. Use a new key for a new task.")


def read_only_detail() -> str:
    return _("This token only reads: make a token without 'read only' to change anything.")


def period_detail(reason: str) -> str:
    return period_problem(reason)


def stale(current: dict) -> Response:
    """Someone changed the task since the caller read it: nothing was saved; here it is now."""
    return problem(409, kind="stale", detail=_("The task changed since you read it (it is now at version "
                                               "%(version)s). Nothing was saved: read it again and repeat "
                                               "the change if it still applies.", version=current["version"]),
                   current=current)


def _field_words(message: str) -> tuple[str, str]:
    """(a stable code, words in the caller's language) for one of marshmallow's messages."""
    if message in _FIELD_WORDS:
        return _FIELD_CODES.get(message, "invalid"), str(_FIELD_WORDS[message])
    if found := _DAYS.fullmatch(message):
        return "date_out_of_range", _("must be a date from %(first)s to %(last)s.", first=found.group(1),
                                      last=found.group(2))
    if found := _ONE_OF.fullmatch(message):
        return "not_a_choice", _("must be one of: %(choices)s.", choices=found.group(1))
    if found := _LONGER.fullmatch(message):
        return "too_long", _("is too long: at most %(n)s characters.", n=found.group(1))
    if found := _BETWEEN.fullmatch(message):
        return "length", _("must have from %(low)s to %(high)s characters (or items, for a list).",
                           low=found.group(1), high=found.group(2))
    if found := _RANGE.fullmatch(message):
        if found.group(2):
            return "out_of_range", _("must be from %(low)s to %(high)s.", low=found.group(1), high=found.group(2))
        return "out_of_range", _("must be at least %(low)s.", low=found.group(1))
    return "invalid", message


_FIELD_CODES = {"Missing data for required field.": "required", "Unknown field.": "unknown_field",
                "Field may not be null.": "null"}
_LOCATIONS = ("json", "query", "querystring", "headers", "view_args", "form")


def _flatten(messages, into: dict[str, list[tuple[str, str]]], prefix: str = "") -> None:
    """webargs' nested messages ({location: {field: [..]}}) as {field: [(code, words)]}."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = "" if not prefix and key in _LOCATIONS else "body" if key == "_schema" else \
                str(key) if not prefix else f"{prefix}.{key}"
            _flatten(value, into, name)
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        into.setdefault(prefix or "body", []).extend(_field_words(m) for m in messages)
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            _flatten(value, into, f"{prefix}.{index}" if prefix else str(index))
    else:
        into.setdefault(prefix or "body", []).append(_field_words(str(messages)))


def from_http_error(error: HTTPException) -> Response:
    """Any HTTP error raised in the API (flask-smorest's validation, a refusal, a limit)."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    if status == 422 and "messages" in data:
        found: dict[str, list[tuple[str, str]]] = {}
        _flatten(data["messages"], found)
        return problem(422, kind="invalid", detail=_("Some values of the request have problems; nothing was done."),
                       errors={field: [words for _code, words in pairs] for field, pairs in found.items()},
                       codes={field: pairs[0][0] for field, pairs in found.items()}, headers=headers)
    if status == 405:
        headers["Allow"] = ", ".join(sorted(error.valid_methods or ())) if hasattr(error, "valid_methods") \
            else ""
    if status == 429:
        headers["Retry-After"] = str(math.ceil(limit_wait().total_seconds()))
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    detail = data.get("message") or (str(DETAILS[status]) if status in DETAILS else None)
    if detail is None and status in (400, 413, 415):
        detail = _("Send JSON (Content-Type: application/json) within the documented limits.")
    return problem(status, kind=data.get("kind"), detail=detail, headers={k: v for k, v in headers.items() if v})


def from_database_error(error: DBAPIError) -> Response:
    if not is_unavailable(error):
        raise error
    log.warning("database unavailable in the API: %s", type(error.orig).__name__)
    return problem(503, headers={"Retry-After": "30"})
