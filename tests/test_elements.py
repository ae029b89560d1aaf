"""The rows of long tables are made as sent (layouts/elements.py): the browser must receive
what Dash's own component classes would have sent (their cost is measured by bench/pages.py)."""
import json

from dash import html
from dash._utils import to_json

from layouts import elements as e


def _sent(value) -> object:
    """The answer as the browser reads it: a property sent as null is one not given."""
    def without_nulls(node):
        if isinstance(node, dict):
            return {key: without_nulls(item) for key, item in node.items() if item is not None}
        if isinstance(node, list):
            return [without_nulls(item) for item in node]
        return node
    return without_nulls(json.loads(to_json(value)))


def _row(h, n: int):
    return h.Tr([h.Td([h.A(f"Việc {n} <b>", href=f"/tasks/{n}"), h.Div("UBND xã", className="row-unit")],
                      className="col-title"),
                 h.Td(h.Span("—", className="text-muted"), colSpan=2, **{"aria-label": "không có"}),
                 h.Td(None), h.Td(0), h.Td("x", className=None),
                 h.Th(h.Small(["A4", " · ", h.A("PNG", href="/p.png", target="_blank")]), scope="row"),
                 h.Li("một")])


def test_elements_are_sent_as_dash_would_send_its_components():
    assert _sent(_row(e, 7)) == _sent(_row(html, 7))
    inside = html.Tbody([_row(e, 1), _row(e, 2)])  # rows inside a Dash component
    assert _sent(inside) == _sent(html.Tbody([_row(html, 1), _row(html, 2)]))
    assert e.Td.__name__ == "Td" and e.Td("a")["namespace"] == "dash_html_components"

