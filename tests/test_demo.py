"""The demo district: believable, deterministic, and usable at once."""
import json
import re
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from dashboard import clock
from dashboard.web import create_app
from db import demo
from db.engine import Database
from db.migrate import upgrade
from db.models import Extension, FeedbackPoint, Rating, Task, TaskEdit, TaskUpdate, Unit, User

from .conftest import HCM, NOW, TODAY, make_config, sign_in


def test_demo_has_offices_and_communes_with_vietnamese_names_and_url_safe_codes(database):
    with database.session() as s:
        units = s.scalars(select(Unit)).all()
    kinds = Counter(u.kind for u in units)
    assert kinds["office"] == 12 and kinds["commune"] >= 20
    assert any("Thạch Đài" in u.name for u in units)
    assert all(re.fullmatch(r"[a-z0-9-]+", u.code) for u in units)
    assert "xa-thach-dai" in {u.code for u in units}


def test_demo_sizes_and_history_shape(database):
    with database.session() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert 1300 <= count(Task) <= 1800
        assert count(TaskUpdate) > 3 * count(Task) * 0.8
        assert count(FeedbackPoint) >= 30
        assert 18_000 <= count(Rating) <= 22_000
        states = dict(s.execute(select(Extension.state, func.count()).group_by(Extension.state)).all())
        assert states.get("approved") and states.get("rejected")
        statuses = dict(s.execute(select(Task.status, func.count()).group_by(Task.status)).all())
        assert set(statuses) == {"not_started", "in_progress", "done", "cancelled"}
        oldest = s.scalar(select(func.min(Task.created_on)))
        assert (TODAY - oldest).days >= 15 * 7  # about sixteen weeks of history
        commented = s.scalar(select(func.count()).select_from(Rating).where(Rating.comment.is_not(None)))
        assert commented > 1000


def test_demo_has_reliable_late_and_silent_units(database):
    with database.session() as s:
        done = s.execute(select(Task.lead_unit_id, Task.done_on_time).where(Task.status == "done")).all()
        last_update = dict(s.execute(select(TaskUpdate.unit_id, func.max(TaskUpdate.day))
                                     .group_by(TaskUpdate.unit_id)).all())
    by_unit = {}
    for unit_id, on_time in done:
        by_unit.setdefault(unit_id, []).append(bool(on_time))
    rates = [sum(v) / len(v) for v in by_unit.values() if len(v) >= 10]
    assert max(rates) >= 0.9 and min(rates) <= 0.6
    silent = [unit for unit, day in last_update.items() if (TODAY - day).days >= 3]
    assert len(silent) >= 3


def test_demo_users_one_head_per_unit(database):
    with database.session() as s:
        units = s.scalar(select(func.count()).select_from(Unit))
        heads = s.scalars(select(User.username).where(User.role == "unit_head")).all()
        roles = set(s.scalars(select(User.role)))
    assert len(heads) == units and "head.xa-thach-dai" in heads
    assert roles == {"leader", "viewer", "admin", "unit_head"}


def test_same_seed_gives_the_same_district(tmp_path):
    def build(name):
        database = Database(f"sqlite:///{tmp_path / name}")
        upgrade(database.engine)
        with database.engine.begin() as connection:
            demo.generate(connection, now=NOW, tz=HCM, seed=7, progress=lambda _: None)
        with database.session() as s:
            result = (s.execute(select(Task.id, Task.title, Task.status, Task.due_date)
                                .order_by(Task.id)).all(),
                      s.scalar(select(func.sum(Rating.score))))
        database.dispose()
        return result
    assert build("a.db") == build("b.db")


def test_slugs_drop_diacritics():
    assert demo.slug("Thạch Đài") == "thach-dai"
    assert demo.slug("Tân Lâm Hương") == "tan-lam-huong"
    assert demo.slug("Sở Văn hóa, Thể thao và Du lịch") == "so-van-hoa-the-thao-va-du-lich"


def _latest_moment(session):
    moments = [session.scalar(select(func.max(column))) for column in
               (Task.created_at, TaskUpdate.created_at, TaskEdit.created_at, Extension.requested_at,
                Extension.decided_at, Rating.created_at, Task.last_update_at)]
    return max(moment for moment in moments if moment is not None)


@pytest.mark.parametrize("hour", [2, 9, 23])
def test_the_demo_never_holds_the_future(tmp_path, hour):
    """Made at 02:00 it stops at 02:00: no update, rating or decision later in the day."""
    moment = datetime(2026, 11, 26, hour, 0, tzinfo=HCM)
    database = Database(f"sqlite:///{tmp_path / 'night.db'}")
    upgrade(database.engine)
    with database.engine.begin() as connection:
        demo.generate(connection, now=moment, tz=HCM, progress=lambda _: None)
    with database.session() as s:
        latest = _latest_moment(s)
        today_updates = s.scalar(select(func.count()).select_from(TaskUpdate)
                                 .where(TaskUpdate.day == moment.date()))
    database.dispose()
    assert latest <= moment
    if hour == 2:  # nobody works at night: the day has not begun
        assert today_updates == 0
    else:
        assert latest > moment - timedelta(hours=hour - 6)  # ... but it is worked in by day


def test_a_demo_made_on_thursday_and_opened_a_week_later_shows_that_day_truthfully(tmp_path):
    from layouts import ids

    from .dash_requests import overview_body, post_callback
    url = f"sqlite:///{tmp_path / 'old.db'}"
    database = Database(url)
    upgrade(database.engine)
    with database.engine.begin() as connection:
        demo.generate(connection, now=NOW, tz=HCM, progress=lambda _: None)
    database.dispose()
    app = create_app(make_config(url))
    client = app.test_client()
    sign_in(client, "leader")

    def headline(day):
        response = post_callback(client, overview_body(day.isoformat(), "day"))
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        answer = response.get_json()["response"]
        return json.dumps(answer[ids.OVERVIEW_HEADLINE], ensure_ascii=False)

    then = headline(TODAY)
    with clock.set_to(NOW + timedelta(days=7)):
        later = clock.today()
        sign_in(client, "leader")  # a week later the session has long ended
        assert "future" not in headline(later)
        numbers = _headline_numbers(app, later)
    app.extensions["database"].dispose()
    assert then
    # Nobody worked for a week: more is overdue and every unit with open work is silent.
    assert numbers["overdue"] > numbers["overdue_then"]
    assert numbers["silent"] == numbers["with_open_work"]


def _headline_numbers(app, later):
    from dashboard.domain import overview as logic
    from db import overview as queries
    with app.app_context():
        database = app.extensions["database"]
        with database.transaction() as s:
            states = queries.states_on(s, [TODAY, later], later)
            reported = queries.reporters(s, {later: clock.cutoff_moment(later)})[later]
    with_open = [u for u, state in states[later].items() if state.open]
    return {"overdue": logic.total_states(states[later]).overdue,
            "overdue_then": logic.total_states(states[TODAY]).overdue,
            "silent": len([u for u in with_open if u not in reported]),
            "with_open_work": len(with_open)}
