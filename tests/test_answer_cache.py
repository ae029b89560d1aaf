"""Overview answers are cached as they were sent: a second look costs the key's few index
reads and a cache read, never the figures again; who may see them is still checked."""
from __future__ import annotations

import gzip
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from dashboard import clock
from dashboard.web import create_app
from layouts import ids

from .conftest import NOW, TODAY, copy_demo, make_config, sign_in
from .dash_requests import overview_body, post_callback, weekly_body


@pytest.fixture
def app(demo_db_url, tmp_path):
    return create_app({**make_config(copy_demo(demo_db_url, tmp_path / "answers.db")),
                       "CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")})


def _statements(app) -> list[str]:
    seen: list[str] = []
    event.listen(app.extensions["database"].engine, "before_cursor_execute",
                 lambda _c, _cu, statement, *_a: seen.append(statement))
    return seen


def _figure_reads(statements: list[str]) -> list[str]:
    """The reads among ``statements`` that are not about the user asking."""
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and "user" not in s.split("FROM", 1)[-1][:40]]


def _signed_in(app, role):
    client = app.test_client()
    sign_in(client, role)
    client.get("/", follow_redirects=True)
    return client


@pytest.mark.parametrize("body", [overview_body("2026-11-12", "week"), overview_body(TODAY.isoformat(), "week"),
                                  weekly_body("2026-11-12")], ids=["closed week", "this week", "weekly chart"])
def test_a_second_look_is_served_from_the_bytes_sent_the_first_time(app, body):
    leader, viewer = _signed_in(app, "leader"), _signed_in(app, "viewer")
    first = post_callback(leader, body)
    assert first.status_code == 200
    seen = _statements(app)
    again = post_callback(viewer, body)  # another reader allowed to see the same figures
    assert again.status_code == 200 and again.get_data() == first.get_data()
    figure_reads = _figure_reads(seen)
    assert len(figure_reads) <= 3, figure_reads  # the key's versions, not the figures


def test_a_cached_answer_is_still_compressed_and_refused_to_those_not_allowed(app):
    leader, head = _signed_in(app, "leader"), _signed_in(app, "head.xa-thach-dai")
    body = overview_body("2026-11-12", "month")
    assert post_callback(leader, body).status_code == 200
    headers = {"X-CSRFToken": leader.get_cookie("_csrf_token").value, "Accept-Encoding": "gzip"}
    zipped = leader.post("/_dash-update-component", json=body, headers=headers)
    assert zipped.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(zipped.get_data()) == post_callback(leader, body).get_data()
    assert post_callback(head, body).status_code == 403


def test_a_write_today_makes_a_new_answer_for_windows_that_hold_today(app):
    from .dash_requests import note_body
    leader = _signed_in(app, "leader")
    body = overview_body(TODAY.isoformat(), "day")
    before = post_callback(leader, body).get_data()
    assert post_callback(leader, note_body(leader, "urge", "Đề nghị báo cáo ngay", "1")).status_code == 200
    seen = _statements(app)
    after = post_callback(leader, body)
    assert after.status_code == 200
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) > 5  # computed again
    assert isinstance(before, bytes)


