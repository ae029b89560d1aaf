"""Changing a task from its page: every callback parses its input, checks the right on the
server, writes through ``db.tasks`` in one transaction, and answers in words."""
from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update
from flask import abort
from flask_babel import gettext as _

from dashboard import clock
from dashboard.access import allowed, current_actor
from dashboard.domain import rules
from dashboard.domain.policy import Action
from dashboard.domain.vocabulary import OFFICIAL_MAX
from dashboard.extensions import database
from db import task_reads, unit_reads
from db import tasks as writes
from layouts import forms, ids
from layouts.task_page import status_label

from .contract import next_count
from .task_page import parse_task_id


def register(app: Dash) -> None:
    app.callback(Output(ids.TASK_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.TASK_REFRESH, "data", allow_duplicate=True),
                 Output(ids.UPDATE_NOTE, "value"),
                 Input(ids.UPDATE_SAVE, "n_clicks"),
                 State(ids.UPDATE_STATUS, "value"), State(ids.UPDATE_PROGRESS, "value"),
                 State(ids.UPDATE_NOTE, "value"), State(ids.UPDATE_OFFICIAL, "value"),
                 State(ids.TASK_ID, "data"), State(ids.TASK_VERSION, "data"),
                 State(ids.TASK_REFRESH, "data"), prevent_initial_call=True)(save_update)
    app.callback(Output(ids.TASK_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.TASK_REFRESH, "data", allow_duplicate=True),
                 Input(ids.EXTENSION_SEND, "n_clicks"),
                 State(ids.EXTENSION_DATE, "value"), State(ids.EXTENSION_REASON, "value"),
                 State(ids.TASK_ID, "data"), State(ids.TASK_VERSION, "data"),
                 State(ids.TASK_REFRESH, "data"), prevent_initial_call=True)(ask_extension)
    app.callback(Output(ids.TASK_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.TASK_REFRESH, "data", allow_duplicate=True),
                 Output(ids.DIFFICULTY_TEXT, "value"),
                 Input(ids.DIFFICULTY_SEND, "n_clicks"), State(ids.DIFFICULTY_TEXT, "value"),
                 State(ids.TASK_ID, "data"), State(ids.TASK_REFRESH, "data"),
                 prevent_initial_call=True)(report_difficulty)
    app.callback(Output(ids.TASK_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.TASK_REFRESH, "data", allow_duplicate=True),
                 Output(ids.LEADER_NOTE_TEXT, "value"),
                 Input(ids.LEADER_NOTE_SEND, "n_clicks"), State(ids.LEADER_NOTE_KIND, "value"),
                 State(ids.LEADER_NOTE_TEXT, "value"), State(ids.TASK_ID, "data"),
                 State(ids.TASK_REFRESH, "data"), prevent_initial_call=True)(send_leader_note)
    app.callback(Output(ids.TASK_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.TASK_REFRESH, "data", allow_duplicate=True),
                 Input(ids.DECISION_APPROVE, "n_clicks"), Input(ids.DECISION_REJECT, "n_clicks"),
                 State(ids.DECISION_NOTE, "value"), State(ids.TASK_ID, "data"),
                 State(ids.TASK_REFRESH, "data"), prevent_initial_call=True)(decide)
    app.callback(Output(ids.TASK_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.TASK_REFRESH, "data", allow_duplicate=True),
                 Input(ids.EDIT_SAVE, "n_clicks"), State(ids.EDIT_TITLE, "value"),
                 State(ids.EDIT_UNIT, "value"), State(ids.EDIT_START, "value"),
                 State(ids.EDIT_DUE, "value"), State(ids.EDIT_PRIORITY, "value"),
                 State(ids.EDIT_REASON, "value"), State(ids.TASK_ID, "data"),
                 State(ids.TASK_VERSION, "data"), State(ids.TASK_REFRESH, "data"),
                 prevent_initial_call=True)(edit_task)
    app.callback(Output(ids.TASK_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.TASK_REFRESH, "data", allow_duplicate=True),
                 Input(ids.CANCEL_SEND, "n_clicks"), State(ids.CANCEL_REASON, "value"),
                 State(ids.TASK_ID, "data"), State(ids.TASK_VERSION, "data"),
                 State(ids.TASK_REFRESH, "data"), prevent_initial_call=True)(cancel_task)


