"""Who may do what, as one expected matrix: the policy itself, then the callbacks (crafted
requests signed in as each person) and the write path all answer as the matrix says."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from dashboard.domain import briefings as briefing_logic
from dashboard.domain import rules
from dashboard.domain.displays import DisplaySettings
from dashboard.domain.policy import ANONYMOUS, Action, Actor, Rights, can, readable_units, rights_of
from db import admin, briefings, displays, follow_ups, recommendations, satisfaction, tasks
from db.models import Extension, FeedbackPoint, Rating, Task, Unit
from db.permission import NotAllowed
from db.ratings import RatedPoint
from layouts import ids

from .conftest import NOW, TODAY, csrf_token_of, sign_in
from .dash_requests import (
    decision_body,
    edit_body,
    extension_body,
    note_body,
    overview_body,
    post_callback,
    registered_body,
    unit_body,
    update_body,
)

OWN, OTHER = 1, 2  # the unit a unit head heads, and another one
PEOPLE = {
    "leader": Actor(10, "leader", None),
    "viewer": Actor(11, "viewer", None),
    "admin": Actor(12, "admin", None),
    "own_head": Actor(13, "unit_head", OWN),
    "other_head": Actor(14, "unit_head", OTHER),
    "anonymous": ANONYMOUS,
}
READERS = {"leader", "viewer", "admin"}
LEADER = {"leader"}
# Who may do each action on the data of unit OWN. Written out, not derived from the policy.
EXPECTED: dict[Action, set[str]] = {
    Action.SEE_OVERVIEW: READERS,
    Action.SEE_UNIT: READERS | {"own_head"},
    Action.SEE_SATISFACTION: READERS | {"own_head", "other_head"},  # each head sees their own unit there
    Action.SEE_REFUSED_RATINGS: {"leader", "admin"},
    Action.MODERATE_RATINGS: LEADER,
    Action.ASSIGN_TASK: LEADER,
    Action.EDIT_TASK: LEADER,
    Action.CANCEL_TASK: LEADER,
    Action.UPDATE_TASK: {"own_head"},
    Action.REQUEST_EXTENSION: {"own_head"},
    Action.DECIDE_EXTENSION: LEADER,
    Action.RAISE_DIFFICULTY: {"own_head"},
    Action.DIRECT: LEADER,
    Action.URGE: LEADER,
    Action.EVALUATE: LEADER,
    Action.ADMINISTER: {"admin"},
    Action.SEE_RECOMMENDATIONS: READERS | {"own_head", "other_head"},  # each head sees their own unit's
    Action.SEE_CONTACT: LEADER | {"own_head"},
    Action.ANSWER_RECOMMENDATION: LEADER | {"own_head"},
    Action.PUBLISH_ANSWER: LEADER,
    Action.SEE_BRIEFINGS: READERS | {"own_head", "other_head"},  # each head reads their own unit's memo
    Action.PLAN_BRIEFINGS: {"leader", "admin"},
    Action.RUN_BRIEFING: LEADER,
}


def test_the_matrix_names_every_action():
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_policy_answers_as_the_matrix(who, action):
    assert can(PEOPLE[who], action, OWN) == (who in EXPECTED[action])


def test_a_unit_head_reads_and_reports_on_their_own_unit_only():
    head = PEOPLE["own_head"]
    assert readable_units(head) == (OWN,)
    assert not can(head, Action.SEE_UNIT, OTHER) and not can(head, Action.UPDATE_TASK, OTHER)
    assert readable_units(PEOPLE["viewer"]) is None and readable_units(ANONYMOUS) == ()
    assert not can(Actor(15, "unit_head", None), Action.UPDATE_TASK, None)  # a head without a unit
    assert Actor(16, "superuser", None).role is None  # an unknown role has no rights at all


def test_rights_flags_follow_the_policy():
    assert rights_of(PEOPLE["leader"]) == Rights(see_overview=True, see_refused_ratings=True,
                                                 moderate_ratings=True, assign_tasks=True, reads_every_unit=True)
    head = rights_of(PEOPLE["own_head"], "xa-a")
    assert head == Rights(own_unit_code="xa-a") and head.may_see_unit("xa-a") and not head.may_see_unit("xa-b")
    assert rights_of(PEOPLE["viewer"]).may_see_unit("xa-b") and not rights_of(ANONYMOUS).may_see_unit("xa-a")
    assert rights_of(PEOPLE["admin"]).administer and rights_of(ANONYMOUS) == Rights()


# --- the callbacks, through Flask's test client -------------------------------------------

USERNAMES = {"leader": "leader", "viewer": "viewer", "admin": "admin",
             "own_head": "head.xa-thach-dai", "other_head": "head.tnmt", "anonymous": None}


def _moderation_body(client, rating_id):
    return _pressed(client, {"type": ids.HIDE_RATING, "index": rating_id},
                    [{"id": ids.SAT_HIDE_REASON, "property": "value", "value": "Thử quyền"},
                     {"id": ids.SAT_REFRESH, "property": "data", "value": 0}])


def _recommendation(database, unit_id: int) -> int:
    """A citizen's recommendation to ``unit_id``, sent through one of its points."""
    with database.transaction() as s:
        point = s.scalars(select(FeedbackPoint).where(FeedbackPoint.unit_id == unit_id).limit(1)).one()
        return recommendations.submit(
            s, point=RatedPoint(point.id, unit_id, point.code, point.label), text="Phòng chờ quá nóng.",
            contact="0912 345 678", device_hash="thu-quyen", address_hash=None, allowance=20, honeypot="",
            now=NOW, tz=NOW.tzinfo, working_days=10).id


