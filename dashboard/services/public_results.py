"""What citizens read on the public results page: for each unit an administrator published, and
for those units together, the month to yesterday (a day's figures are final once it ends):
tasks done on time, recommendations answered on time, and satisfaction with its interval.
No names of people, no comments, no contacts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy.orm import Session

from dashboard.domain import overview as logic
from dashboard.domain import recommendations as recommendation_logic
from dashboard.domain.periods import Period, month_of
from dashboard.domain.satisfaction import Satisfaction
from dashboard.domain.units import OnTimeRate
from db import overview as overview_db
from db import recommendations


@dataclass(frozen=True, slots=True)
class PublicFigures:
    code: str | None  # None: the published units together
    name: str | None
    tasks: OnTimeRate
    recommendations: recommendation_logic.Counts
    satisfaction: Satisfaction


@dataclass(frozen=True, slots=True)
class PublicResults:
    period: Period
    together: PublicFigures
    units: tuple[PublicFigures, ...]  # in Vietnamese order


def period_shown(today: date) -> Period:
    """This month up to yesterday (on the 1st: all of last month)."""
    yesterday = today - timedelta(days=1)
    return Period(month_of(yesterday).start, yesterday)


def public_results(session: Session, today: date, unit_code: str | None = None) -> PublicResults:
    """Every published unit, or the one with ``unit_code`` (none when it is not published)."""
    period = period_shown(today)
    units = [unit for unit in overview_db.units(session, public_only=True) if unit_code in (None, unit.code)]
    ids = [unit.id for unit in units]
    min_sample = current_app.config["MIN_SAMPLE"]
    on_time = overview_db.on_time_by_unit(session, period, today, ids) if ids else {}
    ratings = overview_db.ratings_by_unit(session, period, ids) if ids else {}
    answered = recommendations.counts_by_unit(session, period, ids) if ids else {}

    def figures(code, name, unit_ids) -> PublicFigures:
        return PublicFigures(code, name, logic.rate_of({u: on_time[u] for u in unit_ids if u in on_time}),
                             recommendation_logic.total({u: answered[u] for u in unit_ids if u in answered}),
                             logic.satisfaction_total({u: ratings[u] for u in unit_ids if u in ratings}, min_sample))
    return PublicResults(period, figures(None, None, ids),
                         tuple(figures(unit.code, unit.name, [unit.id]) for unit in units))
