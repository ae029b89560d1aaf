"""The public results page (/kq/): what citizens may read of the units whose results an
administrator published, in plain words, without JavaScript; one page per unit beside it."""
from __future__ import annotations

from flask import Blueprint, Flask, redirect, url_for

from db import audit_log

from .. import clock, paths
from ..cache import cache
from ..cache import key as cache_key
from ..extensions import database
from ..services.public_results import PublicResults, public_results
from .citizen import citizen_language, render

bp = Blueprint("results", __name__)


def _results(code: str | None) -> PublicResults:
    """Anyone may ask, as often as they like: the figures of days that have ended are kept ten
    minutes (a moderation shows within them, a unit published or withdrawn at once)."""
    today = clock.today()
    with database().session() as session:
        key = cache_key("public-results", today, code, audit_log.latest_of(session, "results_published"))
        found = cache.get(key)
        if found is None:
            found = public_results(session, today, code)
            cache.set(key, found, timeout=600)
    return found


def _page(code: str | None):
    results = _results(code)
    if code is not None and not results.units:
        return render("results.html", 404, results=results, unit=None, missing=True)
    response = render("results.html", results=results, unit=results.units[0] if code else None, missing=False)
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
