"""Citizens' recommendations: the working-day deadline, the tracking code, the citizen's journey
without JavaScript, the protections of the public form, and the answer's way through the unit
and the leader back to the citizen."""
from __future__ import annotations

import base64
import io
import json
import re
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from dashboard import clock
from dashboard.domain import recommendations as rules
from dashboard.domain.rules import Invalid
from db.models import AuditEvent, FeedbackPoint, Recommendation, Unit
from layouts import ids

from .conftest import NOW, sign_in
from .dash_requests import post_callback, registered_body

POINT = "xa-thach-dai-1"  # a counter of the commune xa-thach-dai
PHONE = "0912 345 678"

# Vietnam, 2026, as the government announced it: Tết is 16–20 February (Monday to Friday); the
# National Day holiday is 31 August – 2 September, with Saturday 22 August worked instead.
TET_2026 = {date(2026, 2, d) for d in range(16, 21)}
NATIONAL_DAY_2026 = {date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)}
CALENDAR_2026 = rules.WorkingCalendar(frozenset(TET_2026 | NATIONAL_DAY_2026 | {date(2026, 1, 1)}),
                                      frozenset({date(2026, 8, 22)}))


# --- pure rules ------------------------------------------------------------------------------

def test_the_holiday_library_knows_the_years_tet_and_make_up_day():
    library = rules.vietnam_calendar(range(2026, 2027))
    assert TET_2026 | NATIONAL_DAY_2026 <= library.holidays
    assert date(2026, 8, 22) in library.working_weekend_days


@pytest.mark.parametrize("calendar", [CALENDAR_2026, rules.vietnam_calendar(range(2026, 2028))],
                         ids=["fixed", "library"])
@pytest.mark.parametrize("received, days, due", [
    (date(2026, 2, 13), 10, date(2026, 3, 6)),  # Friday before Tết: the Tết week does not count
    (date(2026, 2, 17), 1, date(2026, 2, 23)),  # sent during Tết: the first working day after it
    (date(2026, 8, 20), 3, date(2026, 8, 24)),  # the Saturday worked instead counts
    (date(2026, 8, 28), 2, date(2026, 9, 4)),  # over the National Day holiday
    (date(2026, 12, 6), 10, date(2026, 12, 18)),  # a Sunday: two plain weeks
])
def test_the_deadline_counts_working_days_only(calendar, received, days, due):
    assert calendar.add_working_days(received, days) == due


@pytest.mark.parametrize("typed", ["KN-2026-7Q4X-K2M9", "kn-2026-7q4x-k2m9", " kn 2026 7q4x k2m9 ",
                                   "KN20267Q4XK2M9", "ＫＮ-2026-7Q4X-K2M9"])
def test_a_tracking_code_reads_however_it_is_typed(typed):
    assert rules.tracking_code(typed) == "KN-2026-7Q4X-K2M9"


def test_letters_misread_as_digits_are_read_as_digits():
    assert rules.tracking_code("KN-2026-O1IL-0000") == "KN-2026-0111-0000"


@pytest.mark.parametrize("typed", ["", "KN-2026", "KN-2026-7Q4X-K2M", "AB-2026-7Q4X-K2M9", "KN-2026-7Q4X-K2MU",
                                   None, 123, "KN-2026-7Q4X-K2M9-X"])
def test_what_cannot_be_a_tracking_code_is_none(typed):
    assert rules.tracking_code(typed) is None


def test_new_codes_are_well_formed_and_not_sequential():
    codes = {rules.new_code(2026) for _ in range(200)}
    assert len(codes) == 200 and all(rules.tracking_code(code) == code for code in codes)


@pytest.mark.parametrize("raw, errors", [
    ({"text": ""}, {"text": "required"}),
    ({"text": "Nóng quá"}, {"text": "too_short"}),
    ({"text": "x" * 2001}, {"text": "too_long"}),
    ({"text": "Phòng chờ quá nóng.", "contact": "gọi tôi"}, {"contact": "not_contact"}),
    ({"text": ["a list"]}, {"text": "invalid"}),
])
def test_a_recommendation_is_refused_with_every_reason(raw, errors):
    with pytest.raises(Invalid) as refused:
        rules.check_recommendation(raw)
    assert refused.value.errors == errors


