"""Plotly figures as plain dicts (no go.Figure validation on hot paths), in bucket colours, and
the places charts are drawn in."""
from __future__ import annotations

from datetime import date

from dash import Output, dcc, html
from flask_babel import format_date
from flask_babel import gettext as _

from dashboard.exports import file_name
from dashboard.i18n import current_language

from .components import deferred, deferred_of

COLOURS = {
    "done_on_time": "#146c43",
    "done_late": "#e8710a",
    "within_deadline": "#0a58ca",
    "overdue": "#b02a37",
    "neutral": "#6c757d",
}
# Patterns tell the series apart without colour (colour-blind readers, black-and-white prints).
PATTERNS = {"done_on_time": "", "done_late": "/", "overdue": "x", "within_deadline": "."}

VI_TOOLBAR = {
    "Download plot as a PNG": "Tải biểu đồ (PNG)",  # plotly.js 3 capitalises it
    "Download plot as a png": "Tải biểu đồ (PNG)",
    "Download plot": "Tải biểu đồ",
    "Autoscale": "Tự co giãn",
    "Reset axes": "Đặt lại trục",
    "Zoom": "Phóng to vùng",
    "Pan": "Di chuyển",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Double-click to zoom back out": "Nhấp đúp để thu nhỏ lại",
    "Snapshot succeeded": "Đã chụp xong",
    "Taking snapshot - this may take a few seconds": "Đang chụp - vui lòng chờ vài giây",
}


TOOLBAR = [["toImage", "resetScale2d"]]  # download as PNG, reset: all an official needs


def graph_config() -> dict:
    """The toolbar an official needs, in the user's language. plotly.js offers "Share chart…"
    by default, which uploads the chart to a public cloud: never, so no upload address either."""
    config = {"displaylogo": False, "responsive": True, "modeBarButtons": TOOLBAR,
              "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
              "plotlyServerURL": "",
              # a saved PNG is named in the reader's language, not plotly's "newplot.png"
              "toImageButtonOptions": {"filename": file_name(_("chart"), extension="png").removesuffix(".png")}}
    if current_language() == "vi":
        config["locale"] = "vi"
        config["locales"] = {"vi": {"dictionary": VI_TOOLBAR, "format": {
            "decimal": ",", "thousands": ".", "date": "%d/%m/%Y"}}}
    return config


def place_of(graph_id: str) -> str:
    """Where a chart is drawn (its ``dcc.Graph`` keeps ``graph_id``)."""
    return f"{graph_id}-place"


def chart(graph_id: str, height: str) -> html.Div:
    """A chart's place, of the chart's height, drawn when it comes near the screen (so plotly.js,
    330 KB and most of a cheap phone's work on a page, is fetched only then)."""
    return deferred(place_of(graph_id), className="chart-place", style={"height": height})


def chart_output(graph_id: str) -> Output:
    """Where a callback sends the chart (``graph``) to."""
    return Output(deferred_of(place_of(graph_id)), "data")


def graph(graph_id: str, figure: dict) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=graph_config(), style={"height": "100%"})


def _layout(title: str, **extra) -> dict:
    separators = ",." if current_language() == "vi" else ".,"
    return {"title": {"text": title, "x": 0, "font": {"size": 16}}, "separators": separators,
            "margin": {"l": 40, "r": 10, "t": 40, "b": 40}, "barmode": "stack",
            # At the foot of the chart, where the margin grows to fit it below the slanted dates
            # (placed under the plot, a phone's longer date labels ran into it).
            "legend": {"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"},
            "plot_bgcolor": "#fff",
            "xaxis": {"tickangle": -45, "automargin": True},
            "yaxis": {"gridcolor": "#e9ecef", "rangemode": "tozero"}, **extra}


def round_step(highest: float, ticks: int = 6) -> int:
    """A whole step of 1, 2 or 5 × 10ⁿ that fits ``highest`` in about ``ticks`` ticks."""
    step = 1
    while highest / step > ticks:
        for factor in (2, 5 / 2, 2):  # 1 → 2 → 5 → 10 → 20 …
            step = round(step * factor)
            if highest / step <= ticks:
                break
    return step


def _count_axis(title: str, highest: float, **extra) -> dict:
    """A titled axis of whole numbers: ticks 0, 5, 10 … (plotly's own choice gave 47.3, 94.7
    on a second axis, and 0.5 steps on small counts)."""
    return {"title": {"text": title}, "rangemode": "tozero", "tickmode": "linear", "tick0": 0,
            "dtick": round_step(highest), "tickformat": ",d", "gridcolor": "#e9ecef", "automargin": True,
            **extra}


def _bar(name: str, x: list, y: list, bucket: str) -> dict:
    return {"type": "bar", "name": name, "x": x, "y": y,
            "marker": {"color": COLOURS[bucket], "pattern": {"shape": PATTERNS.get(bucket, "")}},
            "hovertemplate": "%{x}<br>" + name + ": %{y}<extra></extra>"}


