"""Reads never write: serving every page and every read callback opens no write transaction,
even for the first look at closed days that were never snapshotted (docs/DESIGN.md budgets)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, event

from dashboard.web import create_app
from db.engine import Database
from db.rollups_models import DayOverdue, SnapshotDay, UnitDayStates
from layouts import ids

from .conftest import TODAY, copy_demo, make_config, sign_in
from .dash_requests import (
    overview_body,
    post_callback,
    ranking_block_body,
    registered_body,
    task_body,
    unit_body,
    units_list_body,
    weekly_body,
)

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|BEGIN IMMEDIATE)", re.IGNORECASE)


@pytest.fixture
def unsnapshotted(demo_db_url, tmp_path):
    """A copy of the demo whose last ten closed days were never closed."""
    url = copy_demo(demo_db_url, tmp_path / "reads.db")
    database = Database(url)
    days = [TODAY - timedelta(days=n) for n in range(1, 11)]
    with database.transaction() as s:
        for model in (UnitDayStates, DayOverdue, SnapshotDay):
            s.execute(delete(model).where(model.day.in_(days)))
    database.dispose()
    app = create_app({**make_config(url), "AUTO_MIGRATE": False})  # start-up would close them
    return app


def _watch_writes(app) -> list[str]:
    seen: list[str] = []
    engine = app.extensions["database"].engine

    def note(_conn, _cursor, statement, *_args):
        if WRITES.match(statement):
            seen.append(statement.split("\n")[0][:80])
    event.listen(engine, "before_cursor_execute", note)
    return seen


def _read_requests(client, role: str) -> list:
    mid_month = (TODAY - timedelta(days=9)).isoformat()
    bodies = [units_list_body(), task_body("1")]
    if role in ("leader", "viewer"):
        for as_of, kind in [(TODAY.isoformat(), "week"), (TODAY.isoformat(), "day"),
                            ((TODAY - timedelta(days=2)).isoformat(), "day"), (mid_month, "week"),
                            (mid_month, "month")]:
            bodies.append(overview_body(as_of, kind))
        bodies.append(overview_body(TODAY.isoformat(), "range", start=(TODAY - timedelta(days=20)).isoformat(),
                                    end=(TODAY - timedelta(days=4)).isoformat()))
        bodies.append(ranking_block_body(mid_month, "month", sort=[{"colId": "unit", "sort": "asc"}]))
        bodies.append(weekly_body(mid_month))
        bodies.append(unit_body("tnmt", mid_month, "month"))
    else:
        bodies.append(unit_body("xa-thach-dai", mid_month, "month"))
    values = {f"{ids.SAT_AS_OF}.date": mid_month, f"{ids.SAT_PERIOD}.value": "month",
              f"{ids.SAT_REFRESH}.data": 0, f"{ids.SAT_SEARCH}.value": "", f"{ids.SAT_SCORE}.value": ""}
    dependencies = client.get("/_dash-dependencies").get_json()
    for output in (ids.SAT_SUMMARY, ids.SAT_COMMENTS, ids.SAT_HELD):
        bodies.append(registered_body(client, ids.SAT_AS_OF, values, dependencies, output=output))
    bodies.append(registered_body(client, ids.REGISTER_SEARCH, {f"{ids.REGISTER_SEARCH}.value": "kế hoạch"},
                                  dependencies))
    return bodies


@pytest.mark.parametrize("role", ["leader", "viewer", "head.xa-thach-dai"])
def test_serving_every_page_and_read_callback_writes_nothing(unsnapshotted, role):
    app = unsnapshotted
    client = app.test_client()
    sign_in(client, role)  # signing in writes its session row: before the watch starts
    bodies = _read_requests(client, role)
    writes = _watch_writes(app)
    pages = ["/", "/tasks", "/tasks/1", "/units", "/units/tnmt", "/units/xa-thach-dai", "/satisfaction",
             "/_dash-layout", "/briefings", "/briefings/2", "/briefings/2/pack.pdf", "/briefings/2/units/xa-thach-dai.xlsx",
             "/briefings/1/conclusions.pdf", "/inbox"]
    statuses = {path: client.get(path).status_code for path in pages}
    assert set(statuses.values()) <= {200, 302, 403}, statuses
    answers = [post_callback(client, body).status_code for body in bodies]
    assert set(answers) <= {200, 204, 403}, answers
    assert 200 in answers
    assert writes == []
