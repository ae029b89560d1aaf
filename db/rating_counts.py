"""Where a period's visible ratings are summed from: each point's week or month when the period
is one (or runs up to today), else its days. Both tables count the same columns."""
from __future__ import annotations

from datetime import date

from dashboard import clock
from dashboard.domain.periods import Period, kept_period

from .rollups_models import PointDayRatings, PointPeriodRatings


def counted_over(period: Period, unit_ids=None, today: date | None = None):
    """(table, conditions) whose rows, summed, are the period's ratings of the scope."""
    kept = kept_period(period, today or clock.today())
    table: type[PointPeriodRatings] | type[PointDayRatings]
    if kept is not None:
        table = PointPeriodRatings
        conditions = [PointPeriodRatings.kind == kept[0], PointPeriodRatings.start == kept[1]]
    else:
        table = PointDayRatings
        conditions = [PointDayRatings.day.between(period.start, period.end)]
    if unit_ids is not None:
        conditions.append(table.unit_id.in_(unit_ids))
    return table, conditions