def _pressed(client, button: dict, state: list) -> dict:
    """A request as a click on the pattern-matching ``button`` sends it."""
    spec = next(d for d in client.get("/_dash-dependencies").get_json() if button["type"] in json.dumps(d["inputs"]))
    return {"output": spec["output"],
            "outputs": [dict(zip(("id", "property"), o.rsplit(".", 1))) for o in spec["output"].strip(".").split("...")],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]], "state": state,
            "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":")) + ".n_clicks"]}


def _recommendation_list(client) -> dict:
    return registered_body(client, ids.REC_SHOW, {f"{ids.REC_SHOW}.value": "open", f"{ids.REC_PAGE}.data": 0,
                                                  f"{ids.REC_REFRESH}.data": 0}, output=ids.REC_LIST)


def _attempts(task_id: int, version: int, rating_id: int, recommendation_id: int) -> dict:
    """One crafted request per action a callback guards; each takes a signed-in client."""
    task = str(task_id)
    return {
        Action.SEE_OVERVIEW: lambda c: overview_body(TODAY.isoformat()),
        Action.SEE_UNIT: lambda c: unit_body("xa-thach-dai", TODAY.isoformat()),
        Action.SEE_SATISFACTION: lambda c: registered_body(c, ids.SAT_AS_OF, {
            f"{ids.SAT_AS_OF}.date": TODAY.isoformat(), f"{ids.SAT_PERIOD}.value": "month",
            f"{ids.SAT_REFRESH}.data": 0}, output=ids.SAT_SUMMARY),
        Action.MODERATE_RATINGS: lambda c: _moderation_body(c, rating_id),
        Action.ASSIGN_TASK: lambda c: registered_body(c, ids.REGISTER_NEW, {f"{ids.REGISTER_NEW}.n_clicks": 1}),
        Action.EDIT_TASK: lambda c: edit_body(c, task_id, version, **{
            f"{ids.EDIT_TITLE}__value": "", f"{ids.EDIT_REASON}__value": "Thử quyền"}),
        Action.CANCEL_TASK: lambda c: registered_body(c, ids.CANCEL_SEND, {
            f"{ids.CANCEL_SEND}.n_clicks": 1, f"{ids.CANCEL_REASON}.value": "Thử quyền",
            f"{ids.TASK_ID}.data": task, f"{ids.TASK_VERSION}.data": version - 1,  # stale: nothing is cancelled
            f"{ids.TASK_REFRESH}.data": 0}),
        Action.UPDATE_TASK: lambda c: update_body(c, task_id, "in_progress", 200, "", version),
        Action.REQUEST_EXTENSION: lambda c: extension_body(c, task_id, "2026-11-20", "Thử quyền", version),
        Action.DECIDE_EXTENSION: lambda c: decision_body(c, task_id, approve=False),
        Action.RAISE_DIFFICULTY: lambda c: note_body(c, "difficulty", "", task_id),
        Action.DIRECT: lambda c: note_body(c, "direction", "", task_id),
        Action.URGE: lambda c: note_body(c, "urge", "", task_id),
        Action.EVALUATE: lambda c: note_body(c, "evaluation", "", task_id),
        Action.ADMINISTER: lambda c: registered_body(c, ids.NEW_UNIT_SAVE, {
            f"{ids.NEW_UNIT_SAVE}.n_clicks": 1, f"{ids.NEW_UNIT_CODE}.value": "?",
            f"{ids.ADMIN_REFRESH}.data": 0}),
        Action.SEE_RECOMMENDATIONS: _recommendation_list,
        Action.ANSWER_RECOMMENDATION: lambda c: _pressed(c, ids.rec_open(recommendation_id), []),
        Action.PUBLISH_ANSWER: lambda c: registered_body(c, ids.REC_PUBLISH, {  # stale: nothing is published
            f"{ids.REC_PUBLISH}.n_clicks": 1, f"{ids.REC_TARGET}.data": {"id": recommendation_id, "version": 0},
            f"{ids.REC_ANSWER}.value": "Thử quyền", f"{ids.REC_REFRESH}.data": 0}, output=ids.REC_MESSAGE),
    }


