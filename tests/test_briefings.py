"""The weekly briefing: the schedule and its meetings, the pack (its figures are the overview's),
conclusions that become tasks, the conclusions memo, rights and bad input, and the jobs."""
import io
import json
import secrets
from datetime import UTC, date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from dashboard import clock
from dashboard.domain import briefings as logic
from dashboard.domain.overview import resolve_window
from dashboard.domain.rules import Invalid
from dashboard.domain.units import Severity
from dashboard.services.overview import overview
from db import briefings
from db.models import AuditEvent, Briefing, BriefingConclusion, Rating, Task, Unit

from .conftest import HCM, NOW, TODAY, csrf_token_of, sign_in

MONDAY_8 = logic.Schedule(0, time(8), "all", 48)


def test_the_next_meeting_is_the_first_one_strictly_after_the_moment():
    thursday = datetime(2026, 11, 26, 14, 0, tzinfo=HCM)
    assert logic.next_meeting(MONDAY_8, thursday, HCM) == datetime(2026, 11, 30, 8, 0, tzinfo=HCM)
    monday_8 = datetime(2026, 11, 30, 8, 0, tzinfo=HCM)
    assert logic.next_meeting(MONDAY_8, monday_8, HCM) == datetime(2026, 12, 7, 8, 0, tzinfo=HCM)
    # 23:30 UTC on Sunday is already Monday 06:30 in Vietnam: that Monday's meeting is next
    sunday_utc = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert logic.next_meeting(MONDAY_8, sunday_utc, HCM) == datetime(2026, 11, 30, 8, 0, tzinfo=HCM)


def test_the_pack_reads_the_eve_of_the_meeting_or_today_when_asked_early():
    assert logic.pack_day(date(2026, 11, 30), today=date(2026, 12, 3)) == date(2026, 11, 29)
    assert logic.pack_day(date(2026, 11, 30), today=date(2026, 11, 26)) == date(2026, 11, 26)
    assert logic.source_ref(date(2027, 1, 4)) == "Kết luận giao ban tuần 1/2027"
    assert logic.source_ref(date(2026, 12, 7)) == "Kết luận giao ban tuần 50/2026"


@pytest.mark.parametrize(("raw", "errors"), [
    ({"unit_id": "1", "kind": "directive", "text": "Làm ngay"}, {"due": "required"}),
    ({"unit_id": "1", "kind": "directive", "text": "Làm", "due": "2026-11-29"}, {"due": "before_meeting"}),
    ({"unit_id": "1", "kind": "directive", "text": "Làm", "due": "31/02/2027"}, {"due": "date_unreadable"}),
    ({"unit_id": "9", "kind": "urge", "text": "x"}, {"unit_id": "unknown_unit"}),
    ({"unit_id": "abc", "kind": "praise", "text": ""}, {"unit_id": "invalid", "kind": "invalid", "text": "required"}),
    ({"unit_id": "1", "kind": "urge", "text": "x" * 1001}, {"text": "too_long"}),
    ({"unit_id": "1", "kind": "direction", "text": "x", "task_id": "số 3"}, {"task_id": "invalid"}),
])
def test_a_conclusion_is_refused_with_every_reason_at_once(raw, errors):
    with pytest.raises(Invalid) as refused:
        logic.check_conclusion(raw, date(2026, 11, 30), {1, 2})
    assert refused.value.errors == errors


def test_a_conclusion_reads_a_task_number_written_with_its_hash():
    fields = logic.check_conclusion({"unit_id": "2", "kind": "urge", "text": " Đôn đốc ", "task_id": "#12"},
                                    date(2026, 11, 30), {1, 2})
    assert fields == logic.ConclusionFields(2, "urge", "Đôn đốc", None, 12)


