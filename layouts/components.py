"""Small builders from plain data to components, reused on every page."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard.domain.units import Severity

# The four-bucket convention: colour always comes with a word and an icon.
# A search box asks once the typing pauses this long (ms): results follow the words typed, with
# no Enter to know about, and not one request per key.
TYPING_PAUSE_MS = 600

BUCKET_STYLE = {
    "done_on_time": ("bucket-done-on-time", "bi-check-circle-fill"),
    "done_late": ("bucket-done-late", "bi-clock-history"),
    "within_deadline": ("bucket-within", "bi-hourglass-split"),
    "not_started": ("bucket-not-started", "bi-circle"),
    "overdue": ("bucket-overdue", "bi-exclamation-triangle-fill"),
}

SEVERITY_STYLE = {
    Severity.RED: ("severity-red", "bi-exclamation-octagon-fill"),
    Severity.AMBER: ("severity-amber", "bi-exclamation-triangle-fill"),
    Severity.GREEN: ("severity-green", "bi-check-circle-fill"),
}


def bucket_label(bucket: str) -> str:
    return {
        "done_on_time": _("Done on time"),
        "done_late": _("Done late"),
        "within_deadline": _("Within deadline"),
        "not_started": _("Not started"),
        "overdue": _("Overdue"),
    }[bucket]


def severity_label(level: Severity) -> str:
    return {
        Severity.RED: _("Seriously late"),
        Severity.AMBER: _("Late"),
        Severity.GREEN: _("On track"),
    }[level]


def icon(name: str) -> html.I:
    return html.I(className=f"bi {name}", **{"aria-hidden": "true"})


def severity_badge(level: Severity) -> html.Span:
    css, icon_name = SEVERITY_STYLE[level]
    return html.Span([icon(icon_name), " ", severity_label(level)], className=f"badge {css}")


def bucket_header(bucket: str) -> html.Span:
    css, icon_name = BUCKET_STYLE[bucket]
    return html.Span([icon(icon_name), " ", bucket_label(bucket)], className=f"bucket-chip {css}")


def kpi_card(label: str, value: str, change: str | None = None, tone: str = "",
             icon_name: str | None = None, hint: str | None = None) -> html.Div:
    """One headline figure with its change against the previous period."""
    body = [html.Div([icon(icon_name), " "] if icon_name else [], className="kpi-icon"),
            html.Div(label, className="kpi-label"),
            html.Div(value, className="kpi-value")]
    if change:
        body.append(html.Div(change, className="kpi-change"))
    if hint:
        body.append(html.Div(hint, className="kpi-hint"))
    return html.Div(html.Div(body, className=f"kpi-card {tone}"), className="col")


def limited_text(component_id: str, limit: int, rows: int = 2, **textarea) -> html.Div:
    """A text box that never cuts what is typed or pasted: a counter under it shows the length
    against ``limit`` (assets/char_count.js) and the server refuses a longer text with words."""
    return html.Div([dbc.Textarea(id=component_id, rows=rows, **textarea), _counter(component_id, limit)],
                    className="mb-2")


def limited_line(component_id: str, limit: int, **props) -> html.Div:
    """A one-line box with the same counter (a ``maxLength`` would cut a paste without a word)."""
    return html.Div([dbc.Input(id=component_id, **props), _counter(component_id, limit)], className="mb-2")


def _counter(component_id: str, limit: int) -> html.Small:
    return html.Small(f"0 / {limit}", className="char-count", **{"data-for": component_id, "data-limit": str(limit),
                                                                 "aria-live": "polite"})


def dropdown(*, className: str = "", **props) -> html.Div:
    """Dash's dropdown with its own words ("Search", "3 selected", …) in the reader's language,
    in a slot of its height (see ``slot``), which takes the spacing classes given."""
    return slot(dcc.Dropdown(labels={
        "select_all": _("Select all"), "deselect_all": _("Deselect all"),
        "selected_count": _("{num_selected} selected"), "search": _("Search"),
        "clear_search": _("Clear search"), "clear_selection": _("Clear selection"),
        "no_options_found": _("No options found"),
    }, **props), f"control-slot {className}".strip())


def deferred_of(place_id: str) -> str:
    """The store a deferred section's answers are written to (see ``deferred``)."""
    return f"{place_id}-deferred"


def deferred(place_id: str, **props) -> html.Div:
    """A section drawn only once its place comes near the screen (or the page is printed, or
    the keyboard is used): the server's answers are written to its store, and the browser draws
    the latest in ``place_id`` then, and each later one at once (assets/near_view.js; register
    it with callbacks/near_view.py). A phone opening a long page thus renders what it shows, not
    the tables and charts far below. What is drawn this way gets no initial callback of its own:
    only buttons and links whose callbacks wait for a click."""
    return html.Div([dcc.Store(id=deferred_of(place_id)), html.Div(id=place_id, **props)])


def slot(control, kind: str = "control-slot") -> html.Div:
    """A box the height of a control whose code Dash loads after the page (dropdowns, date
    pickers): empty until then, so without it what lies below jumps when it arrives."""
    return html.Div([control], className=kind)
