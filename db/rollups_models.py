"""Daily per-unit rollups: the overview reads a few hundred of these rows, never the history."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base
from .types import UTCDateTime

OPEN_END = date(9999, 12, 31)  # a span still holding


class UnitDayEvents(Base):
    """Events of a unit on a day, kept exact in the same transaction as every write."""

    __tablename__ = "unit_day_events"
    # All units over a period, read from the index alone.
    __table_args__ = (Index("ix_unit_day_events_day_covering", "day", "unit_id", "tasks_created", "done_on_time",
                            "done_late", "done_after_extension", "cancelled", "progress_points", "updates",
                            "first_update_at", "last_update_at"),)

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tasks_created: Mapped[int] = mapped_column(Integer, default=0)
    done_on_time: Mapped[int] = mapped_column(Integer, default=0)
    done_late: Mapped[int] = mapped_column(Integer, default=0)
    done_after_extension: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    progress_points: Mapped[int] = mapped_column(Integer, default=0)
    updates: Mapped[int] = mapped_column(Integer, default=0)
    first_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UnitDayStates(Base):
    """Open work of a unit at the end of a closed day, snapshotted once from the history."""

    __tablename__ = "unit_day_states"
    # Every unit's states on a few days, read from the index alone.
    __table_args__ = (Index("ix_unit_day_states_day_covering", "day", "unit_id", "open", "not_started",
                            "overdue", "due_soon", "max_days_overdue", "silent"),)

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    open: Mapped[int] = mapped_column(Integer, default=0)
    not_started: Mapped[int] = mapped_column(Integer, default=0)
    overdue: Mapped[int] = mapped_column(Integer, default=0)
    due_soon: Mapped[int] = mapped_column(Integer, default=0)
    max_days_overdue: Mapped[int] = mapped_column(Integer, default=0)
    # Open work at the day's end and no update by its cut-off: set when the day is closed.
    silent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SnapshotDay(Base):
    """A closed day: its states are in ``unit_day_states`` (units with nothing open have no row),
    its overdue tasks in ``day_overdue`` and its to-date on-time figures in
    ``unit_on_time_to_date``."""

    __tablename__ = "snapshot_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TaskSpan(Base):
    """A task's state from one of its change days until the next change of what the figures use
    (``to_day`` is exclusive; ``OPEN_END`` while it still holds). The state as of any day D is
    the one span with from_day <= D < to_day, so figures as of a closed day or period are read,
    never replayed. Progress is not kept: spans change only with unit, status, due date or
    the day it was done."""

    __tablename__ = "task_spans"
    __table_args__ = (
        # on time: due in a period, answered from the index alone
        Index("ix_task_spans_due_covering", "due_date", "from_day", "to_day", "status", "unit_id", "on_time"),
        Index("ix_task_spans_status_to_day", "status", "to_day"),  # open work as of a day
        Index("ix_task_spans_unit_to_day", "unit_id", "to_day"),  # a unit's tasks as of a day
    )

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    from_day: Mapped[date] = mapped_column(Date, primary_key=True)
    to_day: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column(Date)  # the effective due date
    on_time: Mapped[bool] = mapped_column(Boolean)  # done on time (extensions included)
    done_on: Mapped[date | None] = mapped_column(Date)  # while done: the day it was (last) done


class UnitOnTimeToDate(Base):
    """On-time figures of the periods that end on a closed day and that pages offer: the day,
    its ISO week to date and its month to date (a whole week or month on its last day). Every
    standard window and its previous period is one of these, so the overview reads a unit's row
    instead of the tasks due in a month. Kept when the day is closed (with its snapshot)."""

    __tablename__ = "unit_on_time_to_date"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(5), primary_key=True)  # day, week or month
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    due: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)


class UnitEventsToDate(Base):
    """Events of each unit over the ISO week and the month to date of a closed day (a whole
    week or month on its last day), kept when the day is closed: a month's figures, and its
    previous month's, are one row per unit instead of thirty."""

    __tablename__ = "unit_events_to_date"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(5), primary_key=True)  # week or month
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    tasks_created: Mapped[int] = mapped_column(Integer)
    done_on_time: Mapped[int] = mapped_column(Integer)
    done_late: Mapped[int] = mapped_column(Integer)
    done_after_extension: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[int] = mapped_column(Integer)
    progress_points: Mapped[int] = mapped_column(Integer)
    updates: Mapped[int] = mapped_column(Integer)
    first_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ScoreCounts:
    """Visible ratings counted per score 1..5 (the dimensions' scores are added below)."""

    score_1: Mapped[int] = mapped_column(Integer, default=0)
    score_2: Mapped[int] = mapped_column(Integer, default=0)
    score_3: Mapped[int] = mapped_column(Integer, default=0)
    score_4: Mapped[int] = mapped_column(Integer, default=0)
    score_5: Mapped[int] = mapped_column(Integer, default=0)


class PointDayRatings(ScoreCounts, Base):
    """Visible ratings of a feedback point on a day, counted per score."""

    __tablename__ = "point_day_ratings"
    # Periods of all (or some) units read the scores from the index alone.
    __table_args__ = (Index("ix_point_day_ratings_day_scores", "day", "unit_id", "score_1", "score_2",
                            "score_3", "score_4", "score_5"),)

    point_id: Mapped[int] = mapped_column(ForeignKey("feedback_points.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)


# The SIPAS dimensions' scores counted the same way, in the same row: access_1 … feedback_5.
DIMENSION_NAMES = ("access", "procedure", "staff", "result", "feedback")
DIMENSION_COUNTS = tuple(f"{d}_{n}" for d in DIMENSION_NAMES for n in range(1, 6))
for _column in DIMENSION_COUNTS:
    setattr(PointDayRatings, _column, mapped_column(_column, Integer, nullable=False, default=0, server_default="0"))
del _column


class PointPeriodRatings(ScoreCounts, Base):
    """Visible ratings of a feedback point over an ISO week or a calendar month, counted like
    its days and kept exact with them by every write: a week's or a month's figures (and
    twelve weeks of trend) read one row per point instead of one per point and day."""

    __tablename__ = "point_period_ratings"
    __table_args__ = (Index("ix_point_period_ratings_unit_period", "unit_id", "kind", "start"),)  # a unit's weeks

    kind: Mapped[str] = mapped_column(String(5), primary_key=True)  # week or month
    start: Mapped[date] = mapped_column(Date, primary_key=True)  # its Monday, or its first day
    point_id: Mapped[int] = mapped_column(ForeignKey("feedback_points.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))


for _column in DIMENSION_COUNTS:
    setattr(PointPeriodRatings, _column, mapped_column(_column, Integer, nullable=False, default=0))
del _column


class DayOverdue(Base):
    """A task overdue at the end of a closed day (snapshotted with the states)."""

    __tablename__ = "day_overdue"
    __table_args__ = (Index("ix_day_overdue_day_due", "day", "due_date"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    due_date: Mapped[date] = mapped_column(Date)


class RatingRejection(Base):
    """Ratings refused, counted per point code (known or not), day and reason: never silently
    dropped."""

    __tablename__ = "rating_rejections"

    point_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