@pytest.mark.parametrize("contact", ["0912 345 678", "+84 912.345.678", "dan@example.vn", ""])
def test_a_phone_or_an_email_or_nothing_is_a_contact(contact):
    assert rules.check_recommendation({"text": "Phòng chờ quá nóng.", "contact": contact}) == (
        "Phòng chờ quá nóng.", contact or None)


# --- the citizen's journey, without JavaScript -----------------------------------------------

@pytest.fixture
def citizen(writable):
    app, database = writable
    return app, database, app.test_client()


def _token(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def _send(client, text="Phòng chờ quá nóng, xin lắp thêm quạt.", contact=PHONE, **extra):
    form = client.get(f"/f/{POINT}/kn")
    return client.post(f"/f/{POINT}/kn", data={"csrf_token": _token(form), "text": text, "contact": contact,
                                               **extra})


def _stored(database):
    """What the test's citizens sent (the demo's own recommendations came from no device)."""
    with database.session() as s:
        return s.scalars(select(Recommendation).where(Recommendation.device_hash.is_not(None))
                         .order_by(Recommendation.id)).all()


def test_a_citizen_sends_from_the_rating_page_and_reads_the_code(citizen):
    app, database, client = citizen
    rating_page = client.get(f"/f/{POINT}").get_data(as_text=True)
    assert f'href="/f/{POINT}/kn"' in rating_page  # the second button
    form = client.get(f"/f/{POINT}/kn")
    assert form.status_code == 200 and len(form.data) < 30_000 and b"<script" not in form.data
    assert "Gửi kiến nghị" in form.get_data(as_text=True)  # Vietnamese unless the citizen picks English
    sent = _send(client)
    assert sent.status_code == 303
    [stored] = _stored(database)
    assert sent.headers["Location"] == f"/kn/{stored.code}?new=1"
    assert stored.day == NOW.date() and stored.due_day == date(2026, 12, 10)  # Thursday + 10 working days
    assert stored.contact == PHONE and stored.state == "received" and not stored.held
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert stored.code in page and "10/12/2026" in page and "Đang được đơn vị xử lý" in page
    assert "0912" not in page and "quạt" not in page  # neither the contact nor the text is public


def test_a_citizen_comes_back_a_week_later_with_the_code_typed_loosely(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    with clock.set_to(NOW + timedelta(days=7)):
        found = client.get("/kn/?code=" + stored.code.lower().replace("-", " "))
        assert found.status_code == 303 and found.headers["Location"] == f"/kn/{stored.code}"
        assert client.get(found.headers["Location"]).status_code == 200
    assert client.get("/kn").status_code == 308
    missing = client.get("/kn/?code=KN-2026-0000-0000&lang=en", follow_redirects=True)
    assert missing.status_code == 404 and "No recommendation has the code" in missing.get_data(as_text=True)
    assert client.get("/kn/?code=hello").status_code == 400


def test_a_too_long_text_comes_back_whole_with_the_reason(citizen):
    app, database, client = citizen
    text = "Đề nghị " + "rất dài " * 300
    refused = _send(client, text=text)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "2.000" in page and text.strip() in page
    assert _stored(database) == []


def test_the_public_forms_protections(citizen):
    app, database, client = citizen
    assert _send(client, website="http://spam").status_code == 200  # the honeypot is thanked
    no_token = client.post(f"/f/{POINT}/kn", data={"text": "Phòng chờ quá nóng, xin lắp quạt."})
    assert no_token.status_code == 400 and "Trang đã hết hạn" in no_token.get_data(as_text=True)
    first = _send(client)
    assert first.status_code == 303
    again = _send(client, text="Một kiến nghị nữa ngay sau đó.")  # a double tap: the first one's code again
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert len(_stored(database)) == 1
    assert client.get("/f/no-such-point/kn").status_code == 404


def test_a_flood_from_one_network_is_held_not_lost(citizen):
    app, database, _client = citizen
    app.config["RATINGS_PER_ADDRESS_HOUR"] = 3
    for n in range(5):
        phone = app.test_client()  # a new phone on the same network each time
        assert _send(phone, text=f"Kiến nghị số {n} về thủ tục.").status_code == 303
    assert [r.held for r in _stored(database)] == [False, False, False, True, True]


# --- the answer: the unit writes, a leader approves, the citizen reads ------------------------

def _list(client, show="open"):
    body = registered_body(client, ids.REC_SHOW, {f"{ids.REC_SHOW}.value": show, f"{ids.REC_REFRESH}.data": 0,
                                                  f"{ids.REC_PAGE}.data": 0}, output=ids.REC_LIST)
    return post_callback(client, body)


def _open_body(client, recommendation_id):
    spec = next(d for d in client.get("/_dash-dependencies").get_json() if ids.REC_OPEN in json.dumps(d["inputs"]))
    button = {"type": ids.REC_OPEN, "index": recommendation_id}
    return {"output": spec["output"],
            "outputs": [dict(zip(("id", "property"), o.rsplit(".", 1))) for o in spec["output"].strip(".").split("...")],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]], "state": [],
            "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"]}