def test_every_guarded_callback_answers_as_the_matrix(writable):
    """Refused people get 403 (401 when not signed in) before anything is read or written;
    allowed people get an answer. The task requests carry invalid or stale values, so an
    allowed person's answer is a message and the task does not change (the leader's
    moderation request does hide its comment)."""
    app, database = writable
    with database.session() as s:
        own = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        task_id, version = s.execute(select(Task.id, Task.version).where(
            Task.lead_unit_id == own, Task.status == "in_progress").order_by(Task.id).limit(1)).one()
        rating_id = s.scalar(select(Rating.id).where(Rating.unit_id == own, Rating.comment.is_not(None)).limit(1))
    recommendation_id = _recommendation(database, own)
    builder = app.test_client()
    sign_in(builder, "leader")  # the requests are the same whoever sends them
    attempts = _attempts(task_id, version, rating_id, recommendation_id)
    bodies = {action: body(builder) for action, body in attempts.items()}
    assert set(bodies) == set(Action) - {Action.SEE_REFUSED_RATINGS, Action.SEE_CONTACT,  # shown or not: below
                                         *BRIEFING_ACTIONS}  # plain pages: test_the_briefing_pages_answer_as_the_matrix
    answers = {}
    for who, username in USERNAMES.items():
        client = app.test_client()
        if username:
            sign_in(client, username)
        for action, body in bodies.items():
            answers[who, action] = post_callback(client, body).status_code
    wrong = {key: status for key, status in answers.items()
             if status != (200 if key[0] in EXPECTED[key[1]] else 401 if key[0] == "anonymous" else 403)}
    assert wrong == {}
    with database.session() as s:  # nothing above changed the task
        assert s.scalar(select(Task.version).where(Task.id == task_id)) == version


def _conclusion_mark(_client) -> str:
    """A new one-time mark of the conclusion form (each form the page draws carries its own)."""
    import secrets
    return secrets.token_urlsafe(16)