def week_label(day: date) -> str:
    """A short label for the ISO week starting on ``day``: "W48 23/11" or "W48 Nov 23"."""
    start = format_date(day, "dd/MM" if current_language() == "vi" else "MMM d")
    return _("W%(week)s · %(day)s", week=day.isocalendar().week, day=start)


def weekly_progress(week_starts: list[date], on_time: list[int], late: list[int],
                    overdue: list[int], last_week_days: int = 7) -> dict:
    """Twelve weeks of bars; a week still running is labelled "to date" and drawn paler, so
    three days of work do not read as a collapse."""
    labels = [week_label(day) for day in week_starts]
    partial = bool(labels) and last_week_days < 7
    if partial:
        labels[-1] = _("%(week)s (to date)", week=labels[-1])
    opacity = [1.0] * (len(labels) - 1) + [0.45] if partial else 1.0
    bars = [_bar(_("Done on time"), labels, on_time, "done_on_time"),
            _bar(_("Done late"), labels, late, "done_late"),
            _bar(_("Overdue at the end of the week"), labels, overdue, "overdue")]
    for bar in bars:
        bar["marker"]["opacity"] = opacity
    return {"data": bars, "layout": _layout(_("Weekly progress (last 12 weeks)"),
                                            yaxis=_count_axis(_("Tasks"), max(
                                                map(sum, zip(on_time, late, overdue, strict=True)), default=0)),
                                            xaxis={"tickangle": -45, "automargin": True})}


def daily_activity(days: list[date], updates: list[int], points: list[int], silent: list[int] | None) -> dict:
    """Updates (left axis) and progress points (right axis) per day; silent units where several
    units are shown (``None`` for one unit)."""
    labels = [format_date(day, "dd/MM" if current_language() == "vi" else "MMM d") for day in days]
    series = [
        {"type": "bar", "name": _("Updates"), "x": labels, "y": updates,
         "marker": {"color": COLOURS["within_deadline"]},
         "hovertemplate": "%{x}<br>" + _("Updates") + ": %{y}<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": _("Progress points"), "x": labels,
         "y": points, "yaxis": "y2", "line": {"color": COLOURS["done_on_time"]},
         "marker": {"symbol": "diamond"},
         "hovertemplate": "%{x}<br>" + _("Progress points") + ": %{y}<extra></extra>"},
    ]
    if silent is not None:
        series.append({"type": "scatter", "mode": "markers", "name": _("Silent units"), "x": labels, "y": silent,
                       "marker": {"color": COLOURS["overdue"], "symbol": "x", "size": 10},
                       "hovertemplate": "%{x}<br>" + _("Silent units") + ": %{y}<extra></extra>"})
    return {"data": series, "layout": _layout(
        _("Daily activity (last 14 days)"), barmode="group",
        margin={"l": 50, "r": 50, "t": 40, "b": 40},
        yaxis=_count_axis(_("Count") if silent is not None else _("Updates"),
                          max([*updates, *(silent or [])], default=0)),
        yaxis2=_count_axis(_("Progress points"), max(points, default=0), overlaying="y", side="right",
                           showgrid=False))}


def satisfaction_trend(week_starts: list[date], rates: list[float | None], counts: list[int]) -> dict:
    labels = [week_label(day) for day in week_starts]
    return {"data": [{"type": "scatter", "mode": "lines+markers", "name": _("Satisfaction rate"),
                      "x": labels, "y": [None if r is None else round(100 * r, 1) for r in rates],
                      "customdata": counts, "line": {"color": COLOURS["done_on_time"]},
                      "hovertemplate": "%{x}<br>%{y}% (n = %{customdata})<extra></extra>"}],
            "layout": _layout(_("Citizen satisfaction by week"),
                              yaxis={"range": [0, 100], "dtick": 20, "ticksuffix": "%", "gridcolor": "#e9ecef",
                                     "title": {"text": _("Satisfied")}, "automargin": True})}


def score_distribution(counts: tuple[int, ...]) -> dict:
    labels = [_("Very dissatisfied"), _("Dissatisfied"), _("Neutral"), _("Satisfied"), _("Very satisfied")]
    colours = [COLOURS["overdue"], COLOURS["done_late"], COLOURS["neutral"], COLOURS["within_deadline"],
               COLOURS["done_on_time"]]
    return {"data": [{"type": "bar", "x": labels, "y": list(counts), "marker": {"color": colours},
                      "text": list(counts), "textposition": "auto",
                      "hovertemplate": "%{x}: %{y}<extra></extra>"}],
            "layout": _layout(_("Scores given"), showlegend=False,
                              yaxis=_count_axis(_("Ratings"), max(counts, default=0)))}
