"""The weekly briefing in the database: the recurring schedule, the meetings it makes (once,
whatever machine runs the jobs), one-off meetings, and the conclusions recorded at a meeting.
A directive becomes a task through the tasks' own write path, with the meeting as its source
document; an urge or a direction about a task is also written on that task as a note."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.domain import briefings as logic
from dashboard.domain.periods import local_day
from dashboard.domain.policy import Action, Actor
from dashboard.domain.rules import Invalid, TaskFields
from dashboard.domain.vocabulary import TITLE_MAX

from . import audit_log, tasks
from .models import Briefing, BriefingConclusion, BriefingSchedule, Display, Task, TaskNote, TaskUpdate, Unit
from .permission import check

SCHEDULE_ID = 1
AHEAD = timedelta(days=8)  # the jobs make the recurring meetings of the coming week
SCREEN_HELD = timedelta(hours=6)  # then a screen a briefing drives goes back to its slides


def schedule(session: Session) -> logic.Schedule | None:
    """The recurring briefing, or None when there is none (or it is switched off)."""
    row = session.get(BriefingSchedule, SCHEDULE_ID)
    if row is None or not row.active:
        return None
    return logic.Schedule(row.weekday, time.fromisoformat(row.at), row.attending, row.pack_hours)


def set_schedule(session: Session, chosen: logic.Schedule | None, *, actor: Actor | None, now: datetime,
                 tz: ZoneInfo) -> None:
    """Set (or, with None, stop) the recurring briefing; its next meeting is made at once.
    Meetings already made stay as they are: a leader cancels one that no longer holds."""
    by = check(actor, Action.PLAN_BRIEFINGS)
    row = session.get(BriefingSchedule, SCHEDULE_ID, with_for_update=True)
    if row is None:
        row = BriefingSchedule(id=SCHEDULE_ID, weekday=0, at="08:00", attending="all",
                               pack_hours=logic.PACK_HOURS, active=False, updated_at=now)
        session.add(row)
    if chosen is not None:
        row.weekday, row.at = chosen.weekday, chosen.at.strftime("%H:%M")
        row.attending, row.pack_hours = chosen.attending, chosen.pack_hours
    row.active, row.updated_by_id, row.updated_at = chosen is not None, by, now
    audit_log.record(session, "briefing_schedule_set", "briefing_schedule", by=by, at=now,
                     active=row.active, weekday=row.weekday, at_time=row.at, attending=row.attending,
                     pack_hours=row.pack_hours)
    session.flush()
    make_meetings(session, now, tz, ahead=timedelta(days=7))


def make_meetings(session: Session, now: datetime, tz: ZoneInfo, ahead: timedelta = AHEAD) -> int:
    """The recurring meetings from now to ``ahead``, each made once: another worker or machine
    doing the same at the same moment meets the unique moment and leaves it. How many were made."""
    chosen = schedule(session)
    if chosen is None:
        return 0
    made, moment = 0, logic.next_meeting(chosen, now, tz)
    while moment <= now + ahead:
        if session.scalar(select(Briefing.id).where(Briefing.held_at == moment)) is None:
            try:
                with session.begin_nested():
                    session.add(Briefing(held_at=moment, attending=chosen.attending, title="",
                                         pack_hours=chosen.pack_hours, recurring=True, created_at=now))
                made += 1
            except IntegrityError:  # made meanwhile by another run of the jobs
                pass
        moment = logic.next_meeting(chosen, moment, tz)
    return made


def add_meeting(session: Session, fields: logic.MeetingFields, *, actor: Actor | None, now: datetime) -> Briefing:
    """A one-off briefing. Two meetings cannot share a moment."""
    by = check(actor, Action.PLAN_BRIEFINGS)
    if session.scalar(select(Briefing.id).where(Briefing.held_at == fields.held_at,
                                                Briefing.cancelled_at.is_(None))) is not None:
        raise Invalid({"day": "taken"})
    cancelled = session.scalar(select(Briefing).where(Briefing.held_at == fields.held_at))
    if cancelled is not None:  # the same moment again: the cancelled meeting is held after all
        cancelled.cancelled_at, cancelled.attending, cancelled.title = None, fields.attending, fields.title
        meeting = cancelled
    else:
        meeting = Briefing(held_at=fields.held_at, attending=fields.attending, title=fields.title,
                           pack_hours=logic.PACK_HOURS, recurring=False, created_by_id=by, created_at=now)
        session.add(meeting)
    session.flush()
    audit_log.record(session, "briefing_added", f"briefing:{meeting.id}", by=by, at=now,
                     held_at=fields.held_at.isoformat(), attending=fields.attending, title=fields.title)
    return meeting


def cancel_meeting(session: Session, briefing_id: int, *, actor: Actor | None, now: datetime) -> bool:
    """Cancel a meeting still to come that has no conclusions. Whether it was cancelled."""
    by = check(actor, Action.PLAN_BRIEFINGS)
    meeting = session.get(Briefing, briefing_id, with_for_update=True)
    if meeting is None or meeting.cancelled_at is not None:
        raise LookupError(briefing_id)
    if meeting.held_at <= now or session.scalar(select(BriefingConclusion.id).where(
            BriefingConclusion.briefing_id == briefing_id).limit(1)) is not None:
        raise Invalid({"briefing": "already_held"})
    meeting.cancelled_at = now
    audit_log.record(session, "briefing_cancelled", f"briefing:{briefing_id}", by=by, at=now)
    return True


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    held_at: datetime
    attending: str
    title: str
    pack_hours: int
    recurring: bool
    cancelled: bool
    conclusions: int


def _meetings(session: Session, *conditions, order, limit: int) -> list[Meeting]:
    counted = (select(BriefingConclusion.briefing_id, func.count().label("n"))
               .group_by(BriefingConclusion.briefing_id).subquery())
    rows = session.execute(
        select(Briefing.id, Briefing.held_at, Briefing.attending, Briefing.title, Briefing.pack_hours,
               Briefing.recurring, Briefing.cancelled_at.is_not(None), func.coalesce(counted.c.n, 0))
        .outerjoin(counted, counted.c.briefing_id == Briefing.id)
        .where(*conditions).order_by(order).limit(limit))
    return [Meeting(*row) for row in rows]


def upcoming(session: Session, now: datetime, limit: int = 5) -> list[Meeting]:
    """Meetings still to come (or begun less than a day ago), the soonest first."""
    return _meetings(session, Briefing.held_at > now - timedelta(days=1), order=Briefing.held_at, limit=limit)


def past(session: Session, now: datetime, limit: int = 12) -> list[Meeting]:
    """Meetings held, the latest first (cancelled ones too: the list says so)."""
    return _meetings(session, Briefing.held_at <= now - timedelta(days=1), order=Briefing.held_at.desc(),
                     limit=limit)


def meeting(session: Session, briefing_id: int) -> Meeting | None:
    found = _meetings(session, Briefing.id == briefing_id, order=Briefing.id, limit=1)
    return found[0] if found else None


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The last meeting held before ``meeting`` (not cancelled): its conclusions open the pack."""
    found = _meetings(session, Briefing.held_at < meeting.held_at, Briefing.cancelled_at.is_(None),
                      order=Briefing.held_at.desc(), limit=1)
    return found[0] if found else None