def test_the_short_lists_follow_the_rules_the_memo_prints():
    def unit(name, severity, overdue, oldest, done, before):
        return logic.UnitWeek(hash(name), name, severity, overdue, oldest, done, before)
    units = [unit("Xã Đông", Severity.RED, 3, 2, 0, 3), unit("Xã Bắc", Severity.RED, 3, 9, 3, 5),
             unit("Xã Dương", Severity.AMBER, 1, 1, 4, 1), unit("Xã An", Severity.GREEN, 0, 0, 2, 0),
             unit("Xã Tây", Severity.RED, 5, 1, 0, 6)]
    assert [u.name for u in logic.need_attention(units)] == ["Xã Tây", "Xã Bắc", "Xã Đông"]
    assert [u.name for u in logic.most_improved(units)] == ["Xã Bắc", "Xã Tây"]  # 5 → 3, 6 → 5; no other fell
    units.append(unit("Xã Đa", Severity.GREEN, 0, 0, 1, 2))
    units.append(unit("Xã Da", Severity.GREEN, 0, 0, 1, 2))
    # equal falls of 2: more done on time first (Bắc 3), then Vietnamese order (D before Đ)
    assert [u.name for u in logic.most_improved(units)] == ["Xã Bắc", "Xã Da", "Xã Đa"]


def test_the_remote_steps_through_the_running_order_and_stays_at_its_ends():
    order = [7, 3, 9]
    assert logic.step(order, None, forward=True) == 7 and logic.step(order, None, forward=False) == 9
    assert [logic.step(order, unit, forward=True) for unit in order] == [3, 9, 9]
    assert [logic.step(order, unit, forward=False) for unit in order] == [7, 7, 3]
    assert logic.step([], None, forward=True) is None


def _form(client, path: str) -> str:
    return csrf_token_of(client.get(path).get_data(as_text=True))


def _conclusion_form(client, briefing_id: int) -> dict:
    """The CSRF token and a new one-time mark of the meeting page's conclusion form (a page that
    shows no form, as a cancelled meeting's, has no token: it then comes from another page)."""
    page = client.get(f"/briefings/{briefing_id}").get_data(as_text=True)
    token = csrf_token_of(page if 'name="csrf_token"' in page else client.get("/account/api-tokens").get_data(
        as_text=True))
    return {"csrf_token": token, "once": secrets.token_urlsafe(16)}


def _leader(app, language: str = "en"):
    client = app.test_client()
    sign_in(client, "leader")
    client.get(f"/lang/{language}?next=/")
    return client


def _meeting(database, when: datetime, attending: str = "all") -> int:
    """The meeting at ``when``: the demo's (last Monday's and the next, Mondays at 08:00), or a new one."""
    with database.transaction() as s:
        found = s.scalar(select(Briefing.id).where(Briefing.held_at == when))
        if found is not None:
            return found
        made = briefings.add_meeting(s, logic.MeetingFields(when, attending, ""), actor=None, now=NOW)
        return made.id


def test_setting_the_weekly_briefing_makes_its_next_meeting_once(writable):
    app, database = writable
    client = _leader(app)
    token = _form(client, "/briefings")
    answer = client.post("/briefings/schedule", data={"csrf_token": token, "weekday": "0", "at": "08:00",
                                                     "attending": "commune", "pack_hours": "48"})
    assert answer.status_code == 303
    page = client.get("/briefings").get_data(as_text=True)
    assert "Every Monday at 08:00" in page and "pack ready" in page
    with database.session() as s:
        held = s.scalars(select(Briefing.held_at).where(Briefing.held_at > NOW)).all()
        assert held == [datetime(2026, 11, 30, 8, 0, tzinfo=HCM)]  # the demo's; not made twice
        for _ in range(2):  # the jobs on Sunday, twice: the week after next is made once
            briefings.make_meetings(s, NOW + timedelta(days=3), HCM)
        s.commit()
        assert s.scalar(select(func.count()).select_from(Briefing).where(Briefing.held_at > NOW)) == 2
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "briefing_schedule_set")) == 1


