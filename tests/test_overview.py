"""The overview, unit and task pages through crafted callback requests."""
import base64
import io
import json
from collections import defaultdict
from datetime import date, timedelta

import pytest
from dash import Input
from sqlalchemy import func, select

from callbacks import overview
from dashboard.domain.buckets import count_buckets, is_done_on_time
from dashboard.domain.history import state_as_of
from dashboard.domain.periods import Period, iso_week
from dashboard.domain.policy import Actor
from dashboard.domain.units import on_time_rate
from db.history import load_histories
from db.models import Task, Unit
from layouts import figures, ids
from layouts.components import deferred_of

from .conftest import TODAY, sign_in
from .dash_requests import (
    RANKING_NUMBERS,
    callback_body,
    declared_body,
    export_body,
    overview_body,
    post_callback,
    ranking_block_body,
    ranking_rows,
    table_rows,
    task_body,
    unit_body,
    unit_options_body,
    weekly_body,
    xlsx_body,
)

PAST_DAY = date(2026, 11, 18)  # a Wednesday: its week is running on that day


def _answer(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.loads(response.get_data(as_text=True))["response"]


def _kpis(headline):
    """{label: value} of the headline cards."""
    result = {}
    for card in headline:
        if "period-caption" in card["props"].get("className", ""):
            continue
        inner = card["props"]["children"]["props"]["children"]
        label = inner[1]["props"]["children"]
        value = inner[2]["props"]["children"]
        result[label] = value
    return result


@pytest.mark.parametrize("body", [overview_body("2026-11-26"), weekly_body("2026-11-26"),
                                  unit_body("tnmt", "2026-11-26"), task_body("1"),
                                  xlsx_body("2026-11-26"), ranking_block_body("2026-11-26")])
def test_every_page_callback_refuses_anonymous_requests(client, body):
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 401
    assert "Thạch" not in response.get_data(as_text=True)


@pytest.mark.parametrize("body", [overview_body("2026-11-26"), weekly_body("2026-11-26"),
                                  xlsx_body("2026-11-26"), unit_body("tnmt", "2026-11-26"),
                                  unit_body("no-such-unit", "2026-11-26"), ranking_block_body("2026-11-26")])
def test_unit_head_cannot_read_the_district_or_another_unit(client, body):
    sign_in(client, "head.xa-thach-dai")
    response = post_callback(client, body)
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "Thạch" not in text and "Tài nguyên" not in text


def test_unit_head_reads_their_own_unit(client):
    sign_in(client, "head.xa-thach-dai")
    answer = _answer(post_callback(client, unit_body("xa-thach-dai", "2026-11-26")))
    assert answer[ids.UNIT_TITLE]["children"] == "UBND xã Thạch Đài"
    cards = json.dumps(answer[ids.UNIT_HEADLINE], ensure_ascii=False)
    assert "Nhiệm vụ quá hạn" in cards or "Quá hạn" in cards
    assert "Đơn vị chưa báo cáo" not in cards  # a count of one unit says nothing; the overview keeps it


def test_unit_head_is_refused_another_units_task(client, database):
    with database.session() as s:
        other = s.scalar(select(Task.id).join(Unit, Unit.id == Task.lead_unit_id)
                         .where(Unit.code == "tnmt").limit(1))
        own = s.scalar(select(Task.id).join(Unit, Unit.id == Task.lead_unit_id)
                       .where(Unit.code == "xa-thach-dai").limit(1))
    sign_in(client, "head.xa-thach-dai")
    refused = json.dumps(_answer(post_callback(client, task_body(str(other)))), ensure_ascii=False)
    assert "không có quyền" in refused or "not allowed" in refused
    assert "Lịch sử" not in refused and "History" not in refused
    allowed = json.dumps(_answer(post_callback(client, task_body(str(own)))), ensure_ascii=False)
    assert "timeline" in allowed


def test_overview_headline_and_ranking_equal_the_pure_definitions(client, database):
    sign_in(client, "viewer")
    client.get("/lang/en?next=/")
    answer = _answer(post_callback(client, overview_body(PAST_DAY.isoformat())))
    kpis = _kpis(answer[ids.OVERVIEW_HEADLINE]["children"])

    week = iso_week(PAST_DAY)
    shown = Period(week.start, PAST_DAY)
    with database.session() as s:
        histories = list(load_histories(s).values())
        unit_codes = dict(s.execute(select(Unit.id, Unit.code)).all())
    states = [st for h in histories if (st := state_as_of(h, PAST_DAY)) is not None]
    counts = count_buckets(states, PAST_DAY)
    done_in_week = [st for st in states if st.done_on and st.done_on in shown]
    rate = on_time_rate(histories, shown, TODAY)

    assert kpis["Open tasks"] == f"{counts.open:,}"
    assert kpis["Overdue"] == f"{counts.overdue:,}"
    assert kpis["Due in 3 days"] == f"{counts.due_soon:,}"
    assert kpis["Done on time"] == f"{sum(1 for st in done_in_week if is_done_on_time(st)):,}"
    assert kpis["Done late"] == f"{sum(1 for st in done_in_week if not is_done_on_time(st)):,}"
    assert kpis["On-time rate"] == f"{100 * rate.rate:.1f}%"

    by_unit = defaultdict(list)
    for st in states:
        by_unit[st.unit_id].append(st)
    rows = {row["code"]: row for row in ranking_rows(client, PAST_DAY.isoformat())}
    for unit_id, unit_states in by_unit.items():
        expected = count_buckets(unit_states, PAST_DAY)
        row = rows[unit_codes[unit_id]]
        assert (row["overdue"], row["within_deadline"], row["max_days_overdue"]) == \
            (expected.overdue, expected.within_deadline, expected.max_days_overdue)
        unit_rate = on_time_rate(histories, shown, TODAY, unit_id=unit_id).rate
        assert row["on_time_rate"] == (None if unit_rate is None else round(100 * unit_rate, 1))


def test_ranking_reads_1_2_3_from_the_top_by_the_definition_with_the_unranked_last(client):
    sign_in(client, "leader")
    rows = ranking_rows(client, "2026-11-26")
    ranks = [row["rank"] for row in rows]
    ranked = [rank for rank in ranks if rank is not None]
    assert ranked == list(range(1, len(ranked) + 1)) and ranks[len(ranked):] == [None] * (len(ranks) - len(ranked))
    assert 0 < len(ranked) < len(ranks)  # the week holds both kinds
    rates = [row["on_time_rate"] for row in rows[:len(ranked)]]
    assert rates == sorted(rates, reverse=True)
    for row in rows:  # the rate counts the tasks due in the period, the "finished" columns others
        assert row["on_time_rate"] == (round(100 * row["due_on_time"] / row["due"], 1) if row["due"] else None)
        assert (row["rank"] is None) == (row["due"] == 0)
    by_status = ranking_rows(client, "2026-11-26", sort=[{"colId": "severity", "sort": "asc"}])
    levels = [row["level"] for row in by_status]
    assert levels == sorted(levels, key=["red", "amber", "green"].index) and levels[0] == "red"


def test_the_overview_answer_holds_no_unit_row_and_the_grid_reads_blocks_sorted_and_filtered(client):
    """The overview's answer names the figures; the grid asks for the rows it shows, sorted and
    filtered on the server, so a province of 500 units sends a screenful, not 500 rows."""
    sign_in(client, "viewer")
    client.get("/lang/en?next=/")
    response = post_callback(client, overview_body("2026-11-26"))
    text = response.get_data(as_text=True)
    assert "within_deadline" not in text and len(text) < 40_000
    source = _answer(response)[ids.OVERVIEW_RANKING_SOURCE]["data"]
    everything = ranking_rows(client, "2026-11-26", source=source)
    assert len(everything) == len({row["code"] for row in everything}) > 20
    assert all("satisfaction_sort" not in row for row in everything)  # a server-side sort key

    first = _answer(post_callback(client, ranking_block_body("2026-11-26", end_row=5, source=source)))
    assert table_rows(first[deferred_of(ids.OVERVIEW_RANKING)]["data"], RANKING_NUMBERS) == everything[:5]
    assert first[ids.OVERVIEW_RANKING_COUNT]["children"] == f"Units 1–5 of {len(everything)}"
    assert first[ids.OVERVIEW_RANKING_PREVIOUS]["disabled"] and not first[ids.OVERVIEW_RANKING_NEXT]["disabled"]
    page = json.dumps(first, ensure_ascii=False)
    assert len(page) < 20_000 and everything[5]["unit"] not in page  # a page, not the province

    by_overdue = ranking_rows(client, "2026-11-26", sort=[{"colId": "overdue", "sort": "desc"}])
    assert [row["overdue"] for row in by_overdue] == sorted((row["overdue"] for row in everything), reverse=True)
    found = ranking_rows(client, "2026-11-26", filters={"unit": {
        "filterType": "text", "type": "contains", "filter": "thach dai"}})
    assert [row["unit"] for row in found] == ["UBND xã Thạch Đài"]
    red = ranking_rows(client, "2026-11-26", filters={"overdue": {
        "filterType": "number", "type": "greaterThanOrEqual", "filter": 3}})
    assert {row["code"] for row in red} == {row["code"] for row in everything if row["overdue"] >= 3}


def test_the_rankings_pages_read_the_rows_of_the_overview_they_were_drawn_with(client, monkeypatch):
    """Citizens rate all day, so the data move between the overview's answer and the table's
    pages: the pages read the rows that overview computed (not a whole overview again), and
    only rows of the window asked for."""
    sign_in(client, "viewer")
    week = _answer(post_callback(client, overview_body("2026-11-26")))[ids.OVERVIEW_RANKING_SOURCE]["data"]
    month = _answer(post_callback(client, overview_body("2026-11-26", "month")))[ids.OVERVIEW_RANKING_SOURCE]["data"]
    shown = ranking_rows(client, "2026-11-26", source=week)
    assert ranking_rows(client, "2026-11-26", "month", source=month) != shown
    computed = []
    real = overview.services.overview
    monkeypatch.setattr(overview.services, "overview", lambda *args, **kw: computed.append(1) or real(*args, **kw))
    monkeypatch.setattr(overview, "data_version", lambda _session, _now: "a task moved since")
    assert ranking_rows(client, "2026-11-26", source=week) == shown and not computed
    assert ranking_rows(client, "2026-11-26", source=month) == shown and computed  # the week's, computed
    from dashboard.cache import cache
    with client.application.app_context():  # whatever else the cache holds is never read as rows
        cache.set(week + "-computing", 1)  # the lock of a computation under way
        cache.set(week.split(".")[0] + ".tsd-" + "0" * 64, 1)
    for odd in (week + "-computing", week.split(".")[0] + ".tsd-" + "0" * 64):
        assert ranking_rows(client, "2026-11-26", source=odd) == shown


def test_the_weekly_charts_units_are_found_by_typing_and_the_chosen_one_stays(client):
    sign_in(client, "viewer")

    def options(search=None, chosen=None) -> list[dict]:
        return _answer(post_callback(client, unit_options_body(search, chosen)))[ids.OVERVIEW_WEEKLY_UNIT]["options"]

    every = options()
    from dashboard.domain.vietnamese import sort_key
    names = [option["label"] for option in every]
    assert len(names) == 33 and names == sorted(names, key=sort_key)  # a district: all, in order
    assert options("thach dai") == [{"label": "UBND xã Thạch Đài", "value": "xa-thach-dai"}]
    assert options("no such unit") == []
    assert options("no such unit", "tnmt") == [{"label": "Phòng Tài nguyên và Môi trường", "value": "tnmt"}]
    sign_in(client, "head.xa-thach-dai")
    assert post_callback(client, unit_options_body("thach")).status_code == 403


def test_a_page_request_the_table_never_sends_is_refused_and_none_is_drawn_before_the_overview(client):
    sign_in(client, "leader")
    bad = ranking_block_body("2026-11-26", sort=[{"colId": "password", "sort": "asc"}])
    assert post_callback(client, bad).status_code == 400
    assert post_callback(client, ranking_block_body("2026-11-26", start_row=-5)).status_code == 400
    assert _answer(post_callback(client, ranking_block_body("2026-11-26", source=None))) == {}  # nothing yet


def test_the_ranking_pages_sorts_and_searches_as_a_reader_clicks():
    """The table's controls ask for the next page: a column's first click sorts it its natural
    way (rank, unit and status up; counts the most first), a second click the other way, a
    search starts again at page one, the pager moves a page."""
    from layouts.overview import FIRST_DIRECTION, search_filter
    from layouts.tables import PAGE, first_request, next_request
    request = first_request()
    by_overdue = next_request(request, sort_column="overdue", first_direction=FIRST_DIRECTION)
    assert by_overdue["sortModel"] == [{"colId": "overdue", "sort": "desc"}]
    assert next_request(by_overdue, sort_column="overdue")["sortModel"] == [{"colId": "overdue", "sort": "asc"}]
    assert next_request(request, sort_column="severity", first_direction=FIRST_DIRECTION)["sortModel"] == \
        [{"colId": "severity", "sort": "asc"}]
    second = next_request(by_overdue, step=1)
    assert (second["startRow"], second["endRow"]) == (PAGE, 2 * PAGE)
    assert next_request(second, step=-1)["startRow"] == 0 and next_request(request, step=-1)["startRow"] == 0
    found = next_request(second, filters=search_filter("  thach dai "))
    assert found["startRow"] == 0 and found["filterModel"]["unit"]["filter"] == "thach dai"
    assert found["sortModel"] == by_overdue["sortModel"]  # the search keeps the sort
    assert next_request(found, filters=search_filter(""))["filterModel"] == {}


def test_moving_the_as_of_day_changes_the_figures(client):
    sign_in(client, "leader")
    today = _kpis(_answer(post_callback(client, overview_body("2026-11-26")))[ids.OVERVIEW_HEADLINE]["children"])
    before = _kpis(_answer(post_callback(client, overview_body("2026-11-16")))[ids.OVERVIEW_HEADLINE]["children"])
    assert today != before


@pytest.mark.parametrize("body, words", [
    (overview_body("2027-01-01"), "future"),
    (overview_body("26/11/2026"), "could not be read"),
    (overview_body("2026-11-26", "custom", "2026-11-20", "2026-11-10"), "ends before it starts"),
    (overview_body("2026-11-26", "custom", "2024-01-01", "2026-11-10"), "at most one year"),
    (overview_body("2026-11-26", "fortnight"), "Unknown period"),
])
def test_bad_controls_get_a_clear_message_and_nothing_else_changes(client, body, words):
    sign_in(client, "leader")
    client.get("/lang/en?next=/")
    answer = _answer(post_callback(client, body))
    assert words in json.dumps(answer[ids.OVERVIEW_MESSAGE])
    assert ids.OVERVIEW_RANKING_SOURCE not in answer  # the ranking is left as it was


def test_custom_range_and_month_periods_answer(client):
    sign_in(client, "leader")
    for body in (overview_body("2026-11-26", "custom", "2026-10-01", "2026-10-31"),
                 overview_body("2026-10-15", "month"), overview_body("2026-11-20", "day")):
        answer = _answer(post_callback(client, body))
        assert answer[ids.OVERVIEW_RANKING_SOURCE]["data"]


def test_xlsx_export_holds_the_ranking(client):
    from openpyxl import load_workbook
    sign_in(client, "leader")
    data = _answer(post_callback(client, xlsx_body("2026-11-26")))[ids.OVERVIEW_DOWNLOAD]["data"]
    book = load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    sheet = book.active
    assert sheet.max_row == 35  # the period, the header, 33 units
    assert sheet["A1"].value == "Xếp hạng đơn vị, 23/11/2026 – 26/11/2026 (đến nay)"
    assert any("Thạch" in str(cell.value) for cell in sheet["B"])


def test_exports_list_the_rows_as_the_grid_shows_them_and_name_the_period(client):
    import csv

    from openpyxl import load_workbook
    sign_in(client, "leader")
    client.get("/lang/en?next=/")
    asked = {"sortModel": [{"colId": "overdue", "sort": "desc"}, {"colId": "unit", "sort": "asc"}],
             "filterModel": {"unit": {"filterType": "text", "type": "contains", "filter": "xa"}},
             "startRow": 0, "endRow": 50}
    shown = [row["unit"] for row in ranking_rows(client, "2026-11-26", sort=asked["sortModel"],
                                                 filters=asked["filterModel"])]
    assert 10 < len(shown) < 33  # the filter kept the communes only
    csv_data = _answer(post_callback(client, export_body("2026-11-26", ids.OVERVIEW_EXPORT_CSV, asked)))
    lines = list(csv.reader(io.StringIO(csv_data[ids.OVERVIEW_DOWNLOAD]["data"]["content"].lstrip("\ufeff"))))
    assert lines[0] == ["Unit ranking, Nov 23, 2026 – Nov 26, 2026 (to date)"]
    assert lines[1][:4] == ["Rank", "Unit", "Status", "Tasks due in the period: Tasks due"]
    assert [line[1] for line in lines[2:]] == shown
    xlsx = _answer(post_callback(client, export_body("2026-11-26", table_request=asked)))
    sheet = load_workbook(io.BytesIO(base64.b64decode(xlsx[ids.OVERVIEW_DOWNLOAD]["data"]["content"]))).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == shown
    assert sheet["A1"].value == lines[0][0]
    rate = lines[1].index("Tasks due in the period: On-time rate")
    written = [line[rate] for line in lines[2:]]  # as the screen writes it, in CSV
    assert all(text == "—" or (text.endswith("%") and 0 <= float(text[:-1]) <= 100) for text in written)
    cells = [row[rate] for row in sheet.iter_rows(min_row=3)]  # numbers in Excel, shown as percentages
    assert any(cell.value is not None for cell in cells)
    assert all(cell.value is None or (0 <= cell.value <= 1 and cell.number_format == "0.0%") for cell in cells)
    assert sheet.column_dimensions["B"].width > 20  # unit names are not cut


def test_weekly_chart_for_one_unit_and_for_all(client):
    sign_in(client, "leader")
    all_units = _answer(post_callback(client, weekly_body("2026-11-26")))
    one = _answer(post_callback(client, weekly_body("2026-11-26", "tnmt")))
    def bars(answer) -> dict:  # the first series of the chart sent (drawn when near the screen)
        chart = figures.chart_output(ids.OVERVIEW_WEEKLY_GRAPH).component_id
        return answer[chart]["data"]["props"]["figure"]["data"][0]
    total, part = sum(bars(all_units)["y"]), sum(bars(one)["y"])
    assert 0 < part < total
    assert len(bars(all_units)["x"]) == 12


def test_silent_units_in_sql_equal_the_definition(database):
    """Silent units flagged when the days were closed equal the definition over the raw history."""

    from dashboard.domain.rollups import unit_states
    from dashboard.domain.units import is_silent
    from db import overview as queries
    from db.models import TaskUpdate

    from .conftest import HCM
    days = [date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 25)]
    with database.session() as s:
        histories = list(load_histories(s).values())
        moments = s.execute(select(TaskUpdate.unit_id, TaskUpdate.created_at)).all()
        counted = queries.silent_counts(s, days)  # flagged when the days were closed (17:00 cut-off)
    by_unit = defaultdict(list)
    for unit_id, moment in moments:
        by_unit[unit_id].append(moment.astimezone(HCM).replace(tzinfo=None))
    for day in days:
        open_units = unit_states(histories, day)
        expected = sum(1 for unit, state in open_units.items()
                       if is_silent(state.open, by_unit[unit], day))
        assert counted[day] == expected, day
        assert expected > 0


