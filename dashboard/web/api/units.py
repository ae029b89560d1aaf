"""Who the caller is, the units they may read and the citizens' feedback points."""
from __future__ import annotations

from flask import g
from flask_login import current_user

from dashboard.access import current_scope
from dashboard.extensions import database
from db import satisfaction, unit_reads

from ... import paths
from . import represent, schemas
from .common import blueprint, documented

bp = blueprint("units", "Who you are, the units you read, and the citizens' feedback points.")


@bp.route("/me", methods=["GET"])
@bp.response(200, schemas.Me)
@documented(bp)
def me():
    """The account the token acts for, with its role now (a token has no rights of its own)."""
    return {"username": current_user.username, "full_name": current_user.full_name, "role": current_user.role,
            "unit": current_user.unit_code, "read_only": g.api_token.read_only}


@bp.route("/units", methods=["GET"])
@bp.response(200, schemas.UnitList)
@documented(bp)
def units():
    """The active units the caller reads: offices first, then communes, in Vietnamese order."""
    scope = current_scope()
    with database().session() as session:
        parents = unit_reads.parent_codes(session)
        rows = [unit for unit in unit_reads.active_units(session) if scope.allows(unit.id)]
    return {"items": [{"code": unit.code, "name": unit.name, "kind": unit.kind, "parent": parents.get(unit.id)}
                      for unit in rows]}


@bp.route("/feedback-points", methods=["GET"])
@bp.response(200, schemas.FeedbackPointList)
@documented(bp)
def feedback_points():
    """The active counters citizens rate (of the units the caller reads), with their form's path."""
    scope = current_scope()
    with database().session() as session:
        points = [point for point in satisfaction.active_points(session) if scope.allows(point.unit_id)]
    return {"items": [{"code": point.code, "label": point.label,
                       "unit": represent.unit_ref(point.unit_code, point.unit_name),
                       "form": paths.FEEDBACK + point.code} for point in points]}
