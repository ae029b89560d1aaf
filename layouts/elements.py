"""Elements of ``dash.html`` as the browser receives them, for the rows of long tables.

Dash's component classes check every property when one is made, and are then turned into
exactly this JSON before it is sent: about 16 µs a component, a quarter of a province's unit
page or satisfaction page (each draws some 450 cells, links and spans). The rows of long
tables are made here instead, as plain dictionaries, which cost a tenth of that; the
browser draws them the same (tests/test_elements.py holds both forms to one JSON). Elsewhere
the classes' checks are worth their cost: use ``dash.html``.

    from layouts import elements as e
    e.Tr([e.Td(e.A(title, href=link)), e.Td(due, className="text-end")])
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

Element = dict[str, Any]


def _element(tag: str) -> Callable[..., Element]:
    def make(children: Any = None, **props: Any) -> Element:
        """``dash.html.<tag>(children, **props)`` as sent; a property given as None is left out."""
        kept = {name: value for name, value in props.items() if value is not None}
        if children is not None:
            kept["children"] = children
        return {"type": tag, "namespace": "dash_html_components", "props": kept}
    make.__name__ = make.__qualname__ = tag
    return make


A = _element("A")
Div = _element("Div")
Li = _element("Li")
Small = _element("Small")
Span = _element("Span")
Td = _element("Td")
Th = _element("Th")
Tr = _element("Tr")
