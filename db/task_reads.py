"""Reads of tasks: one task's detail and history, the register's rows, a unit's open work,
its urges and the difficulties waiting for direction, as named records."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from dashboard.domain.vietnamese import sort_key

from .models import (
    Extension,
    Task,
    TaskCoordinator,
    TaskEdit,
    TaskNote,
    TaskUpdate,
    Unit,
    User,
    is_open,
)
from .search import task_matches


@dataclass(frozen=True, slots=True)
class TaskLine:
    id: int
    title: str
    priority: str
    due_date: date
    status: str
    progress: int


def task_lines(session: Session, task_ids: list[int]) -> dict[int, TaskLine]:
    """Title and cached fields of the given tasks."""
    if not task_ids:
        return {}
    rows = session.execute(select(Task.id, Task.title, Task.priority, Task.due_date, Task.status,
                                  Task.progress).where(Task.id.in_(task_ids)))
    return {row.id: TaskLine(*row) for row in rows}


@dataclass(frozen=True, slots=True)
class TaskDetail:
    id: int
    title: str
    description: str
    source_ref: str | None
    expected_result: str
    responsible_official: str | None
    unit_id: int
    unit_code: str
    unit_name: str
    coordinating: list[str]
    priority: str
    start_date: date
    due_date: date
    leader_due_date: date
    status: str
    progress: int
    created_at: datetime
    version: int


def task_unit(session: Session, task_id: int) -> int | None:
    """The lead unit of a task (whose head reports on it), or None when there is no such task."""
    return session.scalar(select(Task.lead_unit_id).where(Task.id == task_id))


def task_detail(session: Session, task_id: int) -> TaskDetail | None:
    task = session.get(Task, task_id)
    if task is None:
        return None
    unit = session.get(Unit, task.lead_unit_id)
    assert unit is not None  # lead_unit_id is a non-null foreign key: the unit exists
    coordinating = sorted(session.scalars(
        select(Unit.name).join(TaskCoordinator, TaskCoordinator.unit_id == Unit.id)
        .where(TaskCoordinator.task_id == task_id)), key=sort_key)
    return TaskDetail(task.id, task.title, task.description, task.source_ref, task.expected_result,
                      task.responsible_official, unit.id, unit.code, unit.name, coordinating,
                      task.priority, task.start_date, task.due_date, task.leader_due_date,
                      task.status, task.progress, task.created_at, task.version)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: str  # assigned, edited, update, extension_requested, extension_decided
    who: str | None
    status: str | None = None
    progress: int | None = None
    note: str = ""
    due_date: date | None = None
    old_due_date: date | None = None
    decision: str | None = None
    unit_name: str | None = None


def task_timeline(session: Session, task_id: int) -> list[TimelineEntry]:
    """Every recorded event of the task, oldest first. Nothing here is ever overwritten."""
    entries: list[TimelineEntry] = []
    lead = aliased(Unit)
    for edit, who, unit_name in session.execute(
            select(TaskEdit, User.full_name, lead.name)
            .outerjoin(User, User.id == TaskEdit.user_id).join(lead, lead.id == TaskEdit.lead_unit_id)
            .where(TaskEdit.task_id == task_id)):
        entries.append(TimelineEntry(edit.created_at, edit.kind, who, note=edit.reason,
                                     due_date=edit.due_date, unit_name=unit_name))
    for update, who in session.execute(
            select(TaskUpdate, User.full_name).outerjoin(User, User.id == TaskUpdate.user_id)
            .where(TaskUpdate.task_id == task_id)):
        entries.append(TimelineEntry(update.created_at, "update", who, update.status, update.progress,
                                     update.note))
    requester, decider = aliased(User), aliased(User)
    for extension, asked_by, decided_by in session.execute(
            select(Extension, requester.full_name, decider.full_name)
            .outerjoin(requester, requester.id == Extension.requested_by_id)
            .outerjoin(decider, decider.id == Extension.decided_by_id)
            .where(Extension.task_id == task_id)):
        entries.append(TimelineEntry(extension.requested_at, "extension_requested", asked_by,
                                     note=extension.reason, due_date=extension.new_due_date,
                                     old_due_date=extension.old_due_date))
        if extension.decided_at is not None:
            entries.append(TimelineEntry(extension.decided_at, "extension_decided", decided_by,
                                         note=extension.decision_note,
                                         due_date=extension.new_due_date, decision=extension.state))
    for note, who in session.execute(
            select(TaskNote, User.full_name).outerjoin(User, User.id == TaskNote.user_id)
            .where(TaskNote.task_id == task_id)):
        entries.append(TimelineEntry(note.created_at, note.kind, who, note=note.text,
                                     decision="resolved" if note.resolved_by_id else None))
    return sorted(entries, key=lambda entry: entry.at)


def pending_extension(session: Session, task_id: int) -> Extension | None:
    return session.scalar(select(Extension).where(Extension.task_id == task_id,
                                                  Extension.state == "pending"))


@dataclass(frozen=True, slots=True)
class OpenTask:
    id: int
    title: str
    due_date: date
    status: str
    progress: int
    version: int


def open_tasks_by_urgency(session: Session, unit_id: int, today: date, limit: int = 200) -> list[OpenTask]:
    """A unit's open tasks: overdue first (oldest first), then by due date."""
    rows = session.execute(
        select(Task.id, Task.title, Task.due_date, Task.status, Task.progress, Task.version)
        .where(Task.lead_unit_id == unit_id, is_open())
        .order_by(Task.due_date, Task.id).limit(limit))
    return [OpenTask(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class Urge:
    task_id: int
    title: str
    at: datetime
    who: str | None
    text: str


def open_urges(session: Session, unit_id: int) -> list[Urge]:
    """Urges on the unit's open tasks that no update has answered yet."""
    rows = session.execute(
        select(TaskNote.task_id, Task.title, TaskNote.created_at, User.full_name, TaskNote.text,
               Task.last_update_at)
        .join(Task, Task.id == TaskNote.task_id).outerjoin(User, User.id == TaskNote.user_id)
        .where(TaskNote.kind == "urge", Task.lead_unit_id == unit_id,
               is_open())
        .order_by(TaskNote.created_at.desc()))
    return [Urge(task_id, title, at, who, text) for task_id, title, at, who, text, last in rows
            if last is None or last < at]


@dataclass(frozen=True, slots=True)
class OpenDifficulty:
    task_id: int
    title: str
    unit_name: str
    at: datetime
    text: str


def open_difficulties(session: Session, as_of: datetime, unit_ids=None, limit: int = 100) -> list[OpenDifficulty]:
    """Difficulties waiting for a leader's direction at ``as_of`` (raised by then, answered
    later or not yet), oldest first."""
    direction = aliased(TaskNote)
    statement = (select(TaskNote.task_id, Task.title, Unit.name, TaskNote.created_at, TaskNote.text)
                 .join(Task, Task.id == TaskNote.task_id).join(Unit, Unit.id == Task.lead_unit_id)
                 .outerjoin(direction, direction.id == TaskNote.resolved_by_id)
                 .where(TaskNote.kind == "difficulty", TaskNote.created_at <= as_of,
                        or_(TaskNote.resolved_by_id.is_(None), direction.created_at > as_of))
                 .order_by(TaskNote.created_at).limit(limit))
    if unit_ids is not None:
        statement = statement.where(Task.lead_unit_id.in_(unit_ids))
    return [OpenDifficulty(*row) for row in session.execute(statement)]


@dataclass(frozen=True, slots=True)
class RegisterRow:
    id: int
    title: str
    unit_code: str
    unit_name: str
    status: str
    progress: int
    priority: str
    due_date: date
    done_on_time: bool | None


REGISTER_ORDERS = ("id", "title", "unit", "state", "progress", "due", "priority")
PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}


def register_rows(session: Session, *, today: date, unit_ids=None, search: str = "", status=None,
                  bucket=None, priority=None, due_from: date | None = None,
                  due_to: date | None = None, order: str | None = None, descending: bool = False,
                  offset: int = 0, limit: int = 500, unit_order: dict[int, int] | None = None,
                  ) -> tuple[list[RegisterRow], int]:
    """A page of the tasks matching the register's filters (buckets as of today) and how many
    match: most urgent first, or by ``order`` (one of REGISTER_ORDERS; ``unit_order`` gives
    each unit's place in Vietnamese order). Titles sort by their folded text (diacritics set
    aside), the id breaks ties."""


    open_ = is_open()
    buckets = {
        "overdue": and_(open_, Task.due_date < today),
        "not_started": and_(Task.status == "not_started", Task.due_date >= today),
        "within_deadline": and_(open_, Task.due_date >= today),
        "done_on_time": and_(Task.status == "done", Task.done_on_time.is_(True)),
        "done_late": and_(Task.status == "done", Task.done_on_time.is_(False)),
        "cancelled": Task.status == "cancelled",
    }
    conditions: list[ColumnElement[bool]] = []
    if unit_ids is not None:
        conditions.append(Task.lead_unit_id.in_(unit_ids))
    conditions += task_matches(session, search)
    if status:
        conditions.append(Task.status == status)
    if bucket in buckets:
        conditions.append(buckets[bucket])
    if priority:
        conditions.append(Task.priority == priority)
    if due_from:
        conditions.append(Task.due_date >= due_from)
    if due_to:
        conditions.append(Task.due_date <= due_to)
    urgency = case((buckets["overdue"], 0), (open_, 1), else_=2)
    state = case((buckets["overdue"], 0), (buckets["not_started"], 1), (buckets["within_deadline"], 2),
                 (buckets["done_late"], 3), (buckets["done_on_time"], 4), else_=5)  # the register's BUCKETS
    keys: dict[str, list[Any]] = {
        "id": [], "title": [Task.search_text], "state": [state], "progress": [Task.progress],
        "due": [Task.due_date], "priority": [case(PRIORITY_RANK, value=Task.priority, else_=1)]}
    if unit_order:  # a unit not in the order (closed since) comes last
        keys["unit"] = [case(unit_order, value=Task.lead_unit_id, else_=len(unit_order))]
    sort_keys: list[Any] = keys[order] if order in keys else [urgency, Task.due_date]
    names = [f"key{n}" for n in range(len(sort_keys))] + ["id"]  # the id breaks ties
    backwards = order in keys and descending

    def sorted_by(columns) -> list[Any]:
        return [columns[name].desc() if backwards else columns[name] for name in names]
    ranked = select(Task.id, *(key.label(f"key{n}") for n, key in enumerate(sort_keys)))
    if search.strip():
        # A searched word matches thousands of tasks: one pass over them counts them and
        # picks the page (counting and paging apart read them twice).
        matching = ranked.where(*conditions).cte("matching")
        total = select(func.count()).select_from(matching).scalar_subquery()
        page = select(matching).order_by(*sorted_by(matching.c)).offset(offset).limit(limit)
    elif order not in keys:
        # The most urgent first: overdue, then open, then closed, each by due date, read from
        # each range's own index until the page is full (not all the tasks sorted).
        total = select(func.count()).select_from(Task).where(*conditions).scalar_subquery()
        ranges = [buckets["overdue"], buckets["within_deadline"], ~open_]
        nearest = [ranked.where(*conditions, within).order_by(Task.due_date, Task.id).limit(offset + limit)
                   .subquery() for within in ranges]
        either = union_all(*(select(part) for part in nearest)).subquery()
        page = select(either).order_by(*sorted_by(either.c)).offset(offset).limit(limit)
    else:
        total = select(func.count()).select_from(Task).where(*conditions).scalar_subquery()
        page = ranked.where(*conditions).order_by(*sorted_by(ranked.selected_columns)).offset(offset).limit(limit)
    shown = page.subquery("page")
    rows = session.execute(
        select(total, Task.id, Task.title, Unit.code, Unit.name, Task.status, Task.progress, Task.priority,
               Task.due_date, Task.done_on_time)
        .select_from(shown).join(Task, Task.id == shown.c.id).join(Unit, Unit.id == Task.lead_unit_id)
        .order_by(*sorted_by(shown.c))).all()
    if rows:
        return [RegisterRow(*row[1:]) for row in rows], rows[0][0]
    # An empty page: no task matches, or the page asked for lies past the last one.
    return [], session.execute(select(func.count()).select_from(Task).where(*conditions)).scalar_one() if offset else 0


def latest_update_id(session: Session, task_id: int) -> int | None:
    return session.scalar(select(TaskUpdate.id).where(TaskUpdate.task_id == task_id)
                          .order_by(TaskUpdate.id.desc()).limit(1))
