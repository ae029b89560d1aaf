"""One digest a day per person: what it says, made once whatever runs the jobs, mailed once
through a real (fake) SMTP server, kept when the server is down and retried, shown as failed to
the admin after the last try; the inbox, its unread count and each person's choices."""
import json
import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from dashboard import clock
from dashboard.domain import digests as logic
from dashboard.services import digest
from db import digests, task_reads
from db import overview as overview_db
from db.models import Digest, Task, Unit, User

from .conftest import HCM, NOW, TODAY, csrf_token_of, sign_in

MORNING = datetime(2026, 11, 26, 7, 30, tzinfo=HCM)


class Mailbox:
    """An SMTP server on 127.0.0.1 that keeps what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


def _jobs(url: str, port: int, at: datetime, count: int = 1) -> list[str]:
    """``count`` runs of ``dashboard jobs run`` started together, at the moment ``at``."""
    with clock.set_to(at):
        offset = clock.offset_seconds()
    env = {**os.environ, "DATABASE_URL": url, "TIMEZONE": "Asia/Ho_Chi_Minh", "CLOCK_OFFSET_SECONDS": str(offset),
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_SECURITY": "none", "SMTP_FROM": "giamsat@thachha.vn",
           "DIGEST_HOUR": "7", "PUBLIC_BASE_URL": "https://giamsat.example.vn"}
    runs = [subprocess.Popen([sys.executable, "-m", "dashboard", "jobs", "run"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(count)]
    outputs = [run.communicate()[0] for run in runs]  # no timeout: its polling sleeps, which faketime refuses
    assert all(run.returncode == 0 for run in runs), outputs
    return outputs


def _addresses(database, usernames: list[str]) -> None:
    with database.transaction() as s:
        for name in usernames:
            s.execute(update(User).where(User.username == name).values(email=f"{name}@thachha.vn"))


def test_a_unit_heads_digest_says_what_is_due_overdue_and_urged_and_the_next_briefing(writable):
    app, database = writable
    with app.app_context(), database.session() as s:
        head = s.execute(select(User.id, User.full_name, User.role, User.unit_id, User.email)
                         .where(User.username == "head.xa-thach-dai")).one()
        person = digests.Person(*head)
        content = digest.compose(s, person, TODAY, NOW)
        due = s.scalar(select(func.count()).select_from(Task).where(
            Task.lead_unit_id == person.unit_id, Task.due_date == TODAY, Task.status.in_(("not_started", "in_progress"))))
        overdue = overview_db.overdue_tasks(s, TODAY, TODAY, HCM, [person.unit_id])[1]
        urged = task_reads.open_urges(s, person.unit_id)
    assert content["due_today_total"] == due and content["overdue_total"] == overdue
    assert content["urged_total"] == len(urged)
    assert datetime.fromisoformat(content["briefing"]["held_at"]) == datetime(2026, 11, 30, 8, 0, tzinfo=HCM)
    assert content["briefing"]["pack"] is None  # ready 48 hours before the meeting
    assert "extensions" not in content  # a unit head decides none
    sunday = datetime(2026, 11, 29, 7, 0, tzinfo=HCM)
    with clock.set_to(sunday), app.app_context(), database.session() as s:
        later = digest.compose(s, person, sunday.date(), sunday)
    assert later["briefing"]["pack"] == "/briefings/2/units/xa-thach-dai.pdf"


def test_a_leaders_digest_holds_what_waits_for_their_decision(writable):
    app, database = writable
    with app.app_context(), database.session() as s:
        person = digests.Person(*s.execute(select(User.id, User.full_name, User.role, User.unit_id, User.email)
                                           .where(User.username == "leader")).one())
        content = digest.compose(s, person, TODAY, NOW)
        waiting = overview_db.pending_extensions(s, NOW)
    assert content["extensions_total"] == len(waiting) > 0
    assert [row[0] for row in content["extensions"]] == [e.task_id for e in waiting[:5]]
    assert content["overdue_total"] == overview_db.overdue_tasks(s, TODAY, TODAY, HCM)[1]


def test_two_runs_at_once_make_one_digest_and_send_one_mail_per_person(writable, mailbox):
    app, database = writable
    box, port = mailbox
    url = str(database.url)
    _addresses(database, ["leader", "head.xa-thach-dai", "head.tnmt"])
    with database.transaction() as s:
        s.execute(update(User).where(User.username == "head.xa-thach-ngoc").values(digest_off=True))
        people = s.scalar(select(func.count()).select_from(User).where(
            User.role.in_(logic.DIGEST_ROLES), User.active.is_(True))) - 1
    _jobs(url, port, MORNING - timedelta(hours=1))  # 06:30: before the digest hour, nothing
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Digest)) == 0
    _jobs(url, port, MORNING, count=2)
    _jobs(url, port, MORNING + timedelta(minutes=5))  # a later run the same day: nothing new
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Digest)) == people
        assert s.scalar(select(func.count()).select_from(Digest).where(Digest.mail_state == "sent")) == 3
    assert sorted(to for _sender, [to], _body in box.received) == [
        "head.tnmt@thachha.vn", "head.xa-thach-dai@thachha.vn", "leader@thachha.vn"]
    leader_mail = next(body for _s, [to], body in box.received if to == "leader@thachha.vn")
    assert "Subject: =?utf-8?" in leader_mail or "Tóm tắt" in leader_mail or "Digest of" in leader_mail
    _jobs(url, port, MORNING + timedelta(days=1))  # the next morning: one more each
    assert len(box.received) == 6


def test_a_mail_server_that_is_down_loses_nothing_and_the_admin_sees_what_failed(writable):
    app, database = writable
    url = str(database.url)
    _addresses(database, ["head.xa-thach-dai"])
    closed_port = _free_port()  # nothing listens there
    _jobs(url, closed_port, MORNING)
    with database.session() as s:
        mail = s.scalar(select(Digest).join(User).where(User.username == "head.xa-thach-dai"))
        assert (mail.mail_state, mail.mail_attempts) == ("pending", 1) and mail.mail_error
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=closed_port)
    controller.start()
    try:
        _jobs(url, closed_port, MORNING + timedelta(minutes=2))  # too soon to try again
        assert box.received == []
        _jobs(url, closed_port, MORNING + timedelta(minutes=6))  # the server is back: sent, once
        _jobs(url, closed_port, MORNING + timedelta(minutes=30))
    finally:
        controller.stop()
    assert [to for _s, [to], _b in box.received] == ["head.xa-thach-dai@thachha.vn"]
    # another day the server stays down through every try: the admin is told
    moment = MORNING + timedelta(days=1)
    for attempt in range(logic.MAIL_TRIES):
        _jobs(url, closed_port, moment)
        moment = logic.next_try(attempt + 1, moment) + timedelta(minutes=1)  # a run takes some seconds
    with database.session() as s:
        states = s.scalars(select(Digest.mail_state).join(User).where(User.username == "head.xa-thach-dai")
                           .order_by(Digest.day)).all()
    assert states == ["sent", "failed"]
    with clock.set_to(moment):
        client = app.test_client()
        sign_in(client, "admin")
        page = client.get("/inbox").get_data(as_text=True)
    assert "head.xa-thach-dai@thachha.vn" in page


def test_the_inbox_counts_unread_digests_and_the_person_chooses(writable):
    app, database = writable
    with app.app_context(), database.transaction() as s:
        for person in digests.owed(s, TODAY):
            digests.keep(s, person, TODAY, digest.compose(s, person, TODAY, NOW), mail=False, now=NOW)
    client = app.test_client()
    sign_in(client, "head.xa-thach-dai")
    client.get("/lang/en?next=/")
    page = client.get("/inbox").get_data(as_text=True)
    assert "1 unread" in page and "Digest of Nov 26, 2026" in page and "Next briefing" in page
    top = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)  # every page's top bar
    assert '"href": "/inbox"' in top and "1 unread" in top
    token = csrf_token_of(page)
    client.post("/inbox/read", data={"csrf_token": token})
    assert "unread" not in client.get("/inbox").get_data(as_text=True).split("<main")[1].split("</h1>")[0]
    refused = client.post("/inbox/choices", data={"csrf_token": token, "email": "not an address"})
    assert refused.status_code == 400 and "is not an email address" in refused.get_data(as_text=True)
    client.post("/inbox/choices", data={"csrf_token": token, "email": " head@thachha.vn ", "off": "1"})
    with database.session() as s:
        assert digests.choices(s, s.scalar(select(User.id).where(User.username == "head.xa-thach-dai"))) == (
            "head@thachha.vn", True)
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        assert all(p.unit_id != unit_id for p in digests.owed(s, TODAY + timedelta(days=1)))


@pytest.mark.parametrize(("raw", "expected"), [
    ("", None), ("  ", None), ("a.b@ubnd.thachha.gov.vn", "a.b@ubnd.thachha.gov.vn"), ("no-at.vn", "invalid"),
    ("a@b", "invalid"), ("a b@c.vn", "invalid"), ("x" * 250 + "@a.vn", "too_long"), ("a@b.vn\r\nBcc: x@y.vn", "invalid"),
    ("a:b;@x.vn", "invalid"), ("a,b@x.vn", "invalid"), ('"Hùng" <a@b.vn>', "invalid"), ("an@thạchhà.vn", "invalid"),
    (".a@b.vn", "invalid"), ("a..b@b.vn", "invalid"), ("a.@x.gov.vn", "invalid"),
])
def test_an_address_is_checked_before_it_is_kept(raw, expected):
    from dashboard.domain.rules import Invalid
    if expected in ("invalid", "too_long"):
        with pytest.raises(Invalid) as refused:
            logic.check_email(raw)
        assert refused.value.errors == {"email": "too_long" if expected == "too_long" else "invalid_email"}
    else:
        assert logic.check_email(raw) == expected


def test_a_leader_who_belongs_to_a_unit_gets_the_district_memo(writable):
    app, database = writable
    with database.transaction() as s:
        commune = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        s.execute(update(User).where(User.username == "leader").values(unit_id=commune))
    sunday = datetime(2026, 11, 29, 7, 0, tzinfo=HCM)
    with clock.set_to(sunday), app.app_context(), database.session() as s:
        person = digests.Person(*s.execute(select(User.id, User.full_name, User.role, User.unit_id, User.email)
                                           .where(User.username == "leader")).one())
        content = digest.compose(s, person, sunday.date(), sunday)
    assert content["briefing"]["pack"] == "/briefings/2/pack.pdf" and "extensions" in content


def test_a_run_that_lost_its_claim_changes_nothing_and_a_stale_claim_counts_as_a_try(writable):
    _app, database = writable
    _addresses(database, ["head.tnmt"])
    with database.transaction() as s:
        person = next(p for p in digests.owed(s, TODAY) if p.email)
        digests.keep(s, person, TODAY, {"due_today_total": 1, "due_today": [[1, "Một"]]}, mail=True, now=MORNING)
    with database.transaction() as s:
        [slow] = digests.claim(s, MORNING)  # a run that then hangs on a slow mail server
    with database.transaction() as s:
        assert digests.claim(s, MORNING + timedelta(minutes=5)) == []  # still its: nobody else sends it
    later = MORNING + logic.CLAIM_LASTS + timedelta(minutes=1)
    with database.transaction() as s:
        [again] = digests.claim(s, later)  # the slow run counts as dead: one try spent
    assert again.attempts == 1 and again.claim != slow.claim
    with database.transaction() as s:
        digests.sent(s, slow, later)  # the slow run wakes up: its claim is gone, it records nothing
        digests.not_sent(s, slow, "late", later)
    with database.session() as s:
        row = s.get(Digest, again.id)
        assert (row.mail_state, row.mail_claim, row.sent_at) == ("sending", again.claim, None)
    with database.transaction() as s:
        digests.sent(s, again, later)
    with database.session() as s:
        assert s.get(Digest, again.id).mail_state == "sent"


def test_a_mail_whose_sending_stopped_every_run_is_given_up_and_shown(writable):
    _app, database = writable
    _addresses(database, ["head.tnmt"])
    with database.transaction() as s:
        person = next(p for p in digests.owed(s, TODAY) if p.email)
        digests.keep(s, person, TODAY, {"urged_total": 1, "urged": [[1, "Một"]]}, mail=True, now=MORNING)
    moment = MORNING
    for _run in range(logic.MAIL_TRIES):  # each run claims it and dies before it is sent
        with database.transaction() as s:
            assert len(digests.claim(s, moment)) == 1
        moment += logic.CLAIM_LASTS + timedelta(minutes=1)
    with database.transaction() as s:
        assert digests.claim(s, moment) == []
    with database.session() as s:
        [failed] = digests.failed(s)
    assert failed.attempts == logic.MAIL_TRIES and "stopped" in failed.error
