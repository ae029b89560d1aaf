"""One unit's page as of a window: the overview's figures for that unit, its tasks in their
buckets, its overdue list, twelve weeks of progress and of satisfaction, comments and how
closely leaders followed it. The unit page reads it from here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain import overview as logic
from dashboard.domain.buckets import bucket_of, days_overdue
from dashboard.domain.history import state_as_of
from dashboard.domain.model import Bucket, Status
from db import details, rollups
from db import overview as queries
from db.overview import OverdueTask

from .overview import Overview, WeekTotals, overview, weeks
from .satisfaction import WeekSatisfaction, satisfaction_weeks

OVERDUE_SHOWN = 200


@dataclass(frozen=True, slots=True)
class BucketedTask:
    id: int
    title: str
    bucket: str  # done_on_time, done_late, within_deadline, not_started, overdue
    due: date
    progress: int
    days_overdue: int


@dataclass(frozen=True, slots=True)
class UnitPage:
    overview: Overview
    tasks: tuple[BucketedTask, ...]  # open at the end of the window or done within it, by due date
    overdue: tuple[OverdueTask, ...]  # the oldest first, at most OVERDUE_SHOWN
    overdue_total: int
    weeks: tuple[WeekTotals, ...]
    satisfaction_weeks: tuple[WeekSatisfaction, ...]
    comments: tuple
    supervision: details.SupervisionCounts


def unit_page(session: Session, unit_id: int, window: logic.Window) -> UnitPage:
    today, tz = clock.today(), clock.local_zone()
    unit_ids = [unit_id]
    day = window.shown.end
    overdue, total = queries.overdue_tasks(session, day, today, tz, unit_ids, limit=OVERDUE_SHOWN)
    start = datetime.combine(window.shown.start, time.min, tz)
    end = datetime.combine(day, time.max, tz)
    return UnitPage(
        overview=overview(session, window, unit_ids),
        tasks=tuple(bucketed_tasks(session, unit_id, window)),
        overdue=tuple(overdue), overdue_total=total,
        weeks=weeks(session, day, unit_ids),
        satisfaction_weeks=satisfaction_weeks(session, day, unit_ids),
        comments=tuple(details.recent_comments(session, unit_id, day)),
        supervision=details.supervision_counts(session, unit_id, start, end, min(end, clock.now())))


def bucketed_tasks(session: Session, unit_id: int, window: logic.Window) -> list[BucketedTask]:
    """The unit's tasks open at the end of the window or done within it, each in its bucket."""
    day = window.shown.end
    lines = details.task_lines(session, rollups.tasks_shown_on(session, unit_id, day, window.shown.start))
    result = []
    for history in rollups.load_histories_chunked(session, list(lines)):
        state = state_as_of(history, day)
        if state is None or state.unit_id != unit_id:
            continue
        bucket = bucket_of(state, day)
        if bucket is None:
            continue
        if bucket in (Bucket.DONE_ON_TIME, Bucket.DONE_LATE) and state.done_on not in window.shown:
            continue
        name = bucket.value
        if bucket is Bucket.WITHIN_DEADLINE and state.status is Status.NOT_STARTED:
            name = "not_started"
        line = lines[history.task_id]
        result.append(BucketedTask(line.id, line.title, name, state.due, state.progress, days_overdue(state, day)))
    return sorted(result, key=lambda t: (t.due, t.id))