BRIEFING_ACTIONS = {Action.SEE_BRIEFINGS, Action.PLAN_BRIEFINGS, Action.RUN_BRIEFING}


def test_the_briefing_pages_answer_as_the_matrix(writable):
    """The briefing's plain pages ask the same policy: a refused person gets 403 (a sign-in page
    when not signed in) before anything is read or written; an allowed one is answered (here
    with invalid input: 400, nothing saved)."""
    app, _database = writable
    requests = {
        Action.SEE_BRIEFINGS: lambda c, token: c.get("/briefings"),
        Action.PLAN_BRIEFINGS: lambda c, token: c.post("/briefings/schedule", data={
            "csrf_token": token, "weekday": "9", "at": "25:00"}),
        Action.RUN_BRIEFING: lambda c, token: c.post("/briefings/1/conclusions", data={
            "csrf_token": token, "once": _conclusion_mark(c), "unit_id": "1", "kind": "directive", "text": ""}),
    }
    wrong = {}
    for who, username in USERNAMES.items():
        client = app.test_client()
        token = ""
        if username:
            sign_in(client, username)
            token = csrf_token_of(client.get("/account/api-tokens").get_data(as_text=True))
        for action, send in requests.items():
            status = send(client, token).status_code
            expected = (200 if action is Action.SEE_BRIEFINGS else 400) if who in EXPECTED[action] \
                else 302 if who == "anonymous" else 403
            if status != expected:
                wrong[who, action.value] = status
    assert wrong == {}


def test_what_a_page_shows_follows_the_matrix(app):
    """Refused ratings and the moderation tools are shown only to those the policy allows."""
    for who in ("leader", "viewer", "admin", "own_head"):
        client = app.test_client()
        sign_in(client, USERNAMES[who])
        body = registered_body(client, ids.SAT_AS_OF, {
            f"{ids.SAT_AS_OF}.date": TODAY.isoformat(), f"{ids.SAT_PERIOD}.value": "month",
            f"{ids.SAT_REFRESH}.data": 0}, output=ids.SAT_SUMMARY)
        answer = post_callback(client, body).get_json()["response"]
        assert (answer[ids.SAT_REJECTIONS]["children"] is not None) == (who in EXPECTED[Action.SEE_REFUSED_RATINGS])
        # The section's title comes with it, in the page's first answer too: nobody sees a
        # heading over nothing.
        page = client.get("/_dash-layout", headers={"Referer": "http://localhost/satisfaction"}).get_json()
        assert ids.SAT_BODY in json.dumps(page)
        for shown in (page, answer):
            assert ("Lượt đánh giá bị từ chối" in json.dumps(shown, ensure_ascii=False)) == (
                who in EXPECTED[Action.SEE_REFUSED_RATINGS])
        assert answer[ids.SAT_MODERATION]["hidden"] == (who not in EXPECTED[Action.MODERATE_RATINGS])


def test_a_citizens_contact_is_shown_only_as_the_matrix_says(writable):
    app, database = writable
    with database.session() as s:
        own = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
    recommendation_id = _recommendation(database, own)
    for who in ("leader", "viewer", "admin", "own_head", "other_head"):
        client = app.test_client()
        sign_in(client, USERNAMES[who])
        listed = json.dumps(post_callback(client, _recommendation_list(client)).get_json(), ensure_ascii=False)
        assert ("0912 345 678" in listed) == (who in EXPECTED[Action.SEE_CONTACT]), who
        assert ("Phòng chờ quá nóng" in listed) == (who != "other_head"), who
    assert recommendation_id


# --- the write path checks again, whoever calls it ------------------------------------------