def test_todays_open_work_is_read_once_per_reading_session_and_each_reader_gets_its_own_copy(database):
    """A unit's page asks for today's open work twice (its overview, its weeks): a reading
    session reads it once; a writing session, and a reading one once it has committed, read
    it again."""
    from sqlalchemy import event

    from db import overview as queries
    reads = []

    def note(_conn, _cursor, statement, *_rest):
        if "FROM tasks" in statement:
            reads.append(statement)
    event.listen(database.engine, "before_cursor_execute", note)
    try:
        with database.session() as s:
            first = queries.open_states_today(s, TODAY)
            first.clear()  # a reader changing its answer changes nobody else's
            again = queries.open_states_today(s, TODAY)
            one_unit = queries.open_states_today(s, TODAY, [next(iter(again))])
            assert len(reads) == 2 and again and set(one_unit) <= set(again)
            s.commit()
            assert queries.open_states_today(s, TODAY) == again and len(reads) == 3
        with database.transaction() as writing:
            assert queries.open_states_today(writing, TODAY) == again
            assert queries.open_states_today(writing, TODAY) == again
        assert len(reads) == 5
    finally:
        event.remove(database.engine, "before_cursor_execute", note)


def test_what_awaited_a_decision_is_every_request_asked_by_then_and_not_yet_decided(database):
    """The requests awaiting a leader at a moment (now, or the end of a past day), oldest
    first: the same as picking them one by one from every request, for the district and for
    one unit, whichever index answers."""
    from dashboard import clock
    from db import overview as queries
    from db.models import Extension
    with database.session() as s:
        every = s.execute(select(Extension.id, Extension.requested_at, Extension.state, Extension.decided_at,
                                 Task.lead_unit_id).join(Task, Task.id == Extension.task_id)).all()
        moments = [clock.end_of_day(TODAY - timedelta(days=n)) for n in (40, 10, 3, 1)] + [clock.now()]
        busiest = max({row.lead_unit_id for row in every},
                      key=lambda unit: sum(row.lead_unit_id == unit for row in every))
        checked = 0
        for as_of in moments:
            for unit_ids in (None, [busiest]):
                expected = sorted((row.requested_at, row.id) for row in every
                                  if row.requested_at <= as_of
                                  and (row.state == "pending" or (row.decided_at and row.decided_at > as_of))
                                  and (unit_ids is None or row.lead_unit_id in unit_ids))
                for limit in (3, 100):
                    found = queries.pending_extensions(s, as_of, unit_ids, limit=limit)
                    assert [e.extension_id for e in found] == [i for _at, i in expected[:limit]], (as_of, unit_ids)
                checked += len(expected)
        assert checked > 0


