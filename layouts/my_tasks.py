"""The unit head's list: open tasks, most urgent first, each updated in three taps."""
from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard import paths
from dashboard.domain.vocabulary import NOTE_MAX
from dashboard.i18n import show_date, show_datetime, show_number

from . import ids
from .components import icon, limited_text

QUICK_CHOICES = ("25", "50", "60", "75", "90", "done")


def section() -> html.Section:
    """Placed on the head's own unit page; filled by a callback."""
    return html.Section([
        dcc.Store(id=ids.MY_REFRESH, data=0), dcc.Store(id=ids.QUICK_TARGET),
        html.Div(id=ids.MY_URGES),
        html.H2([icon("bi-list-check"), " ", _("Your tasks, most urgent first")], className="h5"),
        html.Div(id=ids.QUICK_MESSAGE, role="status", **{"aria-live": "polite"}),
        dcc.Loading(html.Div(id=ids.MY_TASKS)),
        dbc.Modal([
            dbc.ModalHeader(dbc.ModalTitle(id=ids.QUICK_TITLE)),
            dbc.ModalBody([
                html.P(id=ids.QUICK_CURRENT, className="text-muted mb-2"),
                dbc.Label(_("New progress")),
                dbc.RadioItems(id=ids.QUICK_CHOICE, options=[
                    {"label": _("Done") if c == "done" else f"{c}%", "value": c} for c in QUICK_CHOICES],
                    inline=True, className="quick-choices", inputClassName="btn-check",
                    labelClassName="btn btn-outline-primary", labelCheckedClassName="active"),
                dbc.Label(_("Note (needed if you lower the progress)"), html_for=ids.QUICK_NOTE, className="mt-3"),
                limited_text(ids.QUICK_NOTE, NOTE_MAX),
                html.Div(id=ids.QUICK_PROBLEM, role="alert", className="mt-2"),
            ]),
            dbc.ModalFooter(dbc.Button(_("Save"), id=ids.QUICK_SAVE, color="primary",
                                       className="big-button w-100")),
        ], id=ids.QUICK_MODAL, is_open=False, centered=True, labelledby=ids.QUICK_TITLE),
    ], className="mb-4 my-tasks")


def current_progress(progress: int) -> str:
    return _("Now: %(progress)s%%", progress=progress)


def task_list(tasks, today: date) -> html.Div:
    if not tasks:
        return dbc.Alert(_("Nothing is open. Well done."), color="success")
    items = []
    for task in tasks:
        late = task.due_date < today
        when = (_("overdue by %(n)s days", n=show_number((today - task.due_date).days)) if late
                else _("due %(day)s", day=show_date(task.due_date)))
        items.append(html.Li([
            html.Div([html.A(task.title, href=paths.task(task.id), className="fw-semibold"),
                      html.Div([html.Span([icon("bi-exclamation-triangle-fill"), " "] if late else [],
                                          className="bucket-overdue"),
                                when, " · ", f"{show_number(task.progress)}%"],
                               className="small " + ("bucket-overdue fw-bold" if late else "text-muted"))],
                     className="flex-grow-1"),
            dbc.Button([icon("bi-pencil-square"), " ", _("Update")], id=ids.quick_open(task.id),
                       color="primary", outline=not late, className="big-button"),
        ], className="d-flex align-items-center gap-2 my-task" + (" my-task-late" if late else "")))
    return html.Ul(items, className="list-unstyled")


def urges(items) -> html.Div:
    if not items:
        return html.Div()
    return html.Div([dbc.Alert([
        icon("bi-megaphone-fill"), " ",
        html.Strong(_("Urged by %(who)s on %(at)s:", who=u.who or "—", at=show_datetime(u.at))), " ",
        html.A(u.title, href=paths.task(u.task_id)), html.Div(u.text),
    ], color="danger", className="urge") for u in items])
