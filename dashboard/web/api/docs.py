"""The API's docs page (/api/v1/docs): how to get a token and make a first call, what each
problem means, and every operation, drawn on the server from the OpenAPI description, so it
needs no script (and none from another site)."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template
from flask_babel import gettext as _

from ... import paths

bp = Blueprint("api_docs", __name__)
METHODS = ("get", "post", "patch", "put", "delete")


def _problem_kinds() -> list[tuple[str, str, str]]:
    """(anchor, status, what it means) for every problem the API answers with."""
    return [
        ("problem-400", "400", _("The body is not JSON, or not an object.")),
        ("problem-401", "401", _("No token, or one that is unknown, expired or revoked, or whose user "
                                 "was deactivated.")),
        ("problem-403", "403", _("The token's user may not do this (the same rights as on the pages).")),
        ("problem-read_only", "403", _("The token was made read-only: it may only read.")),
        ("problem-404", "404", _("No such address, or nothing there for your account.")),
        ("problem-task", "404", _("There is no task with this number.")),
        ("problem-unit", "404", _("There is no unit with this code (or none you may read).")),
        ("problem-405", "405", _("This address does not take this method.")),
        ("problem-413", "413", _("The body is larger than the server accepts (64 MB).")),
        ("problem-415", "415", _("A change must be sent as JSON (Content-Type: application/json).")),
        ("problem-stale", "409", _("The task changed since you read it: nothing was saved. 'current' holds the "
                                   "task as it is now, with its version.")),
        ("problem-invalid", "422", _("Some fields have problems: 'errors' says what, in words; 'codes' the "
                                     "same as stable codes. Nothing was saved.")),
        ("problem-period", "422", _("The day or period asked for has no figures (a future day, a range that "
                                    "ends before it starts, longer than a year).")),
        ("problem-idempotency", "422", _("The Idempotency-Key was already used for another request.")),
        ("problem-429", "429", _("Too many calls with this token in a minute: wait for Retry-After seconds.")),
        ("problem-500", "500", _("A fault of the server, recorded for the IT officer.")),
        ("problem-503", "503", _("The database cannot answer just now: try again after Retry-After seconds.")),
    ]


def _operations(spec: dict) -> list[dict]:
    """Every operation, grouped as the description tags them, in the order they were declared."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
            body = (operation.get("requestBody", {}).get("content", {}).get("application/json", {})
                    .get("schema", {}))
            found.append({
                "method": method.upper(), "path": path, "tag": (operation.get("tags") or [""])[0],
                "summary": operation.get("summary", ""), "description": operation.get("description", ""),
                "parameters": [(p["name"], p["in"], p.get("required", False), _type(p.get("schema", {})),
                                p.get("description", "")) for p in parameters],
                "body": _fields(spec, body), "responses": sorted(operation.get("responses", {})),
                "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "").strip("-"),
            })
    return found


def _schema(spec: dict, schema: dict) -> dict:
    ref = schema.get("$ref", "")
    return spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else schema


def _fields(spec: dict, schema: dict) -> list[tuple[str, bool, str, str]]:
    schema = _schema(spec, schema)
    required = set(schema.get("required", []))
    return [(name, name in required, _type(_schema(spec, field)), field.get("description", ""))
            for name, field in schema.get("properties", {}).items()]


def _type(schema: dict) -> str:
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    if schema.get("format"):
        kind += f" ({schema['format']})"
    if schema.get("enum"):
        kind += ": " + ", ".join(str(v) for v in schema["enum"] if v is not None)
    if schema.get("maxLength"):
        kind += " ≤ " + str(schema["maxLength"])
    return kind


@bp.route(paths.API_DOCS)
def api_docs():
    spec = current_app.extensions["api"].spec.to_dict()
    operations = _operations(spec)
    tags = list(dict.fromkeys(operation["tag"] for operation in operations))
    return render_template("api_docs.html", operations=operations, tags=tags, problems=_problem_kinds(),
                           base=current_app.config["PUBLIC_BASE_URL"].rstrip("/") + paths.API,
                           tokens_path=paths.API_TOKENS, spec_path=paths.API + "/openapi.json")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
