"""Sections drawn once they come near the screen (``layouts.components.deferred``): the browser
puts each answer in its place then (assets/near_view.js)."""
from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from layouts.components import deferred_of


def draw_when_near(app: Dash, *place_ids: str) -> None:
    for place_id in place_ids:
        app.clientside_callback(ClientsideFunction("near", "draw"), Output(place_id, "children"),
                                Input(deferred_of(place_id), "data"), State(place_id, "id"))
