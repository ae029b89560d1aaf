"""One unit's page as of a window: the overview's figures for that unit, its tasks in their
buckets, its overdue list, twelve weeks of progress and of satisfaction, comments and how
closely leaders followed it. The unit page reads it from here."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain import overview as logic
from dashboard.domain.history import state_as_of
from dashboard.domain.model import Bucket, Status
from db import overview as overview_db
from db import rollups, task_reads, unit_reads
from db.overview import OverdueTask

from .overview import Overview, WeekTotals, overview, weeks
from .satisfaction import WeekSatisfaction, satisfaction_weeks

SHOWN_PER_BUCKET = 10  # a busy commune has hundreds: the register lists them all (a phone draws 50 rows)
OVERDUE_SHOWN = 20  # as on the overview: the buckets below list the rest


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
    bucket_totals: dict[str, int]  # how many each bucket holds (``tasks`` shows the oldest of each)
    overdue: tuple[OverdueTask, ...]  # the oldest first, at most OVERDUE_SHOWN
    overdue_total: int
    weeks: tuple[WeekTotals, ...]
    satisfaction_weeks: tuple[WeekSatisfaction, ...]
    comments: tuple
    supervision: unit_reads.SupervisionCounts


def unit_page(session: Session, unit_id: int, window: logic.Window, silent: bool = False) -> UnitPage:
    """The unit's page. With ``silent`` (the API's figures) its overview is the whole one, the
    unit's silence and ranking row included; the page shows neither and skips them."""
    today, tz = clock.today(), clock.local_zone()
    unit_ids = [unit_id]
    day = window.shown.end
    overdue, total = overview_db.overdue_tasks(session, day, today, tz, unit_ids, limit=OVERDUE_SHOWN)
    start = datetime.combine(window.shown.start, time.min, tz)
    end = clock.end_of_day(day)
    tasks, totals = bucketed_tasks(session, unit_id, window)
    return UnitPage(
        overview=overview(session, window, unit_ids, among_units=silent),
        tasks=tuple(tasks), bucket_totals=totals,
        overdue=tuple(overdue), overdue_total=total,
        weeks=weeks(session, day, unit_ids),
        satisfaction_weeks=satisfaction_weeks(session, day, unit_ids),
        comments=tuple(unit_reads.recent_comments(session, unit_id, day)),
        supervision=unit_reads.supervision_counts(session, unit_id, start, end, min(end, clock.now())))


def bucketed_tasks(session: Session, unit_id: int, window: logic.Window, per_bucket: int = SHOWN_PER_BUCKET
                   ) -> tuple[list[BucketedTask], dict[str, int]]:
    """The unit's tasks open at the end of the window or done within it: the oldest
    ``per_bucket`` of each bucket (by due date), and how many each bucket holds. Buckets come
    from the task spans (the history's own states); only the tasks shown are read in full, for
    their progress then."""
    day = window.shown.end
    by_bucket: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for task_id, status, due, on_time, done_on in rollups.spans_shown_on(session, unit_id, day, window.shown.start):
        if status == Status.DONE.value:
            if done_on not in window.shown:
                continue
            bucket = Bucket.DONE_ON_TIME.value if on_time else Bucket.DONE_LATE.value
        elif due < day:
            bucket = Bucket.OVERDUE.value
        else:
            bucket = "not_started" if status == Status.NOT_STARTED.value else Bucket.WITHIN_DEADLINE.value
        by_bucket[bucket].append((due, task_id))
    shown = [(bucket, due, task_id) for bucket, items in by_bucket.items()
             for due, task_id in sorted(items)[:per_bucket]]
    ids = [task_id for _bucket, _due, task_id in shown]
    lines = task_reads.task_lines(session, ids)
    if day >= clock.today():  # the task's own cached progress is its state now
        progress = {task_id: line.progress for task_id, line in lines.items()}
    else:
        progress = {history.task_id: state_as_of(history, day).progress
                    for history in rollups.load_histories_chunked(session, ids)}
    tasks = [BucketedTask(task_id, lines[task_id].title, bucket, due, progress[task_id],
                          (day - due).days if bucket == Bucket.OVERDUE.value else 0)
             for bucket, due, task_id in shown]
    return sorted(tasks, key=lambda t: (t.due, t.id)), {bucket: len(items) for bucket, items in by_bucket.items()}
