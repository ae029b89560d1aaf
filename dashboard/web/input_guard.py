"""Malformed input gets a 400 with a reason, never a 500: checked once, before any view runs.

- A NUL character anywhere (address, form, JSON) can be stored by neither database: refused.
- A Dash callback request must have the shape Dash's front end sends and name a callback this
  app has, with as many inputs and states as it takes: anything else (a crafted body, a page
  from an older release) is refused before Dash indexes into it.
- An unknown file under /_dash-component-suites/ is a 404.
"""
from __future__ import annotations

import re

from dash import Dash
from dash.exceptions import DependencyException
from flask import Flask, jsonify, request
from flask_babel import gettext as _

from .. import paths
from .api import problems
from .api.tokens import is_api_path

UPDATE_PATH = paths.DASH_UPDATE


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_nul(value) -> bool:
    """A NUL, or half of a UTF-16 pair ("\\ud800" in JSON): neither database can store them."""
    if isinstance(value, str):
        return "\x00" in value or not value.isascii() and _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _is_dependency(item) -> bool:
    """{"id": …, "property": …}, or a list of them (pattern-matching callbacks)."""
    if isinstance(item, list):
        return all(_is_dependency(one) for one in item)
    return isinstance(item, dict) and isinstance(item.get("id"), (str, dict)) \
        and isinstance(item.get("property"), str)


def callback_problem(body, dash_app: Dash) -> str | None:
    """Why ``body`` is not a callback request of ``dash_app``; None when it is one."""
    if not isinstance(body, dict):
        return "not an object"
    output, inputs, state = body.get("output"), body.get("inputs"), body.get("state", [])
    outputs, changed = body.get("outputs"), body.get("changedPropIds", [])
    if not isinstance(output, str) or output not in dash_app.callback_map:
        return "unknown callback"
    if not (_is_dependency(outputs) or (isinstance(outputs, list) and all(map(_is_dependency, outputs)))):
        return "outputs"
    if not isinstance(inputs, list) or not all(map(_is_dependency, inputs)):
        return "inputs"
    if not isinstance(state, list) or not all(map(_is_dependency, state)):
        return "state"
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds"
    spec = dash_app.callback_map[output]
    if "callback" not in spec:
        return "runs in the browser"  # a clientside callback has nothing to run here
    if len(inputs) != len(spec.get("inputs", [])) or len(state) != len(spec.get("state", [])):
        return "arguments"
    return None


def _api_body_problem():
    """A change sent to the API must be JSON the databases can store (a problem, not a 500)."""
    if request.method not in ("POST", "PATCH", "PUT") or not request.get_data(cache=True):
        return None  # (read whole: a chunked body has no Content-Length, and the size is capped)
    if not request.is_json:
        return problems.problem(415, detail=_("Send JSON (Content-Type: application/json) within the documented "
                                              "limits."))
    body = request.get_json(silent=True)
    if body is not None and _has_nul(body):
        return problems.problem(400, detail=_("The request contained a character that cannot be stored (NUL). "
                                              "Nothing was saved."))
    return None


def init_app(server: Flask, dash_apps: list[Dash]) -> None:
    """Register after the Dash apps: their callback maps are complete once their own set-up,
    a before-request function of theirs, has run. Earlier checks (sign-in, CSRF, limits)
    read only the cookie and the token, never the body's values."""
    by_prefix = sorted(((app.config.requests_pathname_prefix, app) for app in dash_apps),
                       key=lambda pair: -len(pair[0]))

    @server.before_request
    def refuse_malformed():
        if "\x00" in request.full_path or _has_nul(request.args.to_dict(flat=False)) or (
                request.method == "POST" and not request.is_json
                and _has_nul(request.form.to_dict(flat=False))):
            if request.path.startswith(paths.FEEDBACK) or paths.is_recommendation_path(request.path):
                from .citizen import unusable_input
                return unusable_input()
            text = _("The request contained a character that cannot be stored (NUL). Nothing was saved.")
            if is_api_path(request.path):
                return problems.problem(400, detail=text)
            return text, 400
        if is_api_path(request.path):
            return _api_body_problem()
        if request.method != "POST" or not request.path.endswith(UPDATE_PATH):
            return None
        body = request.get_json(silent=True)
        if body is None:
            return jsonify(error="the body is not JSON"), 400
        if _has_nul(body):
            return jsonify(error="NUL characters cannot be stored"), 400
        prefix_app = next((app for prefix, app in by_prefix
                           if request.path == prefix + UPDATE_PATH), None)
        problem = "unknown address" if prefix_app is None else callback_problem(body, prefix_app)
        if problem:
            return jsonify(error=f"not a callback request of this page: {problem}"), \
                404 if problem == "unknown callback" else 400
        return None

    server.register_error_handler(DependencyException, lambda _error: ("Not found", 404))
