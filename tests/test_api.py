"""The API (/api/v1) through Flask's test client: personal tokens as the only way in, the one
policy's matrix, the pages' figures, problems in the caller's language, stale writes, retried
creates, limits, and the account page where tokens are made and revoked."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from dashboard import clock
from dashboard.web import create_app
from db import admin, api_tokens
from db.demo import DEMO_PASSWORD
from db.models import ApiToken, AuditEvent, Task, Unit, User

from .conftest import NOW, TODAY, copy_demo, csrf_token_of, make_config, sign_in
from .dash_requests import ranking_rows

OWN_UNIT = "xa-thach-dai"
PAST_DAY = "2026-11-18"


def token_for(database, username: str, read_only: bool = False, expires_at=None) -> str:
    with database.transaction() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
        return api_tokens.create(session, user_id, name="test", read_only=read_only, expires_at=expires_at,
                                 now=clock.now())[1]


def bearer(token: str, language: str = "en") -> dict:
    return {"Authorization": f"Bearer {token}", "Accept-Language": language}


def task_of(database, unit_code: str, status: str = "in_progress") -> tuple[int, int]:
    """(id, version) of an open task of the unit."""
    with database.session() as session:
        row = session.execute(select(Task.id, Task.version).join(Unit, Unit.id == Task.lead_unit_id)
                              .where(Unit.code == unit_code, Task.status == status).order_by(Task.id)).first()
    assert row is not None
    return row.id, row.version


def is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["type"].startswith("/api/v1/docs#problem-")
    return body


def test_every_call_needs_a_live_token_and_no_cookie_opens_the_api(writable):
    app, database = writable
    client = app.test_client()
    assert is_problem(client.get("/api/v1/me"), 401)
    assert client.get("/api/v1/me").headers["WWW-Authenticate"].startswith("Bearer")
    assert is_problem(client.get("/api/v1/me", headers=bearer("tsd_not-a-token")), 401)
    sign_in(client, "leader")  # a signed-in browser's cookie is not a token
    assert is_problem(client.get("/api/v1/tasks"), 401)

    fresh = app.test_client()
    token = token_for(database, "leader")
    answer = fresh.get("/api/v1/me", headers=bearer(token))
    assert answer.status_code == 200 and answer.get_json()["role"] == "leader"
    assert "Set-Cookie" not in answer.headers  # no session is made for a token

    expired = token_for(database, "leader", expires_at=NOW + timedelta(hours=1))
    assert fresh.get("/api/v1/me", headers=bearer(expired)).status_code == 200
    with clock.set_to(NOW + timedelta(hours=2)):
        assert is_problem(fresh.get("/api/v1/me", headers=bearer(expired)), 401)
        assert fresh.get("/api/v1/me", headers=bearer(token)).status_code == 200
    viewer = token_for(database, "viewer")
    with database.transaction() as session:  # a reset password ends the tokens made with the old one
        assert admin.reset_password(session, username="viewer", password="mat-khau-moi-du-dai", actor=None,
                                    now=clock.now())
    assert is_problem(fresh.get("/api/v1/me", headers=bearer(viewer)), 401)
    with database.transaction() as session:  # a deactivated account's tokens open nothing
        session.execute(update(User).where(User.username == "leader").values(active=False))
    assert is_problem(fresh.get("/api/v1/me", headers=bearer(token)), 401)


def test_a_token_acts_with_its_users_role_now(writable):
    app, database = writable
    client = app.test_client()
    token = token_for(database, "viewer")
    assert client.get("/api/v1/figures/overview", headers=bearer(token)).status_code == 200
    with database.transaction() as session:
        unit_id = session.scalar(select(Unit.id).where(Unit.code == OWN_UNIT))
        session.execute(update(User).where(User.username == "viewer").values(role="unit_head", unit_id=unit_id))
    assert is_problem(client.get("/api/v1/figures/overview", headers=bearer(token)), 403)
    units = client.get("/api/v1/units", headers=bearer(token)).get_json()["items"]
    assert [unit["code"] for unit in units] == [OWN_UNIT]


# who → (overview, own unit's task, other unit's task, unit's figures, update own task, assign)
MATRIX = {
    "leader": (200, 200, 200, 200, 403, 201),
    "viewer": (200, 200, 200, 200, 403, 403),
    "admin": (200, 200, 200, 200, 403, 403),
    f"head.{OWN_UNIT}": (403, 200, 403, 200, 201, 403),
    "head.gddt": (403, 403, 200, 403, 403, 403),
}


@pytest.mark.parametrize("username", MATRIX)
def test_the_policy_matrix_holds_through_the_api(writable, username):
    app, database = writable
    client = app.test_client()
    headers = bearer(token_for(database, username))
    own, version = task_of(database, OWN_UNIT)
    other, _other_version = task_of(database, "gddt")
    with database.session() as session:
        before = session.scalar(select(Task.progress).where(Task.id == own))
    answers = (
        client.get("/api/v1/figures/overview", headers=headers).status_code,
        client.get(f"/api/v1/tasks/{own}", headers=headers).status_code,
        client.get(f"/api/v1/tasks/{other}", headers=headers).status_code,
        client.get(f"/api/v1/figures/units/{OWN_UNIT}", headers=headers).status_code,
        client.post(f"/api/v1/tasks/{own}/updates", headers=headers,
                    json={"version": version, "status": "in_progress", "progress": 95}).status_code,
        client.post("/api/v1/tasks", headers=headers,
                    json={"title": "Rà soát hồ sơ", "lead_units": [OWN_UNIT], "due_date": "2026-12-20"}).status_code,
    )
    assert answers == MATRIX[username]
    with database.session() as session:  # a refused write stored nothing
        progress = session.scalar(select(Task.progress).where(Task.id == own))
        made = session.scalar(select(func.count()).select_from(Task).where(Task.title == "Rà soát hồ sơ"))
    assert progress == (95 if MATRIX[username][4] == 201 else before) and made == (MATRIX[username][5] == 201)
    listed = client.get("/api/v1/tasks?per_page=100", headers=headers).get_json()
    if username.startswith("head."):  # a unit head's list holds their unit's tasks only
        assert {row["unit"]["code"] for row in listed["items"]} == {username.removeprefix("head.")}


def test_a_read_only_token_reads_and_changes_nothing(writable):
    app, database = writable
    client = app.test_client()
    headers = bearer(token_for(database, "leader", read_only=True), "vi")
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    task, version = task_of(database, OWN_UNIT)
    refused = is_problem(client.post(f"/api/v1/tasks/{task}/cancel", headers=headers,
                                     json={"version": version, "reason": "trùng"}), 403)
    assert refused["type"].endswith("#problem-read_only") and "chỉ đọc" in refused["detail"]
    with database.session() as session:
        assert session.scalar(select(Task.status).where(Task.id == task)) == "in_progress"


@pytest.mark.parametrize("period", ["week", "month"])
def test_the_apis_figures_are_the_pages_figures(writable, period):
    app, database = writable
    api, page_client = app.test_client(), app.test_client()
    token = token_for(database, "viewer")
    answer = api.get(f"/api/v1/figures/overview?day={PAST_DAY}&period={period}", headers=bearer(token))
    assert answer.status_code == 200
    figures = answer.get_json()
    start = "2026-11-16" if period == "week" else "2026-11-01"
    assert figures["window"]["shown"] == {"start": start, "end": PAST_DAY}
    sign_in(page_client, "viewer")
    page = {row["code"]: row for row in ranking_rows(page_client, PAST_DAY, period)}
    assert {row["unit"]["code"] for row in figures["ranking"]} == set(page)
    for row in figures["ranking"]:
        shown = page[row["unit"]["code"]]
        assert (row["rank"], row["overdue"], row["within_deadline"], row["done_on_time"], row["done_late"],
                row["max_days_overdue"]) == (shown["rank"], shown["overdue"], shown["within_deadline"],
                                             shown["done_on_time"], shown["done_late"], shown["max_days_overdue"])
        rate = row["on_time_rate"]
        assert (None if rate is None else round(100 * rate, 1)) == shown["on_time_rate"]
    headline = figures["headline"]
    assert headline["overdue"]["value"] == sum(row["overdue"] for row in figures["ranking"])
    assert headline["done_on_time"]["value"] == sum(row["done_on_time"] for row in figures["ranking"])
    for code in (OWN_UNIT, "gddt", "tnmt"):  # a unit's own figures agree with its row on the overview
        unit = api.get(f"/api/v1/figures/units/{code}?day={PAST_DAY}&period={period}", headers=bearer(token))
        buckets = unit.get_json()["buckets"]
        open_in_time = buckets.get("within_deadline", 0) + buckets.get("not_started", 0)  # grey is within too
        assert (buckets.get("overdue", 0), open_in_time) == (page[code]["overdue"], page[code]["within_deadline"])
        assert unit.get_json()["headline"]["done_on_time"]["value"] == page[code]["done_on_time"]


def test_a_stale_change_is_409_with_the_task_as_it_is_now(writable):
    app, database = writable
    client = app.test_client()
    leader = bearer(token_for(database, "leader"))
    task, version = task_of(database, OWN_UNIT)
    moved = client.patch(f"/api/v1/tasks/{task}", headers=leader,
                         json={"version": version, "due_date": "2027-01-31", "reason": "thêm việc"})
    assert moved.status_code == 200 and moved.get_json()["version"] == version + 1
    assert moved.get_json()["due_date"] == "2027-01-31"
    stale = is_problem(client.patch(f"/api/v1/tasks/{task}", headers=leader,
                                    json={"version": version, "title": "Tên khác"}), 409)
    assert stale["current"]["version"] == version + 1 and stale["current"]["title"] != "Tên khác"
    history = client.get(f"/api/v1/tasks/{task}/history", headers=leader).get_json()["items"]
    assert history[-1]["kind"] == "edited" and history[-1]["due_date"] == "2027-01-31"


def test_a_retried_create_with_its_key_makes_the_tasks_once(writable):
    app, database = writable
    client = app.test_client()
    leader = bearer(token_for(database, "leader"))
    body = {"title": "Báo cáo CCHC quý I", "lead_units": [OWN_UNIT, "gddt"], "due_date": "2027-01-10",
            "source_ref": "123/UBND-VP"}
    keyed = leader | {"Idempotency-Key": "3f1c-quý-I"}
    open_before = client.get("/api/v1/figures/overview", headers=leader).get_json()["headline"]["open"]["value"]
    first = client.post("/api/v1/tasks", headers=keyed, json=body)
    again = client.post("/api/v1/tasks", headers=keyed, json=body)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert [task["lead_unit"]["code"] for task in first.get_json()["items"]] == [OWN_UNIT, "gddt"]
    reused = is_problem(client.post("/api/v1/tasks", headers=keyed, json=body | {"title": "Khác"}), 422)
    assert reused["type"].endswith("#problem-idempotency")
    assert client.post("/api/v1/tasks", headers=leader, json=body).status_code == 201  # no key: a new pair
    figures = client.get("/api/v1/figures/overview", headers=leader).get_json()  # not a cached answer of before
    assert figures["headline"]["open"]["value"] == open_before + 4
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Task).where(Task.title == body["title"])) == 4
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "task_assigned", AuditEvent.at >= NOW)) == 4


def test_bad_input_is_a_problem_in_the_callers_language_and_stores_nothing(writable):
    app, database = writable
    client = app.test_client()
    token = token_for(database, "leader")
    bad = {"title": "", "lead_units": ["no-such-unit"], "due_date": "31/02/2027", "colour": "red"}
    english = is_problem(client.post("/api/v1/tasks", headers=bearer(token), json=bad), 422)
    assert english["title"] == "The request has problems"
    assert set(english["errors"]) == {"title", "due_date", "colour"}
    vietnamese = is_problem(client.post("/api/v1/tasks", headers=bearer(token, "vi"), json=bad), 422)
    assert vietnamese["title"] == "Yêu cầu có vấn đề" and "ngày" in vietnamese["errors"]["due_date"][0]
    unknown = is_problem(client.post("/api/v1/tasks", headers=bearer(token, "vi"),
                                     json={"title": "Việc", "lead_units": ["no-such-unit"], "due_date": "2027-01-01"}), 422)
    assert unknown["codes"] == {"lead_units": "unknown_unit"} and "đơn vị" in unknown["detail"]
    assert "(no-such-unit)" in unknown["errors"]["lead_units"][0]
    helper = is_problem(client.post("/api/v1/tasks", headers=bearer(token), json={
        "title": "Việc", "lead_units": [OWN_UNIT], "coordinating_units": ["khong-co"], "due_date": "2027-01-01"}), 422)
    assert helper["codes"] == {"coordinating_units": "unknown_unit"}
    assert english["codes"] == {"title": "length", "due_date": "invalid", "colour": "unknown_field"}
    for unusable in ('{"title": "lone \\ud800 half", "lead_units": ["xa-thach-dai"], "due_date": "2027-01-01"}',
                     '{"title": "nul \\u0000 here", "lead_units": ["xa-thach-dai"], "due_date": "2027-01-01"}'):
        assert is_problem(client.post("/api/v1/tasks", headers=bearer(token), data=unusable,
                                      content_type="application/json"), 400)
    assert is_problem(client.post("/api/v1/tasks", headers=bearer(token), data='{"title": "x"}',
                                  content_type="text/plain"), 415)
    assert is_problem(client.post("/api/v1/tasks", headers=bearer(token), json=[1]), 422)["codes"] == {"body": "invalid"}
    assert is_problem(client.post("/api/v1/tasks", headers=bearer(token), data="{not json",
                                  content_type="application/json"), 400)
    assert is_problem(client.get("/api/v1/figures/overview?day=2030-01-01", headers=bearer(token)), 422)
    late = is_problem(client.get("/api/v1/figures/overview?period=custom&start=2026-11-20&end=2026-11-01",
                                 headers=bearer(token, "vi")), 422)
    assert late["codes"] == {"period": "order"}
    assert is_problem(client.get("/api/v1/tasks/99999999999", headers=bearer(token)), 404)
    assert is_problem(client.get("/api/v1/figures/units/no-such-unit", headers=bearer(token)), 404)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Task).where(Task.created_at >= NOW)) == 0


def test_changes_mean_what_they_say(writable):
    """A boolean is true or false, an empty edit changes nothing, a decision needs a request
    waiting, an evaluation an update; a page past the last is empty (a script's loop ends)."""
    app, database = writable
    client = app.test_client()
    leader = bearer(token_for(database, "leader"))
    task, version = task_of(database, OWN_UNIT)
    same = client.patch(f"/api/v1/tasks/{task}", headers=leader, json={"version": version})
    assert same.status_code == 200 and same.get_json()["version"] == version
    head = bearer(token_for(database, f"head.{OWN_UNIT}"))
    asked = client.post(f"/api/v1/tasks/{task}/extensions", headers=head,
                        json={"version": version, "new_due_date": "2027-06-30", "reason": "Chờ vốn"})
    assert asked.status_code == 201 and asked.get_json()["pending_extension"]["new_due_date"] == "2027-06-30"
    asked_at = asked.get_json()["version"]
    assert is_problem(client.post(f"/api/v1/tasks/{task}/extension-decision", headers=leader,
                                  json={"version": asked_at, "approve": "yes"}), 422)["codes"] == {"approve": "invalid"}
    assert is_problem(client.post(f"/api/v1/tasks/{task}/extension-decision", headers=leader,  # read before the request
                                  json={"version": version, "approve": True}), 409)["current"]["version"] == asked_at
    rejected = client.post(f"/api/v1/tasks/{task}/extension-decision", headers=leader,
                           json={"version": asked_at, "approve": False})
    assert rejected.status_code == 200 and rejected.get_json()["pending_extension"] is None
    assert is_problem(client.post(f"/api/v1/tasks/{task}/extension-decision", headers=leader, json={
        "version": rejected.get_json()["version"], "approve": True}), 422)["codes"] == {"decision": "nothing_pending"}
    fresh = client.post("/api/v1/tasks", headers=leader, json={"title": "Việc mới", "lead_units": [OWN_UNIT],
                                                                "due_date": "2027-01-15"}).get_json()["items"][0]
    assert is_problem(client.post(f"/api/v1/tasks/{fresh['id']}/notes", headers=leader,
                                  json={"kind": "evaluation", "text": "Tốt"}), 422)["codes"] == {
        "evaluation": "no_update_yet"}
    listed = client.get("/api/v1/tasks?per_page=100", headers=leader).get_json()
    beyond = client.get(f"/api/v1/tasks?per_page=100&page={listed['total'] // 100 + 2}", headers=leader).get_json()
    assert beyond["items"] == [] and beyond["total"] == listed["total"]
    assert is_problem(client.get("/api/v1/tasks?unit=no-such-unit", headers=leader), 404)
    assert is_problem(client.get("/api/v1/tasks?stauts=done", headers=leader), 422)["codes"] == {
        "stauts": "unknown_field"}


def test_addresses_and_methods_no_operation_has_are_problems_not_pages(writable):
    app, database = writable
    client = app.test_client()
    token = token_for(database, "leader")
    assert is_problem(client.get("/api/v1/nothing-here", headers=bearer(token)), 404)
    assert is_problem(client.post("/api/v1/nothing-here", headers=bearer(token)), 404)
    refused = client.delete("/api/v1/tasks", headers=bearer(token))
    assert is_problem(refused, 405) and "GET" in refused.headers["Allow"]


def test_the_api_is_rate_limited_per_token_and_made_up_tokens_per_address(demo_db_url, tmp_path):
    url = copy_demo(demo_db_url, tmp_path / "limits.db")
    app = create_app(make_config(url) | {"API_RATE_LIMIT": "3 per minute", "API_REFUSED_TOKEN_LIMIT": "2 per minute"})
    client, database = app.test_client(), app.extensions["database"]
    token = token_for(database, "viewer")
    calls = [client.get(path, headers=bearer(token)).status_code for path in ("/api/v1/me", "/api/v1/units",
                                                                               "/api/v1/tasks")]
    assert calls == [200] * 3  # one count across every operation
    limited = is_problem(client.get("/api/v1/feedback-points", headers=bearer(token, "vi")), 429)
    assert limited["title"] == "Quá nhiều yêu cầu"
    assert 0 < int(client.get("/api/v1/me", headers=bearer(token)).headers["Retry-After"]) <= 60
    assert client.get("/api/v1/me", headers=bearer(token_for(database, "leader"))).status_code == 200
    guesses = [client.get("/api/v1/me", headers=bearer(f"tsd_guess{n}")).status_code for n in range(3)]
    assert guesses == [401, 401, 429]  # each made-up token counts against the address
    assert client.get("/api/v1/units", headers=bearer(token_for(database, "admin"))).status_code == 200  # not others


def test_the_description_is_openapi_3_1_and_its_page_is_local_and_in_both_languages(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0" and spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    operations = {(method.upper(), path) for path, item in spec["paths"].items() for method in item
                  if method in ("get", "post", "patch")}
    assert {("GET", "/api/v1/tasks"), ("POST", "/api/v1/tasks"), ("PATCH", "/api/v1/tasks/{task_id}"),
            ("GET", "/api/v1/figures/overview"), ("POST", "/api/v1/tasks/{task_id}/extensions")} <= operations
    english = client.get("/api/v1/docs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    vietnamese = client.get("/api/v1/docs", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "API for other systems" in english and "API cho các hệ thống khác" in vietnamese
    assert "/api/v1/tasks/{task_id}/history" in english and 'id="problem-stale"' in english
    assert '<a href="/account/api-tokens">' in english and "&lt;a" not in english
    assert not re.search(r'(src|href)="(https?:)?//', english)  # nothing from another site


def test_a_person_makes_sees_once_and_revokes_their_token(writable):
    app, database = writable
    client = app.test_client()
    sign_in(client, f"head.{OWN_UNIT}")
    client.get("/lang/vi?next=/")
    page = client.get("/account/api-tokens")
    assert page.status_code == 200 and "Khóa API" in page.get_data(as_text=True)
    form = {"csrf_token": csrf_token_of(page.get_data(as_text=True)), "name": "Phần mềm một cửa", "expires": "30",
            "once": re.search(r'id="once" name="once" type="hidden" value="([^"]+)"', page.get_data(as_text=True))[1]}
    wrong = client.post("/account/api-tokens", data=form | {"password": "not-my-password"})
    assert wrong.status_code == 400 and "không phải mật khẩu của bạn" in wrong.get_data(as_text=True)
    form["once"] = re.search(r'name="once" type="hidden" value="([^"]+)"', wrong.get_data(as_text=True))[1]
    made = client.post("/account/api-tokens", data=form | {"password": DEMO_PASSWORD})
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    with client.session_transaction() as kept:  # the token is in the page only, never in the session
        assert not any(str(value).startswith("tsd_") for value in kept.values())
    token = re.search(r'value="(tsd_[^"]+)"', made.get_data(as_text=True)).group(1)
    again = client.post("/account/api-tokens", data=form | {"password": DEMO_PASSWORD})  # the browser's reload
    assert again.status_code == 303
    api = app.test_client()
    me = api.get("/api/v1/me", headers=bearer(token)).get_json()
    assert me["username"] == f"head.{OWN_UNIT}" and me["unit"] == OWN_UNIT and me["read_only"] is False

    listed = client.get("/account/api-tokens").get_data(as_text=True)
    assert "Phần mềm một cửa" in listed and token not in listed  # shown once
    with database.session() as session:
        token_id = session.scalar(select(ApiToken.id).where(ApiToken.name == "Phần mềm một cửa"))
        expires = session.scalar(select(ApiToken.expires_at).where(ApiToken.id == token_id))
    assert expires == clock.end_of_day(TODAY + timedelta(days=30))

    other = app.test_client()
    sign_in(other, "leader")
    other_page = other.get("/account/api-tokens").get_data(as_text=True)
    other.post(f"/account/api-tokens/{token_id}/revoke", data={"csrf_token": csrf_token_of(other_page)})
    assert api.get("/api/v1/me", headers=bearer(token)).status_code == 200  # not theirs to revoke

    revoked = client.post(f"/account/api-tokens/{token_id}/revoke", data={"csrf_token": csrf_token_of(listed)})
    assert revoked.status_code == 303
    assert is_problem(api.get("/api/v1/me", headers=bearer(token)), 401)
    assert client.post(f"/account/api-tokens/{token_id}/revoke", data={}).status_code == 400  # no CSRF token
    with database.session() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.target == f"api_token:{token_id}")
                                  .order_by(AuditEvent.id)).all()
    assert actions == ["api_token_created", "api_token_revoked"]


def test_the_token_page_needs_a_signed_in_person(client):
    assert client.get("/account/api-tokens").status_code == 302
