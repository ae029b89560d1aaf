"""A person's inbox (/inbox): their daily digests, the newest first, with how many are unread;
their choices (an address for the mail, or no digest at all); for an admin, the digests whose
mail failed after every try. Plain forms with CSRF tokens."""
from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dashboard.domain import digests as logic
from dashboard.domain.policy import Action
from dashboard.domain.rules import Invalid
from db import digests

from .. import clock, paths
from ..access import allowed
from ..extensions import database
from ..i18n import show_date
from ..mail.digest_text import headings
from .plain_forms import CsrfOnlyForm, expired, problem_lines

bp = Blueprint("inbox", __name__)


def _page(status: int = 200, problems: list[str] | None = None, values=None):
    with database().session() as s:
        kept = digests.inbox(s, current_user.id)
        email, off = digests.choices(s, current_user.id)
        failed = digests.failed(s) if allowed(Action.ADMINISTER) else None
    values = values if values is not None else {"email": email or "", "off": off}
    return render_template("inbox.html", kept=kept, unread=sum(not d.read for d in kept), form=CsrfOnlyForm(),
                           values=values, problems=problems or [], failed=failed, headings=headings,
                           show_date=show_date, gets_digest=current_user.role in logic.DIGEST_ROLES), status


@bp.route(paths.INBOX)
def index():
    return _page()


@bp.route(paths.INBOX + "/read", methods=["POST"])
def read():
    if CsrfOnlyForm().validate_on_submit():
        with database().transaction() as s:
            digests.mark_read(s, current_user.id, clock.now())
    return redirect(url_for("inbox.index"), 303)


@bp.route(paths.INBOX + "/choices", methods=["POST"])
def choices():
    values = {"email": request.form.get("email", ""), "off": bool(request.form.get("off"))}
    if not CsrfOnlyForm().validate_on_submit():
        return _page(400, expired(), values)
    try:
        email = logic.check_email(values["email"])
    except Invalid as problem:
        return _page(400, problem_lines(problem.errors), values)
    with database().transaction() as s:
        digests.set_choices(s, current_user.id, email=email, off=values["off"], now=clock.now())
    flash(_("Saved: you will not receive the daily digest.") if values["off"] else
          _("Saved: the daily digest comes to %(to)s and to this inbox.", to=email) if email else
          _("Saved: the daily digest comes to this inbox only."), "success")
    return redirect(url_for("inbox.index"), 303)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
