"""Changing tasks through crafted callback requests: rights, validation, staleness, races."""
import json

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Extension, Task, TaskNote, TaskUpdate, Unit
from layouts import ids
from layouts.components import deferred_of

from .conftest import TODAY, sign_in
from .dash_requests import (
    decision_body,
    extension_body,
    note_body,
    overview_body,
    post_callback,
    table_rows,
    task_body,
    update_body,
)

XSS = '<img src=x onerror=alert(1)>'


def _task_of(database, unit_code, status="in_progress"):
    with database.session() as s:
        return s.execute(select(Task.id, Task.version).join(Unit, Unit.id == Task.lead_unit_id)
                         .where(Unit.code == unit_code, Task.status == status)
                         .order_by(Task.id).limit(1)).one()


def _counts(database):
    with database.session() as s:
        return (s.scalar(select(func.count()).select_from(TaskUpdate)),
                s.scalar(select(func.count()).select_from(AuditEvent).where(
                    AuditEvent.action.like("task_%"))))


def _client(app, username):
    client = app.test_client()
    sign_in(client, username)
    client.get("/lang/en?next=/")
    return client


def _text(response):
    assert response.status_code == 200, response.status_code
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def test_unit_head_updates_their_own_task_with_history_and_audit(writable):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    before = _counts(database)
    client = _client(app, "head.xa-thach-dai")
    answer = _text(post_callback(client, update_body(client, task_id, "in_progress", 60, "Đã xong 60%", version)))
    assert "Progress saved" in answer
    with database.session() as s:
        task = s.get(Task, task_id)
        assert (task.progress, task.version) == (60, version + 1)
        last = s.scalars(select(TaskUpdate).where(TaskUpdate.task_id == task_id)
                         .order_by(TaskUpdate.id.desc())).first()
        assert (last.progress, last.note) == (60, "Đã xong 60%")
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == "task_updated" and event.detail["after"]["progress"] == 60
    assert _counts(database) == (before[0] + 1, before[1] + 1)


def test_marking_done_sets_progress_to_100(writable):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    client = _client(app, "head.xa-thach-dai")
    post_callback(client, update_body(client, task_id, "done", 40, "", version))
    with database.session() as s:
        assert (s.get(Task, task_id).status, s.get(Task, task_id).progress) == ("done", 100)


@pytest.mark.parametrize("username", ["head.tnmt", "viewer", "admin", "leader"])
def test_nobody_but_the_units_head_updates_progress(writable, username):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    before = _counts(database)
    client = _client(app, username)
    response = post_callback(client, update_body(client, task_id, "in_progress", 80, "x", version))
    assert response.status_code == 403
    assert _counts(database) == before
    with database.session() as s:
        assert s.get(Task, task_id).version == version


def test_anonymous_change_is_refused_with_401(writable):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    signed_in = _client(app, "head.xa-thach-dai")
    body = update_body(signed_in, task_id, "in_progress", 80, "x", version)
    assert app.test_client().post("/_dash-update-component", json=body).status_code == 401


@pytest.mark.parametrize("progress, note, status, words", [
    ("abc", "", "in_progress", "whole number"),
    (150, "", "in_progress", "whole number"),
    (50.5, "", "in_progress", "whole number"),
    (None, "", "in_progress", "is required"),
    (30, "x" * 1001, "in_progress", "too long"),
    (30, "", "finished", "not a valid choice"),
    (30, "", "not_started", "must be 0"),
])
def test_invalid_updates_say_why_and_store_nothing(writable, progress, note, status, words):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    before = _counts(database)
    client = _client(app, "head.xa-thach-dai")
    answer = _text(post_callback(client, update_body(client, task_id, status, progress, note, version)))
    assert "Nothing was saved" in answer and words in answer
    assert _counts(database) == before


