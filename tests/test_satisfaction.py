"""/satisfaction through crafted callback requests: scope, figures, moderation."""
import json

import pytest
from sqlalchemy import func, select

from dashboard.domain.periods import iso_week
from dashboard.domain.satisfaction import satisfaction_of
from db.models import AuditEvent, Rating
from db.rollups_models import PointDayRatings
from layouts import ids

from .conftest import TODAY, sign_in
from .dash_requests import post_callback, registered_body


def _client(app, username):
    client = app.test_client()
    sign_in(client, username)
    client.get("/lang/en?next=/")
    return client


def _fill(client, unit=None, as_of="2026-11-26"):
    body = registered_body(client, ids.SAT_UNIT, {
        f"{ids.SAT_AS_OF}.date": as_of, f"{ids.SAT_PERIOD}.value": "week",
        f"{ids.SAT_UNIT}.value": unit, f"{ids.SAT_REFRESH}.data": 0})
    body["outputs"] = [o for o in body["outputs"]]
    return post_callback(client, body)


def _comments(client):
    body = registered_body(client, ids.SAT_SEARCH, {
        f"{ids.SAT_SEARCH}.value": "", f"{ids.SAT_SCORE}.value": "", f"{ids.SAT_AS_OF}.date": "2026-11-26",
        f"{ids.SAT_PERIOD}.value": "month", f"{ids.SAT_REFRESH}.data": 0})
    return post_callback(client, body)


def _moderation_body(client, rating_id, reason):
    """A click on one comment's Hide/Show button (a pattern-matching id)."""
    spec = next(d for d in client.get("/_dash-dependencies").get_json()
                if ids.HIDE_RATING in json.dumps(d["inputs"]))
    button = {"type": ids.HIDE_RATING, "index": rating_id}
    return {"output": spec["output"],
            "outputs": [dict(zip(("id", "property"), o.rsplit(".", 1)))
                        for o in spec["output"].strip(".").split("...")],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [{"id": ids.SAT_HIDE_REASON, "property": "value", "value": reason},
                      {"id": ids.SAT_REFRESH, "property": "data", "value": 0}],
            "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"]}


def _text(response):
    assert response.status_code == 200, response.status_code
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def test_the_rate_and_wilson_interval_shown_match_the_pure_logic(writable):
    app, database = writable
    week = iso_week(TODAY)
    with database.session() as s:
        scores = s.scalars(select(Rating.score).where(Rating.day.between(week.start, week.end),
                                                      Rating.hidden.is_(False))).all()
    expected = satisfaction_of(scores)
    answer = _text(_fill(_client(app, "leader")))
    low, high = expected.interval
    assert f"{100 * expected.rate:.1f}%" in answer
    assert f"{100 * low:.1f}% – {100 * high:.1f}%" in answer
    assert f"n = {expected.n:,}" in answer


def test_a_unit_head_reads_only_their_unit(writable):
    app, _database = writable
    head = _client(app, "head.xa-thach-dai")
    answer = _text(_fill(head))
    assert "UBND xã Thạch Đài" in answer and "Thạch Khê" not in answer
    other = _text(_fill(head, unit="xa-thach-khe"))  # asking for another unit shows nothing of it
    assert "Thạch Khê" not in other
    assert "Thạch Khê" not in _text(_comments(head))


def test_leader_hides_a_comment_it_stops_counting_and_can_be_shown_again(writable):
    app, database = writable
    leader = _client(app, "leader")
    with database.session() as s:
        rating = s.scalars(select(Rating).where(Rating.comment.is_not(None), Rating.hidden.is_(False),
                                                Rating.day == TODAY)).first()
        rollup = s.get(PointDayRatings, (rating.point_id, rating.day))
        before = getattr(rollup, f"score_{rating.score}")

    def click(reason):
        return post_callback(leader, _moderation_body(leader, rating.id, reason))

    assert "Reason is required" in _text(click(""))
    assert "no longer counts" in _text(click("Có số điện thoại cá nhân"))
    with database.session() as s:
        assert s.get(Rating, rating.id).hidden
        assert getattr(s.get(PointDayRatings, (rating.point_id, rating.day)), f"score_{rating.score}") == before - 1
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "rating_hidden")) == 1
    assert "counts again" in _text(click(""))
    with database.session() as s:
        assert not s.get(Rating, rating.id).hidden
        assert getattr(s.get(PointDayRatings, (rating.point_id, rating.day)), f"score_{rating.score}") == before


@pytest.mark.parametrize("username", ["viewer", "head.xa-thach-dai"])
def test_only_leaders_moderate(writable, username):
    app, _database = writable
    client = _client(app, username)
    body = _moderation_body(client, 1, "x")
    assert post_callback(client, body).status_code == 403