def attending_units(session: Session, attending: str) -> list[tuple[int, str, str]]:
    """The active units (id, code, name) a briefing for ``attending`` brings together."""
    statement = select(Unit.id, Unit.code, Unit.name).where(Unit.active.is_(True))
    if attending != "all":
        statement = statement.where(Unit.kind == attending)
    return [(unit_id, code, name) for unit_id, code, name in session.execute(statement)]


def conclude(session: Session, briefing_id: int, fields: logic.ConclusionFields, *, actor: Actor | None,
             now: datetime, tz: ZoneInfo, mark: str | None = None) -> BriefingConclusion:
    """Record one conclusion. A directive assigns its task (due on the date said, from the
    meeting's source document); an urge or a direction naming a task writes its note there.
    ``mark`` is the form's one-time mark: the same form sent again (a second tap) meets the
    unique key and raises IntegrityError, and the caller's transaction keeps nothing of it."""
    by = check(actor, Action.RUN_BRIEFING)
    meeting = session.get(Briefing, briefing_id)
    if meeting is None or meeting.cancelled_at is not None:
        raise LookupError(briefing_id)
    held_on = local_day(meeting.held_at, tz)
    unit = session.get(Unit, fields.unit_id)
    if unit is None or not unit.active:
        raise Invalid({"unit_id": "unknown_unit"})
    task_id = fields.task_id
    if fields.kind == "directive":
        assert fields.due is not None
        title = fields.text if len(fields.text) <= TITLE_MAX else fields.text[:TITLE_MAX - 1].rstrip() + "…"
        start = min(local_day(now, tz), fields.due)
        task = tasks.assign_task(session, fields=TaskFields(
            title=title, description=fields.text if title != fields.text else "", source_ref=logic.source_ref(held_on),
            expected_result="", priority="high", start_date=start, due_date=fields.due),
            lead_unit_id=unit.id, actor=actor, now=now, tz=tz)
        task_id = task.id
    elif task_id is not None:
        if session.scalar(select(Task.lead_unit_id).where(Task.id == task_id)) != unit.id:
            raise Invalid({"task_id": "not_unit_task"})
        tasks.add_note(session, task_id, kind=fields.kind, text=fields.text, actor=actor, now=now)
    conclusion = BriefingConclusion(briefing_id=briefing_id, unit_id=unit.id, kind=fields.kind, text=fields.text,
                                    due_date=fields.due, task_id=task_id, created_by_id=by, created_at=now,
                                    form_mark=mark)
    session.add(conclusion)
    session.flush()
    audit_log.record(session, "briefing_concluded", f"briefing:{briefing_id}", by=by, at=now,
                     unit=unit.code, kind=fields.kind, text=fields.text,
                     due=fields.due.isoformat() if fields.due else None, task=task_id)
    return conclusion


@dataclass(frozen=True, slots=True)
class ConclusionRow:
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    kind: str
    text: str
    due: date | None
    task_id: int | None
    task_status: str | None  # as the task stands now
    task_progress: int | None
    task_due: date | None  # its effective due date now (an extension may have moved it)
    created_at: datetime