def test_stale_update_is_refused_with_the_current_state_and_keeps_the_note(writable):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    first, second = _client(app, "head.xa-thach-dai"), _client(app, "head.xa-thach-dai")
    body_one = update_body(first, task_id, "in_progress", 70, "first", version)
    body_two = update_body(second, task_id, "in_progress", 90, "second, typed carefully", version)
    assert "Progress saved" in _text(post_callback(first, body_one))
    response = post_callback(second, body_two)
    answer = _text(response)
    assert "Someone changed this task" in answer and "70%" in answer
    assert ids.UPDATE_NOTE not in json.dumps(response.get_json()["response"]) or \
        response.get_json()["response"].get(ids.UPDATE_NOTE) is None
    with database.session() as s:
        notes = s.scalars(select(TaskUpdate.note).where(TaskUpdate.task_id == task_id)).all()
    assert "first" in notes and "second, typed carefully" not in notes


def test_two_sessions_racing_store_exactly_one_update(writable):
    import threading
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    clients = [_client(app, "head.xa-thach-dai") for _ in range(2)]
    bodies = [update_body(c, task_id, "in_progress", 50 + n, f"race {n}", version)
              for n, c in enumerate(clients)]
    answers = [None, None]

    def send(n):
        answers[n] = _text(post_callback(clients[n], bodies[n]))
    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted("Progress saved" in a for a in answers) == [False, True]
    assert sum("Someone changed" in a for a in answers) == 1
    with database.session() as s:
        notes = s.scalars(select(TaskUpdate.note).where(TaskUpdate.note.like("race %"))).all()
        assert len(notes) == 1 and s.get(Task, task_id).version == version + 1


def test_difficulty_then_direction_resolves_the_flag(writable):
    app, database = writable
    task_id, _ = _task_of(database, "xa-thach-dai")
    head, leader = _client(app, "head.xa-thach-dai"), _client(app, "leader")
    assert "asked for direction" in _text(post_callback(head, note_body(head, "difficulty", "Thiếu kinh phí", task_id)))
    assert post_callback(head, note_body(head, "direction", "No", task_id)).status_code == 403
    assert "Direction sent" in _text(post_callback(leader, note_body(leader, "direction", "Dùng nguồn dự phòng", task_id)))
    with database.session() as s:
        difficulty = s.scalar(select(TaskNote).where(TaskNote.task_id == task_id, TaskNote.kind == "difficulty"))
        assert difficulty.resolved_by_id is not None


def test_extension_requested_then_approved_moves_the_effective_due_date(writable):
    app, database = writable
    with database.session() as s:
        task = s.execute(select(Task.id, Task.version, Task.due_date, Unit.code).join(Unit)
                         .where(Task.status == "in_progress", Task.due_date < TODAY)
                         .order_by(Task.id).limit(1)).one()
    head, leader = _client(app, f"head.{task.code}"), _client(app, "leader")
    too_early = _text(post_callback(head, extension_body(head, task.id, str(task.due_date), "x", task.version)))
    assert "later than the current due date" in too_early
    new_due = "2026-12-15"
    assert "sent to the leaders" in _text(post_callback(head, extension_body(head, task.id, new_due, "Chờ số liệu", task.version)))
    assert post_callback(head, decision_body(head, task.id, True)).status_code == 403
    assert "due date moved" in _text(post_callback(leader, decision_body(leader, task.id, True, "Đồng ý")))
    with database.session() as s:
        row = s.get(Task, task.id)
        assert str(row.due_date) == new_due and row.leader_due_date == task.due_date
        assert s.scalar(select(Extension.state).where(Extension.task_id == task.id)
                        .order_by(Extension.id.desc()).limit(1)) == "approved"
    body = _text(post_callback(leader, task_body(str(task.id))))
    assert "Within deadline" in body  # no longer overdue


