"""/satisfaction through crafted callback requests: scope, figures, moderation."""
import hashlib
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dashboard.domain.periods import iso_week
from dashboard.domain.satisfaction import satisfaction_of
from db.models import AuditEvent, FeedbackPoint, Rating
from db.rollups_models import PointDayRatings
from layouts import ids
from layouts.components import deferred_of

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


def test_the_figures_show_with_the_answer_and_give_way_to_a_message_for_a_day_to_come(writable):
    """Below its controls the page waits hidden for its first answer (nothing jumps on a
    phone); a day not yet come leaves only the message, as on the overview."""
    app, _database = writable
    client = _client(app, "leader")
    shown = _fill(client).get_json()["response"]
    assert shown[ids.SAT_BODY]["hidden"] is False and shown[ids.SAT_MESSAGE]["children"] is None
    refused = _fill(client, as_of=(TODAY + timedelta(days=1)).isoformat()).get_json()["response"]
    assert refused[ids.SAT_BODY]["hidden"] is True
    assert "future" in json.dumps(refused[ids.SAT_MESSAGE], ensure_ascii=False)
    assert ids.SAT_SUMMARY not in refused  # the old figures are left as they were, out of sight


def test_a_unit_head_reads_only_their_unit(writable):
    app, _database = writable
    head = _client(app, "head.xa-thach-dai")
    answer = _text(_fill(head))
    assert "UBND xã Thạch Đài" in answer and "Thạch Khê" not in answer
    other = _text(_fill(head, unit="xa-thach-khe"))  # asking for another unit shows nothing of it
    assert "Thạch Khê" not in other
    assert "Thạch Khê" not in _text(_comments(head))


def _choices(client, control, values):
    answer = post_callback(client, registered_body(client, control, values, output=f"{control}.options"))
    assert answer.status_code == 200, answer.get_data()[:300]
    return answer.get_json()["response"][control]["options"]


def test_units_and_points_are_chosen_from_the_readers_scope_by_typing(writable):
    app, _database = writable
    leader = _client(app, "leader")
    units = _choices(leader, ids.SAT_UNIT, {f"{ids.SAT_UNIT}.search_value": None})
    assert {"label": "UBND xã Thạch Đài", "value": "xa-thach-dai"} in units and len(units) > 10
    typed = _choices(leader, ids.SAT_UNIT, {f"{ids.SAT_UNIT}.search_value": "thach dai"})  # no diacritics
    assert [option["value"] for option in typed] == ["xa-thach-dai"]
    kept = _choices(leader, ids.SAT_UNIT, {f"{ids.SAT_UNIT}.search_value": "thach dai",
                                           f"{ids.SAT_UNIT}.value": "xa-thach-khe"})
    assert [option["value"] for option in kept] == ["xa-thach-dai", "xa-thach-khe"]  # the one chosen stays
    points = _choices(leader, ids.SAT_POINT, {f"{ids.SAT_UNIT}.value": "xa-thach-dai"})
    assert points and all(option["label"].endswith("(UBND xã Thạch Đài)") for option in points)
    everywhere = _choices(leader, ids.SAT_POINT, {f"{ids.SAT_UNIT}.value": None})
    assert len(everywhere) > len(points)

    head = _client(app, "head.xa-thach-dai")  # a unit head chooses among their own only
    assert [o["value"] for o in _choices(head, ids.SAT_UNIT, {f"{ids.SAT_UNIT}.search_value": ""})] == ["xa-thach-dai"]
    assert {o["value"] for o in _choices(head, ids.SAT_POINT, {f"{ids.SAT_UNIT}.value": None})} == {
        o["value"] for o in points}
    assert _choices(head, ids.SAT_POINT, {f"{ids.SAT_UNIT}.value": "xa-thach-khe"}) == []


def _page(client, button, store, first, unit=None):
    """A click on a pager's button, the page shown starting at ``first`` (what ``store`` kept)."""
    body = registered_body(client, button, {
        f"{ids.SAT_AS_OF}.date": "2026-11-26", f"{ids.SAT_PERIOD}.value": "week", f"{ids.SAT_UNIT}.value": unit,
        f"{button}.n_clicks": 1, f"{store}.data": first})
    body["changedPropIds"] = [f"{button}.n_clicks"]
    answer = post_callback(client, body)
    assert answer.status_code == 200, answer.get_data()[:300]
    return answer.get_json()["response"]


