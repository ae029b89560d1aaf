"""The staff's list of citizens' recommendations, and the answer written from its dialog."""
from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from flask import abort, current_app

from dashboard import clock
from dashboard.access import allowed, current_actor, current_scope
from dashboard.domain import recommendations as rules
from dashboard.domain.periods import Period
from dashboard.domain.policy import Action, contact_units
from dashboard.domain.rules import Invalid, row_id
from dashboard.extensions import database
from db import recommendations
from db.permission import NotAllowed
from layouts import forms, ids
from layouts import recommendations as view

from .contract import next_count, unchanged

LIST = dict(list=Output(ids.REC_LIST, "children"), count=Output(ids.REC_COUNT, "children"),
            previous=Output(ids.REC_PREVIOUS, "disabled"), next=Output(ids.REC_NEXT, "disabled"),
            page=Output(ids.REC_PAGE, "data"), body_hidden=Output(ids.REC_BODY, "hidden"))
DIALOG = dict(is_open=Output(ids.REC_MODAL, "is_open"), target=Output(ids.REC_TARGET, "data"),
              title=Output(ids.REC_TITLE, "children"), text=Output(ids.REC_TEXT, "children"),
              answer=Output(ids.REC_ANSWER, "value"), problem=Output(ids.REC_PROBLEM, "children"),
              draft=Output(ids.REC_DRAFT, "style"), publish=Output(ids.REC_PUBLISH, "style"))
SAVED = dict(message=Output(ids.REC_MESSAGE, "children"),
             problem=Output(ids.REC_PROBLEM, "children", allow_duplicate=True),
             target=Output(ids.REC_TARGET, "data", allow_duplicate=True),
             refresh=Output(ids.REC_REFRESH, "data"),
             is_open=Output(ids.REC_MODAL, "is_open", allow_duplicate=True))
HIDDEN = {"display": "none"}


def register(app: Dash) -> None:
    app.callback(output=LIST, inputs=dict(
        show=Input(ids.REC_SHOW, "value"), refresh=Input(ids.REC_REFRESH, "data"),
        previous=Input(ids.REC_PREVIOUS, "n_clicks"), next=Input(ids.REC_NEXT, "n_clicks")),
        state=dict(page=State(ids.REC_PAGE, "data")))(fill_list)
    app.callback(output=DIALOG, inputs=dict(clicks=Input({"type": ids.REC_OPEN, "index": ALL}, "n_clicks")),
                 prevent_initial_call=True)(open_dialog)
    app.callback(output=SAVED, inputs=dict(draft=Input(ids.REC_DRAFT, "n_clicks"),
                                           publish=Input(ids.REC_PUBLISH, "n_clicks")),
                 state=dict(target=State(ids.REC_TARGET, "data"), answer=State(ids.REC_ANSWER, "value"),
                            refresh=State(ids.REC_REFRESH, "data")),
                 prevent_initial_call=True)(save_answer)


def _needs_approval() -> bool:
    return bool(current_app.config["RECOMMENDATION_APPROVAL"])


def _publishes() -> bool:
    """The asker's answer reaches the citizen at once (a leader's, or anyone's without approval)."""
    return allowed(Action.PUBLISH_ANSWER) or not _needs_approval()




def fill_list(show, refresh, previous, next, page):
    if not allowed(Action.SEE_RECOMMENDATIONS):
        abort(403)
    if show not in rules.SHOWS:
        show = "open"
    number = page if isinstance(page, int) and not isinstance(page, bool) and 0 <= page < 10_000 else 0
    if ctx.triggered_id == ids.REC_SHOW:
        number = 0
    elif ctx.triggered_id == ids.REC_PREVIOUS:
        number = max(0, number - 1)
    elif ctx.triggered_id == ids.REC_NEXT:
        number += 1
    scope = current_scope()
    today = clock.today()
    with database().session() as session:
        counts = recommendations.buckets(session, scope.unit_ids, Period(today.replace(day=1), today), today)
        rows, total = recommendations.staff_list(session, scope.unit_ids, show, view.PAGE_SIZE,
                                                 number * view.PAGE_SIZE, contact_units(current_actor()))
        if not rows and number:  # past the last page (the list got shorter): its first page
            number = 0
            rows, total = recommendations.staff_list(session, scope.unit_ids, show, view.PAGE_SIZE, 0,
                                                     contact_units(current_actor()))
    answerable = {row.id for row in rows if allowed(Action.ANSWER_RECOMMENDATION, row.unit_id)}
    first = number * view.PAGE_SIZE
    return dict(list=view.listing(rows, today, answerable, _publishes(), counts),
                count=view.count_text(first, len(rows), total), previous=number == 0,
                next=first + len(rows) >= total, page=number, body_hidden=False)


def _answerable_row(recommendation_id):
    number = row_id(recommendation_id)
    if number is None:
        abort(400)
    with database().session() as session:
        row = recommendations.staff_row(session, number, contact_units(current_actor()))
    if row is None:
        abort(404)
    if not allowed(Action.ANSWER_RECOMMENDATION, row.unit_id):
        abort(403)
    return row


def open_dialog(clicks):
    if not isinstance(ctx.triggered_id, dict) or not isinstance(clicks, list) or not any(clicks):
        return unchanged(DIALOG)
    row = _answerable_row(ctx.triggered_id.get("index"))
    publishes = _publishes()
    return dict(is_open=True, target={"id": row.id, "version": row.version}, title=row.code,
                text=view.dialog_text(row), answer=row.answer or "", problem=None,
                draft=HIDDEN if publishes else {}, publish={} if publishes else HIDDEN)


def _refused(problem) -> dict:
    return unchanged(SAVED) | {"problem": problem, "is_open": True}


def save_answer(draft, publish, target, answer, refresh):
    if not isinstance(target, dict):
        abort(400)
    row = _answerable_row(target.get("id"))
    wants_publish = ctx.triggered_id == ids.REC_PUBLISH
    if wants_publish and _needs_approval() and not allowed(Action.PUBLISH_ANSWER):
        abort(403)
    version = target.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return _refused(forms.problems({"version": "missing_version"}))
    try:
        text = rules.check_answer(answer)
        with database().transaction() as session:
            stored = recommendations.answer(
                session, row.id, text, actor=current_actor(), publish=wants_publish or not _needs_approval(),
                needs_approval=_needs_approval(), expected_version=version, now=clock.now(),
                tz=clock.local_zone())
            published = stored.state == rules.State.ANSWERED.value
    except Invalid as problem:
        return _refused(forms.problems(problem.errors, {"answer": rules.ANSWER_MAX}))
    except recommendations.StaleRecommendation as stale:  # the text stays; the next save is at the new version
        return _refused(forms.notice(view.stale_text())) | {"refresh": next_count(refresh),
                                                            "target": {"id": row.id, "version": stale.version}}
    except NotAllowed:
        return _refused(forms.refused())
    return dict(message=forms.saved(view.saved_text(published)), problem=None, target=no_update,
                refresh=next_count(refresh), is_open=False)
