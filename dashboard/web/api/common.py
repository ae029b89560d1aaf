"""What every resource of the API shares: its blueprints (with the problem answers), the checks
of who may do what (the one policy, through ``dashboard.access``) and the write path's errors."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import Response, current_app, g
from flask_smorest import Blueprint
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from dashboard import clock
from dashboard.access import allowed
from dashboard.domain import rules
from dashboard.domain.overview import PeriodError, Window, resolve_window
from dashboard.domain.policy import Action
from dashboard.extensions import csrf, database, limiter
from db import task_reads, unit_reads
from db import tasks as writes
from db.permission import NotAllowed

from . import problems, represent
from .schemas import Problem
from .schemas import Task as TaskSchema
from .tokens import rate_key

BLUEPRINTS: list[Blueprint] = []  # every resource's, registered by ``api.init_app``


class Refused(Exception):
    """A request answered with a problem (raised anywhere below a view)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def refuse(status: int, **kwargs) -> Refused:
    return Refused(problems.problem(status, **kwargs))


def blueprint(name: str, description: str) -> Blueprint:
    """A resource's blueprint: its errors answered as problems, before the app's error pages."""
    bp = Blueprint(name, __name__, url_prefix="/api/v1", description=description)
    bp.register_error_handler(HTTPException, problems.from_http_error)
    for code in problems.TITLES:  # the app's own handlers of these codes (pages) would come first
        bp.register_error_handler(code, problems.from_http_error)
    bp.register_error_handler(DBAPIError, problems.from_database_error)
    bp.register_error_handler(Refused, lambda refused: refused.response)
    bp.register_error_handler(rules.Invalid, lambda invalid: problems.invalid(invalid.errors))
    bp.register_error_handler(NotAllowed, lambda _error: problems.problem(403))
    csrf.exempt(bp)  # a token, not a cookie: nothing for a forged page to ride on
    # One count per token across every operation (calls without a valid token: tokens.authenticate).
    limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api-v1", key_func=rate_key)(bp)
    BLUEPRINTS.append(bp)
    return bp


EVERY_OPERATION = (400, 401, 429, 503)  # a bad query, no token, too many calls, the database away
EVERY_CHANGE = (413, 415)  # a body too big, or not JSON


def documented(bp: Blueprint, *codes: int) -> Callable:
    """Document the problems an operation may answer with, besides those every one may."""
    def decorate(function):
        for code in sorted({*EVERY_OPERATION, *codes}, reverse=True):
            function = bp.alt_response(code, schema=Problem, content_type=problems.MEDIA_TYPE,
                                       description=str(problems.TITLES[code]))(function)
        return function
    return decorate


def require(action: Action, unit_id: int | None = None) -> None:
    """403 unless the caller may do ``action``; a read-only token does nothing but read."""
    if not allowed(action, unit_id):
        raise refuse(403)


def require_writer() -> None:
    token = g.get("api_token")
    if token is not None and token.read_only:
        raise refuse(403, kind="read_only", detail=problems.read_only_detail())


def task_unit_or_404(task_id: int) -> int:
    """The lead unit of a task the caller asks about; 404 when there is no such task."""
    if rules.row_id(task_id) is None:
        raise refuse(404, kind="task")
    with database().session() as session:
        unit_id = task_reads.task_unit(session, task_id)
    if unit_id is None:
        raise refuse(404, kind="task")
    return unit_id


READS = frozenset({Action.SEE_OVERVIEW, Action.SEE_UNIT, Action.SEE_SATISFACTION})


def guard(action: Action | None) -> Callable:
    """Refuse (403, 404 for no such task) before the request's query or body is read: the
    decorator goes right under ``@bp.route``, above ``@bp.arguments``. On a route with a task,
    ``action`` is asked about the task's unit; None: a change whose action the body names
    (asked again, inside, once it is read)."""
    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if action not in READS:
                require_writer()
            unit_id = task_unit_or_404(kwargs["task_id"]) if "task_id" in kwargs else None
            if action is not None:
                require(action, unit_id)
            return view(*args, **kwargs)
        return checked
    return decorate


def readable_unit(session, code: str):
    """The unit with ``code``, once the caller may read it: 404 for no such unit
    (to one who reads every unit), 403 otherwise, as the unit's page answers."""
    found = unit_reads.unit_by_code(session, code)
    if found is None:
        require(Action.SEE_OVERVIEW)  # one who reads only their unit learns nothing of other codes
        raise refuse(404, kind="unit")
    require(Action.SEE_UNIT, found.id)
    return found


def window_of(args: dict) -> Window:
    """The period a figures request asks for, as the pages resolve it; 422 when it cannot be."""
    today = clock.today()
    try:
        return resolve_window(args.get("period", "week"), args.get("day") or today, today,
                              args.get("start"), args.get("end"))
    except PeriodError as error:
        raise refuse(422, kind="period", detail=problems.period_detail(str(error)),
                     codes={"period": str(error)}) from error


class StaleVersion(Exception):
    """The version sent is not the task's: answered as a stale change (409)."""


def write(change: Callable, task_id: int | None = None):
    """Run ``change(session)`` in one transaction; the domain's refusals become problems."""
    try:
        with database().transaction() as session:
            return change(session)
    except rules.Invalid as problem:
        raise Refused(problems.invalid(problem.errors)) from problem
    except (writes.StaleTaskError, StaleVersion) as stale:
        with database().session() as session:
            current = represent.task(session, task_id if task_id is not None else stale.current.id)
        raise Refused(problems.stale(TaskSchema().dump(current))) from stale
    except NotAllowed as error:
        raise refuse(403) from error
    except LookupError as error:
        raise refuse(404, kind="task") from error


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
