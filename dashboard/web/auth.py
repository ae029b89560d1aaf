"""Sign-in: Flask-Login sessions, the login/logout routes and the one gate for every request."""
from __future__ import annotations

import logging
import math
from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import DBAPIError
from werkzeug.security import check_password_hash
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from db import audit_log, sessions

from .. import clock, paths
from ..access import SignedInUser, actor_of
from ..domain import sign_in
from ..domain.policy import starts_on_own_unit
from ..extensions import database, limit_wait, limiter, login_manager
from ..paths import safe_next
from .errors import error_page, wants_page

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

# Everything else needs a signed-in user: pages redirect to /login, Dash's endpoints answer 401.
PUBLIC_PREFIXES = (paths.LOGIN, "/lang/", "/assets/", "/_dash-component-suites/", paths.FEEDBACK,
                   paths.RECOMMENDATION + "/", paths.RESULTS + "/", paths.DISPLAY, "/healthz", "/readyz",
                   "/favicon.ico", "/_favicon.ico", "/robots.txt")
PUBLIC_PATHS = (paths.RECOMMENDATION, paths.RESULTS)  # these exactly (they redirect below themselves)
DASH_PREFIX = "/_dash-"
SCREEN_PREFIX = paths.DISPLAY  # meeting-room screens: their secret link is checked by web.screens
# Screens and the load balancer's probes never sign in: asking who they are would set a cookie.
# No session is read or written there: screens, probes, and static files (cached publicly).
# The API: its callers send a token (web.api.tokens), never a cookie.
SESSIONLESS_PREFIXES = (SCREEN_PREFIX, "/healthz", "/readyz", "/assets/", "/_dash-component-suites/",
                        paths.API)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


@login_manager.user_loader
def load_user(cookie_id: str) -> SignedInUser | None:
    """The user of an open session: the cookie's token must name a session the server has not
    ended (sign-out, password or role change, deactivation) and that is within its lifetime."""
    user_id, _, token = cookie_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit()) or not token or len(token) > 100:
        return None
    lifetime = timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])
    with database().session() as s:
        found = sessions.find(s, int(user_id), token, clock.now() - lifetime)
    if found is None:
        return None
    return SignedInUser(found.user_id, found.username, found.full_name, found.role, found.unit_id,
                        found.unit_code, token)


def _idle_too_long() -> bool:
    """Mark the session as seen (at most once a minute, so the cookie rarely changes) and say
    whether it had been idle longer than allowed."""
    now = clock.now().timestamp()
    seen = session.get("seen")
    if isinstance(seen, (int, float)) and now - seen > 60 * current_app.config["SESSION_IDLE_MINUTES"]:
        return True
    if not isinstance(seen, (int, float)) or now - seen > 60:
        session["seen"] = now
    return False


def _end_sessions(because: str, everywhere: bool = False) -> None:
    """End this session's row (or every row of the user) and the cookie. The cookie is cleared
    even when the database cannot write just now: the rows then end with their lifetime."""
    token = getattr(current_user, "session_token", "")
    try:
        with database().transaction() as s:
            if everywhere:
                ended = sessions.end_all(s, current_user.id, clock.now(), because)
                _audit(s, "signed_out_everywhere", current_user.id, {"sessions": ended})
            elif token:
                sessions.end(s, token, clock.now(), because)
    except DBAPIError as error:
        log.warning("session not ended in the database (%s): the cookie is cleared",
                    type(error).__name__)
    finally:
        logout_user()
        session.clear()


def home_path(user) -> str:
    """Where a user starts: a unit head on their own unit's page, everyone else the overview."""
    if user.unit_code and starts_on_own_unit(actor_of(user)):
        return paths.unit(user.unit_code)
    return "/"


