"""One task: the "five clear" facts and its full history as a timeline (read-only)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard.i18n import show_date, show_datetime, show_number

from . import ids
from .components import bucket_header, icon


def title(task_id: str | None = None, **_kwargs) -> str:
    return _("Task")


def page(task_id: str | None = None, **_kwargs) -> html.Main:
    return html.Main([dcc.Store(id=ids.TASK_ID, data=task_id),
                      dcc.Loading(html.Div(id=ids.TASK_BODY))])


def status_label(status: str) -> str:
    return {"not_started": _("Not started"), "in_progress": _("In progress"), "done": _("Done"),
            "cancelled": _("Cancelled")}.get(status, status)


def priority_label(priority: str) -> str:
    return {"low": _("Low"), "normal": _("Normal"), "high": _("High"), "urgent": _("Urgent")}.get(
        priority, priority)


def _fact(label: str, value) -> list:
    return [html.Dt(label, className="col-sm-4"), html.Dd(value or "—", className="col-sm-8")]


def detail(task, bucket: str | None, entries) -> html.Div:
    facts = html.Dl([
        *_fact(_("Lead unit"), html.A(task.unit_name, href=f"/units/{task.unit_code}")),
        *_fact(_("Coordinating units"), ", ".join(task.coordinating)),
        *_fact(_("Responsible official"), task.responsible_official),
        *_fact(_("Expected result"), task.expected_result),
        *_fact(_("Source document"), task.source_ref),
        *_fact(_("Priority"), priority_label(task.priority)),
        *_fact(_("Start"), show_date(task.start_date)),
        *_fact(_("Due"), show_date(task.due_date) + (
            "" if task.due_date == task.leader_due_date else
            " " + _("(extended from %(day)s)", day=show_date(task.leader_due_date)))),
        *_fact(_("Status"), f"{status_label(task.status)} · {show_number(task.progress)}%"),
    ], className="row task-facts")
    return html.Div([
        html.H1(task.title, className="h3"),
        html.Div(bucket_header(bucket) if bucket else status_label(task.status), className="mb-3"),
        dbc.Progress(value=task.progress, label=f"{task.progress}%", className="mb-3",
                     style={"height": "1.25rem"}),
        html.P(task.description) if task.description else None,
        facts,
        html.H2(_("History"), className="h5 mt-4"),
        timeline(entries),
    ])


def _entry_text(entry) -> list:
    if entry.kind == "assigned":
        return [icon("bi-send"), " ", _("Assigned to %(unit)s, due %(day)s", unit=entry.unit_name,
                                          day=show_date(entry.due_date))]
    if entry.kind == "edited":
        return [icon("bi-pencil"), " ", _("Edited: %(unit)s, due %(day)s", unit=entry.unit_name,
                                          day=show_date(entry.due_date))]
    if entry.kind == "update":
        return [icon("bi-arrow-repeat"), " ",
                _("%(status)s, %(progress)s%%", status=status_label(entry.status),
                  progress=show_number(entry.progress))]
    if entry.kind == "extension_requested":
        return [icon("bi-calendar-plus"), " ", _("Asked to move the due date %(old)s → %(new)s",
                                                 old=show_date(entry.old_due_date),
                                                 new=show_date(entry.due_date))]
    decided = _("Extension approved") if entry.decision == "approved" else _("Extension rejected")
    return [icon("bi-check2-square" if entry.decision == "approved" else "bi-x-square"), " ", decided]


def timeline(entries) -> html.Ol:
    if not entries:
        return html.P(_("No history yet."), className="text-muted")
    return html.Ol([html.Li([
        html.Div([html.Strong(_entry_text(entry)), html.Small(
            f" · {entry.who or _('system')} · {show_datetime(entry.at)}", className="text-muted")]),
        html.Div(entry.note, className="timeline-note") if entry.note else None,
    ], className=f"timeline-item timeline-{entry.kind}") for entry in entries],
        className="timeline list-unstyled")


def not_allowed() -> dbc.Alert:
    return dbc.Alert([icon("bi-shield-lock"), " ", _("You are not allowed to see this task.")],
                     color="danger")


def not_found() -> dbc.Alert:
    return dbc.Alert(_("There is no task with this number."), color="warning")
