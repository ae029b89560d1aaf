"""A page's first answers, laid out with the page.

Dash draws a page, then asks for the answers of the callbacks its controls set off, then draws
again: on a cheap phone over a slow network, a second or more before the first figure shows.
The callbacks a page runs as it opens are run instead while its layout is made, in the order
given (a later one reads what an earlier one answered), and their answers are put in the
layout. Dash is told not to ask them as the page opens (``prevent_initial_call``); a change of
the page's controls asks them as before. An answer the answer cache holds (dashboard/
answer_cache.py) is read from it, and one computed here is kept there for the next asker.

What a failed answer does is the caller's choice (``failed``, dashboard/web/pages.py): a refusal
hands the page to Dash's router, whose callback then refuses it; with the database away the
page shows without its figures, under the notice its callbacks showed; any other fault leaves
that one answer's section empty, as a failed callback did."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dash import Dash, Input, Output, State, no_update
from dash.development.base_component import Component
from plotly.io.json import to_json_plotly  # what Dash writes its answers with

from dashboard import answer_cache
from dashboard.cache import cache

from .contract import pairs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirstAnswer:
    """A callback answered as its page is laid out: called by name with the values its inputs
    and states have in the layout."""
    function: Callable[..., Any]
    outputs: dict[str, Output] | Output  # a dict when the function answers by name
    inputs: dict[str, Input]
    state: dict[str, State] = field(default_factory=dict)
    not_laid_out: frozenset[str] = frozenset()  # outputs left for the browser (an address bar)

    def register(self, app: Dash) -> None:
        app.callback(output=self.outputs, inputs=dict(self.inputs), state=dict(self.state),  # Dash adds to them
                     prevent_initial_call=True)(self.function)

    def every_output(self) -> dict[str, Output]:
        """The outputs by name ("" for a callback with one output)."""
        return self.outputs if isinstance(self.outputs, dict) else {"": self.outputs}

    def named_outputs(self) -> dict[str, Output]:
        """The outputs laid out, by name."""
        return {name: output for name, output in self.every_output().items() if name not in self.not_laid_out}

    def answer_name(self) -> str:
        """Dash's name for the callback: the answer cache's index."""
        if isinstance(self.outputs, dict):
            return answer_cache.multi_output(*pairs(self.outputs))
        return f"{self.outputs.component_id}.{self.outputs.component_property}"


def parts_of(node) -> Iterator[Component]:
    """Every component of a layout, its children's children included."""
    if isinstance(node, Component):
        yield node
        yield from parts_of(getattr(node, "children", None))
    elif isinstance(node, list | tuple):
        for child in node:
            yield from parts_of(child)


def lay_out(layout: Component, answers: Iterable[FirstAnswer],
            failed: Callable[[Exception], bool] | None = None) -> Component:
    """``layout`` with ``answers`` put in it. An answer whose parts the layout lacks (a page laid
    out with a message only) is left out. When one raises, ``failed`` is told: it raises, or
    says whether to go on with the next answers."""
    parts = {part.id: part for part in parts_of(layout) if isinstance(getattr(part, "id", None), str)}
    for answer in answers:
        asked = {**answer.inputs, **answer.state}
        outputs = answer.named_outputs()
        ids = {item.component_id for item in [*asked.values(), *outputs.values()]}
        if not ids <= parts.keys():
            if ids & parts.keys():  # a part renamed or moved: the browser would never ask for it either
                log.error("%s not answered: %s not in the layout", answer.function.__name__, sorted(ids - parts.keys()))
            continue
        values = {name: getattr(parts[item.component_id], item.component_property, None)
                  for name, item in asked.items()}
        try:
            answered = _answered(answer, values)
        except Exception as error:
            if failed is None:
                raise
            if failed(error):
                continue
            break
        for output, value in answered.items():
            if output in outputs and value is not no_update:
                setattr(parts[outputs[output].component_id], outputs[output].component_property, value)
    return layout


def _answered(answer: FirstAnswer, values: dict[str, Any]) -> dict[str, Any]:
    """The answer by output name: from the answer cache, or computed (and kept there)."""
    keyer = answer_cache.keyer_of(answer.answer_name())
    key = keyer(*values.values()) if keyer else None
    sent = cache.get(key) if key else None
    if sent is not None:  # Dash's own answer: {"multi": true, "response": {id: {property: value}}}
        response = json.loads(sent)["response"]
        return {name: response.get(output.component_id, {}).get(output.component_property, no_update)
                for name, output in answer.named_outputs().items()}
    result = answer.function(**values)
    named = result if isinstance(answer.outputs, dict) else {"": result}
    if key:
        response: dict[str, dict[str, Any]] = {}
        for name, output in answer.every_output().items():
            if named[name] is not no_update:
                response.setdefault(output.component_id, {})[output.component_property] = named[name]
        cache.set(key, to_json_plotly({"multi": True, "response": response}).encode())
    return named
