"""The public results page (/kq/): what citizens may read of the units whose results an
administrator published, in plain words, without JavaScript; one page per unit beside it."""
from __future__ import annotations

from flask import Blueprint, Flask, redirect, url_for

from .. import clock, paths
from ..extensions import database
from ..services.public_results import public_results
from .citizen import citizen_language, render

bp = Blueprint("results", __name__)


def _page(code: str | None):
    with database().session() as session:
        results = public_results(session, clock.today())
    shown = results.units if code is None else tuple(u for u in results.units if u.code == code)
    if code is not None and not shown:
        return render("results.html", 404, results=results, shown=(), unit=None, missing=True)
    response = render("results.html", results=results, shown=shown, unit=shown[0] if code else None,
                      missing=False)
    response.headers["Cache-Control"] = "public, max-age=600"  # figures of days that have ended
    return response


@bp.route(f"{paths.RESULTS}/")
def organisation():
    return _page(None)


@bp.route(f"{paths.RESULTS}/<code>")
def unit(code: str):
    return _page(code)


@bp.route(paths.RESULTS)
def bare():
    return redirect(url_for("results.organisation", **({"lang": "en"} if citizen_language() == "en" else {})), 308)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
