"""One unit's page: its figures, tasks by bucket, overdue list, progress, ratings and comments."""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard import clock, paths
from dashboard.domain.policy import Rights
from dashboard.i18n import show_date, show_datetime, show_number

from . import elements as e
from . import ids
from .components import bucket_header, deferred, icon
from .figures import chart
from .my_tasks import section as my_tasks_section
from .overview import controls

if TYPE_CHECKING:
    from dashboard.services.unit import BucketedTask


def title(code: str | None = None, **_kwargs) -> str:
    return _("Unit")


def page(code: str | None = None, rights: Rights = Rights(), **_kwargs) -> html.Main:
    if code is not None and not rights.may_see_unit(code):
        return html.Main([html.H1(_("Unit"), className="h3"), not_allowed()])
    # Dash calls each page once without URL variables to learn every id the app can show:
    # that call gets the whole skeleton, whoever happens to make the first request.
    skeleton = code is None
    own = skeleton or rights.own_unit_code is not None
    return html.Main([
        dcc.Store(id=ids.UNIT_CODE, data=code),
        html.H1("\u00a0", id=ids.UNIT_TITLE, className="h3"),  # a line's height until the name arrives
        my_tasks_section() if own else None,
        controls(clock.today(), ids.UNIT_AS_OF, ids.UNIT_PERIOD, ids.UNIT_RANGE, ids.UNIT_RANGE_BOX),
        html.Div(id=ids.UNIT_MESSAGE, role="status"),
        html.Div(id=ids.UNIT_BODY, hidden=True, children=[  # shown with the first answer: nothing jumps
            dcc.Loading(html.Div(id=ids.UNIT_HEADLINE, className="row row-cols-2 row-cols-md-4 "
                                 "row-cols-xl-5 g-3 mb-3")),
            html.P(id=ids.UNIT_SUPERVISION, className="supervision-line mb-4"),
            dbc.Row([
                dbc.Col([html.H2(_("Tasks by state"), className="h5"), deferred(ids.UNIT_TASKS),
                         html.A([icon("bi-list-check"), " ", _("Every task of this unit, to list or export")],
                                href=f"{paths.TASKS}?{urlencode({'unit': code})}", className="d-inline-block mt-2")
                         if code else None], lg=7),
                dbc.Col([html.H2(_("Overdue tasks"), className="h5"), html.Div(id=ids.UNIT_OVERDUE)], lg=5),
            ], className="mb-4"),
            dbc.Row([
                dbc.Col(chart(ids.UNIT_WEEKLY_GRAPH, "340px"), lg=6),
                dbc.Col(chart(ids.UNIT_DAILY_GRAPH, "340px"), lg=6),
            ], className="mb-4"),
            dbc.Row([
                dbc.Col(chart(ids.UNIT_RATINGS_GRAPH, "320px"), lg=6),
                dbc.Col([html.H2(_("Recent citizen comments"), className="h5"), deferred(ids.UNIT_COMMENTS)], lg=6),
            ]),
        ]),
    ])


BUCKET_ORDER = ("overdue", "not_started", "within_deadline", "done_late", "done_on_time")


OPEN_BUCKETS = ("overdue", "not_started", "within_deadline")  # the register's buckets as of today too


def tasks_by_bucket(tasks: list[BucketedTask], totals: dict[str, int], unit_code: str | None = None) -> html.Div:
    """Each bucket's tasks shown (the oldest first) under its count, ``totals``. With
    ``unit_code`` (a window ending today), an open bucket not shown whole links to the register,
    which lists all of it."""
    if not tasks:
        return html.P(_("No task in this period."), className="text-muted")
    sections = []
    days_text = _("%(n)s days")  # translated once, not per row
    for bucket in BUCKET_ORDER:
        items = [t for t in tasks if t.bucket == bucket]
        if not items:
            continue
        total = totals.get(bucket, len(items))
        everything = (html.A(_("See them all in the task register"),
                             href=f"{paths.TASKS}?{urlencode({'unit': unit_code, 'bucket': bucket})}")
                      if unit_code and bucket in OPEN_BUCKETS else None)
        more = [] if total <= len(items) else [html.P([
            _("Showing %(shown)s of %(total)s tasks.", shown=show_number(len(items)),
              total=show_number(total)), " ", everything], className="text-muted small")]
        rows = [e.Tr([e.Td(e.A(t.title, href=paths.task(t.id))), e.Td(show_date(t.due)),  # as sent
                      e.Td(f"{show_number(t.progress)}%", className="text-end"),
                      e.Td(days_text % {"n": show_number(t.days_overdue)} if t.days_overdue else "",
                           className="text-end")]) for t in items]
        sections.append(html.Details([
            html.Summary([bucket_header(bucket), f" ({show_number(total)})"]),
            dbc.Table([html.Thead(html.Tr([html.Th(_("Task")), html.Th(_("Due")),
                                           html.Th(_("Progress"), className="text-end"),
                                           html.Th(_("Overdue by"), className="text-end")])),
                       html.Tbody(rows)], size="sm", hover=True, responsive=True),
            *more,
        ], open=bucket in ("overdue", "not_started"), className="mb-2 bucket-section"))
    return html.Div(sections)


def comments(items) -> html.Div:
    if not items:
        return html.P(_("No comments yet."), className="text-muted")
    return html.Ul([html.Li([
        html.Div([html.Span("★" * c.score + "☆" * (5 - c.score), className="stars",
                            **{"aria-label": _("%(n)s of 5", n=c.score)}), " · ",
                  html.Small(f"{c.point_label} · {show_datetime(c.at)}", className="text-muted")]),
        html.Div(c.text),  # citizen text: always rendered as plain text
    ], className="mb-2") for c in items], className="list-unstyled comments")


def not_allowed() -> dbc.Alert:
    return dbc.Alert([html.I(className="bi bi-shield-lock", **{"aria-hidden": "true"}), " ",
                      _("You are not allowed to see this unit.")], color="danger")


def unknown_unit() -> dbc.Alert:
    """An address with no unit behind it: say so, and where to go instead."""
    return dbc.Alert([_("There is no unit with this code."), " ",
                      html.A(_("See every unit"), href=paths.UNITS, className="alert-link")], color="warning")


def supervision_line(counts) -> list:
    """Urges and difficulties of the period, in one sentence a leader reads at a glance."""
    parts = [_("Urged %(n)s times in this period.", n=show_number(counts.urges))]
    if counts.open_difficulties:
        parts.append(_("%(n)s difficulties wait for direction, the oldest for %(days)s days.",
                       n=show_number(counts.open_difficulties), days=show_number(counts.oldest_open_days)))
    else:
        parts.append(_("No difficulty waits for direction."))
    if counts.answered:
        parts.append(_("%(n)s answered in the period, after %(days)s days on average.",
                       n=show_number(counts.answered), days=show_number(round(counts.average_wait_days, 1))))
    return [icon("bi-megaphone"), " ", " ".join(parts)]