def test_closed_weeks_and_months_read_kept_events_equal_to_their_days(database):
    """A week or month to date of a closed day is read from the rows kept when the day was
    closed, and one running to today from those of yesterday and today's own rows: equal to
    summing its daily events, for the whole district and for one unit."""
    from dashboard.domain.rollups import COUNTERS, DayEvents
    from db import overview as queries
    from db import rollups
    from db.rollups_models import UnitDayEvents
    with database.session() as s:
        last_closed = TODAY - timedelta(days=1)
        for day, kind in [(last_closed, "week"), (last_closed, "month"), (date(2026, 10, 31), "month"),
                          (date(2026, 11, 15), "week"), (TODAY, "week"), (TODAY, "month")]:
            period = rollups.to_date_periods(day)[kind]
            summed: dict[int, DayEvents] = {}
            for row in s.scalars(select(UnitDayEvents).where(UnitDayEvents.day.between(period.start, period.end))):
                one = DayEvents.from_counters(getattr(row, name) for name in COUNTERS)
                summed[row.unit_id] = summed[row.unit_id] + one if row.unit_id in summed else one
            assert queries.events_by_unit(s, period) == summed and sum(e.updates for e in summed.values()) > 0
            # today is not closed: nothing is kept for it; what was kept at yesterday's close is read
            assert rollups.events_kept(s, period) == (None if day == TODAY else summed), (day, kind)
            if day == TODAY:
                assert rollups.events_kept(s, Period(period.start, TODAY - timedelta(days=1))) is not None
            unit = min(summed)
            assert queries.events_by_unit(s, period, [unit]) == {unit: summed[unit]}
        assert rollups.events_kept(s, Period(date(2026, 11, 3), date(2026, 11, 12))) is None  # not a to-date shape