def test_text_that_looks_like_html_is_shown_as_text(writable):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    head = _client(app, "head.xa-thach-dai")
    post_callback(head, update_body(head, task_id, "in_progress", 65, XSS, version))
    response = post_callback(head, task_body(str(task_id)))
    data = response.get_json()["response"]
    serialized = json.dumps(data)
    assert "dangerously" not in serialized and XSS in json.dumps(data, ensure_ascii=False).replace("\\u003c", "<").replace("\\u003e", ">")


def _register(client, **values):
    from .dash_requests import registered_body
    defaults = {f"{ids.REGISTER_SEARCH}.value": "", f"{ids.REGISTER_REFRESH}.data": 0}
    body = registered_body(client, ids.REGISTER_SEARCH, {**defaults, **values})
    body["changedPropIds"] = [f"{ids.REGISTER_SEARCH}.value"]
    return post_callback(client, body)


def test_register_search_ignores_diacritics_and_keeps_filters_in_the_url(writable):
    app, _database = writable
    client = _client(app, "leader")
    response = _register(client, **{f"{ids.REGISTER_SEARCH}.value": "quy hoach",
                                    f"{ids.REGISTER_BUCKET}.value": "overdue"})
    data = response.get_json()["response"]
    rows = table_rows(data[ids.REGISTER_GRID]["children"])
    assert rows and all("quy hoạch" in row["title"].lower() for row in rows)
    assert all(row["bucket"] == "overdue" for row in rows)
    assert data[ids.REGISTER_URL]["search"] == "?q=quy+hoach&bucket=overdue"


def test_register_search_through_the_index_finds_what_reading_every_task_finds(writable):
    """The search index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) finds exactly the tasks
    whose folded text holds every word, short words and odd input included, and follows
    edits of a task's text at once."""
    from db.search import search_text, words_of
    from db.task_reads import register_rows
    _app, database = writable
    searches = ["quy hoach", "Kế hoạch", "ke", "hoach ke", "4478/ubnd", "pccc", 'a"b', "100%", "_x_",
                "đất đai năm", "zzzz-not-there", "  ", "chuyển đổi số tháng 11"]
    with database.session() as s:
        texts = dict(s.execute(select(Task.id, Task.search_text)).all())
        for search in searches:
            words = words_of(search)
            expected = {task_id for task_id, text in texts.items() if all(w in (text or "") for w in words)}
            rows, total = register_rows(s, today=TODAY, search=search, limit=100_000)
            assert total == len(expected) and {row.id for row in rows} == expected, search
        task = s.get(Task, min(texts))
        for title, found, gone in [("Kiểm tra phương án qwxv", "qwxv", "xyzzy"),
                                   ("Kiểm tra phương án xyzzy mới", "xyzzy", "qwxv")]:
            task.title = title
            task.search_text = search_text(task.title, task.source_ref)
            s.commit()
            assert [row.id for row in register_rows(s, today=TODAY, search=found)[0]] == [task.id]
            assert register_rows(s, today=TODAY, search=gone)[1] == 0


def test_register_shows_a_unit_head_only_their_units_tasks(writable):
    app, _database = writable
    client = _client(app, "head.xa-thach-dai")
    data = _register(client, **{f"{ids.REGISTER_UNIT}.value": "tnmt"}).get_json()["response"]
    assert table_rows(data[ids.REGISTER_GRID]["children"]) == []  # asking for another unit shows nothing
    data = _register(client).get_json()["response"]
    assert {row["unit"] for row in table_rows(data[ids.REGISTER_GRID]["children"])} == {"UBND xã Thạch Đài"}


def _new_task(client, **values):
    from .dash_requests import registered_body
    base = {f"{ids.NEW_SAVE}.n_clicks": 1, f"{ids.NEW_TITLE}.value": "Rà soát hộ nghèo",
            f"{ids.NEW_UNITS}.value": ["xa-thach-dai"], f"{ids.NEW_START}.value": "2026-11-26",
            f"{ids.NEW_DUE}.value": "2026-12-10", f"{ids.NEW_PRIORITY}.value": "high",
            f"{ids.REGISTER_REFRESH}.data": 0}
    return post_callback(client, registered_body(client, ids.NEW_SAVE, {**base, **values}))


