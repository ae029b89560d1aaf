"""Every component a callback of the dashboard names is drawn by the shell or some page. The
browser used to check this on every load, against every page's layout sent with each page
(110 KB); it is checked here once (dashboard/web/__init__.py, DashboardDash)."""
from __future__ import annotations

import json

from dash import Output
from dash._utils import to_json


def _drawn_ids(layout) -> set[str]:
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props")
            if "type" in node and isinstance(props, dict) and isinstance(props.get("id"), str):
                found.add(props["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(to_json(layout)))
    return found


def _named_ids(spec: dict) -> set[str]:
    outputs = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    named = [output.component_id for output in outputs if isinstance(output, Output)]
    named += [dependency["id"] for dependency in spec["inputs"] + spec["state"]]
    # pattern-matching ids (dicts; written as JSON in the inputs) name components drawn by answers
    return {name for name in named if isinstance(name, str) and not name.startswith("{")}


def test_every_callback_names_components_that_a_page_draws(app):
    dash_app = app.extensions["dash"]
    drawn = _drawn_ids(dash_app.validation_layout)
    assert {"overview-body", "unit-body", "sat-body", "_pages_content"} <= drawn
    missing = {name: sorted(_named_ids(spec) - drawn) for name, spec in dash_app.callback_map.items()}
    assert {name: ids for name, ids in missing.items() if ids} == {}


def test_pages_do_not_carry_every_layout(client):
    from .conftest import sign_in
    sign_in(client, "leader")
    page = client.get("/").get_data(as_text=True)
    assert "validation_layout" not in page and len(page) < 20_000
