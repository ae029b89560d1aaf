"""A briefing's pack: what the district memo and each unit's memo say, as of the eve of the
meeting (or today, for a pack asked for early). It reads the overview's own service for the
same week, so the memo's figures are the pages' figures."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain import briefings as logic
from dashboard.domain import overview as overview_logic
from dashboard.domain.history import state_as_of
from dashboard.domain.periods import local_day
from dashboard.domain.units import Severity
from dashboard.domain.vietnamese import sort_key
from db import briefings, rollups, task_reads
from db import overview as overview_db
from db import satisfaction as satisfaction_db
from db.briefings import ConclusionRow, Meeting, UrgeFollowed
from db.overview import OverdueTask
from db.satisfaction import CommentRow
from db.task_reads import OpenDifficulty

from .overview import Overview, overview

OVERDUE_LISTED = 40
COMMENTS_LISTED = 5
UNITS_LISTED = 15  # the units longest without an update


@dataclass(frozen=True, slots=True)
class Quiet:
    """A unit with open work and how many days since its last update (None: never)."""

    code: str
    name: str
    days: int | None


@dataclass(frozen=True, slots=True)
class Pack:
    meeting: Meeting
    as_of: date
    unit_name: str | None  # None: the district memo
    overview: Overview  # this week to ``as_of``, against the same days of last week
    need_attention: tuple[logic.UnitWeek, ...]
    most_improved: tuple[logic.UnitWeek, ...]
    overdue: tuple[OverdueTask, ...]  # the oldest first
    overdue_total: int
    quiet: tuple[Quiet, ...]
    difficulties: tuple[OpenDifficulty, ...]  # waiting for direction at the end of ``as_of``
    urges: tuple[UrgeFollowed, ...]
    urges_total: int
    last_meeting: Meeting | None
    last_conclusions: tuple[ConclusionRow, ...]
    comments: tuple[CommentRow, ...]


def pack(session: Session, meeting: Meeting, unit_id: int | None = None) -> Pack:
    """The district memo (``unit_id`` None: the attending units) or one unit's memo."""
    tz, today = clock.local_zone(), clock.today()
    as_of = logic.pack_day(local_day(meeting.held_at, tz), today)
    if unit_id is None:
        attending = briefings.attending_units(session, meeting.attending)
        unit_ids: list[int] | None = None if meeting.attending == "all" else [unit for unit, _c, _n in attending]
        unit_name = None
    else:
        unit_ids = [unit_id]
        unit_name = next((unit.name for unit in overview_db.units(session, unit_ids)), "")
    window = overview_logic.resolve_window("week", as_of, today)
    now = overview(session, window, unit_ids)
    before = overview(session, overview_logic.resolve_window("week", as_of - timedelta(days=7), today), unit_ids)
    overdue_before = {row.unit_id: row.overdue for row in before.ranking}
    weeks = [logic.UnitWeek(row.unit_id, row.name, row.severity, row.overdue, row.max_days_overdue,
                            row.done_on_time, overdue_before.get(row.unit_id, 0)) for row in now.ranking]
    end = clock.end_of_day(as_of)
    overdue, overdue_total = overview_db.overdue_tasks(session, as_of, today, tz, unit_ids,
                                                             limit=OVERDUE_LISTED)
    start = datetime.combine(window.shown.start, datetime.min.time(), tz)
    urges, urges_total = briefings.urges_between(session, start, end, unit_ids)
    last = briefings.previous_meeting(session, meeting)
    period = window.shown
    return Pack(
        meeting=meeting, as_of=as_of, unit_name=unit_name, overview=now,
        need_attention=tuple(logic.need_attention(weeks)) if unit_id is None else (),
        most_improved=tuple(logic.most_improved(weeks)) if unit_id is None else (),
        overdue=tuple(overdue), overdue_total=overdue_total,
        quiet=tuple(_quiet(now, as_of, tz)),
        difficulties=tuple(task_reads.open_difficulties(session, end, unit_ids)),
        urges=tuple(urges), urges_total=urges_total,
        last_meeting=last,
        last_conclusions=tuple(_as_of(session, briefings.conclusions(session, [last.id], unit_ids) if last else [],
                                      as_of, today)),
        comments=tuple(satisfaction_db.comments(session, period, unit_ids, limit=COMMENTS_LISTED, tz=tz)))


def _as_of(session: Session, rows: list[ConclusionRow], as_of: date, today: date) -> list[ConclusionRow]:
    """Each directive's task as it stood at the end of ``as_of``: a pack read again later says
    what it said then (past days never change)."""
    if as_of >= today:
        return rows
    histories = {h.task_id: h for h in rollups.load_histories_chunked(
        session, [row.task_id for row in rows if row.task_id is not None])}
    result = []
    for row in rows:
        state = state_as_of(histories[row.task_id], as_of) if row.task_id in histories else None
        result.append(row if state is None else replace(
            row, task_status=state.status.value, task_progress=state.progress, task_due=state.due))
    return result


def _quiet(now: Overview, as_of: date, tz) -> list[Quiet]:
    """Units with open work at the end of the week shown, longest without an update first."""
    rows = []
    for row in now.ranking:
        if row.within_deadline + row.overdue == 0:
            continue
        days = None if row.last_update_at is None else (as_of - local_day(row.last_update_at, tz)).days
        rows.append(Quiet(row.code, row.name, days))
    rows.sort(key=lambda quiet: (quiet.days is not None, -(quiet.days or 0), sort_key(quiet.name)))
    return rows[:UNITS_LISTED]


@dataclass(frozen=True, slots=True)
class InOrder:
    """An attending unit in the meeting's running order, with its state this week."""

    unit_id: int
    code: str
    name: str
    severity: Severity


def running_order(session: Session, meeting: Meeting) -> list[InOrder]:
    """The attending units, red first (then amber, then green; each by rank, then name): the
    order the remote steps through."""
    tz, today = clock.local_zone(), clock.today()
    as_of = logic.pack_day(local_day(meeting.held_at, tz), today)
    attending = briefings.attending_units(session, meeting.attending)
    unit_ids = None if meeting.attending == "all" else [unit for unit, _c, _n in attending]
    figures = overview(session, overview_logic.resolve_window("week", as_of, today), unit_ids)
    return [InOrder(row.unit_id, row.code, row.name, row.severity)
            for row in overview_logic.red_first(list(figures.ranking))]
