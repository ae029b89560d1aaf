"""The figures of the overview, a unit and satisfaction as of any day and period: the read
services the pages call, so the API's numbers are the pages' numbers."""
from __future__ import annotations

from callbacks.overview import figures_key
from dashboard.access import current_scope
from dashboard.cache import computed_once
from dashboard.domain.policy import Action
from dashboard.extensions import database
from dashboard.services import overview as overview_service
from dashboard.services import satisfaction as satisfaction_service
from dashboard.services import unit as unit_service

from . import represent, schemas
from .common import blueprint, documented, guard, readable_unit, window_of

bp = blueprint("figures", "Figures as of any day and period: the overview, a unit, citizens' satisfaction.")


@bp.route("/figures/overview", methods=["GET"])
@guard(Action.SEE_OVERVIEW)
@bp.arguments(schemas.FiguresQuery, location="query", unknown=schemas.RAISE)
@bp.response(200, schemas.OverviewFigures)
@documented(bp, 403, 422)
def overview(args: dict):
    """The overview's headline (with the previous period's values), the unit ranking and the
    units silent at the end of the period."""
    window = window_of(args)
    with database().session() as session:  # the same for everyone who sees it: computed once per change
        return computed_once(figures_key("api-overview", window, session), lambda: _overview(session, window))


def _overview(session, window) -> dict:
    figures = overview_service.overview(session, window)
    return {"window": represent.window(window), "headline": represent.headline(figures.headline),
            "ranking": [represent.ranking_row(row) for row in figures.ranking],
            "silent_units": [represent.unit_ref(unit.code, unit.name) for unit in figures.silent]}


@bp.route("/figures/units/<code>", methods=["GET"])
@bp.arguments(schemas.FiguresQuery, location="query", unknown=schemas.RAISE)
@bp.response(200, schemas.UnitFigures)
@documented(bp, 403, 404, 422)
def unit(args: dict, code: str):
    """One unit's figures: its headline, its tasks by bucket, its overdue count and its weeks."""
    with database().session() as session:
        found = readable_unit(session, code)
        window = window_of(args)
        page = unit_service.unit_page(session, found.id, window, silent=True)
        unit_code, name = found.code, found.name
    return {"unit": represent.unit_ref(unit_code, name), "window": represent.window(window),
            "headline": represent.headline(page.overview.headline), "buckets": dict(page.bucket_totals),
            "overdue_total": page.overdue_total,
            "weeks": [{"start": w.start, "end": w.end, "done_on_time": w.done_on_time, "done_late": w.done_late,
                       "overdue_at_end": w.overdue_at_end} for w in page.weeks]}


@bp.route("/figures/satisfaction", methods=["GET"])
@guard(Action.SEE_SATISFACTION)
@bp.arguments(schemas.SatisfactionQuery, location="query", unknown=schemas.RAISE)
@bp.response(200, schemas.SatisfactionFigures)
@documented(bp, 403, 404, 422)
def satisfaction(args: dict):
    """Citizens' ratings summed over the period: in total, by dimension, by unit and by point
    (of every unit the caller reads, or of the unit asked for)."""
    window = window_of(args)
    scope = current_scope()
    with database().session() as session:
        unit_ids = None if scope.everything else list(scope.unit_ids or ())
        if args.get("unit"):
            unit_ids = [readable_unit(session, args["unit"]).id]
        page = satisfaction_service.satisfaction_page(session, window.shown, unit_ids)
    return {"window": represent.window(window), "total": represent.satisfaction(page.total),
            "dimensions": {name: represent.satisfaction(value) for name, value in page.dimensions.items()},
            "units": [{"rank": u.rank, "name": u.name, "satisfaction": represent.satisfaction(u.satisfaction)}
                      for u in page.units],
            "points": [{"code": p.code, "label": p.label, "unit_name": p.unit_name,
                        "satisfaction": represent.satisfaction(p.satisfaction)} for p in page.points]}