def test_a_unit_heads_update_shows_at_once_despite_the_cache(demo_db_url, tmp_path):
    from datetime import datetime, time

    from dashboard.web import create_app
    from db.engine import Database
    from db.tasks import record_update

    from .conftest import HCM, copy_demo, make_config
    url = copy_demo(demo_db_url, tmp_path / "copy.db")
    client = create_app(make_config(url)).test_client()
    sign_in(client, "leader")
    client.get("/lang/en?next=/")
    first = _kpis(_answer(post_callback(client, overview_body(TODAY.isoformat())))[ids.OVERVIEW_HEADLINE]["children"])
    again = _kpis(_answer(post_callback(client, overview_body(TODAY.isoformat())))[ids.OVERVIEW_HEADLINE]["children"])
    assert again == first
    database = Database(url)
    with database.transaction() as s:
        task_id = s.scalar(select(Task.id).where(Task.status == "in_progress", Task.due_date < TODAY)
                           .limit(1))
        record_update(s, task_id, status="done", progress=100, note="Xong", by_user_id=None,
                      now=datetime.combine(TODAY, time(10), HCM), tz=HCM)
    database.dispose()
    after = _kpis(_answer(post_callback(client, overview_body(TODAY.isoformat())))[ids.OVERVIEW_HEADLINE]["children"])
    assert int(after["Overdue"].replace(",", "")) == int(first["Overdue"].replace(",", "")) - 1
    assert int(after["Done late"].replace(",", "")) == int(first["Done late"].replace(",", "")) + 1