def _points_page(client, button, first):
    return _page(client, button, ids.SAT_POINTS_FIRST, first)


def _units_page(client, button, first):
    return _page(client, button, ids.SAT_RANKING_FIRST, first)


def _point_codes(children) -> list[str]:
    return re.findall(r"/f/([a-z0-9-]+)", json.dumps(children))


def test_the_points_table_pages_through_every_point_twenty_at_a_time(writable):
    app, database = writable
    with database.session() as s:
        active = s.scalar(select(func.count()).select_from(FeedbackPoint).where(FeedbackPoint.active.is_(True)))
    assert active > 20  # the demo district has more points than a page
    leader = _client(app, "leader")
    first = _fill(leader).get_json()["response"]
    assert first[ids.SAT_POINTS_COUNT]["children"] == f"Points 1–20 of {active}"
    assert first[ids.SAT_POINTS_PREVIOUS]["disabled"] and not first[ids.SAT_POINTS_NEXT]["disabled"]
    shown = _point_codes(first[deferred_of(ids.SAT_POINTS)]["data"])
    assert len(shown) == 20

    second = _points_page(leader, ids.SAT_POINTS_NEXT, 0)
    assert second[ids.SAT_POINTS_COUNT]["children"] == f"Points 21–{active} of {active}"
    assert second[ids.SAT_POINTS_FIRST]["data"] == 20 and second[ids.SAT_POINTS_NEXT]["disabled"]
    rest = _point_codes(second[deferred_of(ids.SAT_POINTS)]["data"])
    assert len(rest) == active - 20 and not set(rest) & set(shown)  # every point once

    back = _points_page(leader, ids.SAT_POINTS_PREVIOUS, 20)
    assert _point_codes(back[deferred_of(ids.SAT_POINTS)]["data"]) == shown
    for forged in (999, -5, "x", None):  # whatever the browser keeps, a page that exists
        assert _points_page(leader, ids.SAT_POINTS_NEXT, forged)[ids.SAT_POINTS_FIRST]["data"] in (0, 20)

    head = _fill(_client(app, "head.xa-thach-dai")).get_json()["response"]  # a unit's few points: one page
    assert head[ids.SAT_POINTS_PREVIOUS]["disabled"] and head[ids.SAT_POINTS_NEXT]["disabled"]


def _unit_lines(children) -> list[str]:
    return [row["props"]["children"][0]["props"]["children"]
            for row in children["props"]["children"][1]["props"]["children"]]


def test_the_unit_ranking_pages_through_every_unit_ranked_first_then_by_name(writable):
    """A province has hundreds of units: every one is reached, 20 at a time, each once, the
    ranked ones numbered in order before the unranked."""
    app, database = writable
    with database.session() as s:
        units = s.scalar(select(func.count(FeedbackPoint.unit_id.distinct())).where(FeedbackPoint.active.is_(True)))
    assert units > 20  # the demo district has more units with points than a page
    leader = _client(app, "leader")
    first = _fill(leader).get_json()["response"]
    assert first[ids.SAT_RANKING_COUNT]["children"] == f"Units 1–20 of {units}"
    assert first[ids.SAT_RANKING_PREVIOUS]["disabled"] and not first[ids.SAT_RANKING_NEXT]["disabled"]
    second = _units_page(leader, ids.SAT_RANKING_NEXT, 0)
    assert second[ids.SAT_RANKING_COUNT]["children"] == f"Units 21–{units} of {units}"
    assert second[ids.SAT_RANKING_FIRST]["data"] == 20 and second[ids.SAT_RANKING_NEXT]["disabled"]
    lines = _unit_lines(first[deferred_of(ids.SAT_RANKING)]["data"]) + _unit_lines(second[deferred_of(ids.SAT_RANKING)]["data"])
    names = [line.split(". ", 1)[-1] for line in lines]
    assert len(lines) == units and len(set(names)) == units  # every unit once
    ranks = [int(line.split(". ", 1)[0]) for line in lines if re.match(r"\d+\. ", line)]
    assert ranks == list(range(1, len(ranks) + 1))
    assert _unit_lines(_units_page(leader, ids.SAT_RANKING_PREVIOUS, 20)[deferred_of(ids.SAT_RANKING)]["data"]) == lines[:20]
    for forged in (999, -5, "x", None):  # whatever the browser keeps, a page that exists
        assert _units_page(leader, ids.SAT_RANKING_NEXT, forged)[ids.SAT_RANKING_FIRST]["data"] in (0, 20)


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