def conclusions(session: Session, briefing_ids: list[int], unit_ids=None) -> list[ConclusionRow]:
    """The conclusions of some meetings, in the order they were recorded, with their tasks' state."""
    if not briefing_ids:
        return []
    statement = (select(BriefingConclusion.id, Unit.id, Unit.code, Unit.name, BriefingConclusion.kind,
                        BriefingConclusion.text, BriefingConclusion.due_date, BriefingConclusion.task_id,
                        Task.status, Task.progress, Task.due_date, BriefingConclusion.created_at)
                 .join(Unit, Unit.id == BriefingConclusion.unit_id)
                 .outerjoin(Task, Task.id == BriefingConclusion.task_id)
                 .where(BriefingConclusion.briefing_id.in_(briefing_ids))
                 .order_by(BriefingConclusion.created_at, BriefingConclusion.id))
    if unit_ids is not None:
        statement = statement.where(BriefingConclusion.unit_id.in_(unit_ids))
    return [ConclusionRow(id_, unit_id, code, name, kind, text, due, task_id, status, progress, task_due, at)
            for id_, unit_id, code, name, kind, text, due, task_id, status, progress, task_due, at
            in session.execute(statement)]


@dataclass(frozen=True, slots=True)
class UrgeFollowed:
    task_id: int
    title: str
    unit_name: str
    at: datetime
    answered_at: datetime | None  # the unit's first update after the urge, by the end of the window


def urges_between(session: Session, start: datetime, end: datetime, unit_ids=None, limit: int = 100
                  ) -> tuple[list[UrgeFollowed], int]:
    """Urges sent in [start, end], the latest first (at most ``limit``), each with what followed
    by ``end``; and how many there were."""
    conditions = [TaskNote.kind == "urge", TaskNote.created_at >= start, TaskNote.created_at <= end]
    if unit_ids is not None:
        conditions.append(TaskNote.unit_id.in_(unit_ids))
    total = session.scalar(select(func.count()).select_from(TaskNote).where(*conditions)) or 0
    answered = (select(func.min(TaskUpdate.created_at))
                .where(and_(TaskUpdate.task_id == TaskNote.task_id, TaskUpdate.created_at > TaskNote.created_at,
                            TaskUpdate.created_at <= end))
                .correlate(TaskNote).scalar_subquery())
    rows = session.execute(
        select(TaskNote.task_id, Task.title, Unit.name, TaskNote.created_at, answered)
        .join(Task, Task.id == TaskNote.task_id).join(Unit, Unit.id == TaskNote.unit_id)
        .where(*conditions).order_by(TaskNote.created_at.desc(), TaskNote.id.desc()).limit(limit))
    return [UrgeFollowed(*row) for row in rows], total


@dataclass(frozen=True, slots=True)
class Screen:
    id: int
    name: str
    briefing_id: int | None
    unit_id: int | None


def screens(session: Session, today: date) -> list[Screen]:
    """The meeting-room screens a briefing can drive (active ones), by name."""
    rows = session.execute(select(Display.id, Display.name, Display.briefing_id, Display.briefing_unit_id).where(
        Display.revoked_at.is_(None), or_(Display.expires_on.is_(None), Display.expires_on >= today))
        .order_by(Display.name))
    return [Screen(*row) for row in rows]


def drive(session: Session, display_id: int, briefing_id: int, unit_id: int | None, *, actor: Actor | None,
          now: datetime, today: date) -> None:
    """Show ``unit_id`` of the briefing on the screen (None: the screen's own slides again). The
    screen's settings version moves, so it reloads itself at its next check."""
    by = check(actor, Action.RUN_BRIEFING)
    display = session.get(Display, display_id, with_for_update=True)
    if display is None or display.revoked_at is not None or (
            display.expires_on is not None and display.expires_on < today):
        raise Invalid({"display": "unknown_display"})
    meeting = session.get(Briefing, briefing_id)
    if meeting is None or meeting.cancelled_at is not None:
        raise LookupError(briefing_id)
    if unit_id is not None and now > meeting.held_at + SCREEN_HELD:  # the jobs would hand it back at once
        raise Invalid({"briefing": "screen_over"})
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise Invalid({"unit_id": "unknown_unit"})
    display.briefing_id = briefing_id if unit_id is not None else None
    display.briefing_unit_id = unit_id
    display.config_version += 1
    audit_log.record(session, "briefing_screen_driven", f"display:{display_id}", by=by, at=now,
                     briefing=briefing_id, unit=unit_id)


def release_screens(session: Session, now: datetime, after: timedelta = SCREEN_HELD) -> int:
    """Screens a briefing still drives long after it began go back to their slides (nobody
    pressed "End"): each reloads at its next check. How many."""
    held = (select(Briefing.id).where(Briefing.held_at < now - after)).scalar_subquery()
    stuck = session.scalars(select(Display).where(Display.briefing_id.in_(held)).with_for_update()).all()
    for display in stuck:
        display.briefing_id = display.briefing_unit_id = None
        display.config_version += 1
    return len(stuck)