def _save(client, recommendation_id, version, answer, publish=False):
    button = ids.REC_PUBLISH if publish else ids.REC_DRAFT
    body = registered_body(client, button, {f"{button}.n_clicks": 1,
                                            f"{ids.REC_TARGET}.data": {"id": recommendation_id, "version": version},
                                            f"{ids.REC_ANSWER}.value": answer, f"{ids.REC_REFRESH}.data": 0},
                           output=ids.REC_MESSAGE)
    body["changedPropIds"] = [f"{button}.n_clicks"]
    return post_callback(client, body)


def _signed_in(app, username):
    client = app.test_client()
    sign_in(client, username)
    return client


def test_the_unit_answers_a_leader_publishes_and_the_citizen_reads_it(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    head = _signed_in(app, "head.xa-thach-dai")
    listed = json.dumps(_list(head).get_json(), ensure_ascii=False)
    assert stored.code in listed and PHONE in listed  # the unit sees the contact to answer
    dialog = post_callback(head, _open_body(head, stored.id)).get_json()["response"]
    assert dialog[ids.REC_MODAL]["is_open"] and dialog[ids.REC_DRAFT]["style"] == {}  # "send for approval"
    assert dialog[ids.REC_PUBLISH]["style"] == {"display": "none"}
    answer = "Đơn vị đã lắp thêm hai quạt trần ở phòng chờ. Cảm ơn ông/bà đã góp ý."
    drafted = _save(head, stored.id, 1, answer).get_json()["response"]
    assert "lãnh đạo phê duyệt" in json.dumps(drafted, ensure_ascii=False)
    assert "quạt trần" not in client.get(f"/kn/{stored.code}").get_data(as_text=True)  # not yet published

    assert _save(head, stored.id, 2, answer, publish=True).status_code == 403  # a head cannot publish
    with clock.set_to(NOW + timedelta(days=2)):  # two days later (a new session)
        leader = _signed_in(app, "leader")
        stale = _save(leader, stored.id, 1, answer, publish=True).get_json()["response"]
        assert "Có người đã trả lời kiến nghị này" in json.dumps(stale, ensure_ascii=False)
        published = _save(leader, stored.id, 2, answer, publish=True)
        answered = json.dumps(_list(leader, "answered").get_json(), ensure_ascii=False)
    assert published.status_code == 200
    page = client.get(f"/kn/{stored.code}?lang=en").get_data(as_text=True)
    assert "quạt trần" in page and "Answered on Nov 28, 2026" in page and PHONE not in page
    with database.session() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.detail).where(
            AuditEvent.target == f"recommendation:{stored.id}").order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["recommendation_answered", "recommendation_published"]
        assert PHONE not in json.dumps([e.detail for e in events], ensure_ascii=False)
        done = s.get(Recommendation, stored.id)
        assert done.state == "answered" and done.published_day == date(2026, 11, 28)
    assert stored.code in answered and "đúng hạn" in answered  # answered on time


