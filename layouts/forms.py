"""Form pieces and the words for every validation problem, shared by the task forms."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from flask_babel import gettext as _

from dashboard.domain.vocabulary import (
    MIN_PASSWORD,
    NAME_MAX,
    NOTE_MAX,
    OFFICIAL_MAX,
    SOURCE_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from dashboard.i18n import show_date, show_datetime, show_number

from .components import icon


def field_name(field: str) -> str:
    return {
        "title": _("Title"), "description": _("Description"), "source_ref": _("Source document"),
        "expected_result": _("Expected result"), "priority": _("Priority"),
        "start_date": _("Start"), "due_date": _("Due"), "lead_unit_id": _("Lead unit"),
        "status": _("Status"), "progress": _("Progress"), "note": _("Note"),
        "reason": _("Reason"), "new_due": _("New due date"), "text": _("Text"),
        "decision": _("Decision"), "update_id": _("Update"), "username": _("Username"),
        "full_name": _("Full name"), "role": _("Role"), "unit": _("Unit"), "password": _("Password"),
        "responsible_official": _("Responsible official"), "code": _("Code"), "name": _("Name"), "kind": _("Kind"),
        "parent": _("Parent unit"),
        "display": _("Screen"), "slides": _("Slides"), "rotate_seconds": _("Seconds per slide"),
        "refresh_seconds": _("Refresh every (seconds)"), "locale": _("Language"),
        "expires_on": _("Valid until"), "version": _("This page"), "answer": _("Answer"), "rating": _("This rating"),
        "day": _("Day"), "lead_units": _("Lead unit"), "coordinating_units": _("Coordinating unit"),
        "evaluation": _("Evaluation"), "weekday": _("Weekday"), "at": _("Time"), "attending": _("Attending"),
        "pack_hours": _("Pack ready (hours before)"), "unit_id": _("Unit"), "due": _("Deadline"),
        "task_id": _("Task number"), "briefing": _("This briefing"), "email": _("Email address"),
    }.get(field, field)


def problem_text(code: str) -> str:
    return {
        "required": _("is required."),
        "too_long": _("is too long."),
        "invalid": _("is not a valid choice."),
        "date_unreadable": _("is not a date we can read (use the calendar, dd/mm/yyyy)."),
        "date_out_of_range": _("must be a date between 01/01/2000 and 31/12/2099."),
        "before_start": _("cannot be before the start date."),
        "not_whole": _("must be a whole number from 0 to 100."),
        "out_of_range": _("must be a whole number from 0 to 100."),
        "not_started_with_progress": _("must be 0 while the task is not started."),
        "reason_to_undo": _("must say why: this lowers the progress or reopens a finished task."),
        "unknown_unit": _("is not an active unit."),
        "not_later": _("must be later than the current due date."),
        "already_pending": _("already has a request waiting for a decision."),
        "task_closed": _("cannot change: the task is finished or cancelled."),
        "already_decided": _("was already decided."),
        "nothing_pending": _("has no extension request waiting for it."),
        "no_update_yet": _("cannot be given yet: the unit has reported no update."),
        "cancelled_task": _("cannot change: the task was cancelled."),
        "invalid_username": _("may use lowercase letters, digits, dots, hyphens (3 to 80)."),
        "invalid_code": _("may use lowercase letters, digits and hyphens (2 to 40)."),
        "taken": _("is already used."),
        "short_password": _("needs at least %(n)s characters.", n=MIN_PASSWORD),
        "unknown_user": _("is not a known user."),
        "not_yourself": _("cannot be your own account (you would lock yourself out)."),
        "seconds_out_of_range": _("must be a whole number of seconds in the allowed range."),
        "in_the_past": _("cannot be in the past."),
        "unknown_display": _("is not a known screen."),
        "revoked": _("was revoked: add a new screen instead."),
        "missing_version": _("is out of date: reload the page and try again."),
        "not_low": _("is not a dissatisfied rating with a comment."),
        "already_followed": _("was followed up already: its task is linked below it."),
        "before_meeting": _("cannot be before the meeting's day."),
        "invalid_email": _("is not an email address (name@example.gov.vn)."),
        "screen_over": _("ended hours ago: a screen can no longer be driven for it."),
        "not_unit_task": _("is not a task of this unit."),
        "already_held": _("was held already or has conclusions: it cannot be cancelled."),
    }.get(code, _("is not accepted."))


# The longest text each field takes: a refusal says it (the counter under the box shows it too).
LIMITS = {"title": TITLE_MAX, "description": TEXT_MAX, "expected_result": TEXT_MAX, "source_ref": SOURCE_MAX,
          "note": NOTE_MAX, "reason": NOTE_MAX, "text": NOTE_MAX, "decision": NOTE_MAX,
          "responsible_official": OFFICIAL_MAX, "full_name": NAME_MAX, "name": NAME_MAX}


def _problem(field: str, code: str, limits: dict[str, int]) -> str:
    if code == "too_long" and field in limits:
        return _("is too long: at most %(n)s characters.", n=show_number(limits[field]))
    return problem_text(code)


def field_problem(field: str, code: str) -> str:
    """What is wrong with one field, after its name: "is too long: at most 300 characters." """
    return _problem(field, code, LIMITS)


def problems(errors: dict[str, str], limits: dict[str, int] | None = None) -> dbc.Alert:
    """Every field problem at once; nothing was saved. ``limits`` names a form's own limits
    where a field's name means another length elsewhere (a screen's name, a hiding reason)."""
    known = LIMITS | (limits or {})
    return dbc.Alert([html.Strong(_("Nothing was saved:")), html.Ul([
        html.Li(f"{field_name(field)} {_problem(field, code, known)}") for field, code in errors.items()
    ], className="mb-0")], color="warning", className="form-problems")


def saved(text: str, link: tuple[str, str] | None = None) -> dbc.Alert:
    """What was saved; ``link``: (words, address) of what to open next (then it stays until closed)."""
    if link is None:
        return dbc.Alert([icon("bi-check-circle-fill"), " ", text], color="success", duration=8000)
    return dbc.Alert([icon("bi-check-circle-fill"), " ", text, " ",
                      html.A(link[0], href=link[1], className="alert-link")], color="success", dismissable=True)


def notice(text: str) -> dbc.Alert:
    return dbc.Alert([icon("bi-info-circle-fill"), " ", text], color="info", duration=8000)


def stale(current, status_text: str) -> dbc.Alert:
    """Someone changed the task first: say what it is now; the form keeps what was typed."""
    return dbc.Alert([
        html.Strong(_("Someone changed this task while you were editing it. Nothing was saved.")),
        html.Div(_("Now: %(status)s, %(progress)s%%, due %(due)s, last update %(at)s.",
                   status=status_text, progress=show_number(current.progress),
                   due=show_date(current.due_date), at=show_datetime(current.last_update_at))),
        html.Div(_("Your text is still in the form: check it and save again.")),
    ], color="warning", className="stale-warning")


def refused() -> dbc.Alert:
    return dbc.Alert(_("You are not allowed to make this change."), color="danger")