def checked_task(task_id, action: Action) -> int:
    """The task's number, once the asker may do ``action`` on it: a refusal (403) comes before
    any of their input is read, and an unknown task is a 404."""
    number = parse_task_id(task_id)
    if number is None:
        abort(404)
    with database().session() as session:
        unit_id = task_reads.task_unit(session, number)
    if unit_id is None:
        abort(404)
    if not allowed(action, unit_id):
        abort(403)
    return number


def _version(value) -> int:
    """The version of the task the user's page showed: every change is checked against it, so
    a request without one (a crafted body, an old page) cannot overwrite someone else's change."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise rules.Invalid({"version": "missing_version"})
    return value


def write(change, refresh) -> tuple:
    """Run one change in a transaction: (message, refresh, stored)."""
    try:
        with database().transaction() as session:
            text = change(session)
    except rules.Invalid as problem:
        return forms.problems(problem.errors), no_update, False
    except writes.StaleTaskError as stale:  # show the task as it is now; the form keeps its text
        return forms.stale(stale.current, status_label(stale.current.status)), next_count(refresh), False
    except writes.NotAllowed:
        abort(403)
    except LookupError:
        abort(404)
    return forms.saved(text), next_count(refresh), True


def apply_update(task_number: int, raw: dict, version) -> tuple:
    """Check and store a unit head's update; shared by the task page and the quick update."""
    status, progress, note = rules.check_update(raw)
    official = None
    if raw.get("official") is not None:
        errors: dict[str, str] = {}
        official = rules.clean_text(raw.get("official"), "responsible_official", errors, OFFICIAL_MAX)
        if errors:
            raise rules.Invalid(errors)
    actor = current_actor()

    def change(session):
        writes.record_update(session, task_number, status=status, progress=progress, note=note,
                             by_user_id=actor.id, now=clock.now(), tz=clock.local_zone(),
                             expected_version=_version(version), actor=actor,
                             responsible_official=official)
        return _("Progress saved: %(status)s, %(progress)s%%.", status=status_label(status),
                 progress=progress)
    return change


def save_update(_clicks, status, progress, note, official, task_id, version, refresh):
    number = checked_task(task_id, Action.UPDATE_TASK)
    try:
        change = apply_update(number, {"status": status, "progress": progress, "note": note,
                                       "official": official}, version)
    except rules.Invalid as problem:
        return forms.problems(problem.errors), no_update, no_update
    message, new_refresh, stored = write(change, refresh)
    return message, new_refresh, "" if stored else no_update


def ask_extension(_clicks, new_due, reason, task_id, version, refresh):
    number = checked_task(task_id, Action.REQUEST_EXTENSION)
    errors: dict[str, str] = {}
    day = rules.parse_day(new_due, "new_due", errors)
    text = rules.clean_text(reason, "reason", errors, rules.NOTE_MAX, required=True)
    if errors:
        return forms.problems(errors), no_update
    actor = current_actor()

    def change(session):
        writes.request_extension(session, number, new_due=day, reason=text, actor=actor,
                                 now=clock.now(), tz=clock.local_zone(),
                                 expected_version=_version(version))
        return _("Your request was sent to the leaders.")
    return write(change, refresh)[:2]


def report_difficulty(_clicks, text, task_id, refresh):
    return _note("difficulty", text, task_id, refresh, _("The leaders were asked for direction."))


LEADER_NOTES = {"direction": Action.DIRECT, "urge": Action.URGE, "evaluation": Action.EVALUATE}


