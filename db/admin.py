"""Administration of users and units: validated, audited, shared by /admin and the CLI."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from dashboard.domain.policy import ROLES, Action, Actor, Role
from dashboard.domain.rules import UNIT_CODE, Invalid, clean_text, parse_day
from dashboard.domain.vietnamese import by_name
from dashboard.domain.vocabulary import CALENDAR_KINDS, MIN_PASSWORD, NAME_MAX, UNIT_KINDS

from . import api_tokens, audit_log, sessions
from .models import CalendarDay, FeedbackPoint, Unit, User
from .permission import check
from .portable import upsert

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,79}")


def _unit_for_role(session: Session, role: str, unit_code: str | None, errors: dict) -> int | None:
    if role not in ROLES:
        errors["role"] = "invalid"
        return None
    if not unit_code:
        if role == Role.UNIT_HEAD:
            errors["unit"] = "required"
        return None
    unit = session.scalar(select(Unit).where(Unit.code == unit_code, Unit.active.is_(True)))
    if unit is None:
        errors["unit"] = "unknown_unit"
        return None
    return unit.id


def create_user(session: Session, *, username: str, full_name: str, role: str, unit_code: str | None,
                password: str, actor: Actor | None, now: datetime) -> User:
    by = check(actor, Action.ADMINISTER)
    errors: dict[str, str] = {}
    username = (username or "").strip().lower()
    if not USERNAME.fullmatch(username):
        errors["username"] = "invalid_username"
    elif session.scalar(select(User.id).where(User.username == username)):
        errors["username"] = "taken"
    full_name = (full_name or "").strip()
    if not full_name or len(full_name) > NAME_MAX:
        errors["full_name"] = "required" if not full_name else "too_long"
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = "short_password"
    unit_id = _unit_for_role(session, role, unit_code, errors)
    if errors:
        raise Invalid(errors)
    user = User(username=username, full_name=full_name, role=role, unit_id=unit_id,
                password_hash=generate_password_hash(password), active=True, created_at=now)
    session.add(user)
    session.flush()
    audit_log.record(session, "user_created", f"user:{user.id}", by=by, at=now,
           after={"username": username, "role": role, "unit": unit_code})
    return user


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        raise Invalid({"username": "unknown_user"})
    return user


def change_user(session: Session, *, username: str, role: str, unit_code: str | None, active: bool,
                actor: Actor | None, now: datetime) -> User:
    by = check(actor, Action.ADMINISTER)
    user = _user(session, username)
    errors: dict[str, str] = {}
    current_code = session.scalar(select(Unit.code).where(Unit.id == user.unit_id)) if user.unit_id else None
    if role == user.role and unit_code == current_code:
        unit_id = user.unit_id  # unchanged: the head of a closed unit can still be stopped
    else:
        unit_id = _unit_for_role(session, role, unit_code, errors)
    if by is not None and user.id == by and (not active or role != user.role):
        errors["username"] = "not_yourself"  # an admin cannot lock themselves out
    if errors:
        raise Invalid(errors)
    before = {"role": user.role, "unit_id": user.unit_id, "active": user.active}
    after = {"role": role, "unit_id": unit_id, "active": bool(active)}
    if after != before:  # new rights take effect at the next sign-in, never inside an open session
        sessions.end_all(session, user.id, now, "deactivated" if not active else "rights_changed")
    user.role, user.unit_id, user.active = role, unit_id, bool(active)
    audit_log.record(session, "user_changed", f"user:{user.id}", by=by, at=now, before=before, after=after)
    return user


def reset_password(session: Session, *, username: str, password: str, actor: Actor | None,
                   now: datetime) -> User:
    by = check(actor, Action.ADMINISTER)
    user = _user(session, username)
    if len(password or "") < MIN_PASSWORD:
        raise Invalid({"password": "short_password"})
    user.password_hash = generate_password_hash(password)
    sessions.end_all(session, user.id, now, "password_reset")  # whoever knew the old one is out
    tokens = api_tokens.revoke_all(session, user.id, now)  # and any token they made with it
    audit_log.record(session, "password_reset", f"user:{user.id}", by=by, at=now, tokens=tokens)
    return user


def create_unit(session: Session, *, code: str, name: str, kind: str, parent_code: str | None,
                actor: Actor | None, now: datetime) -> Unit:
    by = check(actor, Action.ADMINISTER)
    errors: dict[str, str] = {}
    code = (code or "").strip().lower()
    if not UNIT_CODE.fullmatch(code):
        errors["code"] = "invalid_code"
    elif session.scalar(select(Unit.id).where(Unit.code == code)):
        errors["code"] = "taken"
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        errors["name"] = "required" if not name else "too_long"
    if kind not in UNIT_KINDS:
        errors["kind"] = "invalid"
    parent_id = None
    if parent_code:
        parent_id = session.scalar(select(Unit.id).where(Unit.code == parent_code))
        if parent_id is None:
            errors["parent"] = "unknown_unit"
    if errors:
        raise Invalid(errors)
    unit = Unit(code=code, name=name, kind=kind, parent_id=parent_id, active=True)
    session.add(unit)
    session.flush()
    audit_log.record(session, "unit_created", f"unit:{unit.id}", by=by, at=now, after={"code": code, "name": name})
    return unit


def change_unit(session: Session, *, code: str, name: str, active: bool, actor: Actor | None,
                now: datetime) -> Unit:
    by = check(actor, Action.ADMINISTER)
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise Invalid({"code": "unknown_unit"})
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise Invalid({"name": "required" if not name else "too_long"})
    before = {"name": unit.name, "active": unit.active}
    unit.name, unit.active = name, bool(active)
    audit_log.record(session, "unit_changed", f"unit:{unit.id}", by=by, at=now, before=before,
           after={"name": name, "active": bool(active)})
    return unit


def set_public_results(session: Session, *, code: str, public: bool, actor: Actor | None, now: datetime) -> Unit:
    """Publish a unit's results on the public page for citizens, or stop."""
    by = check(actor, Action.ADMINISTER)
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None or not unit.active:  # a closed unit has no results to show
        raise Invalid({"unit": "unknown_unit"})
    before = {"public_results": unit.public_results}
    unit.public_results = bool(public)
    audit_log.record(session, "results_published", f"unit:{unit.id}", by=by, at=now, before=before,
                     after={"public_results": unit.public_results})
    return unit