def test_who_sees_what_of_a_recommendation(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    other_head = _signed_in(app, "head.tnmt")
    assert stored.code not in json.dumps(_list(other_head).get_json())
    assert post_callback(other_head, _open_body(other_head, stored.id)).status_code == 403
    viewer = _signed_in(app, "viewer")
    seen = json.dumps(_list(viewer).get_json(), ensure_ascii=False)
    assert stored.code in seen and PHONE not in seen  # viewers read the text, not the contact
    assert post_callback(viewer, _open_body(viewer, stored.id)).status_code == 403
    assert _save(viewer, stored.id, 1, "Không được phép.", publish=True).status_code == 403
    anonymous = app.test_client()
    assert post_callback(anonymous, _open_body(_signed_in(app, "leader"), stored.id)).status_code in (401, 403)


def test_without_approval_the_unit_publishes_its_own_answer(citizen):
    app, database, client = citizen
    app.config["RECOMMENDATION_APPROVAL"] = False
    _send(client)
    [stored] = _stored(database)
    head = _signed_in(app, "head.xa-thach-dai")
    assert _save(head, stored.id, 1, "Đã xử lý xong, mời ông/bà đến nhận kết quả.", publish=True).status_code == 200
    assert "Đã xử lý xong" in client.get(f"/kn/{stored.code}").get_data(as_text=True)


def test_an_empty_or_too_long_answer_is_refused_and_nothing_changes(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    leader = _signed_in(app, "leader")
    for answer in ("", "x" * 2001):
        refused = json.dumps(_save(leader, stored.id, 1, answer, publish=True).get_json(), ensure_ascii=False)
        assert "Chưa lưu gì" in refused and "Trả lời" in refused
    with database.session() as s:
        assert s.get(Recommendation, stored.id).version == 1
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.target == f"recommendation:{stored.id}")) == 0


def test_the_demo_points_belong_to_the_units_the_tests_name(database):
    with database.session() as s:
        unit = s.scalar(select(Unit.code).join(FeedbackPoint, FeedbackPoint.unit_id == Unit.id)
                        .where(FeedbackPoint.code == POINT))
    assert unit == "xa-thach-dai"


def test_the_demo_has_recommendations_in_every_state_each_readable_by_its_code(citizen):
    app, database, client = citizen
    with database.session() as s:
        demo = s.execute(select(Recommendation.code, Recommendation.state, Recommendation.answer)).all()
    assert {row.state for row in demo} == {"received", "awaiting_approval", "answered"}
    for row in demo:
        page = client.get(f"/kn/{row.code}").get_data(as_text=True)
        assert row.code in page and (bool(row.answer) and row.answer in page) == (row.state == "answered")


