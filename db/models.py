"""Typed SQLAlchemy 2 models for every word of docs/DESIGN.md.

Enumerations are stored as their string values (plain strings with CHECK
constraints), and every constraint is named so Alembic's SQLite batch mode works.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    bindparam,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dashboard.domain.briefings import ATTENDING as BRIEFING_ATTENDING
from dashboard.domain.briefings import CONCLUSION_KINDS
from dashboard.domain.briefings import TITLE_MAX as BRIEFING_TITLE_MAX
from dashboard.domain.digests import EMAIL_MAX, MAIL_STATES
from dashboard.domain.policy import ROLES, Role
from dashboard.domain.recommendations import ANSWER_MAX, CONTACT_MAX
from dashboard.domain.recommendations import STATES as RECOMMENDATION_STATES
from dashboard.domain.recommendations import TEXT_MAX as RECOMMENDATION_MAX
from dashboard.domain.vocabulary import (
    COMMENT_MAX,
    NAME_MAX,
    OFFICIAL_MAX,
    OPEN_STATUSES,
    PRIORITIES,
    SOURCE_MAX,
    STATUSES,
    TITLE_MAX,
    UNIT_KINDS,
)

from .types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EXTENSION_STATES = ("pending", "approved", "rejected")
EDIT_KINDS = ("assigned", "edited")

OPEN_ONLY = f"status IN ({', '.join(repr(s) for s in OPEN_STATUSES)})"  # the condition of the open tasks' index


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Unit(Base):
    """An office or a commune that receives tasks; may sit under a parent unit."""

    __tablename__ = "units"
    __table_args__ = (CheckConstraint(_one_of("kind", UNIT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    kind: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Its results on the public page (/kq/), for citizens: switched on by an administrator.
    public_results: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_one_of("role", ROLES), name="role"),
        CheckConstraint(f"role != '{Role.UNIT_HEAD.value}' OR unit_id IS NOT NULL", name="head_has_unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The daily digest: where its email goes (none: the inbox only), and whether the person wants it.
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX))
    digest_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    unit: Mapped[Unit | None] = relationship()


class UserSession(Base):
    """One signed-in browser. Its cookie carries a random token (only its hash is kept), so the
    server can end it: at sign-out, "sign out everywhere", a password change or reset, a role
    change or deactivation."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_open", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_because: Mapped[str | None] = mapped_column(String(20))


class Task(Base):
    """A piece of work assigned to one lead unit.

    The status/progress/due fields are a cache of the task's history (updates,
    edits, approved extensions); the history tables are the truth.
    """

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(_one_of("priority", PRIORITIES), name="priority"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint("start_date <= due_date", name="start_before_due"),
        Index("ix_tasks_status_due", "status", "due_date", "lead_unit_id"),  # overdue lists, oldest first
        # Open work per unit now, from the open tasks alone (a small part of the table).
        Index("ix_tasks_open_by_unit", "lead_unit_id", "due_date", "status",
              sqlite_where=text(OPEN_ONLY), postgresql_where=text(OPEN_ONLY)),
        Index("ix_tasks_open_by_due", "due_date", "lead_unit_id", "status",  # the overdue list
              sqlite_where=text(OPEN_ONLY), postgresql_where=text(OPEN_ONLY)),
        # Tasks falling due in a period, per unit or for all: either way from the index alone,
        # whichever the planner prefers (with or without statistics).
        Index("ix_tasks_unit_due_covering", "lead_unit_id", "due_date", "status", "created_on", "done_on_time"),
        Index("ix_tasks_due_covering", "due_date", "lead_unit_id", "status", "created_on", "done_on_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    source_ref: Mapped[str | None] = mapped_column(String(SOURCE_MAX))
    expected_result: Mapped[str] = mapped_column(Text, default="")
    responsible_official: Mapped[str | None] = mapped_column(String(OFFICIAL_MAX))
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    start_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)  # effective due date now
    leader_due_date: Mapped[date] = mapped_column(Date)  # as last set by a leader
    status: Mapped[str] = mapped_column(String(12), default="not_started")
    progress: Mapped[int] = mapped_column(SmallInteger, default=0)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_on_time: Mapped[bool | None] = mapped_column(Boolean)
    done_after_extension: Mapped[bool | None] = mapped_column(Boolean)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_on: Mapped[date] = mapped_column(Date)  # local day of created_at
    last_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # lowercase title and source reference without diacritics: "quy hoach" finds "quy hoạch"
    search_text: Mapped[str] = mapped_column(Text, default="")

    lead_unit: Mapped[Unit] = relationship()
    coordinating_units: Mapped[list[Unit]] = relationship(secondary="task_coordinators")


class TaskCoordinator(Base):
    __tablename__ = "task_coordinators"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)


