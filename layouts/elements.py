"""Elements of ``dash.html`` as the browser receives them, for the rows of long tables.

Dash's component classes check every property when one is made, then turn into exactly this
JSON before it is sent; at hundreds of cells a page that check is a large share of the answer.
Plain dictionaries cost a tenth (tests/test_elements.py holds both forms to one JSON). They are
not checked, and Dash's tree walks do not look inside them: no ``id`` goes here, nor anything a
callback or a test finds by walking the layout. Elsewhere use ``dash.html``.

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