def test_two_databases_sharing_a_cache_folder_never_see_each_others_figures(demo_db_url, tmp_path):
    from dashboard.web import create_app
    from db.engine import Database

    from .conftest import copy_demo, make_config
    copy_url = copy_demo(demo_db_url, tmp_path / "other.db")
    database = Database(copy_url)
    with database.transaction() as s:  # the other district has renamed a unit
        s.execute(Unit.__table__.update().where(Unit.code == "tnmt").values(name="Sở Nông nghiệp"))
    database.dispose()
    folder = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    answers = []
    for url in (demo_db_url, copy_url):
        app = create_app({**make_config(url), **folder})
        client = app.test_client()
        sign_in(client, "leader")
        rows = ranking_rows(client, "2026-11-12", "day")
        answers.append({row["code"]: row["unit"] for row in rows}["tnmt"])
    assert answers == ["Phòng Tài nguyên và Môi trường", "Sở Nông nghiệp"]


def _caption(headline) -> str:
    return next(item["props"]["children"] for item in headline
                if "period-caption" in item["props"].get("className", ""))


def test_the_headline_says_what_it_compares_with(client):
    sign_in(client, "leader")
    client.get("/lang/en?next=/")
    running = _answer(post_callback(client, overview_body(TODAY.isoformat())))[ids.OVERVIEW_HEADLINE]["children"]
    assert _caption(running) == ("Nov 23, 2026 – Nov 26, 2026, to date; changes vs the same days last week "
                                 "(Nov 16, 2026 – Nov 19, 2026).")
    assert "vs the same days last week" in json.dumps(running)
    whole = _answer(post_callback(client, overview_body("2026-11-22")))[ids.OVERVIEW_HEADLINE]["children"]
    assert _caption(whole) == "Nov 16, 2026 – Nov 22, 2026; changes vs last week (Nov 9, 2026 – Nov 15, 2026)."
    client.get("/lang/vi?next=/")
    month = _answer(post_callback(client, overview_body(TODAY.isoformat(), "month")))[ids.OVERVIEW_HEADLINE]["children"]
    assert "so với cùng kỳ tháng trước (01/10/2026 – 26/10/2026)" in _caption(month)
    week = _answer(post_callback(client, overview_body(TODAY.isoformat())))[ids.OVERVIEW_HEADLINE]["children"]
    assert "so với cùng kỳ tuần trước (16/11/2026 – 19/11/2026)" in _caption(week)
    whole_week = _answer(post_callback(client, overview_body("2026-11-22")))[ids.OVERVIEW_HEADLINE]["children"]
    assert "so với tuần trước (09/11/2026 – 15/11/2026)" in _caption(whole_week)


