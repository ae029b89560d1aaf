"""Tasks through the API: the register's list, one task and its history, and every change a
person makes on the task's page (assign, edit, cancel, update, extension, difficulty, direction),
checked by the same rules and written by the same functions as the pages."""
from __future__ import annotations

import hashlib
import json

from flask import Response, request
from sqlalchemy.exc import IntegrityError

from dashboard import clock
from dashboard.access import current_actor, current_scope
from dashboard.domain import rules
from dashboard.domain.policy import Action
from dashboard.extensions import database
from dashboard.services import register as register_service
from db import api_idempotency, task_reads, unit_reads
from db import tasks as writes

from . import problems, represent, schemas
from .common import (
    EVERY_CHANGE,
    Refused,
    StaleVersion,
    blueprint,
    documented,
    guard,
    readable_unit,
    refuse,
    require,
    task_unit_or_404,
    write,
)

bp = blueprint("tasks", "Tasks: the register, one task, its history, and the changes people make.")


@bp.route("/tasks", methods=["GET"])
@bp.arguments(schemas.TaskQuery, location="query", unknown=schemas.RAISE, as_kwargs=True)
@bp.response(200, schemas.TaskList)
@documented(bp, 403, 404, 422)
def list_tasks(page: int, per_page: int, descending: bool, unit: str | None = None, sort: str | None = None,
               **filters):
    """The tasks the caller may read, filtered and sorted as the register does.

    Without sort, the most urgent come first; bucket is counted as of today. A page past the
    last one has no items."""
    scope = current_scope()
    with database().session() as session:
        unit_ids = None if scope.everything else list(scope.unit_ids or ())
        if unit is not None:
            unit_ids = [readable_unit(session, unit).id]
        answer = register_service.register(
            session, register_service.Filters(search=filters.get("search", ""), status=filters.get("status"),
                                              bucket=filters.get("bucket"), priority=filters.get("priority"),
                                              due_from=filters.get("due_from"), due_to=filters.get("due_to")),
            unit_ids, register_service.Page(order=sort, descending=descending, first=(page - 1) * per_page,
                                            size=per_page))
    past_the_end = answer.first != (page - 1) * per_page  # the register shows page one then; a script stops
    return {"as_of": answer.today, "total": answer.total, "page": page, "per_page": per_page,
            "items": [] if past_the_end else [_row(row) for row in answer.rows]}


def _row(row) -> dict:
    return {"id": row.id, "title": row.title, "unit": represent.unit_ref(row.unit_code, row.unit_name),
            "status": row.status, "progress": row.progress, "priority": row.priority, "due_date": row.due_date,
            "done_on_time": row.done_on_time}


@bp.route("/tasks", methods=["POST"])
@guard(Action.ASSIGN_TASK)
@bp.arguments(schemas.IdempotencyHeader, location="headers", as_kwargs=True)
@bp.arguments(schemas.NewTask)
@bp.response(201, schemas.Created)
@documented(bp, 403, 422, *EVERY_CHANGE)
def create_tasks(body: dict, key: str | None = None):
    """Assign a task: one for each lead unit (one directive to many units, as the page does)."""
    actor = current_actor()
    asked = hashlib.sha256(json.dumps(request.get_json(silent=True), sort_keys=True, default=str)
                           .encode()).hexdigest()
    if key is not None:
        replay = _replayed(actor.id, key, asked)
        if replay is not None:
            return replay
    fields = rules.check_task_fields({**body, "start_date": body.get("start_date") or clock.today()})

    def change(session):
        known = {code: unit_id for unit_id, code, _name, _kind in unit_reads.active_units(session)}
        codes, helpers = list(dict.fromkeys(body["lead_units"])), body["coordinating_units"]
        unknown = {field: ", ".join(code for code in given if code not in known)
                   for field, given in (("lead_units", codes), ("coordinating_units", helpers))}
        unknown = {field: text for field, text in unknown.items() if text}
        if unknown:
            raise Refused(problems.invalid(dict.fromkeys(unknown, "unknown_unit"), unknown))
        made = [writes.assign_task(session, fields=fields, lead_unit_id=known[code], actor=actor,
                                   now=clock.now(), tz=clock.local_zone(),
                                   coordinating_unit_ids=[known[h] for h in helpers]).id for code in codes]
        session.flush()
        answer = {"items": [represent.task(session, task_id) for task_id in made]}
        if key is not None:
            stored = json.dumps(schemas.Created().dump(answer), ensure_ascii=False)
            api_idempotency.keep(session, actor.id, key, api_idempotency.Answer(asked, 201, stored), clock.now())
        return answer
    try:
        answer = write(change)
    except IntegrityError:  # the same key, sent again while the first was being stored
        replay = _replayed(actor.id, key or "", asked)
        if replay is None:
            raise
        return replay
    return answer, 201