def test_leader_assigns_one_directive_to_every_commune(writable):
    app, database = writable
    client = _client(app, "leader")
    with database.session() as s:
        communes = s.scalars(select(Unit.code).where(Unit.kind == "commune")).all()
        before = s.scalar(select(func.count()).select_from(Task))
    answer = _text(_new_task(client, **{f"{ids.NEW_UNITS}.value": communes,
                                         f"{ids.NEW_TITLE}.value": XSS,
                                         f"{ids.NEW_COORDINATING}.value": ["tckh"]}))
    assert f"{len(communes)} task(s) assigned" in answer
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == before + len(communes)
        assert s.scalar(select(func.count()).select_from(Task).where(Task.title == XSS)) == len(communes)
        from db.models import TaskCoordinator
        assert s.scalar(select(func.count()).select_from(TaskCoordinator)) == len(communes)
    rows = _register(client, **{f"{ids.REGISTER_SEARCH}.value": "img"}).get_json()["response"]
    assert XSS in [row["title"] for row in table_rows(rows[ids.REGISTER_GRID]["children"])]  # text, as typed


def test_a_new_task_opens_today_and_is_named_with_its_link_once_assigned(writable):
    from .dash_requests import registered_body
    app, database = writable
    client = _client(app, "leader")
    opened = post_callback(client, registered_body(client, ids.REGISTER_NEW, {
        f"{ids.REGISTER_NEW}.n_clicks": 1, f"{ids.NEW_START}.value": None})).get_json()["response"]
    assert opened[ids.NEW_START]["value"] == TODAY.isoformat()
    answer = _new_task(client, **{f"{ids.NEW_TITLE}.value": "Kiểm tra kênh mương"}).get_json()["response"]
    with database.session() as s:
        task_id = s.scalar(select(Task.id).where(Task.title == "Kiểm tra kênh mương"))
    assert answer[ids.NEW_START]["value"] is None  # the next one opens on its own day
    shown = json.dumps(answer[ids.REGISTER_MESSAGE], ensure_ascii=False)
    assert "Task assigned: Kiểm tra kênh mương." in shown and f'"/tasks/{task_id}"' in shown.replace("\\u002f", "/")


@pytest.mark.parametrize("username", ["viewer", "head.xa-thach-dai", "admin"])
def test_only_leaders_create_tasks(writable, username):
    app, database = writable
    with database.session() as s:
        before = s.scalar(select(func.count()).select_from(Task))
    assert _new_task(_client(app, username)).status_code == 403
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == before


@pytest.mark.parametrize("values, words", [
    ({f"{ids.NEW_TITLE}.value": "  "}, "Title is required"),
    ({f"{ids.NEW_TITLE}.value": "x" * 301}, "Title is too long: at most 300 characters."),
    ({f"{ids.NEW_DUE}.value": "2026-11-01"}, "cannot be before the start date"),
    ({f"{ids.NEW_DUE}.value": "31/12/2026"}, "not a date we can read"),
    ({f"{ids.NEW_UNITS}.value": ["no-such-unit"]}, "not an active unit"),
    ({f"{ids.NEW_UNITS}.value": []}, "Lead unit is required"),
    # An empty form: every problem at once, the missing unit too (not on a second try)
    ({f"{ids.NEW_UNITS}.value": [], f"{ids.NEW_TITLE}.value": "", f"{ids.NEW_DUE}.value": None},
     ["Title is required", "Lead unit is required", "Due is required"]),
])
def test_invalid_new_tasks_say_why_and_store_nothing(writable, values, words):
    app, database = writable
    with database.session() as s:
        before = s.scalar(select(func.count()).select_from(Task))
    answer = _text(_new_task(_client(app, "leader"), **values))
    said = [answer.find(part) for part in ([words] if isinstance(words, str) else words)]
    assert -1 not in said and said == sorted(said), answer  # each, in the form's order
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == before