def test_the_pack_holds_the_overviews_figures_for_the_same_days(writable):
    app, database = writable
    briefing_id = _meeting(database, datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    client = _leader(app)
    book = client.get(f"/briefings/{briefing_id}/pack.xlsx")
    assert book.status_code == 200 and "attachment" in book.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(book.data))["Buckets"]
    cells = {row[0]: row[1:4] for row in sheet.iter_rows(min_row=3, values_only=True)}
    with app.app_context(), database.session() as s:  # the week to date as of today (the meeting is to come)
        figures = overview(s, resolve_window("week", TODAY, TODAY))
    headline = figures.headline
    assert cells["Done on time"] == (headline.done_on_time.value, headline.done_on_time.previous,
                                     headline.done_on_time.value - headline.done_on_time.previous)
    assert cells["Overdue"][:2] == (headline.overdue.value, headline.overdue.previous)
    assert cells["Open within deadline"][:2] == (headline.open.value - headline.overdue.value,
                                                 headline.open.previous - headline.overdue.previous)
    assert cells["On-time rate"][0] == pytest.approx(headline.on_time_rate.value)
    document = client.get(f"/briefings/{briefing_id}/pack.pdf")
    assert document.status_code == 200 and document.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(document.data)).pages)
    assert f"Done on time {headline.done_on_time.value:,} {headline.done_on_time.previous:,}" in text
    assert f"Overdue {headline.overdue.value:,} {headline.overdue.previous:,}" in text
    red_first = [row.name for row in figures.ranking if row.severity is Severity.RED]
    assert red_first and red_first[0] in text  # the unit ranking is printed whole


def test_a_vietnamese_memo_embeds_its_font_and_speaks_vietnamese(writable):
    app, database = writable
    briefing_id = _meeting(database, datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    client = _leader(app, "vi")
    document = client.get(f"/briefings/{briefing_id}/units/xa-thach-dai.pdf")
    assert document.status_code == 200
    reader = PdfReader(io.BytesIO(document.data))
    text = reader.pages[0].extract_text()
    assert "Giao ban tuần 49/2026" in text and "UBND xã Thạch Đài" in text and "Hoàn thành đúng hạn" in text
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVu" in name for name in fonts)
    assert document.headers["Content-Disposition"].endswith('2026-11-30_xa-thach-dai.pdf')


def test_a_directive_becomes_a_task_from_the_briefing_and_the_next_pack_opens_with_it(writable):
    app, database = writable
    first = _meeting(database, datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    with database.session() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
    with clock.set_to(datetime(2026, 11, 30, 8, 40, tzinfo=HCM)):  # at the meeting (a session lasts 12 hours)
        client = _leader(app)
        form = {**_conclusion_form(client, first), "unit_id": str(unit_id), "kind": "directive", "due": "2026-12-04",
                "text": "Hoàn thành rà soát hồ sơ đất đai tồn đọng"}
        answer = client.post(f"/briefings/{first}/conclusions", data=form)
        assert answer.status_code == 303
        shown = client.get(answer.headers["Location"]).get_data(as_text=True)
        again = client.post(f"/briefings/{first}/conclusions", data=form)  # a second tap on a slow phone
        assert again.status_code == 303 and "already sent" in client.get(again.headers["Location"]).get_data(
            as_text=True)
        memo = client.get(f"/briefings/{first}/conclusions.pdf")
    with database.session() as s:
        [task] = s.scalars(select(Task).where(Task.title == "Hoàn thành rà soát hồ sơ đất đai tồn đọng")).all()
        assert (task.lead_unit_id, task.due_date, task.source_ref, task.priority) == (
            unit_id, date(2026, 12, 4), "Kết luận giao ban tuần 49/2026", "high")
        assert s.scalar(select(BriefingConclusion.task_id).where(BriefingConclusion.briefing_id == first)) == task.id
        actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.at >= datetime(2026, 11, 30, tzinfo=HCM))))
        assert {"task_assigned", "briefing_concluded"} <= actions
    assert f"assigned as task #{task.id}" in shown and f"/tasks/{task.id}" in shown
    text = " ".join(PdfReader(io.BytesIO(memo.data)).pages[0].extract_text().split())
    assert "Conclusions memo" in text and "Hoàn thành rà soát" in text and f"#{task.id}" in text
    # a week later, past its deadline: the next pack opens with it, overdue
    second = _meeting(database, datetime(2026, 12, 7, 8, 0, tzinfo=HCM))
    with clock.set_to(datetime(2026, 12, 6, 9, 0, tzinfo=HCM)):
        client = _leader(app)
        book = load_workbook(io.BytesIO(client.get(f"/briefings/{second}/units/xa-thach-dai.xlsx").data))
    rows = list(book["Conclusions"].iter_rows(min_row=3, values_only=True))
    assert rows == [("UBND xã Thạch Đài", "Directive", "Hoàn thành rà soát hồ sơ đất đai tồn đọng",
                     datetime(2026, 12, 4), f"#{task.id}", "Not started (0%) · Overdue")]