def _writes(task_id: int, unit_id: int, extension_id: int, rating_id: int, display_id: int,
            recommendation_id: int, low_rating_id: int) -> dict:
    """Every write function of db/, by the action it needs, each taking (session, actor)."""
    fields = rules.check_task_fields({"title": "Thử quyền", "start_date": "2026-11-26", "due_date": "2026-12-31"})
    kept = dict(now=NOW, tz=NOW.tzinfo)
    settings = DisplaySettings("Phòng thử quyền")
    return {
        Action.ASSIGN_TASK: [lambda s, a: tasks.assign_task(s, fields=fields, lead_unit_id=unit_id, actor=a, **kept),
                             lambda s, a: follow_ups.follow_up(s, low_rating_id, title_for=str, actor=a, working_days=10,
                                                               **kept)],
        Action.EDIT_TASK: [lambda s, a: tasks.edit_task(s, task_id, fields=fields, lead_unit_id=unit_id, reason="",
                                                        actor=a, expected_version=None, **kept)],
        Action.CANCEL_TASK: [lambda s, a: tasks.record_update(s, task_id, status="cancelled", progress=0, note="Thử",
                                                              by_user_id=None, actor=a, **kept)],
        Action.UPDATE_TASK: [lambda s, a: tasks.record_update(s, task_id, status="done", progress=100, note="",
                                                              by_user_id=None, actor=a, **kept)],
        Action.REQUEST_EXTENSION: [lambda s, a: tasks.request_extension(s, task_id, new_due=date(2027, 6, 30),
                                                                        reason="Thử", actor=a, expected_version=None,
                                                                        **kept)],
        Action.DECIDE_EXTENSION: [lambda s, a: tasks.decide_extension(s, extension_id, approve=True, note="",
                                                                      actor=a, **kept)],
        Action.RAISE_DIFFICULTY: [lambda s, a: tasks.add_note(s, task_id, kind="difficulty", text="Thử", actor=a,
                                                              now=NOW)],
        Action.DIRECT: [lambda s, a: tasks.add_note(s, task_id, kind="direction", text="Thử", actor=a, now=NOW)],
        Action.URGE: [lambda s, a: tasks.add_note(s, task_id, kind="urge", text="Thử", actor=a, now=NOW)],
        Action.EVALUATE: [lambda s, a: tasks.add_note(s, task_id, kind="evaluation", text="Thử", actor=a, now=NOW)],
        Action.MODERATE_RATINGS: [
            lambda s, a: satisfaction.set_hidden(s, rating_id, hidden=True, reason="Thử", actor=a, now=NOW),
            lambda s, a: satisfaction.decide_held(s, 1, TODAY, release=True, reason="", actor=a, now=NOW)],
        Action.ADMINISTER: [
            lambda s, a: admin.create_user(s, username="thu.quyen", full_name="Thử Quyền", role="viewer",
                                           unit_code=None, password="mat-khau-dai-du", actor=a, now=NOW),
            lambda s, a: admin.change_user(s, username="viewer", role="viewer", unit_code=None, active=True,
                                           actor=a, now=NOW),
            lambda s, a: admin.reset_password(s, username="viewer", password="mat-khau-moi-dai", actor=a, now=NOW),
            lambda s, a: admin.set_active(s, username="viewer", active=True, actor=a, now=NOW),
            lambda s, a: admin.create_unit(s, code="xa-thu", name="Xã Thử", kind="commune", parent_code=None,
                                           actor=a, now=NOW),
            lambda s, a: admin.change_unit(s, code="tnmt", name="Phòng Thử", active=True, actor=a, now=NOW),
            lambda s, a: admin.set_public_results(s, code="tnmt", public=False, actor=a, now=NOW),
            lambda s, a: admin.set_calendar_day(s, day="2026-12-31", kind="off", note="", actor=a, now=NOW),
            lambda s, a: admin.create_point(s, unit_code="tnmt", label="Quầy thử", code="tnmt-thu", actor=a,
                                            now=NOW),
            lambda s, a: displays.create_display(s, settings, actor=a, now=NOW),
            lambda s, a: displays.change_display(s, display_id, settings, actor=a, now=NOW),
            lambda s, a: displays.rotate_secret(s, display_id, actor=a, now=NOW),
            lambda s, a: displays.revoke_display(s, display_id, actor=a, now=NOW)],
        Action.ANSWER_RECOMMENDATION: [lambda s, a: recommendations.answer(
            s, recommendation_id, "Thử", actor=a, publish=False, needs_approval=True, expected_version=None, **kept)],
        Action.PUBLISH_ANSWER: [lambda s, a: recommendations.answer(
            s, recommendation_id, "Thử", actor=a, publish=True, needs_approval=True, expected_version=None, **kept)],
        Action.PLAN_BRIEFINGS: [
            lambda s, a: briefings.set_schedule(s, None, actor=a, **kept),
            lambda s, a: briefings.add_meeting(s, briefing_logic.MeetingFields(NOW.replace(hour=16), "all", ""),
                                               actor=a, now=NOW),
            lambda s, a: briefings.cancel_meeting(s, 2, actor=a, now=NOW)],
        Action.RUN_BRIEFING: [lambda s, a: briefings.conclude(
            s, 1, briefing_logic.ConclusionFields(unit_id, "commendation", "Thử", None, None), actor=a, **kept)],
    }