def test_urge_stays_on_the_heads_list_until_they_update(writable):
    from .dash_requests import registered_body
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    leader, head = _client(app, "leader"), _client(app, "head.xa-thach-dai")
    assert "urged" in _text(post_callback(leader, note_body(leader, "urge", "Khẩn trương hoàn thành", task_id)))

    def my_list():
        body = registered_body(head, ids.MY_REFRESH, {f"{ids.MY_REFRESH}.data": 0,
                                                      f"{ids.UNIT_CODE}.data": "xa-thach-dai"})
        return _text(post_callback(head, body))
    assert "Khẩn trương hoàn thành" in my_list()
    with database.session() as s:
        version = s.get(Task, task_id).version
    post_callback(head, update_body(head, task_id, "in_progress", 80, "Đang làm", version))
    assert "Khẩn trương hoàn thành" not in my_list()


def _edit(client, task_id, version, title="Sửa tên", unit="tnmt", start="2026-11-01",
          due="2026-12-31", priority="urgent", reason="Theo kết luận giao ban"):
    from .dash_requests import edit_body
    return post_callback(client, edit_body(client, task_id, version, **{
        f"{ids.EDIT_TITLE}__value": title, f"{ids.EDIT_UNIT}__value": unit,
        f"{ids.EDIT_START}__value": start, f"{ids.EDIT_DUE}__value": due,
        f"{ids.EDIT_PRIORITY}__value": priority, f"{ids.EDIT_REASON}__value": reason}))


def test_leader_reassigns_and_moves_a_task_and_the_history_keeps_both(writable):
    from db.models import TaskEdit
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    leader = _client(app, "leader")
    assert "history keeps the earlier values" in _text(_edit(leader, task_id, version))
    with database.session() as s:
        task = s.get(Task, task_id)
        assert (task.title, str(task.due_date), task.priority) == ("Sửa tên", "2026-12-31", "urgent")
        assert s.get(Unit, task.lead_unit_id).code == "tnmt"
        kinds = s.scalars(select(TaskEdit.kind).where(TaskEdit.task_id == task_id)
                          .order_by(TaskEdit.id)).all()
        assert kinds[0] == "assigned" and kinds[-1] == "edited"
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "task_edited")).one()
        assert audit.detail["before"]["title"] != "Sửa tên" and audit.detail["after"]["title"] == "Sửa tên"
    stale = _text(_edit(leader, task_id, version, title="Again"))
    assert "Someone changed this task" in stale


@pytest.mark.parametrize("username", ["head.xa-thach-dai", "viewer"])
def test_only_leaders_edit_tasks(writable, username):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    assert _edit(_client(app, username), task_id, version).status_code == 403
    with database.session() as s:
        assert s.get(Task, task_id).version == version


@pytest.mark.parametrize("changes, words", [
    ({"title": ""}, "Title is required"),
    ({"due": "2026-10-01"}, "cannot be before the start date"),
    ({"unit": "nowhere"}, "not an active unit"),
    ({"start": "hôm qua"}, "not a date we can read"),
])
def test_invalid_edits_say_why_and_change_nothing(writable, changes, words):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    assert words in _text(_edit(_client(app, "leader"), task_id, version, **changes))
    with database.session() as s:
        assert s.get(Task, task_id).version == version


def test_leader_evaluates_the_latest_update(writable):
    app, database = writable
    task_id, _version = _task_of(database, "xa-thach-dai")
    leader = _client(app, "leader")
    assert "evaluation was added" in _text(post_callback(leader, note_body(leader, "evaluation", "Tốt", task_id)))
    with database.session() as s:
        note = s.scalar(select(TaskNote).where(TaskNote.kind == "evaluation"))
        assert note.update_id is not None and note.text == "Tốt"


