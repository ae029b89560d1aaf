"""Fill the unit list: scope → SQL counts → severity → rows."""
from __future__ import annotations

from dash import Dash, Input, Output
from flask import current_app
from flask_login import current_user

from dashboard import clock
from dashboard.access import scope_for
from dashboard.domain.units import SeverityThresholds, attention_key, severity
from dashboard.extensions import database
from db import queries
from layouts import ids
from layouts import units as view


def register(app: Dash) -> None:
    app.callback(Output(ids.UNITS_TABLE, "children"), Output(ids.UNITS_AS_OF, "children"),
                 Input(ids.UNITS_LOAD, "data"))(fill_unit_list)


def fill_unit_list(_load):
    scope = scope_for(current_user)
    today = clock.today()
    with database().session() as s:
        counts = queries.unit_bucket_counts(
            s, today, None if scope.everything else list(scope.unit_ids))
    thresholds = SeverityThresholds(current_app.config["SEVERITY_RED_OVERDUE_COUNT"],
                                    current_app.config["SEVERITY_RED_DAYS_OVERDUE"])
    rows = []
    for c in counts:
        max_days = (today - c.oldest_overdue_due).days if c.oldest_overdue_due else 0
        rows.append(view.UnitRow(
            code=c.code, name=c.name, kind=c.kind, done_on_time=c.done_on_time,
            done_late=c.done_late, within_deadline=c.within_deadline, not_started=c.not_started,
            overdue=c.overdue, max_days_overdue=max_days, due_soon=c.due_soon,
            severity=severity(c.overdue, max_days, thresholds), last_update_at=c.last_update_at))
    rows.sort(key=lambda r: attention_key(r.severity, r.overdue, r.max_days_overdue, r.name))
    return [view.summary(rows), view.table(rows)], view.as_of_text(today)