def send_leader_note(_clicks, kind, text, task_id, refresh):
    if kind not in LEADER_NOTES:
        checked_task(task_id, Action.DIRECT)  # the refused learn nothing, even of a wrong kind
        return forms.problems({"text": "invalid"}), no_update, no_update
    done = {"direction": _("Direction sent to the unit."), "urge": _("The unit was urged."),
            "evaluation": _("Your evaluation was added to the latest update.")}[kind]
    return _note(kind, text, task_id, refresh, done)


def _note(kind, text, task_id, refresh, done_text):
    number = checked_task(task_id, writes.NOTE_ACTIONS[kind])
    try:
        clean = rules.check_reason({"text": text}, "text")
    except rules.Invalid as problem:
        return forms.problems(problem.errors), no_update, no_update
    actor = current_actor()

    def change(session):
        update_id = task_reads.latest_update_id(session, number) if kind == "evaluation" else None
        writes.add_note(session, number, kind=kind, text=clean, actor=actor, now=clock.now(),
                        update_id=update_id)
        return done_text
    message, new_refresh, stored = write(change, refresh)
    return message, new_refresh, "" if stored else no_update


def decide(_approve, _reject, note, task_id, refresh):
    number = checked_task(task_id, Action.DECIDE_EXTENSION)
    approve = ctx.triggered_id == ids.DECISION_APPROVE
    try:
        comment = rules.check_reason({"reason": note}, required=False)
    except rules.Invalid as problem:
        return forms.problems(problem.errors), no_update
    actor = current_actor()

    def change(session):
        pending = task_reads.pending_extension(session, number)
        if pending is None:
            raise rules.Invalid({"decision": "already_decided"})
        writes.decide_extension(session, pending.id, approve=approve, note=comment, actor=actor,
                                now=clock.now(), tz=clock.local_zone())
        return _("Extension approved: the due date moved.") if approve else _("Extension rejected.")
    return write(change, refresh)[:2]


def edit_task(_clicks, title, unit_code, start, due, priority, reason, task_id, version, refresh):
    number = checked_task(task_id, Action.EDIT_TASK)
    try:
        fields = rules.check_task_fields({"title": title, "start_date": start, "due_date": due,
                                          "priority": priority})
        text = rules.check_reason({"reason": reason}, required=False)
    except rules.Invalid as problem:
        return forms.problems(problem.errors), no_update
    actor = current_actor()

    def change(session):
        current = task_reads.task_detail(session, number)
        if current is None:
            raise LookupError(number)
        unit = unit_reads.unit_by_code(session, unit_code) if isinstance(unit_code, str) else None
        if unit is None:
            raise rules.Invalid({"lead_unit_id": "unknown_unit"})
        kept = rules.TaskFields(fields.title, current.description, current.source_ref or "",
                                current.expected_result, fields.priority, fields.start_date,
                                fields.due_date)
        writes.edit_task(session, number, fields=kept, lead_unit_id=unit.id, reason=text,
                         actor=actor, now=clock.now(), tz=clock.local_zone(),
                         expected_version=_version(version))
        return _("The task was changed. Its history keeps the earlier values.")
    return write(change, refresh)[:2]


def cancel_task(_clicks, reason, task_id, version, refresh):
    number = checked_task(task_id, Action.CANCEL_TASK)
    try:
        text = rules.check_reason({"reason": reason})
    except rules.Invalid as problem:
        return forms.problems(problem.errors), no_update
    actor = current_actor()

    def change(session):
        task = task_reads.task_detail(session, number)
        if task is None:
            raise LookupError(number)
        writes.record_update(session, number, status="cancelled", progress=task.progress,
                             note=text, by_user_id=actor.id, now=clock.now(),
                             tz=clock.local_zone(), expected_version=_version(version), actor=actor)
        return _("The task was cancelled.")
    return write(change, refresh)[:2]