def test_unit_head_names_the_responsible_official_with_an_update(writable):
    app, database = writable
    task_id, version = _task_of(database, "xa-thach-dai")
    head = _client(app, "head.xa-thach-dai")
    post_callback(head, update_body(head, task_id, "in_progress", 30, "Giao lại người phụ trách", version,
                                    official="Lê Thị Hoa"))
    with database.session() as s:
        assert s.get(Task, task_id).responsible_official == "Lê Thị Hoa"
    assert "Lê Thị Hoa" in _text(post_callback(head, task_body(str(task_id))))


def test_unit_page_counts_urges_and_waiting_difficulties(writable):
    from .dash_requests import unit_body
    app, database = writable
    task_id, _version = _task_of(database, "xa-thach-dai")
    leader, head = _client(app, "leader"), _client(app, "head.xa-thach-dai")
    post_callback(leader, note_body(leader, "urge", "Nhanh lên", task_id))
    post_callback(leader, note_body(leader, "urge", "Nhắc lần hai", task_id))
    post_callback(head, note_body(head, "difficulty", "Thiếu người", task_id))
    answer = _text(post_callback(leader, unit_body("xa-thach-dai", TODAY.isoformat())))
    assert "Urged 2 times" in answer and "1 difficulties wait for direction" in answer


def test_a_past_day_shows_only_what_was_known_by_the_end_of_it(writable):
    """Urges, difficulties and extension requests made today are not on yesterday's pages."""
    from datetime import timedelta

    from dashboard import clock
    from db import overview as queries

    from .conftest import HCM
    from .dash_requests import unit_body
    app, database = writable
    with database.session() as s:
        asked = select(Extension.task_id)
        task = s.execute(select(Task.id, Task.version, Task.due_date, Unit.code).join(Unit)
                         .where(Task.status == "in_progress", Task.due_date < TODAY - timedelta(days=2),
                                Task.id.not_in(asked))
                         .order_by(Task.id).limit(1)).one()
    code = task.code
    leader, head = _client(app, "leader"), _client(app, f"head.{code}")
    post_callback(leader, note_body(leader, "urge", "Nhanh lên", task.id))
    post_callback(head, note_body(head, "difficulty", "Thiếu người", task.id))
    with database.session() as s:
        version = s.get(Task, task.id).version
    assert "sent to the leaders" in _text(post_callback(
        head, extension_body(head, task.id, str(TODAY + timedelta(days=20)), "Chờ số liệu", version)))
    yesterday = TODAY - timedelta(days=1)
    today_page = _text(post_callback(leader, unit_body(code, TODAY.isoformat(), "day")))
    assert "Urged 1 times" in today_page and "1 difficulties wait for direction, the oldest for 0 days" in today_page
    past_page = _text(post_callback(leader, unit_body(code, yesterday.isoformat(), "day")))
    assert "Urged 0 times" in past_page and "No difficulty waits for direction" in past_page
    assert "for -" not in past_page
    with app.app_context(), database.session() as s:
        overdue_then = {t.task_id: t for t in queries.overdue_tasks(s, yesterday, clock.today(), HCM)[0]}
        overdue_now = {t.task_id: t for t in queries.overdue_tasks(s, TODAY, clock.today(), HCM)[0]}
    assert overdue_now[task.id].extensions_pending == 1
    assert overdue_then[task.id].extensions_pending == 0


