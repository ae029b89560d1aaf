"""The citizen's rating form: plain server-rendered HTML, no JavaScript, small enough for a
cheap phone on a slow network, Vietnamese unless the citizen picks English."""
from __future__ import annotations

import hashlib
import secrets

from flask import Blueprint, Flask, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError
from limits import parse
from sqlalchemy.exc import DBAPIError, IntegrityError

from db import ratings
from db.portable import is_unavailable

from .. import clock, paths
from ..domain import rules
from ..extensions import csrf, database, limiter
from .auth import too_many_sign_ins
from .errors import error_page, wants_page

bp = Blueprint("citizen", __name__)
DEVICE_COOKIE = "fb_device"


def citizen_language() -> str:
    """Vietnamese by default (the browser's language is not asked); ?lang=en switches."""
    return "en" if request.args.get("lang") == "en" else "vi"


def keyed_hash(value: str) -> str:
    """Only a keyed hash of the device's random id or of the address is stored, never the value."""
    key = current_app.config["SECRET_KEY"].encode()
    return hashlib.sha256(key + value.encode()).hexdigest()


def address_hash() -> str:
    return keyed_hash("address:" + (get_remote_address() or ""))


def render(template: str, status: int = 200, **context):
    language = citizen_language()
    g.language = language
    with force_locale(language):
        body = render_template(template, language=language, reasons=rules.RATING_REASONS,
                               dimensions=rules.DIMENSIONS, **context)
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _may_count_refusal() -> bool:
    """For refusals made before the route's rate limit ran (the input guard's): counted up to
    the same limit per address, so such a flood cannot inflate the leaders' figures."""
    try:
        item = parse(current_app.config["RATING_RATE_LIMIT"])
        return limiter.limiter.hit(item, "rating-refusals", get_remote_address())
    except Exception:  # noqa: BLE001 - the limit store is down: count, as ratings are still taken
        return True


def refuse(code: str, reason: str) -> None:
    """Count a refusal; the citizen's page says why. Refusals are counted in one row per day,
    point and reason, and every code that names no point counts as "unknown": a flood of posts
    to made-up codes grows a counter, never the table."""
    with database().transaction() as session:
        known = ratings.point_by_code(session, code) is not None
        ratings.count_rejection(session, code if known else ratings.UNKNOWN_POINT, clock.now(),
                                clock.local_zone(), reason)


def _point_or_404(code: str, counted: bool = False):
    found = current_app.extensions["known_points"].get(database().session, code)
    if found is None:
        if counted:
            refuse(code, "unknown_point")
        return None, render("feedback_message.html", 404, kind="unknown")
    return found, None


@bp.route("/f/<code>", methods=["GET"])
def form(code: str):
    found, refusal = _point_or_404(code)
    if refusal:
        return refusal
    point, unit_name = found
    case = rules.case_code(request.args.get("case")) or ""
    return with_device_cookie(render("feedback.html", point=point, unit_name=unit_name, case=case, errors={}))


def with_device_cookie(response):
    """A phone keeps a random id of its own (only its keyed hash is stored), so that a double
    tap or a second rating within minutes is recognised."""
    if not request.cookies.get(DEVICE_COOKIE):
        response.set_cookie(DEVICE_COOKIE, secrets.token_urlsafe(18), max_age=2 * 365 * 24 * 3600,
                            httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.route("/f/<code>", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATING_RATE_LIMIT"])
def submit(code: str):
    csrf.protect()  # after the limit: a flood without tokens is refused before anything is written
    found, refusal = _point_or_404(code, counted=True)
    if refusal:
        return refusal
    point, unit_name = found
    raw = {key: request.form.get(key) for key in ("score", "comment")}
    raw.update({f"dim_{d}": request.form.get(f"dim_{d}") for d in rules.DIMENSIONS})
    raw["reasons"] = request.form.getlist("reasons")
    case = rules.case_code(request.form.get("case"))
    now, tz = clock.now(), clock.local_zone()
    try:
        score, dims, comment, reasons = rules.check_rating(raw)
    except rules.Invalid as problem:
        refuse(code, "invalid")
        return render("feedback.html", 400, point=point, unit_name=unit_name, case=case or "",
                       errors=problem.errors, previous=raw)
    device = request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(18)
    try:
        with database().transaction() as session:
            ratings.submit(session, point=point, score=score, dims=dims, comment=comment,
                           reasons=reasons, case_code=case, device_hash=keyed_hash(device),
                           address_hash=address_hash(),
                           allowance=current_app.config["RATINGS_PER_ADDRESS_HOUR"],
                           honeypot=request.form.get("website", ""), now=now, tz=tz)
    except (ratings.Rejected, IntegrityError) as refused:
        reason = refused.reason if isinstance(refused, ratings.Rejected) else "case_used"
        refuse(code, reason)
        return render("feedback_message.html", 200 if reason == "honeypot" else 409, kind=reason,
                       point=point)
    lang = "?lang=en" if citizen_language() == "en" else ""
    return redirect(url_for("citizen.thanks", code=code) + lang, 303)


@bp.route("/f/<code>/thanks")
def thanks(code: str):
    found, refusal = _point_or_404(code)
    if refusal:
        return refusal
    return render("feedback_message.html", kind="thanks", point=found[0])


def _code_of_path() -> str:
    return request.path.removeprefix(paths.FEEDBACK).split("/", 1)[0]


@bp.errorhandler(DBAPIError)  # the citizen's own page, before the dashboard's 503 page
def unavailable(error):
    """The database cannot take the rating now (restarting, disk full): say so, in the form's
    language; the citizen's phone keeps the form to send again."""
    if not is_unavailable(error):
        raise error
    if paths.is_recommendation_path(request.path):
        response = recommendation_message("unavailable", 503)
    else:
        response = render("feedback_message.html", 503, kind="unavailable")
    response.headers["Retry-After"] = "30"
    return response


def recommendation_message(kind: str, status: int, **context):
    """The recommendation pages' own words for a refusal (nothing to count among ratings)."""
    return render("recommendation_message.html", status, kind=kind, **context)


def too_many(error):
    """Citizens who hit a limit get a polite page, never a stack trace."""
    if paths.is_recommendation_path(request.path):
        return recommendation_message("too_many", 429)
    if request.path.startswith(paths.FEEDBACK):
        refuse(_code_of_path(), "rate_limited")
        return render("feedback_message.html", 429, kind="too_many")
    return too_many_sign_ins(error)


def unusable_input():
    """A form the guard refused (a NUL character): the citizen's own page, in their language."""
    if paths.is_recommendation_path(request.path):
        return recommendation_message("unusable", 400)
    if _may_count_refusal():
        refuse(_code_of_path(), "invalid")
    return render("feedback_message.html", 400, kind="unusable")


def csrf_failed(error: CSRFError):
    if paths.is_recommendation_path(request.path):
        return recommendation_message("expired", 400)
    if request.path.startswith(paths.FEEDBACK):
        refuse(_code_of_path(), "csrf")
        return render("feedback_message.html", 400, kind="expired")
    return error_page(400, "expired") if wants_page() else (error.description, 400)


def init_app(app: Flask) -> None:
    app.extensions["known_points"] = ratings.KnownPoints()  # per app: each has its database
    csrf.exempt(bp)  # checked inside submit, after the rate limit
    app.register_blueprint(bp)
    app.register_error_handler(429, too_many)
    app.register_error_handler(CSRFError, csrf_failed)
