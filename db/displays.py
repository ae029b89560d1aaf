"""Meeting-room displays: created, changed, rotated and revoked by admins (audited), and found
by their secret link. Shared by /admin, the CLI and the display screen itself."""
from __future__ import annotations

import functools
from datetime import date, datetime

from sqlalchemy import Date, bindparam, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from dashboard.domain.audit import ACCOUNT_ACTIONS
from dashboard.domain.displays import DisplaySettings, new_secret, secret_hash
from dashboard.domain.policy import Action, Actor
from dashboard.domain.rules import Invalid, row_id

from . import audit_log
from .models import AuditEvent, Display, Extension, Rating, Recommendation, TaskEdit, TaskUpdate
from .permission import check

# Every write that can move a figure adds one of these rows (an update, an edit, an extension,
# a recommendation) or an audit event (decisions, moderation, answers): their primary-key maxima
# are the data version. Ratings count a minute at a time (see ``counted_before``).
VERSIONED = (TaskUpdate, TaskEdit, Extension, Recommendation)


def counted_before(now: datetime) -> datetime:
    """The moment up to which citizens' ratings are in the data version: the start of this
    minute. At a province's counters a rating lands every few tenths of a second; counted one
    by one, each made the overview, the screens and the API compute everything again (at 10
    ratings/s the overview's cached answer was never served). The figures still read every
    rating; a new one shows from the next minute on."""
    return now.replace(second=0, microsecond=0)


def data_version_columns() -> list:
    """The data version's parts (``counted_before`` is bound by the caller): primary-key maxima,
    and two reads back from the newest row:
    - the newest audit event that may move a figure, past the accounts' events since (sign-ins,
      passwords, API tokens, digests' settings move no figure: counted, every sign-in, a failed
      one too, made every screen and every cached overview compute again; they are few in a
      working day, when every task update is audited; one seek per action cost four times
      as much on PostgreSQL);
    - the newest rating stored of those stamped before ``counted_before``, past this minute's
      ratings: one stamped earlier but stored later (it waited for the write lock) still makes
      a new version."""
    newest_event = (select(AuditEvent.id).where(AuditEvent.action.not_in(ACCOUNT_ACTIONS))
                    .order_by(AuditEvent.id.desc()).limit(1).scalar_subquery())
    before = bindparam("counted_before", type_=Rating.created_at.type)
    newest_rating = (select(Rating.id).where(Rating.created_at < before)
                     .order_by(Rating.id.desc()).limit(1).scalar_subquery())
    return [select(func.max(model.id)).scalar_subquery() for model in VERSIONED] + [newest_event, newest_rating]


def data_version(session: Session, now: datetime) -> str:
    """Changes with every write that can move a figure (ratings: see ``counted_before``)."""
    return _joined(session.execute(_data_version(), {"counted_before": counted_before(now)}).one())


def _joined(parts) -> str:
    return "-".join(str(part) for part in parts)


@functools.cache
def _data_version():
    """Built once: every figure's cache key asks it, and building it cost more than running it."""
    return select(*data_version_columns())


def _audit(session: Session, by: int | None, action: str, display: Display, now: datetime, **detail) -> None:
    audit_log.record(session, action, f"display:{display.id}", by=by, at=now, **detail)


def _described(settings: DisplaySettings) -> dict:
    return {"name": settings.name, "slides": list(settings.slides),
            "rotate_seconds": settings.rotate_seconds, "refresh_seconds": settings.refresh_seconds,
            "locale": settings.locale,
            "expires_on": settings.expires_on.isoformat() if settings.expires_on else None}


def settings_of(display: Display) -> DisplaySettings:
    return DisplaySettings(display.name, tuple(display.slides), display.rotate_seconds,
                           display.refresh_seconds, display.locale, display.expires_on)


def create_display(session: Session, settings: DisplaySettings, *, actor: Actor | None,
                   now: datetime) -> tuple[Display, str]:
    """A new display and its secret (returned once; only its hash is stored)."""
    by = check(actor, Action.ADMINISTER)
    secret = new_secret()
    display = Display(name=settings.name, secret_hash=secret_hash(secret), slides=list(settings.slides),
                      rotate_seconds=settings.rotate_seconds, refresh_seconds=settings.refresh_seconds,
                      locale=settings.locale, expires_on=settings.expires_on, created_at=now,
                      config_version=1)
    session.add(display)
    session.flush()
    _audit(session, by, "display_created", display, now, after=_described(settings))
    return display, secret


def get_display(session: Session, display_id) -> Display | None:
    return session.get(Display, display_id) if row_id(display_id) is not None else None


def _display(session: Session, display_id) -> Display:
    display = get_display(session, display_id)
    if display is None:
        raise Invalid({"display": "unknown_display"})
    if display.revoked_at is not None:
        raise Invalid({"display": "revoked"})
    return display


def change_display(session: Session, display_id: int, settings: DisplaySettings, *,
                   actor: Actor | None, now: datetime) -> Display:
    """New settings; open screens notice the new config version and reload with them."""
    by = check(actor, Action.ADMINISTER)
    display = _display(session, display_id)
    before = _described(settings_of(display))
    display.name, display.slides = settings.name, list(settings.slides)
    display.rotate_seconds, display.refresh_seconds = settings.rotate_seconds, settings.refresh_seconds
    display.locale, display.expires_on = settings.locale, settings.expires_on
    display.config_version += 1
    _audit(session, by, "display_changed", display, now, before=before,
           after=_described(settings))
    return display


def rotate_secret(session: Session, display_id: int, *, actor: Actor | None, now: datetime) -> str:
    """A new link for the display; the old one stops working at once."""
    by = check(actor, Action.ADMINISTER)
    display = _display(session, display_id)
    secret = new_secret()
    display.secret_hash = secret_hash(secret)
    display.config_version += 1
    _audit(session, by, "display_link_replaced", display, now)
    return secret


def revoke_display(session: Session, display_id: int, *, actor: Actor | None, now: datetime) -> Display:
    by = check(actor, Action.ADMINISTER)
    display = _display(session, display_id)
    display.revoked_at = now
    display.config_version += 1
    _audit(session, by, "display_revoked", display, now)
    return display


def displays(session: Session) -> list[Display]:
    return list(session.scalars(select(Display).order_by(Display.revoked_at.is_not(None), Display.name)))


def _valid(secret: str, today: date) -> list:
    return [Display.secret_hash == secret_hash(secret), Display.revoked_at.is_(None),
            or_(Display.expires_on.is_(None), Display.expires_on >= today)]


def active_display(session: Session, secret: str, today: date) -> Display | None:
    """The display this secret opens today, or None (unknown, revoked or expired)."""
    return session.scalar(select(Display).where(*_valid(secret, today)))


# Built once: screens ask every few seconds, and composing the statement would cost more than
# running it (a few primary-key index look-ups).
_PROBE = select(Display.config_version, *data_version_columns()).where(
    Display.secret_hash == bindparam("secret_hash"), Display.revoked_at.is_(None),
    or_(Display.expires_on.is_(None), Display.expires_on >= bindparam("today", type_=Date)))


def probe(connection: Connection, secret: str, today: date, now: datetime) -> tuple[int, str] | None:
    """(config version, data version as of ``now``) for a valid secret, in one round trip; None otherwise."""
    row = connection.execute(_PROBE, {"secret_hash": secret_hash(secret), "today": today,
                                      "counted_before": counted_before(now)}).first()
    if row is None:
        return None
    return row[0], _joined(row[1:])
