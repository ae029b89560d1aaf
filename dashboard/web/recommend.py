"""A citizen's recommendation (kiến nghị): written from the counter's QR code, answered by the
unit, read back with its tracking code. Plain HTML, no JavaScript, the rating form's
protections (CSRF, the address's rate limit, a honeypot, holding a flood for review)."""
from __future__ import annotations

import secrets

from flask import Blueprint, Flask, current_app, redirect, request, url_for
from sqlalchemy.exc import DBAPIError

from db import recommendations
from db.ratings import Rejected

from .. import clock, paths
from ..domain import recommendations as rules
from ..domain.rules import Invalid
from ..extensions import csrf, database, limiter
from .citizen import (
    DEVICE_COOKIE,
    address_hash,
    citizen_language,
    keyed_hash,
    recommendation_message,
    render,
    unavailable,
    with_device_cookie,
)

bp = Blueprint("recommend", __name__)
bp.register_error_handler(DBAPIError, unavailable)  # the database is down: the citizen's own page


def _point(code: str):
    return current_app.extensions["known_points"].get(database().session, code)


def _url(endpoint: str, **values) -> str:
    """A page of ours in the language the citizen chose."""
    if citizen_language() == "en":
        values["lang"] = "en"
    return url_for(endpoint, **values)


@bp.route(f"{paths.FEEDBACK}<code>{paths.RECOMMEND_FORM}", methods=["GET"])
def form(code: str):
    found = _point(code)
    if found is None:
        return recommendation_message("unknown_point", 404)
    point, unit_name = found
    return with_device_cookie(render("recommend.html", point=point, unit_name=unit_name, errors={},
                                     previous={}, days=current_app.config["RECOMMENDATION_DAYS"]))


@bp.route(f"{paths.FEEDBACK}<code>{paths.RECOMMEND_FORM}", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATING_RATE_LIMIT"])
def submit(code: str):
    csrf.protect()  # after the limit, as for ratings
    found = _point(code)
    if found is None:
        return recommendation_message("unknown_point", 404)
    point, unit_name = found
    raw = {key: request.form.get(key) for key in ("text", "contact")}
    try:
        text, contact = rules.check_recommendation(raw)
    except Invalid as problem:  # the form comes back with what was typed, and why
        return render("recommend.html", 400, point=point, unit_name=unit_name, errors=problem.errors,
                      previous=raw, days=current_app.config["RECOMMENDATION_DAYS"])
    device = request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(18)
    try:
        with database().transaction() as session:
            stored = recommendations.submit(
                session, point=point, text=text, contact=contact, device_hash=keyed_hash(device),
                address_hash=address_hash(), allowance=current_app.config["RATINGS_PER_ADDRESS_HOUR"],
                honeypot=request.form.get("website", ""), now=clock.now(), tz=clock.local_zone(),
                working_days=current_app.config["RECOMMENDATION_DAYS"])
            tracking = stored.code
    except recommendations.AlreadySent as sent:  # a double tap: the code of the first one again
        return redirect(_url("recommend.status", code=sent.code, new=1), 303)
    except Rejected as refused:
        return recommendation_message(refused.reason, 200 if refused.reason == "honeypot" else 409, point=point)
    return redirect(_url("recommend.status", code=tracking, new=1), 303)


@bp.route(f"{paths.RECOMMENDATION}/")
def look_up():
    """Type the code from the paper or the phone's screen; a wrong one is said so."""
    typed = request.args.get("code")
    if typed is None:
        return render("recommendation_look_up.html", typed="", error=False)
    code = rules.tracking_code(typed)
    if code is None:
        return render("recommendation_look_up.html", 400, typed=typed[:40], error=True)
    return redirect(_url("recommend.status", code=code), 303)


@bp.route(paths.RECOMMENDATION)
def look_up_bare():
    return redirect(_url("recommend.look_up"), 308)


@bp.route(f"{paths.RECOMMENDATION}/<code>")
def status(code: str):
    canonical = rules.tracking_code(code)
    if canonical is None:
        return render("recommendation_look_up.html", 404, typed=code[:40], error=True)
    if canonical != code:
        return redirect(_url("recommend.status", code=canonical), 308)
    with database().session() as session:
        found = recommendations.public_status(session, code)
    if found is None:
        return render("recommendation_look_up.html", 404, typed=code, error=True)
    timeliness = rules.timeliness(found.due_day, found.published_day, clock.today())
    return render("recommendation_status.html", found=found, timeliness=timeliness,
                  new=request.args.get("new") == "1")


def init_app(app: Flask) -> None:
    csrf.exempt(bp)  # checked inside submit, after the rate limit
    app.register_blueprint(bp)
