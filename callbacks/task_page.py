"""One task's page: who may see it is decided here, on the server."""
from __future__ import annotations

from dash import Dash, Input, Output, no_update

from dashboard import clock
from dashboard.access import current_actor, current_scope
from dashboard.domain.buckets import bucket_of
from dashboard.domain.history import state_as_of
from dashboard.domain.model import Bucket, Status
from dashboard.domain.policy import Action, can
from dashboard.domain.rules import row_id
from dashboard.domain.vocabulary import OPEN_STATUSES
from dashboard.extensions import database
from db import details
from db.history import load_histories
from layouts import ids
from layouts import task_page as view


def register(app: Dash) -> None:
    app.callback(Output(ids.TASK_BODY, "children"), Output(ids.TASK_VERSION, "data"),
                 Output(ids.TASK_HEAD_ACTIONS, "hidden"), Output(ids.TASK_LEADER_ACTIONS, "hidden"),
                 Output(ids.DECISION_BOX, "hidden"),
                 Output(ids.EDIT_TITLE, "value"), Output(ids.EDIT_UNIT, "value"),
                 Output(ids.EDIT_UNIT, "options"), Output(ids.EDIT_START, "value"),
                 Output(ids.EDIT_DUE, "value"), Output(ids.EDIT_PRIORITY, "value"),
                 Output(ids.UPDATE_OFFICIAL, "value"),
                 Input(ids.TASK_ID, "data"), Input(ids.TASK_REFRESH, "data"))(task_body)


def parse_task_id(task_id) -> int | None:
    """A task number from the page (text or number); None for anything else (True is no task)."""
    if isinstance(task_id, str) and task_id.isascii() and task_id.isdigit() and len(task_id) <= 12:
        task_id = int(task_id)
    return row_id(task_id)


def bucket_name(state, today) -> str | None:
    bucket = bucket_of(state, today) if state else None
    if bucket is None:
        return None
    if bucket is Bucket.WITHIN_DEADLINE and state.status is Status.NOT_STARTED:
        return "not_started"
    return bucket.value


EDIT_UNCHANGED = (no_update,) * 7


def task_body(task_id, _refresh):
    hidden_all = (None, True, True, True) + EDIT_UNCHANGED
    number = parse_task_id(task_id)
    if number is None:
        return (view.not_found(),) + hidden_all
    today = clock.today()
    with database().session() as session:
        task = details.task_detail(session, number)
        if task is None:
            return (view.not_found(),) + hidden_all
        if not current_scope().allows(task.unit_id):
            return (view.not_allowed(),) + hidden_all  # no detail of the task leaves the server
        entries = details.task_timeline(session, task.id)
        history = load_histories(session, [task.id])[task.id]
        pending = details.pending_extension(session, task.id)
        actor = current_actor()
        edits = can(actor, Action.EDIT_TASK)
        units = details.active_units(session) if edits else []
    reports = can(actor, Action.UPDATE_TASK, task.unit_id)
    is_open = task.status in OPEN_STATUSES
    body = view.detail(task, bucket_name(state_as_of(history, today), today), entries, pending)
    edit = EDIT_UNCHANGED
    if edits:  # only an editor's page carries the task's editable fields
        edit = (task.title, task.unit_code, [{"label": n, "value": c} for _u, c, n, _k in units],
                str(task.start_date), str(task.due_date), task.priority, no_update)
    elif reports:
        edit = (no_update,) * 6 + (task.responsible_official or "",)
    return (body, task.version, not (reports and is_open),
            not (can(actor, Action.DIRECT) and task.status != "cancelled"),
            not (can(actor, Action.DECIDE_EXTENSION) and pending is not None)) + edit