def test_the_overview_of_a_past_day_lists_what_waited_for_a_decision_at_its_end(writable):
    """A request and a difficulty raised today and answered tomorrow waited at the end of today:
    today's overview, seen tomorrow, still lists them; yesterday's and tomorrow's do not."""
    from datetime import timedelta

    from dashboard import clock

    from .conftest import NOW
    app, database = writable
    with database.session() as s:
        asked = select(Extension.task_id)
        task = s.execute(select(Task.id, Task.version, Unit.code).join(Unit)
                         .where(Task.status == "in_progress", Task.id.not_in(asked))
                         .order_by(Task.id).limit(1)).one()
    leader, head = _client(app, "leader"), _client(app, f"head.{task.code}")
    post_callback(head, note_body(head, "difficulty", "Thiếu người", task.id))
    with database.session() as s:
        version = s.get(Task, task.id).version
    post_callback(head, extension_body(head, task.id, str(TODAY + timedelta(days=20)), "Chờ số liệu", version))

    def awaiting(day) -> str:
        answer = json.loads(post_callback(leader, overview_body(day.isoformat(), "day")).get_data(as_text=True))
        return json.dumps(answer["response"][deferred_of(ids.OVERVIEW_AWAITING)]["data"], ensure_ascii=False)

    link = f'"/tasks/{task.id}"'
    today_now = awaiting(TODAY)
    assert today_now.count(link) == 2  # the difficulty and the request
    assert link not in awaiting(TODAY - timedelta(days=1))  # raised after that day
    with clock.set_to(NOW + timedelta(days=1)):
        leader = _client(app, "leader")  # a day idle ended the first session
        post_callback(leader, note_body(leader, "direction", "Điều thêm người", task.id))
        post_callback(leader, decision_body(leader, task.id, True))
        seen_tomorrow = awaiting(TODAY)
        assert seen_tomorrow.count(link) == 2 and "As it stood at the end of" in seen_tomorrow
        assert link not in awaiting(TODAY + timedelta(days=1))  # answered by then


@pytest.mark.parametrize("version", [None, "7", True, 1.5])
def test_a_change_without_the_version_it_was_based_on_is_refused(writable, version):
    """A crafted body (or an old page) without a version cannot skip the stale-edit check."""
    app, database = writable
    task_id, _version = _task_of(database, "xa-thach-dai")
    before = _counts(database)
    client = _client(app, "head.xa-thach-dai")
    answer = _text(post_callback(client, update_body(client, task_id, "in_progress", 60, "x", version)))
    assert "Nothing was saved" in answer and "reload the page" in answer
    assert _counts(database) == before


def test_a_cancelled_task_cannot_be_cancelled_again(writable):
    from dashboard import clock
    from dashboard.domain.policy import Actor
    from dashboard.domain.rules import Invalid
    from db.tasks import record_update

    from .conftest import HCM
    app, database = writable
    task_id, version = _task_of(database, "tnmt")
    leader = Actor(1, "leader", None)
    with database.transaction() as s:
        record_update(s, task_id, status="cancelled", progress=0, note="Trùng việc", by_user_id=1,
                      now=clock.now(), tz=HCM, expected_version=version, actor=leader)
    with pytest.raises(Invalid), database.transaction() as s:
        record_update(s, task_id, status="cancelled", progress=0, note="Lần hai", by_user_id=1,
                      now=clock.now(), tz=HCM, expected_version=version + 1, actor=leader)
    with database.session() as s:
        cancels = s.scalar(select(func.count()).select_from(TaskUpdate).where(
            TaskUpdate.task_id == task_id, TaskUpdate.status == "cancelled"))
    assert cancels == 1


def test_taking_work_back_needs_a_reason_kept_in_the_history(writable):
    """One wrong tap must not lower progress or reopen a finished task silently: without a note
    nothing is stored and the head is told why; with one, the note is the history's reason."""
    app, database = writable
    with database.session() as s:
        task_id, version, progress = s.execute(
            select(Task.id, Task.version, Task.progress).join(Unit, Unit.id == Task.lead_unit_id)
            .where(Unit.code == "xa-thach-dai", Task.status == "in_progress", Task.progress >= 20)
            .order_by(Task.id).limit(1)).one()
        done_id, done_version = s.execute(
            select(Task.id, Task.version).join(Unit, Unit.id == Task.lead_unit_id)
            .where(Unit.code == "xa-thach-dai", Task.status == "done").order_by(Task.id).limit(1)).one()
    client = _client(app, "head.xa-thach-dai")
    before = _counts(database)
    lowered = _text(post_callback(client, update_body(client, task_id, "in_progress", progress - 10, " ", version)))
    reopened = _text(post_callback(client, update_body(client, done_id, "in_progress", 100, "", done_version)))
    for answer in (lowered, reopened):
        assert "must say why" in answer and "Nothing was saved" in answer
    assert _counts(database) == before
    answer = _text(post_callback(client, update_body(client, task_id, "in_progress", progress - 10,
                                                     "Nhập nhầm lần trước", version)))
    assert "Progress saved" in answer
    with database.session() as s:
        assert s.get(Task, task_id).progress == progress - 10
        last = s.scalars(select(TaskUpdate).where(TaskUpdate.task_id == task_id).order_by(TaskUpdate.id.desc())).first()
        assert (last.progress, last.note) == (progress - 10, "Nhập nhầm lần trước")


