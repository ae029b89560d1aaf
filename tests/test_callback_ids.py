"""Every component a callback of the dashboard names is drawn by the shell or some page, and
every deferred section has its drawing. The browser used to check the ids on every load, against
every page's layout sent with each page (110 KB); they are checked here once
(dashboard/web/__init__.py)."""
from __future__ import annotations

import json
from pathlib import Path

from dash import Output
from dash._utils import to_json

ROOT = Path(__file__).resolve().parent.parent


def _drawn(layout) -> tuple[set[str], set[str]]:
    """The ids and the component libraries of a layout."""
    found: set[str] = set()
    libraries: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props")
            if "type" in node and "namespace" in node:
                libraries.add(node["namespace"])
            if "type" in node and isinstance(props, dict) and isinstance(props.get("id"), str):
                found.add(props["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(to_json(layout)))
    return found, libraries


def _named_ids(spec: dict) -> set[str]:
    outputs = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    named = [output.component_id for output in outputs if isinstance(output, Output)]
    named += [dependency["id"] for dependency in spec["inputs"] + spec["state"]]
    # pattern-matching ids (dicts; written as JSON in the inputs) name components drawn by answers
    return {name for name in named if isinstance(name, str) and not name.startswith("{")}


def test_every_callback_names_components_that_a_page_draws(app):
    dash_app = app.extensions["dash"]
    drawn, libraries = _drawn(dash_app.validation_layout)
    assert {"overview-body", "unit-body", "sat-body", "_pages_content"} <= drawn
    assert "dash_table" not in libraries  # its bundle is not loaded (dashboard/web/bundles.py)
    missing = {name: sorted(_named_ids(spec) - drawn) for name, spec in dash_app.callback_map.items()}
    assert {name: ids for name, ids in missing.items() if ids} == {}


def test_every_deferred_section_is_drawn_by_the_browser(app):
    """A deferred section (layouts/components.py) needs its drawing registered too
    (callbacks/near_view.py): without it the section stays empty."""
    dash_app = app.extensions["dash"]
    drawn, _libraries = _drawn(dash_app.validation_layout)
    stores = {name.removesuffix("-deferred") for name in drawn if name.endswith("-deferred")}
    assert {"overview-ranking", "unit-tasks", "sat-comments", "overview-daily-graph-place"} <= stores
    drawing = {spec["output"].component_id for spec in dash_app.callback_map.values()
               if [dependency["id"] for dependency in spec["inputs"]] == [
                   f"{getattr(spec['output'], 'component_id', '')}-deferred"]}
    assert drawing == stores


def test_no_page_draws_a_data_table():
    """dash_table's bundle is left out of the pages (dashboard/web/bundles.py)."""
    sources = [path for folder in ("dashboard", "layouts", "callbacks") for path in (ROOT / folder).rglob("*.py")]
    assert len(sources) > 50
    assert [path.name for path in sources if "dash_table" in path.read_text(encoding="utf-8")
            and path.name != "bundles.py"] == []


def test_pages_do_not_carry_every_layout(client):
    from .conftest import sign_in
    sign_in(client, "leader")
    page = client.get("/").get_data(as_text=True)
    assert "validation_layout" not in page and len(page) < 20_000
    assert "/dash_table/" not in page and "/dash_renderer." in page