def test_every_write_answers_as_the_matrix_whoever_calls_it(writable):
    """Each write of db/ asks the policy itself, before it reads or changes anything it guards:
    refused people get NotAllowed, allowed people get past the check (each try is rolled back)."""
    _app, database = writable
    with database.session() as s:
        task_id, unit_id = s.execute(select(Task.id, Task.lead_unit_id).where(Task.status == "in_progress")
                                     .order_by(Task.id).limit(1)).one()
        other_unit = s.scalar(select(Unit.id).where(Unit.id != unit_id).limit(1))
        extension_id = s.scalar(select(Extension.id).where(Extension.state == "pending").limit(1))
        rating_id = s.scalar(select(Rating.id).where(Rating.hidden.is_(False)).limit(1))
    with database.transaction() as s:
        display_id = displays.create_display(s, DisplaySettings("Phòng họp"), actor=None, now=NOW)[0].id
    people = {"leader": Actor(1, "leader", None), "viewer": Actor(2, "viewer", None), "admin": Actor(3, "admin", None),
              "own_head": Actor(4, "unit_head", unit_id), "other_head": Actor(5, "unit_head", other_unit)}
    recommendation_id = _recommendation(database, unit_id)
    with database.session() as s:
        low_rating_id = s.scalar(select(Rating.id).where(Rating.score == 1, Rating.comment.is_not(None),
                                                         Rating.hidden.is_(False)).limit(1))
    writes = _writes(task_id, unit_id, extension_id, rating_id, display_id, recommendation_id, low_rating_id)
    assert set(writes) == set(Action) - {Action.SEE_OVERVIEW, Action.SEE_UNIT, Action.SEE_SATISFACTION,
                                         Action.SEE_REFUSED_RATINGS, Action.SEE_RECOMMENDATIONS,
                                         Action.SEE_CONTACT, Action.SEE_BRIEFINGS}  # every action that changes data
    wrong = []
    for action, functions in writes.items():
        for number, write in enumerate(functions):
            for who, actor in people.items():
                with database.session() as s:
                    try:
                        write(s, actor)
                        refused = False
                    except NotAllowed:
                        refused = True
                    except (rules.Invalid, LookupError, tasks.StaleTaskError):
                        refused = False  # past the check; the input was at fault
                    finally:
                        s.rollback()
                if refused == (who in EXPECTED[action]):
                    wrong.append((action.value, number, who, "refused" if refused else "allowed"))
    assert wrong == []


