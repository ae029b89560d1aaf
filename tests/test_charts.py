"""Every chart offers only what an official needs: download as PNG and reset, never plotly's
"Share chart…" (an upload to a public cloud) nor an editor link, in either language."""
from __future__ import annotations

import pytest
from dash import dcc

from dashboard.domain.policy import Actor, rights_of
from dashboard.web.pages import PAGES

ALLOWED = {"toImage", "resetScale2d"}


def _graphs(component):
    if isinstance(component, dcc.Graph):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from _graphs(child)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_chart_offers_a_cloud_upload_or_an_editor(app, language):
    graphs = []
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for _name, _path, layout, _title in PAGES:
            graphs += list(_graphs(layout(rights=rights_of(Actor(1, "leader", None)))))
    assert len(graphs) >= 7  # the overview's, the unit page's and the satisfaction page's
    for graph in graphs:
        config = graph.config
        assert config["showSendToCloud"] is False and config["plotlyServerURL"] == ""
        assert not config.get("showEditInChartStudio") and not config.get("showLink")
        assert {button for group in config["modeBarButtons"] for button in group} == ALLOWED
        assert config["displaylogo"] is False
