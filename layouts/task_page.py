"""One task: the "five clear" facts and its full history as a timeline (read-only)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard import paths
from dashboard.domain.vocabulary import NOTE_MAX, OFFICIAL_MAX, TITLE_MAX
from dashboard.i18n import show_date, show_datetime, show_number

from . import ids
from .components import bucket_header, dropdown, icon, limited_line, limited_text


def title(task_id: str | None = None, **_kwargs) -> str:
    return _("Task")


def page(task_id: str | None = None, **_kwargs) -> html.Main:
    return html.Main([
        dcc.Store(id=ids.TASK_ID, data=task_id), dcc.Store(id=ids.TASK_REFRESH, data=0),
        dcc.Store(id=ids.TASK_VERSION),
        html.Div(id=ids.TASK_MESSAGE, role="status", **{"aria-live": "polite"}),
        dbc.Row([
            dbc.Col(dcc.Loading(html.Div(id=ids.TASK_BODY)), lg=7),
            dbc.Col([head_actions(), leader_actions()], lg=5),
        ]),
    ])


def _card(title_text: str, body: list, icon_name: str) -> dbc.Card:
    return dbc.Card([dbc.CardHeader([icon(icon_name), " ", title_text]), dbc.CardBody(body)],
                    className="mb-3 action-card")


def status_options() -> list[dict]:
    return [{"label": status_label(s), "value": s} for s in ("not_started", "in_progress", "done")]


def head_actions() -> html.Div:
    """What the head of the task's unit can do (shown to them only; checked on the server)."""
    return html.Div([
        _card(_("Report progress"), [
            dbc.Label(_("Status"), html_for=ids.UPDATE_STATUS),
            dbc.RadioItems(id=ids.UPDATE_STATUS, options=status_options(), value="in_progress",
                           className="mb-2 big-choices"),
            dbc.Label(_("Progress (%)"), html_for=ids.UPDATE_PROGRESS),
            dbc.Input(id=ids.UPDATE_PROGRESS, type="number", min=0, max=100, step=1,
                      inputMode="numeric", className="mb-2"),
            dbc.Label(_("Note"), html_for=ids.UPDATE_NOTE),
            limited_text(ids.UPDATE_NOTE, NOTE_MAX, rows=3),
            dbc.Label(_("Responsible official in your unit"), html_for=ids.UPDATE_OFFICIAL),
            limited_line(ids.UPDATE_OFFICIAL, OFFICIAL_MAX),
            dbc.Button(_("Save progress"), id=ids.UPDATE_SAVE, color="primary", className="w-100 big-button"),
        ], "bi-arrow-repeat"),
        _card(_("Ask for more time"), [
            dbc.Label(_("New due date"), html_for=ids.EXTENSION_DATE),
            dbc.Input(id=ids.EXTENSION_DATE, type="date", className="mb-2"),
            dbc.Label(_("Reason"), html_for=ids.EXTENSION_REASON),
            limited_text(ids.EXTENSION_REASON, NOTE_MAX),
            dbc.Button(_("Send the request"), id=ids.EXTENSION_SEND, color="secondary",
                       className="w-100 big-button"),
        ], "bi-calendar-plus"),
        _card(_("Report a difficulty"), [
            limited_text(ids.DIFFICULTY_TEXT, NOTE_MAX,
                         placeholder=_("What stops the work, and what you need from the leaders")),
            dbc.Button(_("Ask for direction"), id=ids.DIFFICULTY_SEND, color="warning",
                       className="w-100 big-button"),
        ], "bi-exclamation-diamond"),
    ], id=ids.TASK_HEAD_ACTIONS, hidden=True)


