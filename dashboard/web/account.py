"""A person's API tokens (/account/api-tokens): made with a name, an expiry and maybe only the
right to read, after the person's password (a session left open on a shared computer does not
hand out lasting keys); shown once; revoked with one button. Plain forms with CSRF tokens: they
work on any phone, without the Dash app."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from db import api_tokens, audit_log, sessions

from .. import clock, paths
from ..extensions import database, limiter
from ..i18n import show_date, show_datetime

bp = Blueprint("account", __name__)
FORM_ONCE = "api_token_form"  # the session's one-time mark of the form last shown
EXPIRY_DAYS = {"30": 30, "90": 90, "365": 365, "never": None}


class NewTokenForm(FlaskForm):
    name = StringField(_l("What will use it"),
                       validators=[DataRequired(_l("is required.")),
                                   Length(max=80, message=_l("is too long: at most 80 characters."))],
                       description=_l("e.g. the document-management system, or a report script"))
    expires = SelectField(_l("Valid for"), default="90", validate_choice=False,  # checked in ``tokens``
                          choices=[SelectChoice("30", _l("30 days")), SelectChoice("90", _l("90 days")),
                                   SelectChoice("365", _l("one year")), SelectChoice("never", _l("until revoked"))])
    read_only = BooleanField(_l("Read only: it may read, never change anything"), default=True)
    password = PasswordField(_l("Your password"), validators=[DataRequired(_l("is required.")), Length(max=200)])
    once = HiddenField()  # a reload of the answer sends the same mark again: nothing is made twice


class RevokeForm(FlaskForm):
    pass


def _page(form: NewTokenForm, new_token: str | None = None, status: int = 200):
    form.once.data = session[FORM_ONCE] = secrets.token_urlsafe(16)
    form.password.data = ""
    now = clock.now()
    with database().session() as s:
        tokens = api_tokens.open_tokens(s, current_user.id, now)
    response = make_response(render_template(
        "api_tokens.html", form=form, revoke=RevokeForm(), new_token=new_token, tokens=tokens,
        show_date=show_date, show_datetime=show_datetime, docs_path=paths.API_DOCS), status)
    response.headers["Cache-Control"] = "no-store"  # the new token is on it once, never in a cache
    return response


def _user_key() -> str:
    return f"token-form:{getattr(current_user, 'id', '')}"


@bp.route(paths.API_TOKENS, methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["TOKEN_FORM_LIMIT"], methods=["POST"], key_func=_user_key)  # guesses
def tokens():
    form = NewTokenForm()
    if request.method == "GET":
        return _page(form)
    if form.once.data != session.pop(FORM_ONCE, None):  # sent before (a reload) or from an old page
        flash(_("That form was already sent: a token made then is in the list below."), "info")
        return redirect(url_for("account.tokens"), 303)
    if not form.validate_on_submit():
        return _page(form, status=400)
    if form.expires.data not in EXPIRY_DAYS:
        form.expires.errors = [_("is not a valid choice.")]
        return _page(form, status=400)
    with database().session() as s:
        account = sessions.account(s, current_user.username)
    if account is None or not check_password_hash(account.password_hash, form.password.data):
        form.password.errors = [_("is not your password.")]
        return _page(form, status=400)
    now = clock.now()
    days = EXPIRY_DAYS[form.expires.data]
    expires_at = None if days is None else clock.end_of_day(clock.today() + timedelta(days=days))
    name = form.name.data.strip()
    try:
        with database().transaction() as s:
            token_id, token = api_tokens.create(s, current_user.id, name=name, read_only=form.read_only.data,
                                                expires_at=expires_at, now=now)
            audit_log.record(s, "api_token_created", f"api_token:{token_id}", by=current_user.id, at=now,
                             name=name, read_only=form.read_only.data,
                             expires_on=str(clock.today() + timedelta(days=days)) if days else None)
    except api_tokens.TooManyTokens:
        flash(_("You hold %(n)s tokens already: revoke one you no longer use first.", n=api_tokens.TOKENS_MAX),
              "warning")
        return _page(form, status=409)
    return _page(NewTokenForm(formdata=None), new_token=token, status=201)  # shown this once: never stored


@bp.route(paths.API_TOKENS + "/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id: int):
    if not RevokeForm().validate_on_submit():
        return _page(NewTokenForm(formdata=None), status=400)
    now = clock.now()
    with database().transaction() as s:
        ended = api_tokens.revoke(s, current_user.id, token_id, now)
        if ended:
            audit_log.record(s, "api_token_revoked", f"api_token:{token_id}", by=current_user.id, at=now)
    if ended:
        flash(_("The token was revoked: it opens nothing any more."), "success")
    else:
        flash(_("That token is not among your open tokens: nothing was revoked."), "warning")
    return redirect(url_for("account.tokens"), 303)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
