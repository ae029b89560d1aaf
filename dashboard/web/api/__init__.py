"""The JSON API at /api/v1 for other systems (a document-management system, a province's data
warehouse, a script), served by the same app and workers as the pages.

Built with flask-smorest: the operations are Flask views whose marshmallow schemas both check
the requests and write the OpenAPI 3.1 description (/api/v1/openapi.json), which the docs page
(/api/v1/docs) shows without any script from elsewhere. Chosen over spectree (pydantic, a
second way to describe data beside the marshmallow-free domain) and APIFlask (a Flask subclass
of its own: this app's factory and Dash keep the plain Flask)."""
from __future__ import annotations

import functools

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from . import docs, figures, problems, tasks, tokens, units
from .common import BLUEPRINTS
from .schemas import Problem

__all__ = ["figures", "tasks", "units"]  # imported for their operations


class ProblemApi(Api):
    """flask-smorest, its errors as RFC 9457 problems. Its own handler for every HTTP error
    would answer the pages' errors too: the API's blueprints carry theirs (common.blueprint)."""

    ERROR_SCHEMA = Problem
    DEFAULT_ERROR_RESPONSE_NAME = None  # each operation lists the problems it answers with, no catch-all

    def _register_error_handlers(self):
        pass

    def _register_responses(self):
        for status in _STATUS_NAMES:
            response = {"description": str(problems.TITLES[status]), "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, problems.MEDIA_TYPE)
            self.spec.components.response(_STATUS_NAMES[status], response, lazy=True)


_STATUS_NAMES = {422: "UNPROCESSABLE_CONTENT"}  # flask-smorest's name for the answer to a request it refuses

SETTINGS = {
    "API_TITLE": "Task Supervision Dashboard API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": "Tasks, units and figures of the Task Supervision Dashboard. Every call "
                                "sends a personal token (Authorization: Bearer …), made on the account "
                                "page, and may do what its user may do. Problems answer as RFC 9457."},
        "security": [{"token": []}],
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                                     "description": "A personal API token (tsd_…)."}}},
    },
}


def init_app(app: Flask) -> None:
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    servers = [{"url": app.config["PUBLIC_BASE_URL"].rstrip("/"), "description": "This dashboard"}]
    app.config["API_SPEC_OPTIONS"] = {**app.config["API_SPEC_OPTIONS"], "servers": servers}
    app.json.ensure_ascii = False  # "Thạch Đài", not "Th\u1ea1ch \u0110\u00e0i", for whoever reads it
    api = ProblemApi(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.extensions["api"] = api
    names = frozenset(blueprint.name for blueprint in BLUEPRINTS)
    app.before_request(functools.partial(tokens.authenticate, names))
    docs.init_app(app)
