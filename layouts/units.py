"""The list of units with their four-bucket counts and severity, as of today."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard import paths
from dashboard.domain.buckets import BucketCounts
from dashboard.domain.units import Severity
from dashboard.i18n import show_date, show_datetime, show_number

from . import ids
from .components import bucket_header, severity_badge


@dataclass(frozen=True, slots=True)
class UnitRow:
    """What the list shows of one unit (plain data, built by the callback)."""

    code: str
    name: str
    kind: str
    counts: BucketCounts
    severity: Severity
    last_update_at: datetime | None


def title(**_kwargs) -> str:
    return _("Units")


def page(**_kwargs) -> html.Main:
    return html.Main([
        html.H1(_("Units and their tasks"), className="h3"),
        html.P("\u00a0", id=ids.UNITS_AS_OF, className="text-muted"),  # a line's height until the day arrives
        dcc.Loading(html.Div(id=ids.UNITS_TABLE), type="default"),
        dcc.Store(id=ids.UNITS_LOAD, data=True),
    ])


def as_of_text(today: date) -> str:
    return _("Situation as of %(day)s", day=show_date(today))


def kind_label(kind: str) -> str:
    return _("Office") if kind == "office" else _("Commune")


def summary(rows: list[UnitRow]) -> html.Ul:
    """How many units are in each severity, in words: the first thing a leader reads."""
    counts = {level: sum(1 for row in rows if row.severity is level) for level in Severity}
    return html.Ul([
        html.Li([severity_badge(level), " ", _("%(n)s units", n=show_number(counts[level]))],
                className="list-inline-item me-4")
        for level in (Severity.RED, Severity.AMBER, Severity.GREEN)
    ], className="list-inline units-summary mb-3")


def table(rows: list[UnitRow]) -> html.Div:
    if not rows:
        return dbc.Alert(_("No units to show."), color="secondary")
    header = html.Thead(html.Tr([
        html.Th(_("Unit"), scope="col"),
        html.Th(_("Status"), scope="col"),
        html.Th(bucket_header("done_on_time"), scope="col", className="text-end"),
        html.Th(bucket_header("done_late"), scope="col", className="text-end"),
        html.Th(bucket_header("within_deadline"), scope="col", className="text-end"),
        html.Th(bucket_header("overdue"), scope="col", className="text-end"),
        html.Th(_("Due in 3 days"), scope="col", className="text-end"),
        html.Th(_("Last update"), scope="col"),
    ]))
    body = html.Tbody([_row(row) for row in rows])
    return html.Div(dbc.Table([header, body], hover=True, responsive=True, className="units-table"),
                    className="table-responsive")


def _row(row: UnitRow) -> html.Tr:
    counts = row.counts
    within = show_number(counts.within_deadline)
    if counts.not_started:
        within = [within, html.Small(" (" + _("%(n)s not started", n=show_number(counts.not_started))
                                     + ")", className="text-muted")]
    overdue = show_number(counts.overdue)
    if counts.overdue:
        overdue = [overdue, html.Small(" (" + _("up to %(n)s days", n=show_number(counts.max_days_overdue))
                                       + ")", className="text-muted")]
    return html.Tr([
        html.Th([html.Div(html.A(row.name, href=paths.unit(row.code))),
                 html.Small(kind_label(row.kind), className="text-muted")],
                scope="row", className="unit-name"),
        html.Td(severity_badge(row.severity)),
        html.Td(show_number(counts.done_on_time), className="text-end"),
        html.Td(show_number(counts.done_late), className="text-end"),
        html.Td(within, className="text-end"),
        html.Td(overdue, className="text-end fw-bold" if counts.overdue else "text-end"),
        html.Td(show_number(counts.due_soon), className="text-end"),
        html.Td(show_datetime(row.last_update_at)),
    ], className=f"unit-row severity-row-{row.severity.value}")