def set_calendar_day(session: Session, *, day, kind: str, note: str, actor: Actor | None, now: datetime) -> None:
    """Set a day apart from the national calendar (or back to it); deadlines counted from now
    on use it, those already set stay."""
    by = check(actor, Action.ADMINISTER)
    errors: dict[str, str] = {}
    parsed = parse_day(day, "day", errors)
    note = clean_text(note, "note", errors, NAME_MAX)
    if kind not in CALENDAR_KINDS:
        errors["kind"] = "invalid"
    if errors or parsed is None:
        raise Invalid(errors or {"day": "required"})
    found = session.get(CalendarDay, parsed, with_for_update=True)
    before = None if found is None else {"working": found.working, "note": found.note}
    after = None if kind == "national" else {"working": kind == "working", "note": note}
    if before == after:
        return  # nothing changes: nothing to record
    table = CalendarDay.__table__
    if after is None:
        session.execute(delete(CalendarDay).where(CalendarDay.day == parsed))
    else:  # two administrators saving the same new day at once: the last one's stands
        statement = upsert(session, table).values(day=parsed, **after)
        session.execute(statement.on_conflict_do_update(index_elements=[table.c.day], set_=after))
    audit_log.record(session, "calendar_changed", f"day:{parsed.isoformat()}", by=by, at=now,
                     before=before, after=after, day=parsed.isoformat())


class CalendarEntry(NamedTuple):
    day: date
    working: bool
    note: str


def calendar_days(session: Session) -> list[CalendarEntry]:
    return [CalendarEntry(*row) for row in session.execute(
        select(CalendarDay.day, CalendarDay.working, CalendarDay.note).order_by(CalendarDay.day))]


class UserRow(NamedTuple):
    username: str
    full_name: str
    role: str
    unit_code: str | None
    active: bool


class UnitRow(NamedTuple):
    code: str
    name: str
    kind: str
    active: bool
    public_results: bool


def users(session: Session) -> list[UserRow]:
    return [UserRow(*row) for row in session.execute(
        select(User.username, User.full_name, User.role, Unit.code, User.active)
        .outerjoin(Unit, Unit.id == User.unit_id).order_by(User.username))]


def units(session: Session) -> list[UnitRow]:
    """Offices first, then communes, each in Vietnamese order; closed units too."""
    rows = session.execute(select(Unit.code, Unit.name, Unit.kind, Unit.active, Unit.public_results))
    return by_name([UnitRow(*row) for row in rows], lambda unit: unit.name, group=lambda unit: unit.kind != "office")


def set_active(session: Session, *, username: str, active: bool, actor: Actor | None,
               now: datetime) -> User:
    """Let a user sign in again, or stop them (their open sessions stop counting at once)."""
    check(actor, Action.ADMINISTER)  # before any look-up: the refused learn nothing of the accounts
    user = _user(session, username)
    unit_code = session.scalar(select(Unit.code).where(Unit.id == user.unit_id)) if user.unit_id else None
    return change_user(session, username=user.username, role=user.role, unit_code=unit_code,
                       active=active, actor=actor, now=now)


def create_point(session: Session, *, unit_code: str, label: str, code: str, actor: Actor | None,
                 now: datetime):
    """A counter where citizens rate the service; its code is the short public link /f/<code>."""
    by = check(actor, Action.ADMINISTER)
    errors: dict[str, str] = {}
    unit = session.scalar(select(Unit).where(Unit.code == unit_code, Unit.active.is_(True)))
    if unit is None:
        errors["unit"] = "unknown_unit"
    label = (label or "").strip()
    if not label or len(label) > NAME_MAX:
        errors["name"] = "required" if not label else "too_long"
    code = (code or "").strip().lower()
    if not UNIT_CODE.fullmatch(code):
        errors["code"] = "invalid_code"
    elif session.scalar(select(FeedbackPoint.id).where(FeedbackPoint.code == code)):
        errors["code"] = "taken"
    if errors:
        raise Invalid(errors)
    assert unit is not None  # else errors["unit"] was raised just above
    point = FeedbackPoint(unit_id=unit.id, code=code, label=label, active=True, created_at=now)
    session.add(point)
    session.flush()
    audit_log.record(session, "point_created", f"point:{point.id}", by=by, at=now,
           after={"code": code, "label": label, "unit": unit_code})
    return point