def test_scores_and_dimensions_kept_per_day_week_and_month_agree_with_the_ratings_after_moderation(writable):
    """Pages read the daily rollup, and each point's weeks and months: hiding, showing and
    releasing keep them equal to a count of the visible ratings, on the demo and after each
    change."""
    from .integrity import counted_ratings, kept_period_ratings, kept_ratings, summed_period_ratings

    def agree():
        assert kept_ratings(database) == counted_ratings(database)
        assert kept_period_ratings(database) == summed_period_ratings(database)

    app, database = writable
    agree()
    _hold_ratings(database, count=2, score=3)
    leader = _client(app, "leader")
    with database.session() as s:
        rated = s.scalars(select(Rating).where(Rating.dim_staff.is_not(None), Rating.comment.is_not(None),
                                               Rating.hidden.is_(False))).first()
        point_id = s.scalar(select(Rating.point_id).where(Rating.held.is_(True)))
    post_callback(leader, _moderation_body(leader, rated.id, "Thông tin cá nhân"))
    post_callback(leader, _held_decision_body(leader, f"{point_id}:{TODAY.isoformat()}"))
    agree()
    post_callback(leader, _moderation_body(leader, rated.id, ""))
    agree()


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


def _comment_burst(database, unit_code, count, comment, at):
    """``count`` comments sent at one point of a unit in the same second (ties on the moment)."""
    from dashboard import clock
    from db.models import FeedbackPoint, Unit
    from db.ratings import submit
    with database.transaction() as s:
        point = s.scalars(select(FeedbackPoint).join(Unit, Unit.id == FeedbackPoint.unit_id)
                          .where(Unit.code == unit_code, FeedbackPoint.active.is_(True))).first()
        ids_ = [submit(s, point=point, score=1 + n % 5, dims={}, comment=f"{comment} {n}", reasons=[],
                       case_code=None, device_hash=hashlib.sha256(f"{unit_code}:{comment}:{n}".encode()).hexdigest(), address_hash=None,
                       allowance=10, honeypot="", now=at, tz=clock.local_zone()) for n in range(count)]
        s.flush()
        return [r.id for r in ids_]


def _all_pages(app, database, period, unit_ids=None, per_page=20, **filters):
    """Every page older after older from the newest, then every page newer back to it."""
    from dashboard.services.satisfaction import CommentFilters, comment_page
    with app.app_context(), database.session() as s:
        pages = [comment_page(s, period, unit_ids, CommentFilters(**filters), per_page=per_page)]
        while pages[-1].has_older:
            last = pages[-1]
            pages.append(comment_page(s, period, unit_ids, CommentFilters(**filters), per_page=per_page,
                                      older_than=(last.comments[-1].at, last.comments[-1].id), first=last.first
                                      + len(last.comments)))
        back = [pages[-1]]
        while back[-1].has_newer:
            top = back[-1]
            back.append(comment_page(s, period, unit_ids, CommentFilters(**filters), per_page=per_page,
                                     newer_than=(top.comments[0].at, top.comments[0].id), first=top.first))
    return pages, back


def test_comment_pages_find_one_sent_just_now_and_hold_every_comment_once(writable):
    """A search covers the whole period, accents forgiven; keyset pages newest first, ties on
    the same second included, each comment exactly once, and back again."""
    from datetime import timedelta

    from dashboard import clock
    from dashboard.domain.periods import month_of
    app, database = writable
    older = _comment_burst(database, "xa-thach-dai", 45, "Ủy ban xã làm việc tận tình", clock.now() - timedelta(hours=2))
    just_now = _comment_burst(database, "xa-thach-khe", 1, "ỦY BAN trả hồ sơ đúng hẹn", clock.now())
    pages, back = _all_pages(app, database, month_of(TODAY), search="uy ban")
    shown = [c.id for page in pages for c in page.comments]
    assert shown[0] == just_now[0]  # the newest first, though more match than a page holds
    assert sorted(shown) == sorted(older + just_now) and len(shown) == len(set(shown)) == 46
    assert shown[1:] == sorted(older, reverse=True)  # same moment: the higher id first
    assert [(p.first, p.last, p.total) for p in pages] == [(1, 20, 46), (21, 40, 46), (41, 46, 46)]
    assert [p.has_newer for p in pages] == [False, True, True] and [p.has_older for p in pages] == [True, True, False]
    assert [[c.id for c in p.comments] for p in back] == [[c.id for c in p.comments] for p in reversed(pages)]
    assert [p.first for p in back] == [41, 21, 1]
    assert _all_pages(app, database, month_of(TODAY), search="ủy  BAN xã")[0][0].total == 45
    assert _all_pages(app, database, month_of(TODAY), search="uy ban khong co")[0][0].total == 0