def gate():
    """The one ``before_request`` check that protects pages and Dash's own routes."""
    path = request.path
    if path.startswith(SESSIONLESS_PREFIXES):
        return None
    if current_user.is_authenticated and _idle_too_long():
        _end_sessions("idle")
        flash(_("You were signed out after a while without activity. Please sign in again."), "info")
    if current_user.is_authenticated:
        if path == "/" and home_path(current_user) != "/":
            return redirect(home_path(current_user))
        return None
    if path.startswith(PUBLIC_PREFIXES) or path in PUBLIC_PATHS:
        return None
    if path.startswith(DASH_PREFIX):
        return jsonify(error="sign-in required"), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _audit(s, action: str, user_id: int | None, detail: dict, target: str | None = None) -> None:
    audit_log.record(s, action, target, by=user_id, at=clock.now(), address=request.remote_addr, **detail)


def _wait_page(form, wait: timedelta, status: int = 429):
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    response = make_response(render_template("login.html", form=form, wait_minutes=minutes), status)
    response.headers["Retry-After"] = str(math.ceil(wait.total_seconds()))
    return response


def too_many_sign_ins(error):
    """The address's limit: the same styled page, in the reader's language."""
    if request.path == paths.LOGIN:
        return _wait_page(LoginForm(), limit_wait())
    return error_page(429, retry_after=math.ceil(limit_wait().total_seconds())) if wants_page() else error


# Checked when the name is unknown, so a refusal costs the same hashing whether the name exists
# or not: the hash of a random password thrown away (no secret: an unknown name is refused
# whatever the check says), made like real ones (tests/test_auth.py), kept as a constant because
# making one slows every start.
UNKNOWN_USER_HASH = ("scrypt:32768:8:1$xvHt98apQmz8KnyZ$657393828f9b1f6a6a61a8b54ce0a776d25bbfa68d81a24f68fdec534b156"
                     "c61e79ea754992b90539bc51018c9c01228a666202cb9881334c21258f0aae875e6")


def _account_key() -> str:
    """Attempts on one account from one address. Across addresses an account is slowed by
    growing delays (dashboard.domain.sign_in), never locked: a botnet cannot lock an official out."""
    return f"account:{(request.form.get('username') or '').strip().lower()[:80]}@{request.remote_addr}"


@bp.route(paths.LOGIN, methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], methods=["POST"],
               key_func=_account_key)
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        now = clock.now()
        with database().session() as s:
            failures, last = audit_log.recent_sign_in_failures(s, username, now - sign_in.WINDOW)
        wait = sign_in.wait_left(failures, last, now, current_app.config["LOGIN_FREE_FAILURES"])
        if wait:  # not even checked: guesses during the wait cost the guesser nothing but time
            return _wait_page(form, wait)
        with database().transaction() as s:
            user = sessions.account(s, username)
            # The same hashing work whether or not the name exists: timing tells nothing.
            stored = user.password_hash if user is not None else UNKNOWN_USER_HASH
            password_ok = check_password_hash(stored, form.password.data)
            if user is not None and user.active and password_ok:
                _audit(s, "login", user.user_id, {})
                user_id = user.user_id
            else:
                _audit(s, "login_failed", None, {"username": username[:80]},
                       target=audit_log.sign_in_target(username))
                user_id = None
        if user_id is not None:
            with database().transaction() as s:
                token = sessions.start(s, user_id, clock.now())
            session.clear()  # no session fixation: a fresh session for the signed-in user
            login_user(load_user(f"{user_id}:{token}"))
            session["seen"] = clock.now().timestamp()
            return redirect(safe_next(form.next.data))
        flash(_("Wrong username or password."), "danger")
        return render_template("login.html", form=form), 401
    status = 400 if request.method == "POST" else 200  # e.g. a missing or stale CSRF token
    return render_template("login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """End this session on the server: a copy of its cookie opens nothing afterwards."""
    if current_user.is_authenticated:
        _end_sessions("signed_out")
    return redirect(url_for("auth.login"))


@bp.route("/logout/everywhere", methods=["POST"])
def logout_everywhere():
    """End every session of this user: a lost phone, a shared office PC left signed in."""
    if current_user.is_authenticated:
        _end_sessions("everywhere", everywhere=True)
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.register_blueprint(bp)
    app.before_request(gate)
