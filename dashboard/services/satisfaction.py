"""Citizens' satisfaction over a window for a scope of units: the total, the SIPAS dimensions,
twelve weeks of trend, units ranked by their Wilson lower bound, every point and the refused
submissions. The satisfaction page and each unit's page read it from here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy.orm import Session

from dashboard.domain import overview as logic
from dashboard.domain.periods import Period
from dashboard.domain.satisfaction import Satisfaction, rank_by_lower_bound
from dashboard.domain.vietnamese import sort_key
from db import satisfaction as satisfaction_db
from db.overview import ratings_by_week


@dataclass(frozen=True, slots=True)
class WeekSatisfaction:
    start: date
    satisfaction: Satisfaction


@dataclass(frozen=True, slots=True)
class PointSatisfaction:
    code: str
    label: str
    unit_name: str
    satisfaction: Satisfaction


@dataclass(frozen=True, slots=True)
class SatisfactionPage:
    total: Satisfaction
    dimensions: dict[str, Satisfaction]
    weeks: tuple[WeekSatisfaction, ...]
    ranked: tuple[tuple[str, Satisfaction], ...]  # units with enough ratings, best lower bound first
    too_few: tuple[tuple[str, Satisfaction], ...]  # the others, in Vietnamese order
    points: tuple[PointSatisfaction, ...]
    rejections: tuple[tuple[str, int], ...]  # (reason, count): only when asked for


def satisfaction_page(session: Session, shown: Period, unit_ids=None, with_rejections: bool = False
                      ) -> SatisfactionPage:
    min_sample = current_app.config["MIN_SAMPLE"]
    points = satisfaction_db.counts_by_point(session, shown, unit_ids)
    by_unit: dict[str, list[int]] = {}
    total = [0] * 5
    for _pid, _code, _label, _uid, unit_name, counts in points:
        by_unit[unit_name] = [a + b for a, b in zip(by_unit.get(unit_name, [0] * 5), counts)]
        total = [a + b for a, b in zip(total, counts)]
    units = [(name, Satisfaction(tuple(c), min_sample)) for name, c in by_unit.items()]
    return SatisfactionPage(
        total=Satisfaction(tuple(total), min_sample),
        dimensions={d: Satisfaction(c, min_sample)
                    for d, c in satisfaction_db.dimension_counts(session, shown, unit_ids).items()},
        weeks=satisfaction_weeks(session, shown.end, unit_ids),
        ranked=tuple(rank_by_lower_bound(units)),
        too_few=tuple(sorted((item for item in units if not item[1].enough), key=lambda i: sort_key(i[0]))),
        points=tuple(PointSatisfaction(code, label, unit_name, Satisfaction(c, min_sample))
                     for _p, code, label, _u, unit_name, c in points),
        rejections=tuple(satisfaction_db.rejections(session, shown)) if with_rejections else ())


def satisfaction_weeks(session: Session, day: date, unit_ids=None, count: int = 12) -> tuple[WeekSatisfaction, ...]:
    """Visible ratings of each of ``count`` weeks ending with the week of ``day``."""
    min_sample = current_app.config["MIN_SAMPLE"]
    periods = logic.weeks_ending(day, count)
    per_day = ratings_by_week(session, periods[0].start, periods[-1].end, unit_ids)
    result = []
    for week in periods:
        scores = [0] * 5
        for when, values in per_day.items():
            if when in week:
                scores = [a + b for a, b in zip(scores, values)]
        result.append(WeekSatisfaction(week.start, Satisfaction(tuple(scores), min_sample)))
    return tuple(result)
