"""The frame around every page: the header's menu button (in the browser, no round trip)."""
from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from layouts import ids


def register(app: Dash) -> None:
    app.clientside_callback(ClientsideFunction("menu", "toggle"), Output(ids.MENU, "is_open"),
                            Output(ids.MENU_TOGGLE, "aria-expanded"),
                            Input(ids.MENU_TOGGLE, "n_clicks"), State(ids.MENU, "is_open"),
                            prevent_initial_call=True)
