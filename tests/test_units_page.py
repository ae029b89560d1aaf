"""The unit list through crafted callback requests: scope, figures and severity words."""
import dataclasses
import json
from datetime import date

import pytest
from sqlalchemy import select

from db.models import Unit
from layouts import ids

from .conftest import sign_in
from .dash_requests import post_callback, unit_body, units_list_body


def _answer(client):
    response = post_callback(client, units_list_body())
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))["response"]


def _texts(node):
    """Every string inside a component tree, in order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    if isinstance(node, dict):
        return _texts(node.get("props", {}).get("children")) if "props" in node else \
            [t for value in node.values() for t in _texts(value)]
    return []


def _unit_rows(table):
    found = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if "unit-row" in str(props.get("className", "")):
                found.append(node)
            walk(props.get("children"))
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(table)
    return found


def test_leader_sees_every_unit_with_severity_words(client, database):
    sign_in(client, "leader")
    answer = _answer(client)
    rows = _unit_rows(answer[ids.UNITS_TABLE]["children"])
    with database.session() as s:
        names = set(s.scalars(select(Unit.name)))
    assert len(rows) == len(names)
    texts = _texts(answer[ids.UNITS_TABLE]["children"])
    assert "UBND xã Thạch Đài" in texts
    severities = {word for word in texts if word in {"Chậm nghiêm trọng", "Có việc chậm", "Đúng tiến độ",
                                                      "Seriously late", "Late", "On track"}}
    assert len(severities) >= 2  # the demo has units in different states
    assert "26/11/2026" in answer[ids.UNITS_AS_OF]["children"]


def test_unit_head_sees_only_their_own_unit(client):
    sign_in(client, "head.xa-thach-dai")
    answer = _answer(client)
    rows = _unit_rows(answer[ids.UNITS_TABLE]["children"])
    assert len(rows) == 1
    texts = _texts(rows)
    assert "UBND xã Thạch Đài" in texts
    assert not any("Thạch Khê" in t for t in _texts(answer[ids.UNITS_TABLE]["children"]))


def test_viewer_reads_the_same_list_as_a_leader(client):
    sign_in(client, "viewer")
    assert len(_unit_rows(_answer(client)[ids.UNITS_TABLE]["children"])) > 30


def test_red_unit_row_carries_a_word_and_an_icon_not_only_colour(client):
    sign_in(client, "leader")
    rows = _unit_rows(_answer(client)[ids.UNITS_TABLE]["children"])
    red = [row for row in rows if "severity-row-red" in row["props"]["className"]]
    assert red, "the demo has seriously late units"
    serialized = json.dumps(red[0])
    assert "bi-exclamation-octagon-fill" in serialized
    assert "Chậm nghiêm trọng" in _texts(red[0]) or "Seriously late" in _texts(red[0])


@pytest.mark.parametrize("as_of, kind", [("2026-11-26", "week"), ("2026-11-12", "week"), ("2026-10-31", "month"),
                                         ("2026-11-20", "day")])
def test_a_units_task_list_is_every_task_open_or_done_in_the_window_as_the_history_says(database, as_of, kind):
    """The page finds its tasks through the spans (no history read for the others); the list is
    the one the full history gives: open at the window's end, or done within it, in the unit then."""
    from collections import Counter

    from sqlalchemy import select

    from dashboard.domain import overview as logic
    from dashboard.domain.buckets import bucket_of, days_overdue
    from dashboard.domain.history import state_as_of
    from dashboard.services.unit import bucketed_tasks
    from db.history import load_histories
    from db.models import Unit

    from .conftest import TODAY
    window = logic.resolve_window(kind, date.fromisoformat(as_of), TODAY)
    day = window.shown.end
    with database.session() as s:
        histories = load_histories(s)
        for unit_id in s.scalars(select(Unit.id).order_by(Unit.id).limit(6)):
            every, totals = bucketed_tasks(s, unit_id, window, per_bucket=10**6)
            shown = {t.id: (t.bucket, t.due, t.progress, t.days_overdue) for t in every}
            expected = {}
            for task_id, history in histories.items():
                state = state_as_of(history, day)
                if state is None or state.unit_id != unit_id or bucket_of(state, day) is None:
                    continue
                if state.status.value == "done" and state.done_on not in window.shown:
                    continue
                bucket = bucket_of(state, day).value
                if bucket == "within_deadline" and state.status.value == "not_started":
                    bucket = "not_started"
                expected[task_id] = (bucket, state.due, state.progress, days_overdue(state, day))
            assert shown == expected, unit_id
            assert totals == dict(Counter(bucket for bucket, *_rest in expected.values()))
            oldest, counted = bucketed_tasks(s, unit_id, window, per_bucket=2)
            assert counted == totals and len(oldest) == sum(min(2, n) for n in totals.values())
            for bucket in totals:  # each bucket's two oldest, by due date
                assert [t.id for t in oldest if t.bucket == bucket] == [
                    t.id for t in sorted(every, key=lambda t: (t.due, t.id)) if t.bucket == bucket][:2]


