"""A dissatisfied citizen's rating turned into a task for its unit in one step, and what the
pages read of it: which comments are handled, which rating a task came from, and how many of
a period's low ratings were followed up, and how fast."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.domain.periods import Period, local_day, local_moments
from dashboard.domain.policy import Action, Actor
from dashboard.domain.rules import Invalid, TaskFields
from dashboard.domain.satisfaction import LOW, FollowUps, follow_ups, may_follow_up
from dashboard.domain.vocabulary import TITLE_MAX

from .models import FeedbackPoint, Rating, RatingFollowUp, Task
from .permission import check
from .recommendations import due_day
from .tasks import assign_task


def _low_with_comment():
    """The SQL of ``may_follow_up``: a dissatisfied, visible comment."""
    return [Rating.score <= LOW, Rating.comment.is_not(None), Rating.hidden.is_(False)]


def follow_up(session: Session, rating_id: int, *, title_for: Callable[[str], str], actor: Actor | None,
              now: datetime, tz: ZoneInfo, working_days: int) -> Task:
    """A task for the rating's unit, titled ``title_for(the point's label)`` and due in
    ``working_days``; the rating is then handled. The comment stays with the rating (the task
    page quotes it while it is visible). A rating is followed up once."""
    check(actor, Action.ASSIGN_TASK)
    rating = session.get(Rating, rating_id)
    if rating is None:
        raise LookupError(rating_id)
    if not may_follow_up(rating.score, bool(rating.comment), rating.hidden):
        raise Invalid({"rating": "not_low"})
    if session.get(RatingFollowUp, rating_id) is not None:
        raise Invalid({"rating": "already_followed"})
    day = local_day(now, tz)
    label = session.scalar(select(FeedbackPoint.label).where(FeedbackPoint.id == rating.point_id)) or ""
    fields = TaskFields(title=title_for(label)[:TITLE_MAX], description="", source_ref="", expected_result="",
                        priority="high", start_date=day, due_date=due_day(session, day, working_days))
    task = assign_task(session, fields=fields, lead_unit_id=rating.unit_id, actor=actor, now=now, tz=tz)
    session.add(RatingFollowUp(rating_id=rating.id, task_id=task.id, at=now))
    session.flush()  # a second click racing this one fails here, on the rating's key
    return task


def tasks_of(session: Session, rating_ids: list[int]) -> dict[int, int]:
    """{rating id: its follow-up task} for the ratings that have one."""
    if not rating_ids:
        return {}
    return dict(session.execute(select(RatingFollowUp.rating_id, RatingFollowUp.task_id)
                                .where(RatingFollowUp.rating_id.in_(rating_ids))).all())


@dataclass(frozen=True, slots=True)
class SourceRating:
    """The citizen's rating a task came from, as its page shows it (no one's identity)."""

    at: datetime
    score: int
    comment: str | None  # None: a leader hid it since
    point_label: str


def source_of(session: Session, task_id: int) -> SourceRating | None:
    row = session.execute(
        select(Rating.created_at, Rating.score, Rating.comment, Rating.hidden, FeedbackPoint.label)
        .join(RatingFollowUp, RatingFollowUp.rating_id == Rating.id)
        .join(FeedbackPoint, FeedbackPoint.id == Rating.point_id)
        .where(RatingFollowUp.task_id == task_id)).first()
    return None if row is None else SourceRating(row.created_at, row.score, None if row.hidden else row.comment,
                                                 row.label)


def summary(session: Session, period: Period, unit_ids: list[int] | None, tz: ZoneInfo) -> FollowUps:
    """As of the period's end: a follow-up made later does not change a past period."""
    since, until = local_moments(period, tz)
    scope = [Rating.created_at >= since, Rating.created_at < until, *_low_with_comment()]
    if unit_ids is not None:
        scope.append(Rating.unit_id.in_(unit_ids))
    low = session.scalar(select(func.count()).select_from(Rating).where(*scope)) or 0
    waits = [(at - rated).total_seconds() / 3600 for rated, at in session.execute(
        select(Rating.created_at, RatingFollowUp.at).join(RatingFollowUp, RatingFollowUp.rating_id == Rating.id)
        .where(*scope, RatingFollowUp.at < until))]
    return follow_ups(low, waits)
