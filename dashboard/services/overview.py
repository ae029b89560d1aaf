"""The overview of one window (and its previous period) for a scope of units: headline figures,
the unit ranking, the fortnight's daily activity, silent units and satisfaction. The overview
page, each unit's page, the meeting-room screens and the exports read it from here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain import overview as logic
from dashboard.domain import recommendations as recommendation_logic
from dashboard.domain.periods import Period
from dashboard.domain.satisfaction import Satisfaction
from dashboard.domain.units import SeverityThresholds
from db import overview as overview_db
from db import recommendations, rollups
from db.overview import UnitInfo

CHART_DAYS = 14


@dataclass(frozen=True, slots=True)
class DayActivity:
    day: date
    updates: int
    progress_points: int
    silent_units: int


@dataclass(frozen=True, slots=True)
class Overview:
    window: logic.Window
    units: tuple[UnitInfo, ...]  # in Vietnamese order
    headline: logic.Headline
    ranking: tuple[logic.RankingRow, ...]  # rank 1, 2, 3 …, then the unranked by name
    silent: tuple[UnitInfo, ...]  # open work at the end of the window, no update by its cut-off
    daily: tuple[DayActivity, ...]  # the fortnight ending with the window
    satisfaction: Satisfaction


@dataclass(frozen=True, slots=True)
class WeekTotals:
    start: date
    end: date  # before the Sunday while the week runs
    done_on_time: int
    done_late: int
    overdue_at_end: int


def thresholds() -> SeverityThresholds:
    """The configured severity thresholds (shared by every page that colours units)."""
    return SeverityThresholds(current_app.config["SEVERITY_RED_OVERDUE_COUNT"],
                              current_app.config["SEVERITY_RED_DAYS_OVERDUE"])


def overview(session: Session, window: logic.Window, unit_ids: list[int] | None = None,
             among_units: bool = True) -> Overview:
    """The figures of ``window``; without ``among_units`` (a unit's own page) neither the ranking
    nor silent units, which count units among others, are looked for: ``ranking`` and
    ``silent`` are empty, the headline's ``silent_units`` None, the days' silent units 0."""
    today = clock.today()
    shown, previous = window.shown, window.previous
    min_sample = current_app.config["MIN_SAMPLE"]
    ends = sorted({shown.end, previous.end})
    chart_days = [shown.end - timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1)]
    rollups.snapshotted(session, {*ends, *chart_days})  # which are closed: one statement for every read below
    units = overview_db.units(session, unit_ids)
    states = overview_db.states_on(session, ends, today, unit_ids=unit_ids)
    silent_at = silent_units(session, ends, today, unit_ids, states) if among_units else None
    events = overview_db.events_by_unit(session, shown, unit_ids)
    previous_events = overview_db.events_by_unit(session, previous, unit_ids)
    on_time = overview_db.on_time_by_unit(session, shown, today, unit_ids)
    previous_on_time = overview_db.on_time_by_unit(session, previous, today, unit_ids)
    ratings = overview_db.ratings_by_unit(session, shown, unit_ids)
    previous_ratings = overview_db.ratings_by_unit(session, previous, unit_ids)
    daily = overview_db.events_by_day(session, Period(chart_days[0], chart_days[-1]), unit_ids)
    silent_counts = silent_by_day(session, chart_days, today, unit_ids, states, known=silent_at) \
        if among_units else {}
    now_total, before_total = logic.total_states(states[shown.end]), logic.total_states(states[previous.end])
    total, earlier = logic.total_events(events), logic.total_events(previous_events)
    satisfaction = logic.satisfaction_total(ratings, min_sample)
    previous_satisfaction = logic.satisfaction_total(previous_ratings, min_sample)
    answered_by_unit = recommendations.counts_by_unit(session, shown, unit_ids)
    answered = recommendation_logic.total(answered_by_unit)
    answered_before = recommendation_logic.total(recommendations.counts_by_unit(session, previous, unit_ids))
    headline = logic.Headline(
        open=logic.Change(now_total.open, before_total.open),
        overdue=logic.Change(now_total.overdue, before_total.overdue),
        due_soon=logic.Change(now_total.due_soon, before_total.due_soon),
        done_on_time=logic.Change(total.done_on_time, earlier.done_on_time),
        done_late=logic.Change(total.done_late, earlier.done_late),
        done_after_extension=logic.Change(total.done_after_extension, earlier.done_after_extension),
        on_time_rate=logic.Change(logic.rate_of(on_time).rate, logic.rate_of(previous_on_time).rate),
        silent_units=logic.Change(len(silent_at[shown.end]), len(silent_at[previous.end]))
        if silent_at is not None else None,
        satisfaction_rate=logic.Change(satisfaction.rate, previous_satisfaction.rate),
        ratings=logic.Change(satisfaction.n, previous_satisfaction.n),
        satisfaction_enough=satisfaction.enough,
        recommendations_on_time=logic.Change(answered.on_time_rate, answered_before.on_time_rate),
        recommendations_due=answered.due,
        recommendations_overdue=logic.Change(answered.overdue, answered_before.overdue),
    )
    ranking = logic.ranking(units, events, states[shown.end], on_time, ratings,
                            overview_db.last_updates(session, shown.end, unit_ids),
                            thresholds(), min_sample, answered_by_unit) if among_units else []
    silent = silent_at[shown.end] if silent_at is not None else set()
    empty = logic.DayEvents()
    return Overview(
        window=window, units=tuple(units), headline=headline, ranking=tuple(ranking),
        silent=tuple(unit for unit in units if unit.id in silent),
        daily=tuple(DayActivity(day, daily.get(day, empty).updates, daily.get(day, empty).progress_points,
                                silent_counts.get(day, 0)) for day in chart_days),
        satisfaction=satisfaction)


def silent_units(session: Session, days: list[date], today: date, unit_ids=None,
                 states: dict[date, dict] | None = None) -> dict[date, set[int]]:
    """The units silent at the end of each day: flagged in the snapshots of closed days; for a
    closed day not snapshotted yet and for today, from its open work (``states`` when the
    caller has it) and the updates made by its cut-off."""
    states = states or {}
    closed = [day for day in days if day < today]
    kept = rollups.snapshotted(session, closed)
    result = overview_db.silent_kept(session, sorted(kept), unit_ids)
    live = {day: states[day] if day in states else rollups.states_from_spans(session, day, unit_ids)
            for day in closed if day not in kept}
    if today in days:
        live[today] = states[today] if today in states else overview_db.open_states_today(session, today, unit_ids)
    reported = overview_db.reporters(session, {day: clock.cutoff_moment(day) for day in live}, unit_ids)
    for day, open_work in live.items():
        result[day] = set(logic.silent_units(open_work, reported[day]))
    return result


def silent_by_day(session: Session, days: list[date], today: date, unit_ids=None,
                  states: dict[date, dict] | None = None, known: dict[date, set[int]] | None = None
                  ) -> dict[date, int]:
    """Silent units per day: counted from the snapshots' flags, the rest as ``silent_units``
    (or from ``known``, the silent units of some days the caller has found already)."""
    known = known or {}
    kept = rollups.snapshotted(session, [day for day in days if day < today])
    counts = overview_db.silent_counts(session, sorted(kept), unit_ids)
    others = [day for day in days if day not in kept and day not in known]
    counts |= {day: len(known[day]) for day in days if day not in kept and day in known}
    counts |= {day: len(units) for day, units in silent_units(session, others, today, unit_ids, states).items()}
    return counts


def weeks(session: Session, as_of: date, unit_ids=None, count: int = 12) -> tuple[WeekTotals, ...]:
    """Done on time, done late and overdue at each week's end, for ``count`` weeks to ``as_of``."""
    today = clock.today()
    periods = logic.weeks_ending(as_of, count)
    per_day = overview_db.events_by_day(session, Period(periods[0].start, periods[-1].end), unit_ids)
    totals = logic.fold_by_week(per_day, periods)
    states = overview_db.states_on(session, [week.end for week in periods], today, unit_ids=unit_ids)
    return tuple(WeekTotals(week.start, week.end, total.done_on_time, total.done_late,
                            logic.total_states(states[week.end]).overdue)
                 for week, total in zip(periods, totals))
