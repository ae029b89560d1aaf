"""Citizens' recommendations for the staff: the open ones by deadline, each answered from a
dialog; a leader approves the answer before the citizen reads it."""
from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard.domain.recommendations import ANSWER_MAX, SHOWS, Buckets, State, timeliness
from dashboard.i18n import show_date, show_number

from . import ids
from .components import BUCKET_STYLE, icon, limited_text
from .tables import pager

PAGE_SIZE = 20


def title(**_kwargs) -> str:
    return _("Citizens' recommendations")


def show_options() -> list[dict]:
    labels = {"open": _("Waiting for an answer"), State.AWAITING_APPROVAL.value: _("Waiting for approval"),
              State.ANSWERED.value: _("Answered"), "all": _("All")}
    return [{"label": labels[value], "value": value} for value in SHOWS]


def page(**_kwargs) -> html.Main:
    return html.Main([
        html.H1(_("Citizens' recommendations"), className="h3"),
        html.P(_("Sent through the counters' QR codes. Each is answered within its deadline in "
                 "working days; the citizen reads the answer with their tracking code."),
               className="text-muted"),
        dbc.RadioItems(id=ids.REC_SHOW, options=show_options(), value="open", inline=True,
                       className="mb-3 rec-show", inputClassName="btn-check",
                       labelClassName="btn btn-outline-primary me-2 mb-2", labelCheckedClassName="active"),
        html.Div(id=ids.REC_MESSAGE, role="status", **{"aria-live": "polite"}),
        html.Div([  # shown with the first answer, all at once: nothing drawn moves down
            pager(ids.REC_PREVIOUS, ids.REC_NEXT, ids.REC_COUNT, _("recommendations")),
            dcc.Loading(html.Div(id=ids.REC_LIST, className="mt-2")),
        ], id=ids.REC_BODY, hidden=True),
        dcc.Store(id=ids.REC_PAGE, data=0), dcc.Store(id=ids.REC_REFRESH, data=0),
        dcc.Store(id=ids.REC_TARGET),
        dbc.Modal([
            dbc.ModalHeader(dbc.ModalTitle(id=ids.REC_TITLE)),
            dbc.ModalBody([
                html.Div(id=ids.REC_TEXT, className="mb-3"),
                dbc.Label(_("Answer to the citizen"), html_for=ids.REC_ANSWER),
                limited_text(ids.REC_ANSWER, ANSWER_MAX, rows=6),
                html.Div(id=ids.REC_PROBLEM, role="alert", className="mt-2"),
            ]),
            dbc.ModalFooter([
                dbc.Button(_("Send for approval"), id=ids.REC_DRAFT, color="primary", outline=True,
                           className="big-button"),
                dbc.Button(_("Publish the answer"), id=ids.REC_PUBLISH, color="primary", className="big-button"),
            ]),
        ], id=ids.REC_MODAL, is_open=False, centered=True, labelledby=ids.REC_TITLE, size="lg"),
    ])


def state_label(state: str) -> str:
    return {State.RECEIVED.value: _("Waiting for an answer"),
            State.AWAITING_APPROVAL.value: _("Answer waiting for approval"),
            State.ANSWERED.value: _("Answered")}.get(state, state)


def _deadline(row, today: date) -> html.Span:
    timing = timeliness(row.due_day, row.published_day, today)
    due = _("due %(day)s", day=show_date(row.due_day))
    if timing.on_time is not None:
        words = _("answered on %(day)s, on time", day=show_date(row.published_day)) if timing.on_time \
            else _("answered on %(day)s, late", day=show_date(row.published_day))
        return html.Span([due, " · ", words], className="text-muted" if timing.on_time else "bucket-done_late")
    if timing.overdue:
        return html.Span([icon("bi-exclamation-triangle-fill"), " ", due, " · ",
                          _("overdue by %(n)s days", n=show_number(-timing.days_left))],
                         className="bucket-overdue fw-bold")
    return html.Span(due, className="text-muted")


