"""Crafted Dash callback requests, as the browser would send them."""
from __future__ import annotations

from layouts import ids


def units_list_body() -> dict:
    return {
        "output": f"..{ids.UNITS_TABLE}.children...{ids.UNITS_AS_OF}.children..",
        "outputs": [{"id": ids.UNITS_TABLE, "property": "children"},
                    {"id": ids.UNITS_AS_OF, "property": "children"}],
        "inputs": [{"id": ids.UNITS_LOAD, "property": "data", "value": True}],
        "changedPropIds": [f"{ids.UNITS_LOAD}.data"],
        "state": [],
    }


def post_callback(client, body: dict, with_csrf: bool = True):
    headers = {}
    if with_csrf:
        client.get("/")  # loading the page sets the token cookie, as in the browser
        headers["X-CSRFToken"] = client.get_cookie("_csrf_token").value
    return client.post("/_dash-update-component", json=body, headers=headers)