@pytest.mark.parametrize("kind", ["week", "month"])
def test_hiding_a_rating_changes_the_closed_period_that_holds_it_at_once(writable, kind):
    """The closed week (or month) was looked at, and cached, before a leader hid one of its
    ratings, then showed it again: each look counts what is visible then."""
    from dashboard import clock
    from db.models import Rating
    from db.satisfaction import set_hidden
    app, database = writable
    period = iso_week(PAST_DAY) if kind == "week" else Period(date(2026, 10, 1), date(2026, 10, 31))
    client = app.test_client()
    sign_in(client, "leader")
    client.get("/lang/en?next=/")

    def shown_count():
        answer = _answer(post_callback(client, overview_body(period.end.isoformat(), kind)))
        return json.dumps(answer[ids.OVERVIEW_SATISFACTION], ensure_ascii=False)

    def visible():
        with database.session() as s:
            return s.scalar(select(func.count()).select_from(Rating).where(
                Rating.day.between(period.start, period.end), Rating.hidden.is_(False)))

    before, count = shown_count(), visible()
    assert f"n = {count:,}" in before
    with database.transaction() as s:
        rating_id = s.scalar(select(Rating.id).where(Rating.day == period.start, Rating.hidden.is_(False)).limit(1))
        set_hidden(s, rating_id, hidden=True, reason="Spam", actor=Actor(1, "leader", None), now=clock.now())
    after = shown_count()
    assert f"n = {count - 1:,}" in after and visible() == count - 1
    with database.transaction() as s:
        set_hidden(s, rating_id, hidden=False, reason="", actor=Actor(1, "leader", None), now=clock.now())
    assert shown_count() == before