def _action_label(row, can_publish: bool) -> str:
    if row.state == State.AWAITING_APPROVAL.value and can_publish:
        return _("Review and publish")
    if row.state == State.ANSWERED.value:
        return _("Change the answer")
    return _("Answer")


def bucket_row(counts: Buckets) -> html.Ul:
    """The four buckets, in the tasks' colours and with words: this month's answers, and what waits now."""
    chips = [("done_on_time", _("Answered on time this month"), counts.answered_on_time),
             ("done_late", _("Answered late this month"), counts.answered_late),
             ("within_deadline", _("Waiting, within the deadline"), counts.within_deadline),
             ("overdue", _("Waiting, past the deadline"), counts.overdue)]
    return html.Ul([html.Li(html.Span([icon(BUCKET_STYLE[bucket][1]), " ", words, ": ", html.Strong(show_number(n))],
                                      className=f"bucket-chip {BUCKET_STYLE[bucket][0]}"),
                            className="list-inline-item mb-2") for bucket, words, n in chips],
                   className="list-inline rec-buckets")


def listing(rows, today: date, answerable: set[int], can_publish: bool, counts: Buckets) -> html.Div:
    """The four buckets, then the recommendations as cards; ``answerable``: the ids this reader
    may answer."""
    if not rows:
        return html.Div([bucket_row(counts), dbc.Alert(_("No recommendations here."), color="secondary")])
    return html.Div([bucket_row(counts), html.Ol([_card(row, today, row.id in answerable, can_publish) for row in rows],
                                                 className="list-unstyled rec-list")])


def _card(row, today: date, answerable: bool, can_publish: bool) -> html.Li:
    facts = [html.Strong(row.code), " · ", row.unit_name, " · ", row.point_label]
    lines = [
        html.Div(facts, className="small"),
        html.Div([_("received %(day)s", day=show_date(row.day)), " · ", _deadline(row, today), " · ",
                  html.Span(state_label(row.state), className="fw-semibold")], className="small"),
        html.P(row.text, className="rec-text my-2"),
    ]
    if row.held:
        lines.append(dbc.Badge(_("Many from one network within the hour: check it is genuine"),
                               color="warning", text_color="dark", className="mb-2"))
    if row.contact:
        lines.append(html.Div([icon("bi-telephone"), " ", _("Contact for the answer:"), " ", row.contact],
                              className="small"))
    if row.answer:
        lines.append(html.Div([html.Strong(_("Answer") + (f" ({row.answered_by})" if row.answered_by else "") + ":"),
                               html.P(row.answer, className="rec-text mb-0")], className="rec-answer mt-2"))
    if answerable and (row.state != State.ANSWERED.value or can_publish):
        lines.append(dbc.Button([icon("bi-reply"), " ", _action_label(row, can_publish)],
                                id=ids.rec_open(row.id), color="primary", className="big-button mt-2"))
    tone = " rec-overdue" if timeliness(row.due_day, row.published_day, today).overdue else ""
    return html.Li(lines, className="rec-card" + tone)


def dialog_text(row) -> list:
    """The citizen's words above the answer box."""
    return [html.Div(_("received %(day)s", day=show_date(row.day)) + " · " +
                     _("due %(day)s", day=show_date(row.due_day)), className="small text-muted"),
            html.P(row.text, className="rec-text")] + (
        [html.Div([icon("bi-telephone"), " ", _("Contact for the answer:"), " ", row.contact], className="small")]
        if row.contact else [])


def saved_text(published: bool) -> str:
    return _("The answer is published: the citizen reads it with their code.") if published \
        else _("The answer was sent to the leaders for approval.")


def stale_text() -> str:
    return _("Someone answered this recommendation while you were writing. Nothing was saved; "
             "your text is still in the box: check the list below and save again.")


def count_text(first: int, shown: int, total: int) -> str:
    if not total:
        return ""
    return _("Recommendations %(first)s–%(last)s of %(total)s", first=show_number(first + 1),
             last=show_number(first + shown), total=show_number(total))