def test_after_a_stale_save_the_text_saves_at_the_new_version(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    head, leader = _signed_in(app, "head.xa-thach-dai"), _signed_in(app, "leader")
    assert _save(head, stored.id, 1, "Bản nháp của đơn vị.").status_code == 200  # now at version 2
    stale = _save(leader, stored.id, 1, "Trả lời của lãnh đạo.", publish=True).get_json()["response"]
    target = stale[ids.REC_TARGET]["data"]
    assert target == {"id": stored.id, "version": 2} and ids.REC_ANSWER not in stale  # the text stays
    assert _save(leader, stored.id, target["version"], "Trả lời của lãnh đạo.", publish=True).status_code == 200
    with database.session() as s:
        assert s.get(Recommendation, stored.id).answer == "Trả lời của lãnh đạo."


def test_a_correction_keeps_the_day_the_answer_was_first_published(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    leader = _signed_in(app, "leader")
    assert _save(leader, stored.id, 1, "Trả lời lần đầu.", publish=True).status_code == 200
    with clock.set_to(NOW + timedelta(days=30)):
        leader = _signed_in(app, "leader")
        assert _save(leader, stored.id, 2, "Trả lời đã sửa lỗi chính tả.", publish=True).status_code == 200
    with database.session() as s:
        corrected = s.get(Recommendation, stored.id)
        assert corrected.published_day == NOW.date() and corrected.answer == "Trả lời đã sửa lỗi chính tả."


@pytest.mark.parametrize("field, value", [(ids.REC_REFRESH + ".data", "x"), (ids.REC_ANSWER + ".value", ["a"]),
                                          (ids.REC_TARGET + ".data", {"id": "1", "version": 1}),
                                          (ids.REC_TARGET + ".data", {"id": 1, "version": True})])
def test_crafted_answers_are_refused_never_a_server_error(citizen, field, value):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    leader = _signed_in(app, "leader")
    body = registered_body(leader, ids.REC_PUBLISH, {
        f"{ids.REC_PUBLISH}.n_clicks": 1, f"{ids.REC_TARGET}.data": {"id": stored.id, "version": 1},
        f"{ids.REC_ANSWER}.value": "Trả lời.", f"{ids.REC_REFRESH}.data": 0, field: value}, output=ids.REC_MESSAGE)
    assert post_callback(leader, body).status_code in (200, 400, 404)
    opened = _open_body(leader, stored.id)
    opened["inputs"] = [{"id": {"type": ids.REC_OPEN, "index": stored.id}, "property": "n_clicks", "value": 1}]
    assert post_callback(leader, opened).status_code in (200, 400)


def test_half_a_character_pair_is_refused_before_it_reaches_the_database(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    leader = _signed_in(app, "leader")
    body = json.dumps(registered_body(leader, ids.REC_PUBLISH, {
        f"{ids.REC_PUBLISH}.n_clicks": 1, f"{ids.REC_TARGET}.data": {"id": stored.id, "version": 1},
        f"{ids.REC_ANSWER}.value": "SURROGATE", f"{ids.REC_REFRESH}.data": 0}, output=ids.REC_MESSAGE))
    leader.get("/", follow_redirects=True)
    answer = leader.post("/_dash-update-component", data=body.replace("SURROGATE", "\\ud800"),
                         content_type="application/json", headers={"X-CSRFToken": leader.get_cookie("_csrf_token").value})
    assert answer.status_code == 400
    with database.session() as s:
        assert s.get(Recommendation, stored.id).version == 1


def test_only_the_recommendation_pages_are_public(citizen):
    app, database, client = citizen
    assert client.get("/kn/").status_code == 200
    assert client.get("/knxyz").status_code == 302  # to the sign-in page, like any page of the dashboard


def test_digits_of_other_scripts_are_not_a_code():
    assert rules.tracking_code("KN-٢٠٢٦-7Q4X-K2M9") is None
    assert rules.tracking_code("KN-2O26-7Q4X-K2M9") == "KN-2026-7Q4X-K2M9"


# --- recommendations in the figures, beside the tasks' -----------------------------------------

def test_the_figures_count_each_recommendation_as_it_stood_at_the_periods_end(citizen):
    """Due in the period, of which answered by the deadline; overdue and unanswered at its
    end. A later answer does not change a past period; held ones count once answered."""
    from dashboard.domain.periods import Period
    from db import recommendations as stored_recommendations
    app, database, client = citizen
    with database.transaction() as s:
        s.execute(Recommendation.__table__.delete())  # the demo's own, for round numbers
        point = s.scalar(select(FeedbackPoint).where(FeedbackPoint.code == POINT))
        unit = point.unit_id

        def made(day, due, published=None, held=False):
            s.add(Recommendation(code=rules.new_code(2026), point_id=point.id, unit_id=unit, day=day, due_day=due,
                                 created_at=NOW, text="Kiến nghị thử.", state="answered" if published else "received",
                                 published_day=published, published_at=NOW if published else None, version=1,
                                 held=held))
        made(date(2026, 11, 2), date(2026, 11, 16), published=date(2026, 11, 10))  # on time
        made(date(2026, 11, 3), date(2026, 11, 17), published=date(2026, 11, 20))  # late
        made(date(2026, 11, 4), date(2026, 11, 18))  # never answered: overdue from the 19th
        made(date(2026, 11, 4), date(2026, 11, 18), held=True)  # held, unanswered: not counted
        made(date(2026, 11, 5), date(2026, 12, 3))  # due later
    with database.session() as s:
        november = stored_recommendations.counts_by_unit(s, Period(date(2026, 11, 1), date(2026, 11, 30)))[unit]
        mid = stored_recommendations.counts_by_unit(s, Period(date(2026, 11, 16), date(2026, 11, 19)))[unit]
    assert (november.due, november.answered_on_time, november.overdue) == (3, 1, 1)  # the late one answered by then
    assert november.on_time_rate == pytest.approx(1 / 3)
    assert (mid.due, mid.answered_on_time, mid.overdue) == (3, 1, 2)  # the late one unanswered on the 19th
    leader = _signed_in(app, "leader")
    from .dash_requests import overview_body
    headline = json.dumps(post_callback(leader, overview_body("2026-11-26", "month")).get_json(), ensure_ascii=False)
    assert "Kiến nghị trả lời đúng hạn" in headline and "Kiến nghị quá hạn" in headline


def test_a_flood_from_one_address_is_limited_and_held_and_nothing_sent_in_time_is_lost(citizen):
    app, database, _client = citizen
    app.config.update(RATING_RATE_LIMIT="30 per hour", RATINGS_PER_ADDRESS_HOUR=5)
    answers = [_send(app.test_client(), text=f"Kiến nghị số {n} gửi dồn dập.").status_code for n in range(40)]
    assert answers == [303] * 30 + [429] * 10  # refused past the limit, with a page that says so
    stored = _stored(database)
    assert len(stored) == 30 and sum(r.held for r in stored) == 25  # past the allowance: kept, held
    too_many = _send(app.test_client())
    assert too_many.status_code == 429
    assert "Vừa có nhiều tin gửi từ cùng mạng này nên chưa có gì được lưu." in too_many.get_data(as_text=True)


def test_the_contact_never_reaches_the_logs(citizen, caplog):
    app, database, client = citizen
    with caplog.at_level("DEBUG"):
        _send(client)
        [stored] = _stored(database)
        head = _signed_in(app, "head.xa-thach-dai")
        _list(head)
        _save(head, stored.id, 1, "Đơn vị đã tiếp nhận và sẽ trả lời ông/bà.")
    assert caplog.records and not any(PHONE in record.getMessage() for record in caplog.records)


def test_the_citizen_pages_are_small(citizen):
    app, database, client = citizen
    _send(client)
    [stored] = _stored(database)
    for path in (f"/f/{POINT}/kn", f"/kn/{stored.code}", "/kn/", "/kq/"):
        page = client.get(path)
        assert page.status_code == 200 and len(page.data) < 30_000 and b"<script" not in page.data, path


def test_an_administrators_local_day_off_moves_the_deadline_of_what_is_sent_afterwards(citizen):
    app, database, client = citizen
    admin = _signed_in(app, "admin")

    def set_day(day, kind, note=""):
        return post_callback(admin, registered_body(admin, ids.CALENDAR_SAVE, {
            f"{ids.CALENDAR_SAVE}.n_clicks": 1, f"{ids.CALENDAR_DAY}.value": day, f"{ids.CALENDAR_KIND}.value": kind,
            f"{ids.CALENDAR_NOTE}.value": note, f"{ids.ADMIN_REFRESH}.data": 0}))
    assert set_day("2026-12-01", "off", "Nghỉ theo quyết định của tỉnh").status_code == 200
    assert set_day("2026-12-05", "working").status_code == 200  # a Saturday worked
    refused = json.dumps(set_day("not a day", "off").get_json(), ensure_ascii=False)
    assert "Chưa lưu gì" in refused
    _send(client)
    [stored] = _stored(database)
    assert stored.due_day == date(2026, 12, 10)  # 1 December off, Saturday the 5th worked: the same count
    assert set_day("2026-12-05", "national").status_code == 200
    with clock.set_to(NOW + timedelta(minutes=5)):
        _send(app.test_client(), text="Một kiến nghị khác về giờ mở cửa.")
    later = _stored(database)[-1]
    assert later.due_day == date(2026, 12, 11)  # the Saturday is no longer worked
    assert stored.due_day == date(2026, 12, 10)  # a deadline already set stays
    assert post_callback(_signed_in(app, "leader"), registered_body(admin, ids.CALENDAR_SAVE, {
        f"{ids.CALENDAR_SAVE}.n_clicks": 1, f"{ids.CALENDAR_DAY}.value": "2026-12-02",
        f"{ids.CALENDAR_KIND}.value": "off", f"{ids.CALENDAR_NOTE}.value": "", f"{ids.ADMIN_REFRESH}.data": 0})
    ).status_code == 403
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "calendar_changed")) == 3


def test_the_screens_and_the_exports_hold_no_contact_or_text(citizen):
    """The screens' answers and the ranking's exports show figures only."""
    from dashboard.domain.displays import SLIDES, DisplaySettings
    from db import displays

    from .dash_requests import export_body
    from .test_displays import _post, refresh_body
    app, database, client = citizen
    _send(client)
    with database.transaction() as s:
        _display, secret = displays.create_display(s, DisplaySettings("Phòng họp"), actor=None, now=NOW)
    screen = _post(app.test_client(), refresh_body(app.test_client(), secret, SLIDES))
    assert screen.status_code == 200
    leader = _signed_in(app, "leader")
    exported = []
    for button in (ids.OVERVIEW_EXPORT_CSV, ids.OVERVIEW_EXPORT_XLSX):
        download = next(iter(post_callback(leader, export_body(NOW.date().isoformat(), button))
                             .get_json()["response"].values()))["data"]
        if download.get("base64"):  # the spreadsheet: every cell's text
            sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(download["content"]))).active
            exported.append(" ".join(str(cell.value) for row in sheet.iter_rows() for cell in row))
        else:
            exported.append(download["content"])
    assert all("Phòng Tài nguyên và Môi trường" in text for text in exported)  # the whole ranking is there
    for text in [screen.get_data(as_text=True), *exported]:
        assert PHONE not in text and "quạt" not in text