def test_every_comment_of_a_unit_comes_once_in_order(writable):
    """Paging the whole month of one unit gives the same comments as reading them all at once."""
    from dashboard import clock
    from dashboard.domain.periods import month_of
    from db.models import Unit
    app, database = writable
    _comment_burst(database, "xa-thach-dai", 7, "Cùng một giây", clock.now())
    with database.session() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        period = month_of(TODAY)
        from datetime import datetime, time, timedelta
        tz = clock.local_zone()
        expected = s.scalars(select(Rating.id).where(
            Rating.unit_id == unit_id, Rating.comment.is_not(None), Rating.hidden.is_(False),
            Rating.created_at >= datetime.combine(period.start, time.min, tz),
            Rating.created_at < datetime.combine(period.end + timedelta(days=1), time.min, tz))
            .order_by(Rating.created_at.desc(), Rating.id.desc())).all()
    pages, _back = _all_pages(app, database, period, [unit_id], per_page=7)
    assert len(pages) > 2
    assert [c.id for p in pages for c in p.comments] == expected
    assert pages[-1].last == pages[0].total == len(expected)


def _comment_request(client, search="", newer=None, older=None, cursor=None, trigger=ids.SAT_SEARCH, unit=None):
    from callbacks import satisfaction

    from .dash_requests import declared_body
    body = declared_body(satisfaction.COMMENTS, satisfaction.COMMENT_FILTERS | satisfaction.CONTROLS
                         | satisfaction.COMMENT_PAGING,
                         dict(search=search, score="", as_of=TODAY.isoformat(), kind="month", unit_code=unit,
                              refresh=0, newer=newer, older=older, cursor=cursor), satisfaction.COMMENT_SHOWN)
    body["changedPropIds"] = [f"{trigger}.{'n_clicks' if trigger != ids.SAT_SEARCH else 'value'}"]
    answer = post_callback(client, body)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return answer.get_json()["response"]


def test_the_page_counts_pages_and_says_when_nothing_matches(writable):
    from dashboard import clock
    app, database = writable
    _comment_burst(database, "xa-thach-dai", 25, "Ủy ban phường", clock.now())
    leader = _client(app, "leader")
    first = _comment_request(leader, "uy ban")
    assert first[ids.SAT_COMMENT_COUNT]["children"] == "Comments 1–20 of 25"
    assert first[ids.SAT_COMMENT_OLDER]["disabled"] is False and first[ids.SAT_COMMENT_NEWER]["disabled"] is True
    assert first[ids.SAT_COMMENT_PAGER]["hidden"] is False
    cursor = first[ids.SAT_COMMENT_CURSOR]["data"]
    second = _comment_request(leader, "uy ban", older=1, cursor=cursor, trigger=ids.SAT_COMMENT_OLDER)
    assert second[ids.SAT_COMMENT_COUNT]["children"] == "Comments 21–25 of 25"
    assert second[ids.SAT_COMMENT_OLDER]["disabled"] is True and second[ids.SAT_COMMENT_NEWER]["disabled"] is False
    back = _comment_request(leader, "uy ban", newer=1, cursor=second[ids.SAT_COMMENT_CURSOR]["data"],
                            trigger=ids.SAT_COMMENT_NEWER)
    assert back[ids.SAT_COMMENT_CURSOR]["data"] == cursor
    forged = _comment_request(leader, "uy ban", older=1, cursor={"first": "x", "last": [1, "y"]},
                              trigger=ids.SAT_COMMENT_OLDER)  # a forged memory: the newest page
    assert forged[ids.SAT_COMMENT_CURSOR]["data"] == cursor
    year_one = ["0001-01-01T00:00:00+05:00", 1]  # readable, but no database holds it in UTC
    for trigger in (ids.SAT_COMMENT_OLDER, ids.SAT_COMMENT_NEWER):
        odd = _comment_request(leader, "uy ban", older=1, newer=1, trigger=trigger,
                               cursor={"first": year_one, "last": year_one, "place": 1, "count": 1})
        assert odd[ids.SAT_COMMENT_CURSOR]["data"] == cursor  # the newest page, not a 500
    nothing = _comment_request(leader, "uy ban zzz")
    assert "No comment of this period matches" in json.dumps(nothing[deferred_of(ids.SAT_COMMENTS)])
    assert nothing[ids.SAT_COMMENT_PAGER]["hidden"] is True
    head = _client(app, "head.xa-thach-khe")  # another unit's head finds none of them
    assert "No comment" in json.dumps(_comment_request(head, "uy ban")[deferred_of(ids.SAT_COMMENTS)], ensure_ascii=False)
    assert "No comment" in json.dumps(_comment_request(head, "uy ban", unit="xa-thach-dai")[deferred_of(ids.SAT_COMMENTS)])
    own = _client(app, "head.xa-thach-dai")
    assert _comment_request(own, "uy ban")[ids.SAT_COMMENT_COUNT]["children"] == "Comments 1–20 of 25"


