"""A phone's double tap reaches two workers at once: the second waits for the first to commit,
then sees its rating or recommendation and is refused, on either database (PostgreSQL by an
advisory lock per device, SQLite by its writing transactions' lock)."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from db import ratings, recommendations
from db.engine import Database
from db.models import Rating, Recommendation
from db.ratings import Rejected

from .conftest import HCM, NOW, copy_demo

DEVICE = "a-phone-tapping-twice"


@pytest.fixture
def database(demo_db_url, tmp_path):
    url = copy_demo(demo_db_url, tmp_path / "taps.db")
    database = Database(url)
    yield database
    database.dispose()


def _point(database):
    with database.session() as session:
        found = ratings.point_by_code(session, "xa-thach-dai-1")
        assert found is not None
        return found[0]


def _rate(session, point, now):
    ratings.submit(session, point=point, score=5, dims={}, comment=None, reasons=[], case_code=None,
                   device_hash=DEVICE, address_hash=None, allowance=10, honeypot="", now=now, tz=HCM)


def _recommend(session, point, now):
    recommendations.submit(session, point=point, text="Xin bố trí thêm ghế chờ.", contact=None,
                           device_hash=DEVICE, address_hash=None, allowance=10, honeypot="", now=now,
                           tz=HCM, working_days=10)


@pytest.mark.parametrize(("send", "table"), [(_rate, Rating), (_recommend, Recommendation)])
def test_the_second_tap_waits_for_the_first_and_is_refused(database, send, table):
    point = _point(database)
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(table))
    outcome: list[object] = []

    def second_tap():
        try:
            with database.transaction() as session:
                send(session, point, NOW + timedelta(seconds=1))
            outcome.append("stored")
        except Rejected as refused:
            outcome.append(refused.reason)
        except OperationalError as error:  # pragma: no cover - would mean it did not wait
            outcome.append(error)

    with database.transaction() as first:
        send(first, point, NOW)
        first.flush()
        tap = threading.Thread(target=second_tap)
        tap.start()
        tap.join(timeout=1.5)
        assert tap.is_alive(), f"the second tap did not wait for the first: {outcome}"
    tap.join(timeout=20)
    assert outcome == ["too_soon"]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(table)) == before + 1
