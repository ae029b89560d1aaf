"""A dissatisfied citizen's comment becomes a task for the unit in one click from the
satisfaction page, linked both ways; the page says what share was followed up, and how fast."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from dashboard import clock
from dashboard.domain.periods import Period
from db import follow_ups
from db.models import AuditEvent, Rating, RatingFollowUp, Task
from layouts import ids

from .conftest import HCM, NOW, TODAY, sign_in
from .dash_requests import post_callback, registered_body


def _click(client, rating_id):
    spec = next(d for d in client.get("/_dash-dependencies").get_json() if ids.FOLLOW_UP in json.dumps(d["inputs"]))
    button = {"type": ids.FOLLOW_UP, "index": rating_id}
    return post_callback(client, {
        "output": spec["output"],
        "outputs": [dict(zip(("id", "property"), o.rsplit(".", 1))) for o in spec["output"].strip(".").split("...")],
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [{"id": ids.SAT_REFRESH, "property": "data", "value": 0}],
        "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"]})


def _comments(client):
    return json.dumps(post_callback(client, registered_body(client, ids.SAT_SEARCH, {
        f"{ids.SAT_SEARCH}.value": "", f"{ids.SAT_SCORE}.value": "1", f"{ids.SAT_AS_OF}.date": TODAY.isoformat(),
        f"{ids.SAT_PERIOD}.value": "month", f"{ids.SAT_REFRESH}.data": 0})).get_json(), ensure_ascii=False)


def _buttons(answer: str) -> set[int]:
    """The ratings whose comment carries a follow-up button in a comments answer."""
    found: set[int] = set()

    def walk(value):
        if isinstance(value, dict):
            if value.get("type") == ids.FOLLOW_UP:
                found.add(value["index"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(json.loads(answer))
    return found


def _low_rating(database, score=1):
    with database.session() as s:
        return s.execute(select(Rating.id, Rating.unit_id, Rating.comment).where(
            Rating.score == score, Rating.comment.is_not(None), Rating.hidden.is_(False),
            Rating.day >= TODAY.replace(day=1)).order_by(Rating.created_at.desc()).limit(1)).one()


def _signed_in(app, username):
    client = app.test_client()
    sign_in(client, username)
    return client


def test_a_leader_turns_a_dissatisfied_comment_into_a_task_once(writable):
    app, database = writable
    rating = _low_rating(database)
    leader = _signed_in(app, "leader")
    assert rating.id in _buttons(_comments(leader))  # the newest such comment has the button
    answer = json.dumps(_click(leader, rating.id).get_json(), ensure_ascii=False)
    assert "Đã giao nhiệm vụ xử lý cho đơn vị." in answer
    with database.session() as s:
        task_id = s.scalar(select(RatingFollowUp.task_id).where(RatingFollowUp.rating_id == rating.id))
        task = s.get(Task, task_id)
        assert (task.lead_unit_id, task.priority) == (rating.unit_id, "high")
        assert task.title.startswith("Xử lý ý kiến không hài lòng")  # the organisation's language
        assert task.due_date == date(2026, 12, 10)  # ten working days after Thursday 26 November
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "task_assigned", AuditEvent.target == f"task:{task_id}")) == 1
    listed = _comments(leader)
    assert f"/tasks/{task_id}" in listed and "Đã giao xử lý" in listed  # the comment links to its task
    page = post_callback(leader, registered_body(leader, ids.TASK_ID, {f"{ids.TASK_ID}.data": str(task_id),
                                                                       f"{ids.TASK_REFRESH}.data": 0}))
    assert rating.comment in json.dumps(page.get_json(), ensure_ascii=False)  # the task shows its source
    leader.get("/lang/en?next=/")
    page = post_callback(leader, registered_body(leader, ids.TASK_ID, {f"{ids.TASK_ID}.data": str(task_id),
                                                                       f"{ids.TASK_REFRESH}.data": 0}))
    assert "From a citizen's rating" in json.dumps(page.get_json(), ensure_ascii=False)
    leader.get("/lang/vi?next=/")
    with database.session() as s:
        assert s.get(Task, task_id).title.startswith("Xử lý")  # an English reader changed nothing stored
    again = json.dumps(_click(leader, rating.id).get_json(), ensure_ascii=False)
    assert "Chưa lưu gì" in again
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(RatingFollowUp).where(RatingFollowUp.rating_id == rating.id)) == 1


def test_only_leaders_follow_up_and_only_dissatisfied_comments(writable):
    app, database = writable
    rating = _low_rating(database)
    for username in ("viewer", "admin", "head.xa-thach-dai"):
        client = _signed_in(app, username)
        assert _click(client, rating.id).status_code == 403
        assert _buttons(_comments(client)) == set()
    satisfied = _low_rating(database, score=5)
    refused = json.dumps(_click(_signed_in(app, "leader"), satisfied.id).get_json(), ensure_ascii=False)
    assert "không phải đánh giá không hài lòng" in refused
    assert _click(_signed_in(app, "leader"), 10**9).status_code == 404


def test_the_share_followed_up_and_how_fast_as_of_the_periods_end(writable):
    app, database = writable
    rating = _low_rating(database)
    month = Period(TODAY.replace(day=1), TODAY)
    with database.session() as s:
        before = follow_ups.summary(s, month, None, HCM)
        rated_at = s.scalar(select(Rating.created_at).where(Rating.id == rating.id))
    assert before.low > 0 and before.followed == 0 and before.median_hours is None
    with clock.set_to(NOW + timedelta(hours=3)):
        _click(_signed_in(app, "leader"), rating.id)
    with database.session() as s:
        after = follow_ups.summary(s, month, None, HCM)
        earlier = follow_ups.summary(s, Period(month.start, TODAY - timedelta(days=1)), None, HCM)
    assert (after.low, after.followed) == (before.low, 1)
    expected = ((NOW + timedelta(hours=3)) - rated_at).total_seconds() / 3600
    assert after.median_hours == pytest.approx(expected, abs=0.01)
    assert earlier.followed == 0  # a period that ended before the follow-up is not changed by it
    leader = _signed_in(app, "leader")
    page = json.dumps(post_callback(leader, registered_body(leader, ids.SAT_AS_OF, {
        f"{ids.SAT_AS_OF}.date": TODAY.isoformat(), f"{ids.SAT_PERIOD}.value": "month",
        f"{ids.SAT_REFRESH}.data": 0}, output=ids.SAT_SUMMARY)).get_json(), ensure_ascii=False)
    assert f"Ý kiến không hài lòng đã giao xử lý: 1 trên {after.low}" in page


def test_a_comment_hidden_after_its_follow_up_is_no_longer_quoted_on_the_task(writable):
    from db import satisfaction as satisfaction_db
    app, database = writable
    rating = _low_rating(database)
    _click(_signed_in(app, "leader"), rating.id)
    with database.transaction() as s:
        task_id = s.scalar(select(RatingFollowUp.task_id).where(RatingFollowUp.rating_id == rating.id))
        satisfaction_db.set_hidden(s, rating.id, hidden=True, reason="Lời lẽ không phù hợp", actor=None, now=NOW)
    leader = _signed_in(app, "leader")
    page = json.dumps(post_callback(leader, registered_body(leader, ids.TASK_ID, {
        f"{ids.TASK_ID}.data": str(task_id), f"{ids.TASK_REFRESH}.data": 0})).get_json(), ensure_ascii=False)
    assert rating.comment not in page and "ý kiến này đã bị ẩn sau đó" in page