def test_a_refused_callback_says_why_in_the_askers_language(app):
    """403 alone would leave the page silent: the answer carries a sentence to show."""
    client = app.test_client()
    sign_in(client, "viewer")
    body = registered_body(client, ids.REGISTER_NEW, {f"{ids.REGISTER_NEW}.n_clicks": 1})
    refused = post_callback(client, body)
    assert refused.status_code == 403 and refused.get_json()["message"] == "Tài khoản của bạn không có quyền thực hiện thao tác này."
    client.get("/lang/en?next=/")
    assert post_callback(client, body).get_json()["message"] == "Your account does not have the right to do this."
    head = app.test_client()
    sign_in(head, "head.tnmt")
    poster = head.get("/posters/xa-thach-dai-1.pdf")  # another unit's poster: a page keeps its own answer
    assert poster.status_code == 403 and poster.mimetype != "application/json"


# --- the API, with a token of each person ---------------------------------------------------

def _api_attempts(task_id: int, version: int) -> dict:
    """One request per action an API operation guards, as (method, path, body). The changes are
    stale or invalid: an allowed person is answered (200, 409 or 422) and nothing changes."""
    task, stale = f"/api/v1/tasks/{task_id}", version - 1
    note = lambda kind: ("POST", f"{task}/notes", {"kind": kind, "text": " "})  # noqa: E731 - blank: refused
    return {
        Action.SEE_OVERVIEW: ("GET", "/api/v1/figures/overview", None),
        Action.SEE_UNIT: ("GET", task, None),
        Action.SEE_SATISFACTION: ("GET", "/api/v1/figures/satisfaction", None),
        Action.ASSIGN_TASK: ("POST", "/api/v1/tasks", {"title": "Thử quyền", "lead_units": ["xa-thach-dai"],
                                                       "start_date": "2026-12-01", "due_date": "2026-11-01"}),
        Action.EDIT_TASK: ("PATCH", task, {"version": stale, "title": "Thử quyền"}),
        Action.CANCEL_TASK: ("POST", f"{task}/cancel", {"version": stale, "reason": "Thử quyền"}),
        Action.UPDATE_TASK: ("POST", f"{task}/updates", {"version": stale, "status": "in_progress", "progress": 50}),
        Action.REQUEST_EXTENSION: ("POST", f"{task}/extensions", {"version": stale, "new_due_date": "2027-06-30",
                                                                  "reason": "Thử quyền"}),
        Action.DECIDE_EXTENSION: ("POST", f"{task}/extension-decision", {"version": version, "approve": False,
                                                                               "note": "x" * 5000}),
        Action.RAISE_DIFFICULTY: note("difficulty"),
        Action.DIRECT: note("direction"),
        Action.URGE: note("urge"),
        Action.EVALUATE: note("evaluation"),
    }


def test_every_api_operation_answers_as_the_matrix(writable):
    """The same matrix through /api/v1 with each person's token: refused people get 403 (401
    without a token) before their input is read, allowed people an answer, and nothing changes."""
    from .test_api import token_for
    app, database = writable
    with database.session() as s:
        own = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        task_id, version = s.execute(select(Task.id, Task.version).where(
            Task.lead_unit_id == own, Task.status == "in_progress").order_by(Task.id).limit(1)).one()
    attempts = _api_attempts(task_id, version)
    client = app.test_client()
    answers = {}
    for who, username in USERNAMES.items():
        headers = {"Authorization": f"Bearer {token_for(database, username)}"} if username else {}
        for action, (method, path, body) in attempts.items():
            answers[who, action] = client.open(path, method=method, json=body, headers=headers).status_code
    wrong = {key: status for key, status in answers.items()
             if not (status in (200, 409, 422) if key[0] in EXPECTED[key[1]] else
                     status == (401 if key[0] == "anonymous" else 403))}
    assert wrong == {}
    with database.session() as s:
        assert s.scalar(select(Task.version).where(Task.id == task_id)) == version
        assert s.scalar(select(func.count()).select_from(Task).where(Task.title == "Thử quyền")) == 0
