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


def _hold_ratings(database, count=4, score=2):
    """Ratings stored as the citizen form stores those beyond an address's allowance."""
    from dashboard import clock
    from db.models import FeedbackPoint
    from db.ratings import submit
    with database.transaction() as s:
        point = s.scalars(select(FeedbackPoint).where(FeedbackPoint.active.is_(True))).first()
        for n in range(count):
            submit(s, point=point, score=score, dims={}, comment=f"Giữ {n}", reasons=["slow"] if score < 3 else [],
                   case_code=None, device_hash=f"{n:064d}", address_hash="a" * 64, allowance=0, honeypot="",
                   now=clock.now(), tz=clock.local_zone())
        return point.id, point.label


def _held_decision_body(client, key, release=True, reason=""):
    spec = next(d for d in client.get("/_dash-dependencies").get_json()
                if ids.RELEASE_HELD in json.dumps(d["inputs"]))
    button = {"type": ids.RELEASE_HELD if release else ids.KEEP_OUT_HELD, "index": key}
    clicked = [{"id": button, "property": "n_clicks", "value": 1}]
    return {"output": spec["output"],
            "outputs": [dict(zip(("id", "property"), o.rsplit(".", 1)))
                        for o in spec["output"].strip(".").split("...")],
            "inputs": [clicked if release else [], [] if release else clicked],
            "state": [{"id": ids.SAT_HIDE_REASON, "property": "value", "value": reason},
                      {"id": ids.SAT_REFRESH, "property": "data", "value": 0}],
            "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"]}


def _held_view(client):
    body = registered_body(client, ids.SAT_AS_OF, {
        f"{ids.SAT_AS_OF}.date": TODAY.isoformat(), f"{ids.SAT_PERIOD}.value": "week",
        f"{ids.SAT_REFRESH}.data": 0}, output=ids.SAT_HELD)
    return post_callback(client, body)


def _counted(database, point_id):
    with database.session() as s:
        row = s.get(PointDayRatings, (point_id, TODAY))
        return sum(getattr(row, f"score_{n}") for n in range(1, 6)) if row else 0


def test_leader_reviews_held_ratings_and_releases_them_into_the_figures(writable):
    app, database = writable
    with database.session() as s:
        before_total = s.scalar(select(func.count()).select_from(Rating))
    point_id, label = _hold_ratings(database)
    before_point = _counted(database, point_id)
    leader = _client(app, "leader")
    shown = _text(_held_view(leader))
    assert "Held for review" in shown and label in shown
    assert "· 4 ratings ·" in shown  # four held at that point today
    answer = _text(post_callback(leader, _held_decision_body(leader, f"{point_id}:{TODAY.isoformat()}")))
    assert "4 ratings released" in answer
    assert _counted(database, point_id) == before_point + 4
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Rating).where(Rating.held.is_(True))) == 0
        assert s.scalar(select(func.count()).select_from(Rating)) == before_total + 4
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "ratings_released")).one()
        assert event.detail["count"] == 4 and event.target == f"point:{point_id}:{TODAY.isoformat()}"
    again = _text(post_callback(leader, _held_decision_body(leader, f"{point_id}:{TODAY.isoformat()}")))
    assert "decided on these ratings already" in again
    assert "No rating is held" in _text(_held_view(leader))


def test_leader_keeps_held_ratings_out_they_stay_stored_hidden_with_the_reason(writable):
    app, database = writable
    point_id, _label = _hold_ratings(database, count=3)
    before = _counted(database, point_id)
    leader = _client(app, "leader")
    answer = _text(post_callback(leader, _held_decision_body(leader, f"{point_id}:{TODAY.isoformat()}",
                                                             release=False, reason="Một người gửi liên tục")))
    assert "3 ratings kept out" in answer
    assert _counted(database, point_id) == before
    with database.session() as s:
        kept = s.scalars(select(Rating).where(Rating.comment.like("Giữ %"))).all()
        assert len(kept) == 3 and all(r.hidden and not r.held for r in kept)
        assert {r.hidden_reason for r in kept} == {"Một người gửi liên tục"}


def test_a_held_comment_released_on_its_own_counts_once(writable):
    app, database = writable
    point_id, _label = _hold_ratings(database, count=1, score=5)
    before = _counted(database, point_id)
    leader = _client(app, "leader")
    with database.session() as s:
        rating_id = s.scalar(select(Rating.id).where(Rating.held.is_(True)))
    listed = _text(_comments(leader))
    assert "held for review" in listed and "Release" in listed
    assert "counts again" in _text(post_callback(leader, _moderation_body(leader, rating_id, "")))
    assert _counted(database, point_id) == before + 1
    with database.session() as s:
        rating = s.get(Rating, rating_id)
        assert not rating.held and not rating.hidden


@pytest.mark.parametrize("username", ["viewer", "head.xa-thach-dai", "admin"])
def test_only_leaders_see_or_decide_held_ratings(writable, username):
    app, database = writable
    point_id, label = _hold_ratings(database, count=2)
    client = _client(app, username)
    assert label not in _text(_held_view(client)) and "Held for review" not in _text(_held_view(client))
    body = _held_decision_body(client, f"{point_id}:{TODAY.isoformat()}")
    assert post_callback(client, body).status_code == 403
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Rating).where(Rating.held.is_(True))) == 2


@pytest.mark.parametrize("key", ["1", "x:2026-11-26", "1:2026-13-01", "²:2026-11-26", "1:0001-01-01",
                                 "99999999999999999999:2026-11-26", 7, None])
def test_a_malformed_held_key_is_refused(writable, key):
    app, _database = writable
    leader = _client(app, "leader")
    assert post_callback(leader, _held_decision_body(leader, key)).status_code == 400


def test_scores_and_dimensions_kept_per_day_agree_with_the_ratings_after_moderation(writable):
    """The dimensions are read from the daily rollup: hiding, showing and releasing keep it
    equal to a count of the visible ratings, on the demo and after each change."""
    from .integrity import counted_ratings, kept_ratings
    app, database = writable
    assert kept_ratings(database) == counted_ratings(database)
    _hold_ratings(database, count=2, score=3)
    leader = _client(app, "leader")
    with database.session() as s:
        rated = s.scalars(select(Rating).where(Rating.dim_staff.is_not(None), Rating.comment.is_not(None),
                                               Rating.hidden.is_(False))).first()
        point_id = s.scalar(select(Rating.point_id).where(Rating.held.is_(True)))
    post_callback(leader, _moderation_body(leader, rated.id, "Thông tin cá nhân"))
    post_callback(leader, _held_decision_body(leader, f"{point_id}:{TODAY.isoformat()}"))
    assert kept_ratings(database) == counted_ratings(database)
    post_callback(leader, _moderation_body(leader, rated.id, ""))
    assert kept_ratings(database) == counted_ratings(database)


def test_a_search_finds_a_comment_older_than_the_newest_twenty(writable):
    """Searching looks through the whole period, not the page of newest comments."""
    from dashboard import clock
    from dashboard.domain.periods import month_of
    from db.satisfaction import comments
    _app, database = writable
    period = month_of(TODAY)
    with database.session() as s:
        newest = comments(s, period, tz=clock.local_zone(), limit=500)
        oldest = newest[-1]
        assert len(newest) > 20
        word = max(oldest.text.split(), key=len)
        found = comments(s, period, search=word.upper(), tz=clock.local_zone(), limit=500)
    assert oldest.id in {c.id for c in found}
    assert all(word.lower() in c.text.lower() for c in found)