def leader_actions() -> html.Div:
    return html.Div([
        html.Div(_card(_("Extension request"), [
            dbc.Label(_("Comment"), html_for=ids.DECISION_NOTE),
            limited_text(ids.DECISION_NOTE, NOTE_MAX),
            dbc.Row([dbc.Col(dbc.Button(_("Approve"), id=ids.DECISION_APPROVE, color="success",
                                        className="w-100 big-button")),
                     dbc.Col(dbc.Button(_("Reject"), id=ids.DECISION_REJECT, color="danger",
                                        outline=True, className="w-100 big-button"))]),
        ], "bi-calendar-check"), id=ids.DECISION_BOX, hidden=True),
        _card(_("Direct or urge the unit"), [
            dbc.RadioItems(id=ids.LEADER_NOTE_KIND, value="direction", inline=True, className="mb-2 choice-row",
                           options=[{"label": _("Direction"), "value": "direction"},
                                    {"label": _("Urge"), "value": "urge"},
                                    {"label": _("Evaluate the latest update"), "value": "evaluation"}]),
            dbc.Label(_("Text"), html_for=ids.LEADER_NOTE_TEXT),
            limited_text(ids.LEADER_NOTE_TEXT, NOTE_MAX, rows=3),
            dbc.Button(_("Send"), id=ids.LEADER_NOTE_SEND, color="primary", className="w-100 big-button"),
        ], "bi-megaphone"),
        _card(_("Edit the task"), [
            dbc.Label(_("Title"), html_for=ids.EDIT_TITLE),
            limited_line(ids.EDIT_TITLE, TITLE_MAX),
            dbc.Label(_("Lead unit"), html_for=ids.EDIT_UNIT),
            dropdown(id=ids.EDIT_UNIT, clearable=False, className="mb-2"),
            dbc.Row([dbc.Col([dbc.Label(_("Start"), html_for=ids.EDIT_START),
                              dbc.Input(id=ids.EDIT_START, type="date")]),
                     dbc.Col([dbc.Label(_("Due"), html_for=ids.EDIT_DUE),
                              dbc.Input(id=ids.EDIT_DUE, type="date")])], className="mb-2"),
            dbc.Label(_("Priority"), html_for=ids.EDIT_PRIORITY),
            dbc.Select(id=ids.EDIT_PRIORITY, className="mb-2", options=[
                {"label": priority_label(p), "value": p} for p in ("low", "normal", "high", "urgent")]),
            dbc.Label(_("Reason for the change"), html_for=ids.EDIT_REASON),
            limited_text(ids.EDIT_REASON, NOTE_MAX),
            dbc.Button(_("Save the changes"), id=ids.EDIT_SAVE, color="primary", className="w-100 big-button"),
        ], "bi-pencil"),
        _card(_("Cancel the task"), [
            dbc.Label(_("Reason"), html_for=ids.CANCEL_REASON),
            limited_text(ids.CANCEL_REASON, NOTE_MAX),
            dbc.Button(_("Cancel the task"), id=ids.CANCEL_SEND, color="danger", outline=True,
                       className="w-100 big-button"),
        ], "bi-x-octagon"),
    ], id=ids.TASK_LEADER_ACTIONS, hidden=True)


def status_label(status: str) -> str:
    return {"not_started": _("Not started"), "in_progress": _("In progress"), "done": _("Done"),
            "cancelled": _("Cancelled")}.get(status, status)


def priority_label(priority: str) -> str:
    return {"low": _("Low"), "normal": _("Normal"), "high": _("High"), "urgent": _("Urgent")}.get(
        priority, priority)


def _fact(label: str, value) -> list:
    return [html.Dt(label, className="col-sm-4"), html.Dd(value or "—", className="col-sm-8")]


def source_rating(source) -> dbc.Alert | None:
    """A task made from a dissatisfied citizen's comment shows that comment (never who sent it)."""
    if source is None:
        return None
    words = html.Q(source.comment) if source.comment is not None else html.Em(_("(the comment was hidden since)"))
    return dbc.Alert([icon("bi-chat-square-quote"), " ",
                      html.Strong(_("From a citizen's rating at %(point)s on %(day)s:", point=source.point_label,
                                    day=show_datetime(source.at))), " ",
                      html.Span("★" * source.score + "☆" * (5 - source.score), className="stars"), " ",
                      words], color="light", className="source-rating")


def detail(task, bucket: str | None, entries, pending=None, source=None) -> html.Div:
    facts = html.Dl([
        *_fact(_("Lead unit"), html.A(task.unit_name, href=paths.unit(task.unit_code))),
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
        html.Div(html.Div(f"{task.progress}%", className="progress-bar", role="progressbar",
                          style={"width": f"{task.progress}%"},
                          **{"aria-valuenow": task.progress, "aria-valuemin": 0, "aria-valuemax": 100,
                             "aria-label": _("Progress")}),
                 className="progress mb-3", style={"height": "1.25rem"}),
        source_rating(source),
        html.P(task.description) if task.description else None,
        facts,
        dbc.Alert([icon("bi-calendar-plus"), " ", _(
            "Waiting for a decision: move the due date %(old)s → %(new)s. Reason: %(reason)s",
            old=show_date(pending.old_due_date), new=show_date(pending.new_due_date),
            reason=pending.reason or "—")], color="info") if pending else None,
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
    if entry.kind == "difficulty":
        return [icon("bi-exclamation-diamond-fill"), " ", _("Difficulty reported")
                + ("" if entry.decision else " · " + _("waiting for direction"))]
    if entry.kind == "direction":
        return [icon("bi-signpost-2-fill"), " ", _("Direction")]
    if entry.kind == "urge":
        return [icon("bi-megaphone-fill"), " ", _("Urged")]
    if entry.kind == "evaluation":
        return [icon("bi-chat-square-text"), " ", _("Evaluation")]
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
    """A number with no task behind it: say so, and where to go instead."""
    return dbc.Alert([_("There is no task with this number."), " ",
                      html.A(_("See every task"), href=paths.TASKS, className="alert-link")], color="warning")