def test_renaming_a_unit_shows_in_a_closed_periods_ranking_at_once(writable):
    from dashboard import clock
    from db.admin import change_unit
    app, database = writable
    client = app.test_client()
    sign_in(client, "leader")
    month = "2026-10-31"
    assert {row["code"]: row["unit"] for row in ranking_rows(client, month, "month")}["tnmt"] == \
        "Phòng Tài nguyên và Môi trường"  # looked at, and cached
    with database.transaction() as s:
        change_unit(s, code="tnmt", name="Phòng Tài nguyên, Môi trường và Khí hậu", active=True,
                    actor=Actor(3, "admin", None), now=clock.now())
    assert {row["code"]: row["unit"] for row in ranking_rows(client, month, "month")}["tnmt"] == \
        "Phòng Tài nguyên, Môi trường và Khí hậu"


PAYLOADS = ["=HYPERLINK(\"http://evil.example\",\"Bấm\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_exports_never_hold_a_live_formula(writable, payload):
    """An admin names a unit like a formula: CSV and Excel exports show it as text."""
    import csv

    from openpyxl import load_workbook

    from dashboard import clock
    from db.admin import change_unit
    app, database = writable
    with database.transaction() as s:
        payload = change_unit(s, code="tnmt", name=payload, active=True, actor=Actor(3, "admin", None), now=clock.now()).name
    client = app.test_client()
    sign_in(client, "leader")
    client.get("/lang/en?next=/")
    csv_data = _answer(post_callback(client, export_body("2026-11-26", ids.OVERVIEW_EXPORT_CSV)))[ids.OVERVIEW_DOWNLOAD]["data"]
    assert csv_data["filename"].endswith(".csv")
    cells = [cell for row in csv.reader(io.StringIO(csv_data["content"].lstrip("\ufeff"))) for cell in row]
    assert "'" + payload in cells and payload not in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    xlsx = _answer(post_callback(client, export_body("2026-11-26")))[ids.OVERVIEW_DOWNLOAD]["data"]
    book = load_workbook(io.BytesIO(base64.b64decode(xlsx["content"])))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert payload in [cell.value for cell in cells]  # the name as typed, as text


def test_a_task_number_with_no_task_says_so_with_a_way_to_every_task(client):
    sign_in(client, "leader")
    answer = json.dumps(_answer(post_callback(client, task_body("999999"))), ensure_ascii=False)
    assert "Không có nhiệm vụ mang số này." in answer  # the browser asks in Vietnamese
    assert '"href": "/tasks"' in answer


def test_the_heads_progress_form_starts_from_where_the_task_stands(client, database):
    with database.session() as s:
        task = s.scalars(select(Task).join(Unit, Unit.id == Task.lead_unit_id).where(
            Unit.code == "xa-thach-dai", Task.status == "in_progress", Task.progress > 0).limit(1)).one()
    sign_in(client, "head.xa-thach-dai")
    answer = _answer(post_callback(client, task_body(str(task.id))))
    assert answer[ids.UPDATE_PROGRESS]["value"] == task.progress
    assert answer[ids.UPDATE_STATUS]["value"] == "in_progress"


@pytest.mark.parametrize("kept", [{"sortModel": "abc"}, {"sortModel": [1]}, {"sortModel": {"x": 1}},
                                  {"startRow": None}, {"startRow": "5", "endRow": -1}, {"startRow": True},
                                  {"filterModel": [1]}, [], None, "x"])
def test_whatever_the_browser_kept_the_next_page_is_a_request_a_table_sends(kept):
    """The page memory comes back from the browser: anything in it gives a valid next request."""
    from dashboard.domain import grid_rows
    from layouts.overview import FIRST_DIRECTION, RANKING_FILTERS, RANKING_SORTS
    from layouts.tables import PAGE, next_request
    for asked in (next_request(kept, sort_column="overdue", first_direction=FIRST_DIRECTION),
                  next_request(kept, step=1), next_request(kept, step=-1), next_request(kept, filters={})):
        assert grid_rows.block([], asked, RANKING_SORTS, RANKING_FILTERS).count == 0  # no GridRequestError
        assert asked["startRow"] in (0, PAGE)


def test_crafted_page_requests_get_an_answer_never_a_500(client):
    sign_in(client, "leader")
    for request in ({}, {"startRow": 5}, {"startRow": 10_000, "endRow": 10_020}):
        answer = post_callback(client, declared_body(
            overview.RANKING_PAGE, {"request": Input(ids.OVERVIEW_RANKING_REQUEST, "data"),
                                    "source": Input(ids.OVERVIEW_RANKING_SOURCE, "data")},
            dict(request=request, source="shown", as_of="2026-11-26", kind="week"),
            dict(zip(("as_of", "kind", "start", "end"), overview.CONTROLS))))
        assert answer.status_code == 200, (request, answer.status_code)
        shown = _answer(answer)[ids.OVERVIEW_RANKING_SHOWN]["data"]
        assert shown["startRow"] < 33  # past the last row: the first page, and the pager starts from it
    button = {"type": ids.SORT_BUTTON, "table": "ranking", "column": "overdue"}
    for clicks, garbage in ((1, {"sortModel": "abc", "startRow": None}), (1, {"sortModel": {"x": 1}}),
                            ("x", [1]), (None, "?")):
        body = callback_body([(ids.OVERVIEW_RANKING_REQUEST, "data")],
                             [(ids.OVERVIEW_RANKING_PREVIOUS, "n_clicks", None),
                              (ids.OVERVIEW_RANKING_NEXT, "n_clicks", 1),
                              (ids.OVERVIEW_RANKING_SEARCH, "value", "thach")],
                             [(ids.OVERVIEW_RANKING_SHOWN, "data", garbage)])
        body["inputs"].insert(0, [{"id": button, "property": "n_clicks", "value": clicks}])
        body["changedPropIds"] = [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"]
        answer = post_callback(client, body)
        assert answer.status_code in (200, 204), (clicks, garbage, answer.status_code)