def _replayed(user_id: int, key: str, asked: str) -> Response | None:
    """The stored answer of an earlier request with this key; 422 if it asked something else."""
    with database().session() as session:
        earlier = api_idempotency.answer(session, user_id, key)
    if earlier is None:
        return None
    if earlier.request_hash != asked:
        raise refuse(422, kind="idempotency", detail=problems.key_reused_detail(),
                     codes={schemas.IDEMPOTENCY_HEADER: "reused"})
    response = Response(earlier.body, earlier.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.route("/tasks/<int:task_id>", methods=["GET"])
@guard(Action.SEE_UNIT)
@bp.response(200, schemas.Task)
@documented(bp, 403, 404)
def get_task(task_id: int):
    """One task as it is now, with its version (send it back with each change)."""
    return _current(task_id)


def _current(task_id: int) -> dict:
    with database().session() as session:
        found = represent.task(session, task_id)
    if found is None:
        raise refuse(404, kind="task")
    return found


@bp.route("/tasks/<int:task_id>", methods=["PATCH"])
@guard(Action.EDIT_TASK)
@bp.arguments(schemas.TaskEdit)
@bp.response(200, schemas.Task)
@documented(bp, 403, 404, 409, 422, *EVERY_CHANGE)
def edit_task(body: dict, task_id: int):
    """Change a task's title, lead unit, dates or priority (a leader), as its page does. Fields
    left out keep their value; the history keeps the earlier ones. A cancelled task is not changed."""
    actor = current_actor()
    reason = rules.check_reason(body, required=False)

    def change(session):
        current = task_reads.task_detail(session, task_id)
        if current is None:
            raise LookupError(task_id)
        fields = rules.check_task_fields({
            "title": body.get("title", current.title), "description": current.description,
            "source_ref": current.source_ref or "", "expected_result": current.expected_result,
            "priority": body.get("priority", current.priority),
            "start_date": body.get("start_date", current.start_date),
            "due_date": body.get("due_date", current.due_date)})
        unit = unit_reads.unit_by_code(session, body["lead_unit"]) if "lead_unit" in body else None
        if "lead_unit" in body and (unit is None or not unit.active):
            raise rules.Invalid({"lead_unit_id": "unknown_unit"})
        unit_id = unit.id if unit else current.unit_id
        if body["version"] == current.version and unit_id == current.unit_id and fields == rules.TaskFields(
                current.title, current.description, current.source_ref or "", current.expected_result,
                current.priority, current.start_date, current.due_date):
            return  # nothing to change: no new version, no empty line in the history
        writes.edit_task(session, task_id, fields=fields, lead_unit_id=unit_id,
                         reason=reason, actor=actor, now=clock.now(), tz=clock.local_zone(),
                         expected_version=body["version"])
    write(change, task_id)
    return _current(task_id)


@bp.route("/tasks/<int:task_id>/cancel", methods=["POST"])
@guard(Action.CANCEL_TASK)
@bp.arguments(schemas.Cancel)
@bp.response(200, schemas.Task)
@documented(bp, 403, 404, 409, 422, *EVERY_CHANGE)
def cancel_task(body: dict, task_id: int):
    """Cancel a task (a leader), saying why."""
    actor = current_actor()
    reason = rules.check_reason(body)

    def change(session):
        current = task_reads.task_detail(session, task_id)
        if current is None:
            raise LookupError(task_id)
        writes.record_update(session, task_id, status="cancelled", progress=current.progress, note=reason,
                             by_user_id=actor.id, now=clock.now(), tz=clock.local_zone(),
                             expected_version=body["version"], actor=actor)
    write(change, task_id)
    return _current(task_id)


@bp.route("/tasks/<int:task_id>/updates", methods=["POST"])
@guard(Action.UPDATE_TASK)
@bp.arguments(schemas.Update)
@bp.response(201, schemas.Task)
@documented(bp, 403, 404, 409, 422, *EVERY_CHANGE)
def add_update(body: dict, task_id: int):
    """A unit head reports progress on one of their unit's tasks."""
    status, progress, note = rules.check_update(body)
    official = body.get("responsible_official")
    official = official.strip() if official is not None else None
    actor = current_actor()
    write(lambda session: writes.record_update(
        session, task_id, status=status, progress=progress, note=note, by_user_id=actor.id, now=clock.now(),
        tz=clock.local_zone(), expected_version=body["version"], actor=actor, responsible_official=official),
        task_id)
    return _current(task_id), 201


@bp.route("/tasks/<int:task_id>/extensions", methods=["POST"])
@guard(Action.REQUEST_EXTENSION)
@bp.arguments(schemas.ExtensionRequest)
@bp.response(201, schemas.Task)
@documented(bp, 403, 404, 409, 422, *EVERY_CHANGE)
def request_extension(body: dict, task_id: int):
    """A unit head asks the leaders for a later due date."""
    errors: dict[str, str] = {}
    new_due = rules.parse_day(body["new_due_date"], "new_due", errors)
    reason = rules.clean_text(body["reason"], "reason", errors, rules.NOTE_MAX, required=True)
    if errors:
        raise rules.Invalid(errors)
    actor = current_actor()
    write(lambda session: writes.request_extension(
        session, task_id, new_due=new_due, reason=reason, actor=actor, now=clock.now(),
        tz=clock.local_zone(), expected_version=body["version"]), task_id)
    return _current(task_id), 201


@bp.route("/tasks/<int:task_id>/extension-decision", methods=["POST"])
@guard(Action.DECIDE_EXTENSION)
@bp.arguments(schemas.Decision)
@bp.response(200, schemas.Task)
@documented(bp, 403, 404, 409, 422, *EVERY_CHANGE)
def decide_extension(body: dict, task_id: int):
    """A leader approves (the due date moves) or rejects the task's pending extension request,
    as read at version (any change of the task since, a new request included, is a 409)."""
    note = rules.check_reason(body, "note", required=False)
    actor = current_actor()

    def change(session):
        current = task_reads.task_detail(session, task_id)
        if current is not None and current.version != body["version"]:  # another request since it was read
            raise StaleVersion
        pending = task_reads.pending_extension(session, task_id)
        if pending is None:
            raise rules.Invalid({"decision": "nothing_pending"})
        writes.decide_extension(session, pending.id, approve=body["approve"], note=note, actor=actor,
                                now=clock.now(), tz=clock.local_zone())
    write(change, task_id)
    return _current(task_id)


@bp.route("/tasks/<int:task_id>/notes", methods=["POST"])
@guard(None)
@bp.arguments(schemas.Note)
@bp.response(201, schemas.History)
@documented(bp, 403, 404, 422, *EVERY_CHANGE)
def add_note(body: dict, task_id: int):
    """A difficulty (a unit head asks for direction), or a leader's direction, urging or
    evaluation of the latest update. Answers the task's history."""
    kind = body["kind"]
    require(writes.NOTE_ACTIONS[kind], task_unit_or_404(task_id))
    text = rules.check_reason(body, "text")
    actor = current_actor()

    def change(session):
        update_id = task_reads.latest_update_id(session, task_id) if kind == "evaluation" else None
        if kind == "evaluation" and update_id is None:
            raise rules.Invalid({"evaluation": "no_update_yet"})
        writes.add_note(session, task_id, kind=kind, text=text, actor=actor, now=clock.now(), update_id=update_id)
    write(change, task_id)
    return _history(task_id), 201


@bp.route("/tasks/<int:task_id>/history", methods=["GET"])
@guard(Action.SEE_UNIT)
@bp.response(200, schemas.History)
@documented(bp, 403, 404)
def task_history(task_id: int):
    """Every recorded event of the task, oldest first; nothing in it is ever overwritten."""
    return _history(task_id)


def _history(task_id: int) -> dict:
    with database().session() as session:
        entries = task_reads.task_timeline(session, task_id)
    return {"items": [{"at": e.at, "kind": e.kind, "who": e.who, "status": e.status, "progress": e.progress,
                       "note": e.note, "due_date": e.due_date, "old_due_date": e.old_due_date,
                       "decision": e.decision, "unit_name": e.unit_name} for e in entries]}

