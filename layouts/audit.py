"""The audit log in words: each action's name, who did it, on what, and its details as a list of
"field: before → after" in the reader's language (codes only for a code this release does not know)."""
from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import html
from flask_babel import gettext as _

from dashboard import paths
from dashboard.domain.audit import Change, changes
from dashboard.domain.displays import SLIDES
from dashboard.i18n import show_date, show_datetime, show_number

from .display import slide_title
from .shell import role_label
from .task_page import priority_label, status_label

SHORT = 80  # characters of a text shown in the table; the whole text is in its tooltip


def action_names() -> dict[str, str]:
    """Every code of dashboard.domain.audit.ACTIONS, named in the request's language."""
    return {
        "task_assigned": _("Task assigned"),
        "tasks_imported": _("Tasks imported from Excel"),
        "task_updated": _("Progress updated"),
        "task_cancelled": _("Task cancelled"),
        "task_edited": _("Task changed by a leader"),
        "extension_requested": _("Extension requested"),
        "extension_approved": _("Extension approved"),
        "extension_rejected": _("Extension rejected"),
        "note_difficulty": _("Difficulty reported"),
        "note_direction": _("Direction given"),
        "note_urge": _("Unit urged"),
        "note_evaluation": _("Update evaluated"),
        "user_created": _("User account created"),
        "user_changed": _("User account changed"),
        "password_reset": _("Password reset"),
        "login": _("Signed in"),
        "login_failed": _("Failed sign-in"),
        "signed_out_everywhere": _("Signed out on every device"),
        "api_token_created": _("API token made"),
        "api_token_revoked": _("API token revoked"),
        "digest_settings_changed": _("Daily digest settings changed"),
        "briefing_schedule_set": _("Weekly briefing scheduled"),
        "briefing_added": _("Briefing added"),
        "briefing_cancelled": _("Briefing cancelled"),
        "briefing_concluded": _("Briefing conclusion recorded"),
        "briefing_screen_driven": _("Meeting-room screen driven during a briefing"),
        "unit_created": _("Unit created"),
        "unit_changed": _("Unit renamed, closed or reopened"),
        "point_created": _("Feedback point created"),
        "calendar_changed": _("Working calendar changed"),
        "results_published": _("Results for citizens published or withdrawn"),
        "display_created": _("Meeting-room screen created"),
        "display_changed": _("Meeting-room screen changed"),
        "display_link_replaced": _("Screen link replaced"),
        "display_revoked": _("Meeting-room screen revoked"),
        "rating_hidden": _("Rating hidden"),
        "rating_shown": _("Rating shown again"),
        "ratings_released": _("Held ratings counted"),
        "ratings_kept_out": _("Held ratings kept out"),
        "recommendation_answered": _("Answer to a citizen drafted"),
        "recommendation_published": _("Answer published to a citizen"),
        "days_reopened": _("Closed days reopened"),
    }


def action_name(code: str) -> str:
    """The action in words; a code from a later release reads as itself."""
    return action_names().get(code, code)


def _field_names() -> dict[str, str]:
    return {
        "title": _("Title"), "lead_unit_id": _("Lead unit"), "status": _("Status"),
        "responsible_official": _("Responsible official"), "progress": _("Progress"),
        "start_date": _("Start"), "due_date": _("Due"), "priority": _("Priority"),
        "old_due_date": _("Previous due date"), "new_due_date": _("Requested due date"),
        "reason": _("Reason"), "note": _("Note"), "text": _("Content"),
        "username": _("Username"), "role": _("Role"), "unit": _("Unit"), "unit_id": _("Unit"),
        "active": _("Active"), "code": _("Code"), "name": _("Name"), "label": _("Counter or desk"),
        "slides": _("Slides"), "rotate_seconds": _("Seconds per slide"),
        "refresh_seconds": _("Refresh every (seconds)"), "locale": _("Language"),
        "expires_on": _("Valid until"), "count": _("Number of ratings"),
        "sessions": _("Sessions ended"), "from": _("From"), "answer": _("Answer"),
        "public_results": _("Results on the public page"),
        "working": _("Working day"), "day": _("Day"),
        "file": _("File"), "tasks": _("Tasks created"), "read_only": _("Read only"),
        "tokens": _("API tokens revoked"),
    }


def field_name(field: str) -> str:
    return _field_names().get(field, field)


