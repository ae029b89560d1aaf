"""What a meeting-room screen shows, for the whole district as of today: this week's overview,
the oldest overdue tasks, weeks of progress and the last thirty days of satisfaction. Every
screen reads it from here (computed once per data version for all of them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain import overview as logic
from dashboard.domain.periods import Period
from dashboard.domain.satisfaction import Satisfaction, rank_by_lower_bound
from db import overview as overview_db
from db.overview import OverdueTask

from .overview import Overview, WeekTotals, overview, weeks

SATISFACTION_DAYS = 30


@dataclass(frozen=True, slots=True)
class Screen:
    overview: Overview  # this week to date
    overdue: tuple[OverdueTask, ...]  # the oldest first
    overdue_total: int
    weeks: tuple[WeekTotals, ...]
    satisfaction_period: Period  # the last SATISFACTION_DAYS days
    satisfaction: Satisfaction  # all units over that period
    ranked: tuple[tuple[str, Satisfaction], ...]  # units with enough ratings, best lower bound first
    too_few: int  # units with fewer ratings than the minimum sample


def screen(session: Session, overdue_rows: int, progress_weeks: int) -> Screen:
    today, tz = clock.today(), clock.local_zone()
    figures = overview(session, logic.resolve_window("week", today, today))
    overdue, total = overview_db.overdue_tasks(session, today, today, tz, limit=overdue_rows)
    recent = Period(today - timedelta(days=SATISFACTION_DAYS - 1), today)
    min_sample = current_app.config["MIN_SAMPLE"]
    ratings = overview_db.ratings_by_unit(session, recent)
    per_unit = [(unit.name, Satisfaction(tuple(ratings.get(unit.id, (0,) * 5)), min_sample))
                for unit in figures.units]
    return Screen(
        overview=figures, overdue=tuple(overdue), overdue_total=total,
        weeks=weeks(session, today, count=progress_weeks),
        satisfaction_period=recent, satisfaction=logic.satisfaction_total(ratings, min_sample),
        ranked=tuple(rank_by_lower_bound(per_unit)),
        too_few=sum(1 for _name, satisfaction in per_unit if not satisfaction.enough))
