"""Plotly figures as plain dicts (no go.Figure validation on hot paths), in bucket colours."""
from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from dashboard.i18n import current_language

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
              "plotlyServerURL": ""}
    if current_language() == "vi":
        config["locale"] = "vi"
        config["locales"] = {"vi": {"dictionary": VI_TOOLBAR, "format": {
            "decimal": ",", "thousands": ".", "date": "%d/%m/%Y"}}}
    return config


def _layout(title: str, **extra) -> dict:
    separators = ",." if current_language() == "vi" else ".,"
    return {"title": {"text": title, "x": 0, "font": {"size": 16}}, "separators": separators,
            "margin": {"l": 40, "r": 10, "t": 40, "b": 40}, "barmode": "stack",
            "legend": {"orientation": "h", "y": -0.25}, "plot_bgcolor": "#fff",
            "xaxis": {"tickangle": -45, "automargin": True},
            "yaxis": {"gridcolor": "#e9ecef", "rangemode": "tozero"}, **extra}


def _bar(name: str, x: list, y: list, bucket: str) -> dict:
    return {"type": "bar", "name": name, "x": x, "y": y,
            "marker": {"color": COLOURS[bucket], "pattern": {"shape": PATTERNS.get(bucket, "")}},
            "hovertemplate": "%{x}<br>" + name + ": %{y}<extra></extra>"}


def week_label(day: date) -> str:
    """A short label for the ISO week starting on ``day``: "W48 23/11" or "W48 Nov 23"."""
    start = format_date(day, "dd/MM" if current_language() == "vi" else "MMM d")
    return _("W%(week)s · %(day)s", week=day.isocalendar().week, day=start)


def weekly_progress(week_starts: list[date], on_time: list[int], late: list[int],
                    overdue: list[int]) -> dict:
    labels = [week_label(day) for day in week_starts]
    return {"data": [_bar(_("Done on time"), labels, on_time, "done_on_time"),
                     _bar(_("Done late"), labels, late, "done_late"),
                     _bar(_("Overdue at the end of the week"), labels, overdue, "overdue")],
            "layout": _layout(_("Weekly progress (last 12 weeks)"))}


def daily_activity(days: list[date], updates: list[int], points: list[int], silent: list[int]) -> dict:
    labels = [format_date(day, "dd/MM" if current_language() == "vi" else "MMM d") for day in days]
    return {"data": [
        {"type": "bar", "name": _("Updates"), "x": labels, "y": updates,
         "marker": {"color": COLOURS["within_deadline"]},
         "hovertemplate": "%{x}<br>" + _("Updates") + ": %{y}<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": _("Progress points"), "x": labels,
         "y": points, "yaxis": "y2", "line": {"color": COLOURS["done_on_time"]},
         "marker": {"symbol": "diamond"},
         "hovertemplate": "%{x}<br>" + _("Progress points") + ": %{y}<extra></extra>"},
        {"type": "scatter", "mode": "markers", "name": _("Silent units"), "x": labels, "y": silent,
         "marker": {"color": COLOURS["overdue"], "symbol": "x", "size": 10},
         "hovertemplate": "%{x}<br>" + _("Silent units") + ": %{y}<extra></extra>"},
    ], "layout": _layout(_("Daily activity (last 14 days)"), barmode="group",
                         yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero",
                                 "showgrid": False})}


def satisfaction_trend(week_starts: list[date], rates: list[float | None], counts: list[int]) -> dict:
    labels = [week_label(day) for day in week_starts]
    return {"data": [{"type": "scatter", "mode": "lines+markers", "name": _("Satisfaction rate"),
                      "x": labels, "y": [None if r is None else round(100 * r, 1) for r in rates],
                      "customdata": counts, "line": {"color": COLOURS["done_on_time"]},
                      "hovertemplate": "%{x}<br>%{y}% (n = %{customdata})<extra></extra>"}],
            "layout": _layout(_("Citizen satisfaction by week"),
                              yaxis={"range": [0, 100], "ticksuffix": "%", "gridcolor": "#e9ecef"})}


def score_distribution(counts: tuple[int, ...]) -> dict:
    labels = [_("Very dissatisfied"), _("Dissatisfied"), _("Neutral"), _("Satisfied"), _("Very satisfied")]
    colours = [COLOURS["overdue"], COLOURS["done_late"], COLOURS["neutral"], COLOURS["within_deadline"],
               COLOURS["done_on_time"]]
    return {"data": [{"type": "bar", "x": labels, "y": list(counts), "marker": {"color": colours},
                      "text": list(counts), "textposition": "auto",
                      "hovertemplate": "%{x}: %{y}<extra></extra>"}],
            "layout": _layout(_("Scores given"), showlegend=False)}