def _day(value) -> str:
    try:
        return show_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def value_text(field: str, value, unit_names=None) -> str:
    """A detail's value in words: labels for codes, the locale's dates and numbers, unit names."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field == "status":
        return status_label(str(value))
    if field == "priority":
        return priority_label(str(value))
    if field == "role":
        return role_label(str(value))
    if field in ("lead_unit_id", "unit_id"):
        return (unit_names or {}).get(value) or f"#{value}"
    if field in ("start_date", "due_date", "old_due_date", "new_due_date", "expires_on", "from", "day"):
        return _day(value)
    if field == "progress":
        return f"{show_number(value)}%" if isinstance(value, int | float) else str(value)
    if field == "locale":
        return {"vi": "Tiếng Việt", "en": "English"}.get(str(value), str(value))
    if field == "slides" and isinstance(value, list):
        return ", ".join(slide_title(s) if s in SLIDES else str(s) for s in value)
    if isinstance(value, int | float):
        return show_number(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{field_name(k)}: {value_text(k, v, unit_names)}" for k, v in value.items())
    return str(value)


def shortened(text: str, limit: int = SHORT) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _value(text: str, className: str) -> html.Span:
    """A value cut to SHORT characters for the table, the whole text in its tooltip."""
    short = shortened(text)
    return html.Span(short, className=className, title=text if short != text else None)


def change_text(change: Change, unit_names=None) -> str:
    """One change as a sentence: "Status: In progress → Done", or "Reason: …" for a plain fact."""
    after = value_text(change.field, change.after, unit_names)
    if not change.changed:
        return f"{field_name(change.field)}: {after}"
    return f"{field_name(change.field)}: {value_text(change.field, change.before, unit_names)} → {after}"


def detail_list(entry) -> html.Ul | str:
    """The changes, one a line; nothing for an event without details (a sign-in)."""
    lines = []
    for change in changes(entry.detail):
        parts = [html.Span(f"{field_name(change.field)}: ", className="audit-field")]
        if change.changed:
            parts += [_value(value_text(change.field, change.before, entry.unit_names), "audit-before"),
                      " → "]
        parts.append(_value(value_text(change.field, change.after, entry.unit_names), "audit-after"))
        lines.append(html.Li(parts))
    return html.Ul(lines, className="audit-detail list-unstyled mb-0") if lines else ""


def who(entry) -> html.Span:
    """The person by name; "System" for the command line and the nightly job; a failed sign-in
    has nobody behind it yet, only an address."""
    if entry.username is None:
        if entry.action == "login_failed":
            text = _("Unknown, from %(address)s", address=entry.address) if entry.address else _("Unknown")
            return html.Span(text)
        return html.Span(_("System"), className="fst-italic")
    return html.Span(entry.full_name or entry.username,
                     title=" · ".join(filter(None, (entry.username, entry.address))))


def target(entry):
    """What the change was made on, by its name (the task's title links to the task)."""
    kind, _sep, rest = (entry.target or "").partition(":")
    ident, _sep, more = rest.partition(":")
    name = entry.target_name
    if kind == "task" and ident.isdigit():
        text = shortened(f"{_('Task')}: {name}" if name else f"{_('Task')} #{ident}")
        return html.A(text, href=paths.task(ident), title=name or None)
    if kind == "point":
        label = f"{_('Feedback point')}: {name or '#' + ident}"
        return label + (f", {_day(more)}" if more else "")
    words = {"user": _("User account"), "unit": _("Unit"), "display": _("Screen")}
    if kind in words:
        return f"{words[kind]}: {name or '#' + ident}"
    if kind == "rating":
        return _("Rating #%(n)s", n=ident)
    if kind == "day":
        return _("Days from %(day)s", day=_day(rest))
    if kind == "login":
        return f"{_('User account')}: {rest}"
    return entry.target or ""


def audit_table(rows) -> dbc.Table | html.P:
    if not rows:
        return html.P(_("Nothing recorded yet."))
    body = [html.Tr([html.Td(show_datetime(row.at), className="text-nowrap"), html.Td(who(row)),
                     html.Td(action_name(row.action), className="audit-action"), html.Td(target(row)),
                     html.Td(detail_list(row))])
            for row in rows]
    return dbc.Table([html.Thead(html.Tr([html.Th(_("When")), html.Th(_("Who")), html.Th(_("Action")),
                                          html.Th(_("Target")), html.Th(_("Detail"))])),
                      html.Tbody(body)], size="sm", responsive=True, className="audit-table")
