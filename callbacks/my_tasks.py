"""The unit head's list and three-tap update: open, choose, save."""
from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from flask import abort

from dashboard import clock
from dashboard.access import allowed
from dashboard.domain import rules
from dashboard.domain.policy import Action
from dashboard.extensions import database
from db import task_reads, unit_reads
from layouts import forms, ids
from layouts import my_tasks as view

from .contract import unchanged
from .task_actions import apply_update, checked_task, write

QUICK_DIALOG = dict(  # the quick update's dialog, opened on one task
    is_open=Output(ids.QUICK_MODAL, "is_open"), target=Output(ids.QUICK_TARGET, "data"),
    title=Output(ids.QUICK_TITLE, "children"), choice=Output(ids.QUICK_CHOICE, "value"),
    note=Output(ids.QUICK_NOTE, "value"), problem=Output(ids.QUICK_PROBLEM, "children"),
    current=Output(ids.QUICK_CURRENT, "children"),
)
QUICK_SAVED = dict(  # the dialog closes on success, so its answer goes to the page; a refusal stays in it
    message=Output(ids.QUICK_MESSAGE, "children"),
    problem=Output(ids.QUICK_PROBLEM, "children", allow_duplicate=True),
    refresh=Output(ids.MY_REFRESH, "data"), is_open=Output(ids.QUICK_MODAL, "is_open", allow_duplicate=True),
)


def register(app: Dash) -> None:
    # Triggered by the section's own store: pages without the section never call it.
    app.callback(Output(ids.MY_TASKS, "children"), Output(ids.MY_URGES, "children"),
                 Input(ids.MY_REFRESH, "data"), State(ids.UNIT_CODE, "data"))(fill_my_tasks)
    app.callback(output=QUICK_DIALOG, inputs=dict(clicks=Input({"type": ids.QUICK_OPEN, "index": ALL}, "n_clicks")),
                 prevent_initial_call=True)(open_quick_update)
    app.callback(output=QUICK_SAVED, inputs=dict(clicks=Input(ids.QUICK_SAVE, "n_clicks")),
                 state=dict(target=State(ids.QUICK_TARGET, "data"), choice=State(ids.QUICK_CHOICE, "value"),
                            note=State(ids.QUICK_NOTE, "value"), refresh=State(ids.MY_REFRESH, "data")),
                 prevent_initial_call=True)(save_quick_update)


def _own_unit(session, code):
    unit = unit_reads.unit_by_code(session, code)
    if unit is None or not allowed(Action.UPDATE_TASK, unit.id):
        abort(403)
    return unit


def fill_my_tasks(_refresh, code):
    with database().session() as session:
        unit = _own_unit(session, code)
        tasks = task_reads.open_tasks_by_urgency(session, unit.id, clock.today())
        urges = task_reads.open_urges(session, unit.id)
    return view.task_list(tasks, clock.today()), view.urges(urges)


def open_quick_update(clicks):
    if not ctx.triggered_id or not any(clicks or []):
        return unchanged(QUICK_DIALOG)
    task_id = ctx.triggered_id["index"] if isinstance(ctx.triggered_id, dict) else None
    if rules.row_id(task_id) is None:
        abort(400)
    with database().session() as session:
        task = task_reads.task_detail(session, task_id)
    if task is None or not allowed(Action.UPDATE_TASK, task.unit_id):
        abort(403)
    return dict(is_open=True, target={"task_id": task.id, "version": task.version}, title=task.title,
                choice=None, note="", problem=None, current=view.current_progress(task.progress))


def _quick_refused(problem, refresh=no_update) -> dict:
    return unchanged(QUICK_SAVED) | {"problem": problem, "refresh": refresh, "is_open": True}


def save_quick_update(clicks, target, choice, note, refresh):
    if not isinstance(target, dict) or not isinstance(target.get("task_id"), int):
        abort(400)
    checked_task(str(target["task_id"]), Action.UPDATE_TASK)
    if choice not in view.QUICK_CHOICES:
        return _quick_refused(forms.problems({"progress": "required"}))
    raw = {"status": "done", "progress": 100} if choice == "done" else \
        {"status": "in_progress", "progress": choice}
    try:
        change = apply_update(target["task_id"], {**raw, "note": note}, target.get("version"))
    except rules.Invalid as problem:
        return _quick_refused(forms.problems(problem.errors))
    message, new_refresh, stored = write(change, refresh)
    if not stored:
        return _quick_refused(message, new_refresh)
    return dict(message=message, problem=None, refresh=new_refresh, is_open=False)
