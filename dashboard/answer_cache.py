"""Callback answers cached as they were sent: the bytes of Dash's JSON answer, shared by every
worker through the figure cache, served before Dash parses, runs or serialises anything.

A callback takes part by naming a *keyer*: a function of the request's input and state values
that checks who asks (the same policy as the callback) and returns the cache key of the answer,
or None when the answer must be computed (not allowed, malformed, not cacheable). On a miss
Dash runs the callback as usual and its answer is kept under that key.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, g, request

from .cache import cache
from .paths import DASH_UPDATE as UPDATE_PATH

_keyers: dict[str, Callable[..., str | None]] = {}


def multi_output(*outputs: tuple[str, str]) -> str:
    """The name Dash's front end gives a callback with several outputs."""
    return ".." + "...".join(f"{component}.{prop}" for component, prop in outputs) + ".."


def serve(output: str, keyer: Callable[..., str | None]) -> None:
    _keyers[output] = keyer


def keyer_of(output: str) -> Callable[..., str | None] | None:
    """The keyer of the callback Dash names ``output``, if it takes part."""
    return _keyers.get(output)


def init_app(server: Flask) -> None:
    """Register after the input guard: bodies reaching this hook have the shape Dash sends."""

    @server.before_request
    def answer_from_cache():
        if request.method != "POST" or request.path != f"/{UPDATE_PATH}":  # the dashboard's own Dash app
            return None
        body = request.get_json(silent=True)
        keyer = _keyers.get(body.get("output")) if isinstance(body, dict) else None
        if keyer is None:
            return None
        values = [item.get("value") for item in body.get("inputs", []) + body.get("state", [])
                  if isinstance(item, dict)]
        key = keyer(*values)
        if key is None:
            return None
        sent = cache.get(key)
        if sent is None:
            g.answer_key = key  # computed by Dash below, kept on the way out
            return None
        return Response(sent, mimetype="application/json")

    @server.after_request  # before compression (registered earlier, it runs later)
    def keep_answer(response: Response) -> Response:
        key = g.pop("answer_key", None)
        if key and response.status_code == 200 and not response.direct_passthrough:
            sent = response.get_data()
            # Only a whole answer: a failed callback still answers 200, with only the notice
            # shown beside the page (a "sideUpdate"), and that must not be served to others.
            if b'"response"' in sent and b'"sideUpdate"' not in sent:
                cache.set(key, sent)
        return response