def test_hidden_comments_are_found_by_moderators_only(writable):
    from dashboard import clock
    from db.satisfaction import set_hidden
    app, database = writable
    burst = _comment_burst(database, "xa-thach-dai", 3, "Ủy ban phường", clock.now())
    with database.transaction() as s:
        set_hidden(s, burst[0], hidden=True, reason="Thông tin cá nhân", actor=None, now=clock.now())
    assert _comment_request(_client(app, "leader"), "uy ban")[ids.SAT_COMMENT_COUNT]["children"] == "3 comments"
    assert _comment_request(_client(app, "viewer"), "uy ban")[ids.SAT_COMMENT_COUNT]["children"] == "2 comments"


def _visible_counts(session, period, unit_ids=None, column=Rating.score) -> tuple[int, ...]:
    where = [Rating.day.between(period.start, period.end), Rating.hidden.is_(False)]
    if unit_ids is not None:
        where.append(Rating.unit_id.in_(unit_ids))
    found = dict(session.execute(select(column, func.count()).where(*where).group_by(column)).all())
    return tuple(found.get(n, 0) for n in range(1, 6))


@pytest.mark.parametrize("kind", ["day", "week", "month"])
@pytest.mark.parametrize("days_ago", [0, 3, 9, 40])
def test_every_windows_ratings_equal_a_count_of_the_visible_ratings(writable, kind, days_ago):
    """Whole weeks and months, and those running to today, are read from each point's week and
    month; other periods (and a week cut at a past day) from its days: the same numbers as a
    count of the ratings themselves, for every scope."""
    from callbacks.overview import window_of
    from dashboard.domain.overview import weeks_ending
    from dashboard.services import satisfaction as services
    from db import overview as overview_db

    app, database = writable
    moderated = _client(app, "leader")
    with database.session() as s:
        rated = s.scalars(select(Rating).where(Rating.day == TODAY - timedelta(days=days_ago + 1),
                                               Rating.hidden.is_(False))).first()
        units = sorted(s.scalars(select(FeedbackPoint.unit_id).distinct()).all())[:3]
    if rated is not None:  # a hidden rating of a closed day leaves its day, week and month
        post_callback(moderated, _moderation_body(moderated, rated.id, "Thông tin cá nhân"))
    with app.test_request_context("/"):
        window = window_of((TODAY - timedelta(days=days_ago)).isoformat(), kind, None, None)
        for scope in (None, units):
            with database.session() as s:
                page = services.satisfaction_page(s, window.shown, scope)
                assert page.total.counts == _visible_counts(s, window.shown, scope)
                for dimension, figure in page.dimensions.items():
                    assert figure.counts == _visible_counts(s, window.shown, scope, getattr(Rating, f"dim_{dimension}"))
                for week, shown in zip(weeks_ending(window.shown.end, 12), page.weeks, strict=True):
                    assert shown.satisfaction.counts == _visible_counts(s, week, scope)
                for period in (window.shown, window.previous):
                    by_unit = overview_db.ratings_by_unit(s, period, scope)
                    for unit_id in scope or units:
                        assert by_unit.get(unit_id, (0,) * 5) == _visible_counts(s, period, [unit_id])