def test_a_busy_units_buckets_say_how_many_tasks_they_hold_beyond_those_shown(app):
    """A commune with hundreds of tasks gets a page a phone can draw: a bucket lists its oldest
    tasks and says how many it holds, in the reader's language."""
    from dashboard.services.unit import BucketedTask
    from layouts.unit_page import tasks_by_bucket
    tasks = [BucketedTask(n, f"Việc {n}", "overdue" if n % 2 else "done_on_time", date(2026, 11, 1 + n % 25),
                          40, 3) for n in range(1, 51)]
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        page = str(tasks_by_bucket(tasks, {"overdue": 120, "done_on_time": 25}))
    assert page.count("/tasks/") == 50
    assert "Hiển thị 25 trên 120 nhiệm vụ." in page and "(120)" in page
    assert page.count("Hiển thị") == 1  # the bucket shown whole says nothing more
    assert "/tasks?" not in page  # a past window: the register's buckets (as of today) are not its
    with app.test_request_context(headers={"Accept-Language": "en"}):
        today = str(tasks_by_bucket(tasks, {"overdue": 120, "done_on_time": 25}, "xa-thach-dai"))
    assert "See them all in the task register" in today and "/tasks?unit=xa-thach-dai&bucket=overdue" in today
    assert "bucket=done_on_time" not in today  # done within the window is not the register's "done on time"


def test_no_dead_ends_units_open_and_an_unknown_unit_says_where_to_go(client):
    """Each row of the units list opens its unit; an address with no unit behind it hides the
    empty charts and links to the list."""
    sign_in(client, "leader")
    listed = json.dumps(post_callback(client, units_list_body()).get_json()["response"], ensure_ascii=False)
    assert '"href": "/units/xa-thach-dai"' in listed and listed.count('"href": "/units/') == 33
    answer = post_callback(client, unit_body("khong-co-don-vi", "2026-11-26")).get_json()["response"]
    assert answer[ids.UNIT_BODY]["hidden"] is True and answer[ids.UNIT_TITLE]["children"] == "Đơn vị"
    message = json.dumps(answer[ids.UNIT_MESSAGE], ensure_ascii=False)
    assert "Không có đơn vị" in message and '"href": "/units"' in message


@pytest.mark.parametrize("as_of, kind", [("2026-11-26", "week"), ("2026-10-31", "month")])
def test_a_units_own_page_reads_its_figures_without_ranking_or_silent_units(app, database, as_of, kind):
    """A unit's page shows neither a ranking nor silent units (counts among units): they are
    not looked for, and every figure it shows is the one the overview of that unit gives."""
    from dashboard.domain import overview as logic
    from dashboard.services.overview import overview

    from .conftest import TODAY
    window = logic.resolve_window(kind, date.fromisoformat(as_of), TODAY)
    with app.app_context(), database.session() as s:
        for unit_id in s.scalars(select(Unit.id).order_by(Unit.id).limit(4)):
            whole = overview(s, window, [unit_id])
            own = overview(s, window, [unit_id], among_units=False)
            assert own.ranking == () and own.silent == () and own.headline.silent_units is None
            assert whole.headline.silent_units is not None and len(whole.ranking) == 1
            assert own.headline == dataclasses.replace(whole.headline, silent_units=None)
            assert [(d.day, d.updates, d.progress_points) for d in own.daily] == \
                   [(d.day, d.updates, d.progress_points) for d in whole.daily]
            assert {d.silent_units for d in own.daily} == {0}
            assert (own.units, own.satisfaction) == (whole.units, whole.satisfaction)
