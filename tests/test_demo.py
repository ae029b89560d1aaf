"""The demo district: believable, deterministic, and usable at once."""
import re
from collections import Counter

from sqlalchemy import func, select

from db import demo
from db.engine import Database
from db.migrate import upgrade
from db.models import Extension, FeedbackPoint, Rating, Task, TaskUpdate, Unit, User

from .conftest import HCM, TODAY


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
            demo.generate(connection, today=TODAY, tz=HCM, seed=7, progress=lambda _: None)
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
