"""Fill the unit list: scope → SQL counts → severity → rows."""
from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import clock
from dashboard.access import current_scope
from dashboard.domain.units import attention_key, severity
from dashboard.extensions import database
from dashboard.services.overview import thresholds
from db import unit_buckets
from layouts import ids
from layouts import units as view


def register(app: Dash) -> None:
    app.callback(Output(ids.UNITS_TABLE, "children"), Output(ids.UNITS_AS_OF, "children"),
                 Input(ids.UNITS_LOAD, "data"))(fill_unit_list)


def fill_unit_list(_load):
    scope = current_scope()
    today = clock.today()
    with database().session() as s:
        units = unit_buckets.unit_bucket_counts(
            s, today, None if scope.everything else list(scope.unit_ids))
    limits = thresholds()
    rows = [view.UnitRow(code=u.code, name=u.name, kind=u.kind, counts=u.counts,
                         severity=severity(u.counts.overdue, u.counts.max_days_overdue, limits),
                         last_update_at=u.last_update_at)
            for u in units]
    rows.sort(key=lambda r: attention_key(r.severity, r.counts.overdue, r.counts.max_days_overdue,
                                          r.name))
    return [view.summary(rows), view.table(rows)], view.as_of_text(today)
