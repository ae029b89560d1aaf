"""One task's page: who may see it is decided here, on the server."""
from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import clock
from dashboard.access import current_actor, current_scope
from dashboard.domain.buckets import bucket_of
from dashboard.domain.history import state_as_of
from dashboard.domain.model import Bucket, Status
from dashboard.domain.policy import Action, can
from dashboard.domain.rules import row_id
from dashboard.domain.vocabulary import OPEN_STATUSES
from dashboard.extensions import database
from db import follow_ups, task_reads, unit_reads
from db.history import load_histories
from layouts import ids
from layouts import task_page as view

from .contract import unchanged

TASK_PAGE = dict(  # the task page's answer, by name
    body=Output(ids.TASK_BODY, "children"), version=Output(ids.TASK_VERSION, "data"),
    head_actions_hidden=Output(ids.TASK_HEAD_ACTIONS, "hidden"),
    leader_actions_hidden=Output(ids.TASK_LEADER_ACTIONS, "hidden"),
    decision_hidden=Output(ids.DECISION_BOX, "hidden"),
    edit_title=Output(ids.EDIT_TITLE, "value"), edit_unit=Output(ids.EDIT_UNIT, "value"),
    edit_units=Output(ids.EDIT_UNIT, "options"), edit_start=Output(ids.EDIT_START, "value"),
    edit_due=Output(ids.EDIT_DUE, "value"), edit_priority=Output(ids.EDIT_PRIORITY, "value"),
    official=Output(ids.UPDATE_OFFICIAL, "value"), status=Output(ids.UPDATE_STATUS, "value"),
    progress=Output(ids.UPDATE_PROGRESS, "value"),
)
TASK = dict(task_id=Input(ids.TASK_ID, "data"), refresh=Input(ids.TASK_REFRESH, "data"))


def register(app: Dash) -> None:
    app.callback(output=TASK_PAGE, inputs=TASK)(task_body)


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


def _nothing_shown(body) -> dict:
    """Only ``body`` (a refusal or "not found"): every action hidden, no field of the task sent."""
    return unchanged(TASK_PAGE) | dict(body=body, version=None, head_actions_hidden=True,
                                       leader_actions_hidden=True, decision_hidden=True)


def task_body(task_id, refresh):
    number = parse_task_id(task_id)
    if number is None:
        return _nothing_shown(view.not_found())
    today = clock.today()
    with database().session() as session:
        task = task_reads.task_detail(session, number)
        if task is None:
            return _nothing_shown(view.not_found())
        if not current_scope().allows(task.unit_id):
            return _nothing_shown(view.not_allowed())  # no detail of the task leaves the server
        entries = task_reads.task_timeline(session, task.id)
        history = load_histories(session, [task.id])[task.id]
        pending = task_reads.pending_extension(session, task.id)
        source = follow_ups.source_of(session, task.id)
        actor = current_actor()
        edits = can(actor, Action.EDIT_TASK)
        units = unit_reads.active_units(session) if edits else []
    reports = can(actor, Action.UPDATE_TASK, task.unit_id)
    is_open = task.status in OPEN_STATUSES
    answer = unchanged(TASK_PAGE) | dict(
        body=view.detail(task, bucket_name(state_as_of(history, today), today), entries, pending, source),
        version=task.version, head_actions_hidden=not (reports and is_open),
        leader_actions_hidden=not (can(actor, Action.DIRECT) and task.status != "cancelled"),
        decision_hidden=not (can(actor, Action.DECIDE_EXTENSION) and pending is not None))
    if edits:  # only an editor's page carries the task's editable fields
        answer |= dict(edit_title=task.title, edit_unit=task.unit_code,
                       edit_units=[{"label": n, "value": c} for _u, c, n, _k in units],
                       edit_start=str(task.start_date), edit_due=str(task.due_date), edit_priority=task.priority)
    elif reports:
        answer["official"] = task.responsible_official or ""
        if not refresh and is_open:  # the form starts from where the task stands (later, it keeps what was typed)
            answer |= dict(status=task.status, progress=task.progress)
    return answer