@pytest.mark.parametrize("order", [None, "id", "title", "unit", "state", "progress", "due", "priority"])
def test_the_register_sorts_and_pages_every_matching_task_in_the_database(database, order):
    """Sorting is over every matching task (not the most urgent 500), pages follow each other
    without a gap or a repeat, and each order is the one the table's header promises."""
    from dashboard.domain.vietnamese import sort_key
    from db.overview import units as ordered_units
    from db.task_reads import PRIORITY_RANK, register_rows
    with database.session() as s:
        places = {unit.id: place for place, unit in enumerate(ordered_units(s))}
        everything, total = register_rows(s, today=TODAY, order=order, limit=100_000, unit_order=places)
        assert total == len(everything) > 1000
        pages = []
        for first in range(0, 200, 40):
            pages += register_rows(s, today=TODAY, order=order, offset=first, limit=40, unit_order=places)[0]
        assert [row.id for row in pages] == [row.id for row in everything[:200]]
        backwards = register_rows(s, today=TODAY, order=order, descending=True, limit=100_000,
                                  unit_order=places)[0]
    keys = {"id": lambda r: r.id, "progress": lambda r: r.progress, "due": lambda r: r.due_date,
            "priority": lambda r: PRIORITY_RANK[r.priority], "unit": lambda r: sort_key(r.unit_name)}
    if order in keys:
        values = [keys[order](row) for row in everything]
        assert values == sorted(values) and len(set(values)) > 1
        assert [keys[order](row) for row in backwards] == sorted(values, reverse=True)
    if order is None:  # the most urgent first: overdue, then open, then the rest
        open_ = [row.status in ("not_started", "in_progress") for row in everything]
        assert open_ == sorted(open_, reverse=True)
        urgency = [0 if row.status in ("not_started", "in_progress") and row.due_date < TODAY else 1 if is_open
                   else 2 for row, is_open in zip(everything, open_)]
        assert [row.id for row in everything] == [row.id for _u, row in sorted(
            zip(urgency, everything), key=lambda pair: (pair[0], pair[1].due_date, pair[1].id))]


@pytest.mark.parametrize("search", ["xa", "hoạch", "kế hoạch"])
@pytest.mark.parametrize("order", [None, "title", "due"])
def test_a_searched_register_pages_every_match_once_in_order(database, order, search):
    """A search counts and pages its matches in one pass: the pages are the whole list cut in
    order, the count is theirs, and a page past the end is empty with the count still right."""
    from db.task_reads import register_rows
    with database.session() as s:
        everything, total = register_rows(s, today=TODAY, order=order, search=search, limit=100_000)
        assert total == len(everything) > 40
        pages = []
        for first in range(0, total + 40, 40):
            rows, counted = register_rows(s, today=TODAY, order=order, search=search, offset=first, limit=40)
            assert counted == total
            pages += rows
        assert [row.id for row in pages] == [row.id for row in everything]
        assert register_rows(s, today=TODAY, order=order, search=search, offset=total + 100, limit=40) == ([], total)
        assert register_rows(s, today=TODAY, search="không có từ nào như vậy") == ([], 0)