def test_the_list_opens_with_the_four_buckets_in_words(citizen):
    """This month's answers on time and late, and what waits now within or past its deadline:
    the demo's eight as of 26 November (one answered late, two still waiting past the deadline
    are not: the demo's dates make one of each)."""
    app, database, client = citizen
    leader = _signed_in(app, "leader")
    listed = json.dumps(_list(leader).get_json(), ensure_ascii=False)
    with database.session() as s:
        rows = s.execute(select(Recommendation.state, Recommendation.due_day, Recommendation.published_day)).all()
    month = NOW.date().replace(day=1)
    expected = {
        "Trả lời đúng hạn trong tháng": sum(1 for r in rows if r.published_day and r.published_day >= month
                                             and r.published_day <= r.due_day),
        "Trả lời trễ hạn trong tháng": sum(1 for r in rows if r.published_day and r.published_day >= month
                                            and r.published_day > r.due_day),
        "Đang chờ, trong hạn": sum(1 for r in rows if r.state != "answered" and r.due_day >= NOW.date()),
        "Đang chờ, quá hạn": sum(1 for r in rows if r.state != "answered" and r.due_day < NOW.date()),
    }
    assert sum(expected.values()) > 0
    for words, n in expected.items():
        assert re.search(words + r'[^0-9]*"children": "' + str(n) + '"', listed), (words, n)
