"""Every chart offers only what an official needs: download as PNG and reset, never plotly's
"Share chart…" (an upload to a public cloud) nor an editor link, in either language."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.domain.policy import Actor, rights_of
from dashboard.web.pages import PAGES

ROOT = Path(__file__).resolve().parent.parent

ALLOWED = {"toImage", "resetScale2d"}


def _chart_places(component):
    if "chart-place" in (getattr(component, "className", None) or ""):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from _chart_places(child)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_chart_offers_a_cloud_upload_or_an_editor(app, language):
    """The pages place their charts (drawn near the screen); every chart is made by
    ``layouts.figures.graph``, with its toolbar."""
    from layouts.figures import graph
    places = []
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for _name, _path, layout, _title in PAGES:
            places += list(_chart_places(layout(rights=rights_of(Actor(1, "leader", None)))))
        config = graph("a-chart", {"data": []}).config
    assert len(places) >= 7  # the overview's, the unit page's and the satisfaction page's
    assert config["showSendToCloud"] is False and config["plotlyServerURL"] == ""
    assert not config.get("showEditInChartStudio") and not config.get("showLink")
    assert {button for group in config["modeBarButtons"] for button in group} == ALLOWED
    assert config["displaylogo"] is False
    assert config.get("locale") == ("vi" if language == "vi" else None)
    makers = [path.name for folder in ("layouts", "callbacks", "dashboard") for path in (ROOT / folder).rglob("*.py")
              if "dcc.Graph(" in path.read_text(encoding="utf-8")]
    assert makers == ["figures.py"]


@pytest.mark.parametrize("highest,step", [(0, 1), (3, 1), (6, 1), (7, 2), (13, 5), (47, 10), (95, 20), (189, 50)])
def test_count_axes_step_by_whole_round_numbers(highest, step):
    from layouts.figures import round_step
    assert round_step(highest) == step and highest / step <= 6


def test_charts_have_titled_axes_whole_ticks_and_a_running_week_marked_as_such(app):
    from datetime import date, timedelta

    from layouts import figures
    weeks = [date(2026, 9, 14) + timedelta(weeks=n) for n in range(12)]  # the last one holds 2026-12-02
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        weekly = figures.weekly_progress(weeks, [40] * 12, [3] * 12, [4] * 11 + [1], last_week_days=3)
        complete = figures.weekly_progress(weeks, [40] * 12, [3] * 12, [4] * 12, last_week_days=7)
        district = figures.daily_activity([date(2026, 12, 1)] * 2, [80, 95], [140, 189], [2, 3])
        one_unit = figures.daily_activity([date(2026, 12, 1)] * 2, [3, 4], [10, 20], None)
    for figure in (weekly, district):
        axes = [value for key, value in figure["layout"].items() if key.startswith("yaxis")]
        assert axes and all(axis["title"]["text"] and axis["tickmode"] == "linear"
                            and isinstance(axis["dtick"], int) for axis in axes)
    assert weekly["layout"]["yaxis"]["dtick"] == 10  # 47 tasks in the highest week
    assert district["layout"]["yaxis2"]["dtick"] == 50  # 189 points: 0, 50, 100, 150, 200
    assert weekly["data"][0]["x"][-1].endswith("(đến nay)") and weekly["data"][0]["marker"]["opacity"][-1] < 1
    assert not complete["data"][0]["x"][-1].endswith("(đến nay)") and complete["data"][0]["marker"]["opacity"] == 1
    assert [series["name"] for series in district["data"]][-1] == "Đơn vị chưa báo cáo"
    assert "Đơn vị chưa báo cáo" not in [series["name"] for series in one_unit["data"]]
