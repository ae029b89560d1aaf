"""Dash's dict form for callbacks with several outputs: outputs and inputs are named once, in
module-level dicts that the callback registers with, answers by name, and that the tests build
their crafted requests from."""
from __future__ import annotations

from dash import ctx, no_update
from dash.exceptions import MissingCallbackContextException


def unchanged(outputs: dict) -> dict:
    """Every output of a dict-form callback left as it is (a caller then sets the ones it changes)."""
    return dict.fromkeys(outputs, no_update)


def next_count(value) -> int:
    """A page's refresh counter one on; a crafted value (text, a list, True) starts it again."""
    return value + 1 if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9 else 1


def pairs(declared: dict) -> list[tuple[str, str]]:
    """(component id, property) of each declared Output, Input or State, in order."""
    return [(item.component_id, item.component_property) for item in declared.values()]


def trigger():
    """The id of the input that set the callback off: None for a page's first answer made while
    the opened page is laid out (callbacks/first_answers.py), when no callback runs; the
    router's address when Dash's router lays the page out. Neither is one of the page's own."""
    try:
        return ctx.triggered_id
    except (MissingCallbackContextException, LookupError):  # (Dash raises either, outside a callback)
        return None
