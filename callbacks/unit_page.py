"""One unit's page: the overview's figures for that unit only, its tasks, ratings and comments."""
from __future__ import annotations

from datetime import datetime, time

from dash import Dash, Input, Output, State, no_update
from flask import abort
from flask_login import current_user

from dashboard import clock
from dashboard.access import scope_for
from dashboard.domain import overview as logic
from dashboard.domain.buckets import bucket_of, days_overdue
from dashboard.domain.model import Bucket, Status
from dashboard.domain.satisfaction import Satisfaction
from dashboard.extensions import database
from dashboard.services import overview as services
from db import details
from db import overview as queries
from db import rollups
from db.rollups import load_histories_chunked
from layouts import figures, ids
from layouts import overview as overview_view
from layouts import unit_page as view

from .overview import daily_figure, show_range, weekly_series, window_of

OUTPUTS = 10


def register(app: Dash) -> None:
    app.callback(Output(ids.UNIT_RANGE_BOX, "hidden"), Input(ids.UNIT_PERIOD, "value"))(show_range)
    app.callback(
        Output(ids.UNIT_TITLE, "children"), Output(ids.UNIT_MESSAGE, "children"),
        Output(ids.UNIT_HEADLINE, "children"), Output(ids.UNIT_TASKS, "children"),
        Output(ids.UNIT_OVERDUE, "children"), Output(ids.UNIT_WEEKLY_GRAPH, "figure"),
        Output(ids.UNIT_DAILY_GRAPH, "figure"), Output(ids.UNIT_RATINGS_GRAPH, "figure"),
        Output(ids.UNIT_COMMENTS, "children"), Output(ids.UNIT_SUPERVISION, "children"),
        Input(ids.UNIT_AS_OF, "date"), Input(ids.UNIT_PERIOD, "value"),
        Input(ids.UNIT_RANGE, "start_date"), Input(ids.UNIT_RANGE, "end_date"),
        State(ids.UNIT_CODE, "data"),
    )(unit_data)


def bucketed_tasks(session, unit_id: int, window: logic.Window) -> list[view.BucketedTask]:
    """The unit's tasks open at the end of the window or done within it, each in its bucket."""
    from dashboard.domain.history import state_as_of

    day = window.shown.end
    lines = details.task_lines(session, rollups.tasks_shown_on(session, unit_id, day, window.shown.start))
    result = []
    for history in load_histories_chunked(session, list(lines)):
        state = state_as_of(history, day)
        if state is None or state.unit_id != unit_id:
            continue
        bucket = bucket_of(state, day)
        if bucket is None:
            continue
        if bucket in (Bucket.DONE_ON_TIME, Bucket.DONE_LATE) and state.done_on not in window.shown:
            continue
        name = bucket.value
        if bucket is Bucket.WITHIN_DEADLINE and state.status is Status.NOT_STARTED:
            name = "not_started"
        line = lines[history.task_id]
        result.append(view.BucketedTask(line.id, line.title, name, state.due, state.progress,
                                        days_overdue(state, day)))
    return sorted(result, key=lambda t: (t.due, t.id))


def ratings_trend(session, day, unit_ids):
    weeks = logic.weeks_ending(day, 12)
    per_day = queries.ratings_by_week(session, weeks[0].start, weeks[-1].end, unit_ids)
    rates, counts = [], []
    for week in weeks:
        scores = [0] * 5
        for d, values in per_day.items():
            if d in week:
                scores = [a + b for a, b in zip(scores, values)]
        satisfaction = Satisfaction(tuple(scores))
        rates.append(satisfaction.rate)
        counts.append(satisfaction.n)
    return figures.satisfaction_trend([w.start for w in weeks], rates, counts)


def unit_data(as_of, kind, start, end, code):
    today, tz = clock.today(), clock.local_zone()
    with database().session() as session:
        unit = details.unit_by_code(session, code)
        if unit is None:
            if current_user.role == "unit_head":
                abort(403)  # a head learns nothing about other codes, not even whether they exist
            return ("",) + (view.unknown_unit(),) + (no_update,) * (OUTPUTS - 2)
        if not scope_for(current_user).allows(unit.id):
            abort(403)
        try:
            window = window_of(as_of, kind, start, end)
        except logic.PeriodError as error:
            return (unit.name, overview_view.error_message(str(error))) + (no_update,) * (OUTPUTS - 2)
        unit_ids = [unit.id]
        figures_ = services.overview(session, window, unit_ids)
        overdue, total = queries.overdue_tasks(session, window.shown.end, today, tz, unit_ids)
        tasks = bucketed_tasks(session, unit.id, window)
        weekly = weekly_series(session, window.shown.end, unit_ids)
        ratings = ratings_trend(session, window.shown.end, unit_ids)
        comments = details.recent_comments(session, unit.id, window.shown.end)
        start = datetime.combine(window.shown.start, time.min, tz)
        end = datetime.combine(window.shown.end, time.max, tz)
        supervision = details.supervision_counts(session, unit.id, start, end, min(end, clock.now()))
        name = unit.name
    return (name, None, overview_view.headline(figures_.headline, window), view.tasks_by_bucket(tasks),
            overview_view.overdue_list(overdue, total), weekly, daily_figure(figures_.daily), ratings,
            view.comments(comments), view.supervision_line(supervision))
