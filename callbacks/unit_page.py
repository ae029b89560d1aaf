"""One unit's page: the overview's figures for that unit only, its tasks, ratings and comments."""
from __future__ import annotations

from dash import Dash, Input, Output, State
from flask import abort

from dashboard import clock
from dashboard.access import allowed
from dashboard.domain import overview as logic
from dashboard.domain.policy import Action
from dashboard.extensions import database
from dashboard.services import unit as unit_service
from db import unit_reads
from layouts import figures, ids
from layouts import overview as overview_view
from layouts import unit_page as view
from layouts.components import deferred_of

from . import near_view
from .contract import unchanged
from .first_answers import FirstAnswer
from .overview import daily_figure, show_range, weekly_figure, window_of

UNIT_PAGE = dict(  # the unit page's answer, by name
    title=Output(ids.UNIT_TITLE, "children"), message=Output(ids.UNIT_MESSAGE, "children"),
    headline=Output(ids.UNIT_HEADLINE, "children"), tasks=Output(deferred_of(ids.UNIT_TASKS), "data"),
    overdue=Output(ids.UNIT_OVERDUE, "children"), weekly=figures.chart_output(ids.UNIT_WEEKLY_GRAPH),
    daily=figures.chart_output(ids.UNIT_DAILY_GRAPH), ratings=figures.chart_output(ids.UNIT_RATINGS_GRAPH),
    comments=Output(deferred_of(ids.UNIT_COMMENTS), "data"), supervision=Output(ids.UNIT_SUPERVISION, "children"),
    body_hidden=Output(ids.UNIT_BODY, "hidden"),
)
WINDOW = dict(as_of=Input(ids.UNIT_AS_OF, "date"), kind=Input(ids.UNIT_PERIOD, "value"),
              start=Input(ids.UNIT_RANGE, "start_date"), end=Input(ids.UNIT_RANGE, "end_date"))
UNIT = dict(code=State(ids.UNIT_CODE, "data"))


def register(app: Dash) -> None:
    app.callback(Output(ids.UNIT_RANGE_BOX, "hidden"), Input(ids.UNIT_PERIOD, "value"),
                 prevent_initial_call=True)(show_range)  # the page opens on a week: hidden
    for answer in FIRST_ANSWERS:
        answer.register(app)
    near_view.draw_when_near(app, *(figures.place_of(graph) for graph in (
        ids.UNIT_WEEKLY_GRAPH, ids.UNIT_DAILY_GRAPH, ids.UNIT_RATINGS_GRAPH)), ids.UNIT_TASKS, ids.UNIT_COMMENTS)


def ratings_trend(weeks) -> dict:
    return figures.satisfaction_trend([w.start for w in weeks], [w.satisfaction.rate for w in weeks],
                                      [w.satisfaction.n for w in weeks])


def unit_data(as_of, kind, start, end, code):
    with database().session() as session:
        unit = unit_reads.unit_by_code(session, code)
        if unit is None:
            if not allowed(Action.SEE_OVERVIEW):
                abort(403)  # one who sees only their unit learns nothing of other codes, not even if they exist
            return unchanged(UNIT_PAGE) | {"title": view.title(), "message": view.unknown_unit(), "body_hidden": True}
        if not allowed(Action.SEE_UNIT, unit.id):
            abort(403)
        try:
            window = window_of(as_of, kind, start, end)
        except logic.PeriodError as error:
            return unchanged(UNIT_PAGE) | {"title": unit.name, "message": overview_view.error_message(str(error)),
                                           "body_hidden": True}
        page = unit_service.unit_page(session, unit.id, window)
        name = unit.name
    figures_ = page.overview
    return dict(title=name, message=None, headline=overview_view.headline(figures_.headline, window, one_unit=True),
                tasks=view.tasks_by_bucket(list(page.tasks), page.bucket_totals,
                                           code if window.shown.end >= clock.today() else None),
                overdue=overview_view.overdue_list(list(page.overdue), page.overdue_total),
                weekly=figures.graph(ids.UNIT_WEEKLY_GRAPH, weekly_figure(page.weeks)),
                daily=figures.graph(ids.UNIT_DAILY_GRAPH, daily_figure(figures_.daily, with_silent=False)),
                ratings=figures.graph(ids.UNIT_RATINGS_GRAPH, ratings_trend(page.satisfaction_weeks)),
                comments=view.comments(list(page.comments)),
                supervision=view.supervision_line(page.supervision), body_hidden=False)


# What the page answers as it opens (callbacks/first_answers.py).
FIRST_ANSWERS = (FirstAnswer(unit_data, UNIT_PAGE, WINDOW, UNIT),)
