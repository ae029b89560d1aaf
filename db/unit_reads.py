"""Reads of units: by code, the active ones, their citizens' recent comments and how they
were supervised, as named records."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from dashboard import clock
from dashboard.domain.vietnamese import by_name

from .models import (
    FeedbackPoint,
    Rating,
    TaskNote,
    Unit,
)


def unit_by_code(session: Session, code: str) -> Unit | None:
    if not isinstance(code, str) or len(code) > 40 or not code.isprintable():
        return None
    return session.scalar(select(Unit).where(Unit.code == code, Unit.active.is_(True)))


@dataclass(frozen=True, slots=True)
class Comment:
    at: datetime
    score: int
    point_label: str
    text: str


def recent_comments(session: Session, unit_id: int, until: date, limit: int = 10) -> list[Comment]:
    """The unit's latest visible citizen comments up to ``until``. Bounded by its last moment
    too, so they are read newest first from the index of the unit's comments by time (by day
    alone, every rating of the unit was read and sorted)."""
    rows = session.execute(
        select(Rating.created_at, Rating.score, FeedbackPoint.label, Rating.comment)
        .join(FeedbackPoint, FeedbackPoint.id == Rating.point_id)
        .where(Rating.unit_id == unit_id, Rating.hidden.is_(False), Rating.comment.is_not(None),
               Rating.day <= until, Rating.created_at <= clock.end_of_day(until))
        .order_by(Rating.created_at.desc()).limit(limit))
    # the query keeps rows with a comment only: "if text is not None" just narrows its type
    return [Comment(at, score, label, text) for at, score, label, text in rows if text is not None]


class UnitChoice(NamedTuple):
    """An active unit as a list or a form offers it."""

    id: int
    code: str
    name: str
    kind: str


def active_units(session: Session) -> list[UnitChoice]:
    """Offices first, then communes, each in Vietnamese order."""
    rows = session.execute(select(Unit.id, Unit.code, Unit.name, Unit.kind).where(Unit.active.is_(True)))
    return by_name([UnitChoice(*row) for row in rows], lambda unit: unit.name, group=lambda unit: unit.kind != "office")


def parent_codes(session: Session) -> dict[int, str]:
    """The code of each unit's parent unit, for the units that have one."""
    parent = aliased(Unit)
    return dict(session.execute(select(Unit.id, parent.code).join(parent, parent.id == Unit.parent_id)).all())


@dataclass(frozen=True, slots=True)
class SupervisionCounts:
    urges: int  # urges received in the period
    open_difficulties: int
    oldest_open_days: int
    answered: int  # difficulties answered in the period
    average_wait_days: float | None  # from difficulty to direction, for those answered


def supervision_counts(session: Session, unit_id: int, start: datetime, end: datetime,
                       now: datetime) -> SupervisionCounts:
    """How often the unit was urged in [start, end] and how long its difficulties waited for
    direction, as things stood at ``now`` (the end of the day shown, or this moment today):
    a difficulty raised later, or answered before, does not wait."""
    urges = session.execute(select(func.count()).select_from(TaskNote).where(
        TaskNote.unit_id == unit_id, TaskNote.kind == "urge", TaskNote.created_at.between(start, end),
        TaskNote.created_at <= now)).scalar_one()
    direction = aliased(TaskNote)
    open_at = session.scalars(
        select(TaskNote.created_at).outerjoin(direction, direction.id == TaskNote.resolved_by_id)
        .where(TaskNote.unit_id == unit_id, TaskNote.kind == "difficulty", TaskNote.created_at <= now,
               or_(TaskNote.resolved_by_id.is_(None), direction.created_at > now))).all()
    waits = [(answer - asked).total_seconds() / 86400 for asked, answer in session.execute(
        select(TaskNote.created_at, direction.created_at).join(direction, direction.id == TaskNote.resolved_by_id)
        .where(TaskNote.unit_id == unit_id, TaskNote.kind == "difficulty",
               direction.created_at.between(start, end), direction.created_at <= now))]
    return SupervisionCounts(urges, len(open_at),
                             max((max(0, (now - at).days) for at in open_at), default=0), len(waits),
                             sum(waits) / len(waits) if waits else None)
