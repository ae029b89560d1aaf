"""One unit's page: the overview's figures for that unit only, its tasks, ratings and comments."""
from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from flask import abort

from dashboard.access import allowed
from dashboard.domain import overview as logic
from dashboard.domain.policy import Action
from dashboard.extensions import database
from dashboard.services import unit as unit_service
from db import details
from layouts import figures, ids
from layouts import overview as overview_view
from layouts import unit_page as view

from .overview import daily_figure, show_range, weekly_figure, window_of

OUTPUTS = 10


def register(app: Dash) -> None:
    app.callback(Output(ids.UNIT_RANGE_BOX, "hidden"), Input(ids.UNIT_PERIOD, "value"))(show_range)
    app.callback(
        Output(ids.UNIT_TITLE, "children"), Output(ids.UNIT_MESSAGE, "children"),
        Output(ids.UNIT_HEADLINE, "children"), Output(ids.UNIT_TASKS, "children"),
        Output(ids.UNIT_OVERDUE, "children"), Output(ids.UNIT_WEEKLY_GRAPH, "figure"),
        Output(ids.UNIT_DAILY_GRAPH, "figure"), Output(ids.UNIT_RATINGS_GRAPH, "figure"),
        Output(ids.UNIT_COMMENTS, "children"), Output(ids.UNIT_SUPERVISION, "children"),
        Input(ids.UNIT_AS_OF, "date"), Input(ids.UNIT_PERIOD, "value"),
        Input(ids.UNIT_RANGE, "start_date"), Input(ids.UNIT_RANGE, "end_date"),
        State(ids.UNIT_CODE, "data"),
    )(unit_data)


def ratings_trend(weeks) -> dict:
    return figures.satisfaction_trend([w.start for w in weeks], [w.satisfaction.rate for w in weeks],
                                      [w.satisfaction.n for w in weeks])


def unit_data(as_of, kind, start, end, code):
    with database().session() as session:
        unit = details.unit_by_code(session, code)
        if unit is None:
            if not allowed(Action.SEE_OVERVIEW):
                abort(403)  # one who sees only their unit learns nothing of other codes, not even if they exist
            return ("",) + (view.unknown_unit(),) + (no_update,) * (OUTPUTS - 2)
        if not allowed(Action.SEE_UNIT, unit.id):
            abort(403)
        try:
            window = window_of(as_of, kind, start, end)
        except logic.PeriodError as error:
            return (unit.name, overview_view.error_message(str(error))) + (no_update,) * (OUTPUTS - 2)
        page = unit_service.unit_page(session, unit.id, window)
        name = unit.name
    figures_ = page.overview
    return (name, None, overview_view.headline(figures_.headline, window),
            view.tasks_by_bucket(list(page.tasks), page.bucket_totals),
            overview_view.overdue_list(list(page.overdue), page.overdue_total), weekly_figure(page.weeks),
            daily_figure(figures_.daily), ratings_trend(page.satisfaction_weeks),
            view.comments(list(page.comments)), view.supervision_line(page.supervision))