def _rate(app, point="xa-thach-dai-1", score="5"):
    """A citizen rates a counter through its form, as a phone does."""
    citizen = app.test_client()
    page = citizen.get(f"/f/{point}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert citizen.post(f"/f/{point}", data={"csrf_token": token, "score": score, "case": ""}).status_code == 303


def _ratings_counted(answer) -> int:
    """The n of the overview's satisfaction block."""
    shown = json.dumps(answer.get_json()["response"][ids.OVERVIEW_SATISFACTION]["children"], ensure_ascii=False)
    return int(re.search(r"n = ([0-9.]+)", shown).group(1).replace(".", ""))


def test_ratings_reach_the_cached_answers_a_minute_at_a_time(app):
    """Citizens rate all day (a province's counters: several a second): each rating kept the
    cached answer from ever being served. Within the minute it lands the answer is served as
    it was; from the next minute on it is computed again, with the rating."""
    leader = _signed_in(app, "leader")
    body = overview_body(TODAY.isoformat(), "day")
    with clock.set_to(NOW.replace(second=10)):
        before = post_callback(leader, body)
        _rate(app)
        seen = _statements(app)
        assert post_callback(leader, body).get_data() == before.get_data()
        assert len(_figure_reads(seen)) <= 3, "served from the cache within the minute"
    with clock.set_to(NOW.replace(second=0) + timedelta(minutes=1)):
        after = post_callback(leader, body)
    assert after.get_data() != before.get_data()
    assert _ratings_counted(after) == _ratings_counted(before) + 1, "the new rating is counted"


def test_a_rating_stored_after_a_later_one_still_makes_a_new_version(app):
    """Two phones tap at once: the one stamped first may wait for the write lock and be stored
    second (or its server's clock is behind). Its rating must still reach the figures."""
    from db.displays import data_version
    database = app.extensions["database"]
    with clock.set_to(NOW.replace(second=30)):
        _rate(app)
    with clock.set_to(NOW.replace(second=10) + timedelta(minutes=1)), database.session() as session:
        seen = data_version(session, clock.now())
    with clock.set_to(NOW.replace(second=20)):  # stamped before the first, stored after it
        _rate(app)  # another phone
    with clock.set_to(NOW.replace(second=15) + timedelta(minutes=1)), database.session() as session:
        assert data_version(session, clock.now()) != seen


def test_signing_in_or_failing_to_keeps_the_cached_answers(app):
    """A sign-in is audited, but moves no figure: counted as a change, every sign-in (anyone's
    wrong password too) made every cached overview and screen compute again."""
    leader = _signed_in(app, "leader")
    body = overview_body(TODAY.isoformat(), "week")
    before = post_callback(leader, body)
    _signed_in(app, "viewer")
    assert sign_in(app.test_client(), "viewer", "not the password").status_code == 401
    seen = _statements(app)
    assert post_callback(leader, body).get_data() == before.get_data()
    assert len(_figure_reads(seen)) <= 3, "served from the cache"
    # A decision is audited too, and does move figures.
    from .dash_requests import note_body
    assert post_callback(leader, note_body(leader, "urge", "Đề nghị báo cáo ngay", "1")).status_code == 200
    seen.clear()
    post_callback(leader, body)
    assert len(_figure_reads(seen)) > 5, "computed again"


def test_an_answer_that_failed_is_not_kept_for_the_next_reader(app, monkeypatch):
    """The database was locked while the figures were read: that reader sees the notice, the
    next one (the database back) gets the figures, not the notice kept in the cache."""
    from sqlalchemy.exc import OperationalError

    from dashboard.services import overview as services
    leader = _signed_in(app, "leader")
    body = overview_body("2026-11-12", "week")
    real = services.overview

    def locked(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("database is locked"))
    monkeypatch.setattr(services, "overview", locked)
    app.testing = False  # as in production: the error handler answers with the notice
    failed = post_callback(leader, body)
    monkeypatch.setattr(services, "overview", real)
    assert failed.status_code == 200 and "sideUpdate" in failed.get_json()  # only the notice
    again = post_callback(leader, body)
    assert again.status_code == 200 and ids.OVERVIEW_HEADLINE in again.get_json()["response"]


def test_answers_cached_by_another_release_are_not_served(demo_db_url, tmp_path, monkeypatch):
    """The cache is shared by releases during a deploy: keys carry a digest of the code, so a new
    release never serves the previous one's layout or wording."""
    from dashboard import cache as figure_cache
    url = copy_demo(demo_db_url, tmp_path / "release.db")
    shared = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "shared-cache")}
    monkeypatch.setattr(figure_cache, "code_version", lambda: "release-1")
    old = create_app({**make_config(url), **shared})
    monkeypatch.setattr(figure_cache, "code_version", lambda: "release-2")
    new = create_app({**make_config(url), **shared})
    assert old.config["CACHE_NAMESPACE"] != new.config["CACHE_NAMESPACE"]
    body = overview_body("2026-11-12", "week")
    assert post_callback(_signed_in(old, "leader"), body).status_code == 200
    seen = _statements(new)
    assert post_callback(_signed_in(new, "leader"), body).status_code == 200
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) > 5  # computed, not served
