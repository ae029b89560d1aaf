"""One task's page: who may see it is decided here, on the server."""
from __future__ import annotations

from dash import Dash, Input, Output
from flask_login import current_user

from dashboard import clock
from dashboard.access import scope_for
from dashboard.domain.buckets import bucket_of
from dashboard.domain.history import state_as_of
from dashboard.domain.model import Bucket, Status
from dashboard.extensions import database
from db import details
from db.history import load_histories
from layouts import ids
from layouts import task_page as view


def register(app: Dash) -> None:
    app.callback(Output(ids.TASK_BODY, "children"), Input(ids.TASK_ID, "data"))(task_body)


def task_body(task_id):
    if not isinstance(task_id, str) or not task_id.isdigit() or len(task_id) > 12:
        return view.not_found()
    today = clock.today()
    with database().session() as session:
        task = details.task_detail(session, int(task_id))
        if task is None:
            return view.not_found()
        if not scope_for(current_user).allows(task.unit_id):
            return view.not_allowed()  # no detail of the task leaves the server
        entries = details.task_timeline(session, task.id)
        history = load_histories(session, [task.id])[task.id]
    state = state_as_of(history, today)
    bucket = bucket_of(state, today) if state else None
    name = None
    if bucket is not None:
        name = "not_started" if (bucket is Bucket.WITHIN_DEADLINE
                                 and state.status is Status.NOT_STARTED) else bucket.value
    return view.detail(task, name, entries)
