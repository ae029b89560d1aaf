"""Who is calling the API: a personal token in ``Authorization: Bearer …``, never a session
cookie (so no CSRF token either). The token's user, with their role now, becomes Flask-Login's
``current_user`` for this request, and the one policy decides the rest."""
from __future__ import annotations

import hashlib
import logging

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from limits import parse
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from dashboard import clock
from dashboard.access import SignedInUser
from dashboard.extensions import database, limiter
from db import api_tokens

from ... import paths
from . import problems

log = logging.getLogger(__name__)
OPEN_PATHS = (paths.API + "/openapi.json", paths.API_DOCS)  # the description and its page: no token


def presented_token() -> str | None:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def rate_key() -> str:
    """Limits count per token (its hash: the token itself is never kept), else per address."""
    token = presented_token()
    if token:
        return "api-token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "api-address:" + (request.remote_addr or "")


def _refusal_allowed() -> bool:
    """Count a call refused for its token against its address: only such calls are slowed, so
    one script with a wrong token does not lock out the others behind the same address."""
    try:
        limit = parse(current_app.config["API_REFUSED_TOKEN_LIMIT"])
        return limiter.limiter.hit(limit, "api-refused-token", get_remote_address())
    except Exception:  # noqa: BLE001 - the limit store is down: answer, as the other limits do
        return True


def is_api_path(path: str) -> bool:
    return path == paths.API or path.startswith(paths.API + "/")


def _operation_of(path: str) -> str | None:
    """The blueprint of the operation at ``path`` answering some method, if any."""
    adapter = current_app.url_map.bind("localhost")
    for method in ("GET", "POST", "PATCH"):
        try:
            endpoint, _args = adapter.match(path, method=method)
        except HTTPException:
            continue
        return endpoint.rpartition(".")[0] or None
    return None


def authenticate(api_blueprints: frozenset[str]):
    """The ``before_request`` of every API path: 404 for an address no operation has (the Dash
    app would draw its page there), 401 without a valid token, the token's user otherwise."""
    if not is_api_path(request.path) or request.path in OPEN_PATHS:
        return None
    if request.routing_exception is not None:  # a method the address does not take: a problem
        return None if _operation_of(request.path) in api_blueprints else problems.problem(404)
    if request.blueprint not in api_blueprints:  # the Dash app's page for any path: not here
        return problems.problem(404)
    token = presented_token()
    now = clock.now()
    with database().session() as session:
        found = api_tokens.find(session, token, now) if token else None
    if found is None:
        if not _refusal_allowed():  # made-up tokens, each with a fresh count of its own: per address
            return problems.problem(429, headers={"Retry-After": "60"})
        return problems.problem(401, headers={"WWW-Authenticate": 'Bearer realm="api"'})
    if api_tokens.needs_seen(found.last_used_at, now):
        try:
            with database().transaction() as session:
                api_tokens.seen(session, found.token_id, now)
        except DBAPIError as error:  # a standby that takes no writes still answers reads
            log.warning("token's last use not written (%s)", type(error).__name__)
    g.api_token = found
    g._login_user = SignedInUser(found.user_id, found.username, found.full_name, found.role, found.unit_id,
                                 found.unit_code)
    return None