def is_open():
    """A task is open, written with literal values: SQLite uses the open tasks' partial index
    only when the query's condition visibly implies the index's own."""
    return Task.status.in_(bindparam("open_statuses", OPEN_STATUSES, expanding=True, literal_execute=True))


class TaskUpdate(Base):
    """Append-only: who changed the status or progress, when, and why."""

    __tablename__ = "task_updates"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_task_updates_task_at", "task_id", "created_at"),
        Index("ix_task_updates_unit_day", "unit_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # lead unit at the time
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date] = mapped_column(Date)  # local day of created_at
    status: Mapped[str] = mapped_column(String(12))
    progress: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str] = mapped_column(Text, default="")


class TaskEdit(Base):
    """Append-only: the assignment and each leader edit, with the values it set."""

    __tablename__ = "task_edits"
    __table_args__ = (
        CheckConstraint(_one_of("kind", EDIT_KINDS), name="kind"),
        Index("ix_task_edits_task_at", "task_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    priority: Mapped[str] = mapped_column(String(10))
    start_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class Extension(Base):
    """A unit's request to move a due date, decided by a leader."""

    __tablename__ = "extensions"
    __table_args__ = (
        CheckConstraint(_one_of("state", EXTENSION_STATES), name="state"),
        Index("ix_extensions_task", "task_id"),
        # What awaited a decision at a moment, oldest first, stops after the few it shows:
        # the requests pending now, and those decided after the moment (db/overview.py).
        Index("ix_extensions_requested_at", "requested_at", "state", "decided_at"),
        Index("ix_extensions_pending", "requested_at",
              sqlite_where=text("state = 'pending'"), postgresql_where=text("state = 'pending'")),
        Index("ix_extensions_decided_at", "decided_at", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    old_due_date: Mapped[date] = mapped_column(Date)
    new_due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_day: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class FeedbackPoint(Base):
    """A counter or desk where citizens rate the service, reached by its QR code."""

    __tablename__ = "feedback_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(NAME_MAX))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()


class Rating(Base):
    """One citizen's score for a point, with optional SIPAS dimension scores."""

    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        *(CheckConstraint(f"dim_{d} IS NULL OR dim_{d} BETWEEN 1 AND 5", name=f"dim_{d}_range")
          for d in ("access", "procedure", "staff", "result", "feedback")),
        Index("ix_ratings_unit_day", "unit_id", "day"),
        Index("ix_ratings_point_day", "point_id", "day"),
        Index("ix_ratings_device_point_at", "device_hash", "point_id", "created_at"),
        Index("ix_ratings_address_point_at", "address_hash", "point_id", "created_at"),
        Index("ix_ratings_held_point_day", "held", "point_id", "day"),
        Index("ix_ratings_created_at", "created_at"),  # the newest comments first
        Index("ix_ratings_unit_commented", "unit_id", "created_at",  # a unit's newest comments
              sqlite_where=text("comment IS NOT NULL"), postgresql_where=text("comment IS NOT NULL")),
        # the comments of a period are paged and searched through ix_ratings_search_by_time (and
        # on PostgreSQL ix_ratings_search_trigram): made in each dialect's own way by migration 0017
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("feedback_points.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the point's unit at the time
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(SmallInteger)
    dim_access: Mapped[int | None] = mapped_column(SmallInteger)
    dim_procedure: Mapped[int | None] = mapped_column(SmallInteger)
    dim_staff: Mapped[int | None] = mapped_column(SmallInteger)
    dim_result: Mapped[int | None] = mapped_column(SmallInteger)
    dim_feedback: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(String(COMMENT_MAX))
    search_text: Mapped[str | None] = mapped_column(String(COMMENT_MAX))  # the comment folded (db.search)
    reasons: Mapped[list | None] = mapped_column(JSON)  # why, for a score of 1 or 2
    case_code: Mapped[str | None] = mapped_column(String(60), unique=True)
    device_hash: Mapped[str | None] = mapped_column(String(64))
    address_hash: Mapped[str | None] = mapped_column(String(64))
    # Held: many ratings from one address at the point within the hour. A held rating is also
    # hidden, so it counts nowhere until a leader releases it.
    held: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CalendarDay(Base):
    """A day the province or the organisation sets apart from the national calendar: a local
    day off, or a make-up working day. Deadlines in working days count them."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(NAME_MAX), default="")


class RatingFollowUp(Base):
    """A dissatisfied citizen's rating turned into a task for the unit: the rating shows it is
    handled, the task shows where it came from."""

    __tablename__ = "rating_follow_ups"
    __table_args__ = (Index("ix_rating_follow_ups_at", "at"),)

    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Recommendation(Base):
    """A citizen's recommendation or complaint sent through a point's QR code: follow-up work
    for the point's unit, answered by a working-day deadline and published to the citizen.
    The contact, when given, is for the answer only: the unit and the leaders see it."""

    __tablename__ = "recommendations"
    __table_args__ = (
        CheckConstraint(_one_of("state", RECOMMENDATION_STATES), name="state_known"),
        Index("ix_recommendations_unit_state_due", "unit_id", "state", "due_day"),
        Index("ix_recommendations_state_due", "state", "due_day"),
        Index("ix_recommendations_device_at", "device_hash", "created_at"),
        Index("ix_recommendations_address_at", "address_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # KN-2026-7Q4X-K2M9
    point_id: Mapped[int] = mapped_column(ForeignKey("feedback_points.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the point's unit at the time
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date] = mapped_column(Date)
    due_day: Mapped[date] = mapped_column(Date)  # the answer is due by the end of this day
    text: Mapped[str] = mapped_column(String(RECOMMENDATION_MAX))
    contact: Mapped[str | None] = mapped_column(String(CONTACT_MAX))
    state: Mapped[str] = mapped_column(String(20), default="received")
    answer: Mapped[str | None] = mapped_column(String(ANSWER_MAX))  # the draft, then the published one
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who wrote or approved it last
    # When it was first published (a correction keeps it; the audit log has every change):
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_day: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)  # a stale edit is refused
    # Held: many from one address within the hour; out of the figures until a leader publishes its answer.
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    device_hash: Mapped[str | None] = mapped_column(String(64))
    address_hash: Mapped[str | None] = mapped_column(String(64))


class Display(Base):
    """A meeting-room screen opened by a secret link (only its hash is kept)."""

    __tablename__ = "displays"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    slides: Mapped[list] = mapped_column(JSON, default=list)
    rotate_seconds: Mapped[int] = mapped_column(Integer, default=20)
    refresh_seconds: Mapped[int] = mapped_column(Integer, default=30)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_on: Mapped[date | None] = mapped_column(Date)  # valid through this local day
    config_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A leader's phone drives it during a briefing: the unit it shows (none: its own slides).
    briefing_id: Mapped[int | None] = mapped_column(ForeignKey("briefings.id"))
    briefing_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class AuditEvent(Base):
    """Who did what, when: sign-ins, administration, moderation."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),
                      Index("ix_audit_events_action_id", "action", "id"),  # latest event of a kind
                      Index("ix_audit_events_target_at", "target", "at"))  # an account's sign-ins

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    address: Mapped[str | None] = mapped_column(String(64))


NOTE_KINDS = ("difficulty", "direction", "urge", "evaluation")


class TaskNote(Base):
    """Append-only exchanges on a task: a unit's difficulty, a leader's direction (which
    resolves it), an urge, an evaluation of an update."""

    __tablename__ = "task_notes"
    __table_args__ = (
        CheckConstraint(_one_of("kind", NOTE_KINDS), name="kind"),
        Index("ix_task_notes_task_at", "task_id", "created_at"),
        Index("ix_task_notes_kind_open", "kind", "resolved_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # lead unit at the time
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("task_updates.id"))  # evaluation of
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("task_notes.id"))  # difficulty → direction


class ApiToken(Base):
    """A personal key for the API, made and revoked by its user on their account page. The key
    is shown once; only its hash is kept. It acts with its user's current role and unit."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_user", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiIdempotency(Base):
    """The answer to a create sent with an ``Idempotency-Key``: sent again, the same request gets
    the same answer and makes nothing twice."""

    __tablename__ = "api_idempotency"
    __table_args__ = (Index("uq_api_idempotency_user_key", "user_id", "key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(SmallInteger)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BriefingSchedule(Base):
    """The recurring weekly briefing (one row): its weekday and local time, who attends, how
    long before it the pack is ready. ``dashboard jobs run`` makes its meetings."""

    __tablename__ = "briefing_schedule"
    __table_args__ = (CheckConstraint(_one_of("attending", BRIEFING_ATTENDING), name="attending"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 Monday … 6 Sunday
    at: Mapped[str] = mapped_column(String(5))  # "08:00", local time
    attending: Mapped[str] = mapped_column(String(10))
    pack_hours: Mapped[int] = mapped_column(SmallInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Briefing(Base):
    """One briefing: recurring or one-off. Its moment is unique, so two machines running the
    jobs at once make it once."""

    __tablename__ = "briefings"
    __table_args__ = (CheckConstraint(_one_of("attending", BRIEFING_ATTENDING), name="attending"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime, unique=True)
    attending: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(BRIEFING_TITLE_MAX), default="")
    pack_hours: Mapped[int] = mapped_column(SmallInteger)
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BriefingConclusion(Base):
    """What a briefing concluded for one unit. A directive made a task (``task_id``); an urge
    or a direction about a task was also written on it as a note."""

    __tablename__ = "briefing_conclusions"
    __table_args__ = (CheckConstraint(_one_of("kind", CONCLUSION_KINDS), name="kind"),
                      Index("ix_briefing_conclusions_briefing", "briefing_id", "unit_id"),
                      Index("ix_briefing_conclusions_unit", "unit_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    form_mark: Mapped[str | None] = mapped_column(String(40), unique=True)  # the form sent: a second tap is refused


class Digest(Base):
    """One person's digest of one day: made once (the unique key holds whatever runs the jobs),
    kept for the inbox, and mailed once. ``mail_state``: none (no address, or nothing to say),
    pending, sending (claimed by one run), sent, failed (after every retry; the admin sees it)."""

    __tablename__ = "digests"
    __table_args__ = (CheckConstraint(_one_of("mail_state", MAIL_STATES), name="mail_state"),
                      Index("uq_digests_user_day", "user_id", "day", unique=True),
                      Index("ix_digests_mail", "mail_state", "mail_next_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    content: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_state: Mapped[str] = mapped_column(String(10))
    mail_to: Mapped[str | None] = mapped_column(String(EMAIL_MAX))
    mail_attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    mail_next_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_claim: Mapped[str | None] = mapped_column(String(32))  # the run sending it
    mail_error: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