def test_an_urge_naming_a_task_is_written_on_that_task_and_only_on_the_units_own(writable):
    app, database = writable
    briefing_id = _meeting(database, datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    with database.session() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        own = s.scalar(select(Task.id).where(Task.lead_unit_id == unit_id, Task.status == "in_progress").limit(1))
        other = s.scalar(select(Task.id).where(Task.lead_unit_id != unit_id).limit(1))
        version = s.get(Task, own).version
    with clock.set_to(datetime(2026, 11, 30, 8, 40, tzinfo=HCM)):
        client = _leader(app)
        refused = client.post(f"/briefings/{briefing_id}/conclusions", data={
            **_conclusion_form(client, briefing_id), "unit_id": str(unit_id), "kind": "urge",
            "text": "Khẩn trương", "task_id": str(other)})
        assert refused.status_code == 400
        assert "Task number is not a task of this unit." in refused.get_data(as_text=True)
        client.post(f"/briefings/{briefing_id}/conclusions", data={
            **_conclusion_form(client, briefing_id), "unit_id": str(unit_id), "kind": "urge",
            "text": "Khẩn trương", "task_id": f"#{own}"})
    with database.session() as s:
        assert s.get(Task, own).version == version + 1  # the urge is on the task's own history
        assert s.scalar(select(func.count()).select_from(BriefingConclusion)) == 1 + _demo_conclusions(s)


def _demo_conclusions(s) -> int:
    return s.scalar(select(func.count()).select_from(BriefingConclusion).where(BriefingConclusion.briefing_id == 1)) or 0


@pytest.mark.parametrize(("username", "path", "status"), [
    ("viewer", "/briefings/{id}/pack.pdf", 200),
    ("head.xa-thach-dai", "/briefings/{id}/units/xa-thach-dai.pdf", 200),
    ("head.xa-thach-dai", "/briefings/{id}/units/tnmt.pdf", 403),
    ("head.xa-thach-dai", "/briefings/{id}/pack.xlsx", 403),
    ("head.xa-thach-dai", "/briefings/{id}", 200),
    ("leader", "/briefings/{id}/units/no-such-unit.pdf", 404),
    ("leader", "/briefings/999999", 404),
    ("leader", "/briefings/{id}/pack.docx", 404),
])
def test_who_reads_which_memo(writable, username, path, status):
    app, database = writable
    briefing_id = _meeting(database, datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    client = app.test_client()
    sign_in(client, username)
    assert client.get(path.format(id=briefing_id)).status_code == status


@pytest.mark.parametrize("username", ["viewer", "admin", "head.xa-thach-dai"])
def test_only_a_leader_records_conclusions(writable, username):
    app, database = writable
    briefing_id = _meeting(database, datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    client = app.test_client()
    sign_in(client, username)
    token = _form(client, "/account/api-tokens")  # a valid token of this session: the refusal is the policy's
    page = client.get(f"/briefings/{briefing_id}").get_data(as_text=True)
    assert "Record a conclusion" not in page and "Ghi kết luận" not in page
    with database.session() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
    answer = client.post(f"/briefings/{briefing_id}/conclusions", data={
        "csrf_token": token, "unit_id": str(unit_id), "kind": "commendation", "text": "Tốt"})
    assert answer.status_code == 403
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(BriefingConclusion)) == _demo_conclusions(s)


def test_a_unit_head_sees_only_their_units_conclusions(writable):
    app, database = writable
    client = app.test_client()
    sign_in(client, "head.xa-thach-dai")
    with database.session() as s:
        rows = briefings.conclusions(s, [1])
    own = [row for row in rows if row.unit_code == "xa-thach-dai"]
    page = client.get("/briefings/1").get_data(as_text=True)
    for row in rows:
        assert (row.text in page) == (row in own)


def test_bad_input_says_why_in_the_readers_language_and_saves_nothing(writable):
    app, database = writable
    client = _leader(app, "vi")
    with database.session() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        before = s.scalar(select(func.count()).select_from(Task))
    held = 1  # the demo's last Monday
    nul = client.post(f"/briefings/{held}/conclusions", data={
        **_conclusion_form(client, held), "unit_id": str(unit_id), "kind": "urge", "text": "Làm\u0000 ngay"})
    assert nul.status_code == 400 and "NUL" in nul.get_data(as_text=True)  # the app's input guard says so
    answer = client.post(f"/briefings/{held}/conclusions", data={
        **_conclusion_form(client, held), "unit_id": str(unit_id), "kind": "directive",
        "text": "Làm ngay việc\u200b này \ud7ff \u202e", "due": "2026-02-31"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Chưa lưu gì" in page and "Làm ngay việc" in page  # what was typed stays
    assert "Thời hạn" in page  # the deadline is named as the problem
    too_long = client.post(f"/briefings/{held}/conclusions", data={
        **_conclusion_form(client, held), "unit_id": str(unit_id), "kind": "commendation", "text": "x" * 1001})
    assert too_long.status_code == 400 and "quá dài" in too_long.get_data(as_text=True)
    no_token = client.post(f"/briefings/{held}/conclusions", data={
        "unit_id": str(unit_id), "kind": "commendation", "text": "Tốt"})
    assert no_token.status_code == 400
    early = client.post("/briefings/2/conclusions", data={  # Monday's meeting, on Thursday
        **_conclusion_form(client, 2), "unit_id": str(unit_id), "kind": "commendation", "text": "Tốt"})
    assert early.status_code == 409 and "từ ngày họp, 30/11/2026" in early.get_data(as_text=True)
    past = client.post("/briefings/new", data={"csrf_token": _form(client, "/briefings"), "day": "2026-11-20",
                                               "at": "08:00", "attending": "all"})
    assert past.status_code == 400 and "không được là ngày đã qua" in past.get_data(as_text=True).lower()
    for path in ("/briefings/100000000000000000000", "/briefings/-1/pack.pdf", "/briefings/99999999999/remote"):
        assert client.get(path).status_code == 404
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == before
        assert s.scalar(select(func.count()).select_from(BriefingConclusion)) == _demo_conclusions(s)


def test_a_citizens_odd_comment_cannot_break_the_pack(writable):
    app, database = writable
    with database.transaction() as s:
        rating = s.scalar(select(Rating).join(Unit, Unit.id == Rating.unit_id).where(
            Unit.code == "xa-thach-dai", Rating.day >= TODAY - timedelta(days=3), Rating.hidden.is_(False)).limit(1))
        rating.comment = ("Dòng một\x0b\x1b[31m" + "\n".join(["Chờ lâu"] * 110) + "\u202e")[:1000]  # at most 1,000
    client = _leader(app)
    for path in ("/briefings/2/pack.pdf", "/briefings/2/pack.xlsx", "/briefings/2/units/xa-thach-dai.pdf",
                 "/briefings/2/units/xa-thach-dai.xlsx"):
        answer = client.get(path)
        assert answer.status_code == 200, path
    book = load_workbook(io.BytesIO(client.get("/briefings/2/units/xa-thach-dai.xlsx").data))
    comments = [row[4] for row in book["Satisfaction"].iter_rows(min_row=3, values_only=True)]
    assert any(text.startswith("Dòng một") and "\x0b" not in text for text in comments)


def test_a_meeting_to_come_can_be_cancelled_and_one_held_cannot(writable):
    app, database = writable
    coming = _meeting(database, datetime(2026, 11, 30, 8, 0, tzinfo=HCM))
    client = _leader(app)
    token = _form(client, f"/briefings/{coming}")
    assert client.post(f"/briefings/{coming}/cancel", data={"csrf_token": token}).status_code == 303
    with database.session() as s:
        assert s.get(Briefing, coming).cancelled_at is not None
    held = client.post("/briefings/1/cancel", data={"csrf_token": token})  # the demo's last Monday
    assert held.status_code == 409
    # a cancelled meeting records nothing
    refused = client.post(f"/briefings/{coming}/conclusions", data={
        **_conclusion_form(client, coming), "unit_id": "1", "kind": "commendation", "text": "Tốt"})
    assert refused.status_code == 409 and "cancelled" in refused.get_data(as_text=True)


def test_the_jobs_command_makes_the_coming_meetings_once(tmp_path, monkeypatch, capsys):
    from dashboard.cli import main
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TIMEZONE", "Asia/Ho_Chi_Minh")
    assert main(["jobs", "run"]) == 0
    from db.engine import Database
    database = Database(url)
    with database.transaction() as s:
        briefings.set_schedule(s, MONDAY_8, actor=None, now=NOW, tz=HCM)
    with clock.set_to(NOW + timedelta(days=3)):  # Sunday: Monday's meeting exists, the next one is made
        assert main(["jobs", "run"]) == 0
        assert main(["jobs", "run"]) == 0
    assert "1 briefings made" in capsys.readouterr().out
    with database.session() as s:
        assert s.scalars(select(Briefing.held_at).order_by(Briefing.held_at)).all() == [
            datetime(2026, 11, 30, 8, 0, tzinfo=HCM), datetime(2026, 12, 7, 8, 0, tzinfo=HCM)]
    database.dispose()


def test_a_leaders_phone_drives_the_screen_red_first_and_hands_it_back(writable):
    from callbacks import display as display_callbacks
    from dashboard.domain.displays import DisplaySettings
    from dashboard.services import briefing_pack
    from db import displays
    from db.models import Display
    from layouts import ids

    from .dash_requests import declared_body

    app, database = writable
    with database.transaction() as s:
        screen, secret = displays.create_display(s, DisplaySettings("Phòng họp tầng 2", ("headline", "ranking"),
                                                                    20, 30, "vi"), actor=None, now=NOW)
        screen_id = screen.id
    with app.app_context(), database.session() as s:
        order = briefing_pack.running_order(s, briefings.meeting(s, 2))
    assert order[0].severity is Severity.RED and order[-1].severity is Severity.GREEN

    def screen_now():
        body = declared_body(display_callbacks.SET_UP, display_callbacks.SCREEN_URL,
                             dict(pathname=f"/display/{secret}", search=""), display_callbacks.SCREEN_QUERY)
        response = app.test_client().post("/display/_dash-update-component", json=body).get_json()["response"]
        return response, json.dumps(response[ids.DISPLAY_ROOT]["children"], ensure_ascii=False)

    client = _leader(app, "vi")
    page = client.get(f"/briefings/2/remote?screen={screen_id}").get_data(as_text=True)
    assert order[0].name in page and "Phòng họp tầng 2" in page
    token = csrf_token_of(page)

    def press(**pressed):
        answer = client.post("/briefings/2/remote", data={"csrf_token": token, "display_id": str(screen_id),
                                                          **pressed})
        assert answer.status_code == 303
        with database.session() as s:
            return s.get(Display, screen_id).briefing_unit_id

    assert press(step="next") == order[0].unit_id  # the first step shows the most late unit
    response, shown = screen_now()
    assert order[0].name in shown and "Quá hạn" in shown and '"name": "ranking"' not in shown
    assert response[ids.DISPLAY_CONFIG]["data"]["refresh"] == 2  # it follows the remote within seconds
    assert response[ids.DISPLAY_ROTATE_TICK]["disabled"] is True
    assert press(step="next") == order[1].unit_id
    assert press(step="previous") == order[0].unit_id
    assert press(unit_id=str(order[2].unit_id)) == order[2].unit_id
    assert f"1 / {len(order)}" not in screen_now()[1] and f"3 / {len(order)}" in screen_now()[1]
    assert press(end="1") is None  # back to its own slides
    response, shown = screen_now()
    assert '"name": "ranking"' in shown and response[ids.DISPLAY_CONFIG]["data"]["refresh"] == 30
    with clock.set_to(datetime(2026, 11, 30, 14, 30, tzinfo=HCM)):  # six and a half hours after it began
        late = _leader(app, "en")
        over = late.post("/briefings/2/remote", data={"csrf_token": _form(late, "/briefings/2/remote"),
                                                      "display_id": str(screen_id), "step": "next"})
        assert over.status_code == 400 and "can no longer be driven" in over.get_data(as_text=True)
    viewer = app.test_client()
    sign_in(viewer, "viewer")
    refused = viewer.post("/briefings/2/remote", data={
        "csrf_token": csrf_token_of(viewer.get("/account/api-tokens").get_data(as_text=True)),
        "display_id": str(screen_id), "step": "next"})
    assert refused.status_code == 403
    with database.session() as s:
        assert s.get(Display, screen_id).config_version == 1 + 5  # each step made the screen reload
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "briefing_screen_driven")) == 5
