"""Administration through crafted callback requests: admins only, validated, audited."""
import json

import pytest
from sqlalchemy import select

from db.models import AuditEvent, Unit, User
from layouts import ids

from .conftest import sign_in
from .dash_requests import post_callback, registered_body


def _client(app, username):
    client = app.test_client()
    sign_in(client, username)
    client.get("/lang/en?next=/")
    return client


def _add_user(client, **values):
    base = {f"{ids.NEW_USER_SAVE}.n_clicks": 1, f"{ids.NEW_USER_NAME}.value": "chu.tich.xa",
            f"{ids.NEW_USER_FULL}.value": "Hồ Văn Nam", f"{ids.NEW_USER_ROLE}.value": "unit_head",
            f"{ids.NEW_USER_UNIT}.value": "xa-thach-dai",
            f"{ids.NEW_USER_PASSWORD}.value": "mot-mat-khau-dai", f"{ids.ADMIN_REFRESH}.data": 0}
    return post_callback(client, registered_body(client, ids.NEW_USER_SAVE, {**base, **values}))


def _change_user(client, username, role, unit, active):
    return post_callback(client, registered_body(client, ids.CHANGE_USER_SAVE, {
        f"{ids.CHANGE_USER_SAVE}.n_clicks": 1, f"{ids.CHANGE_USER}.value": username,
        f"{ids.CHANGE_USER_ROLE}.value": role, f"{ids.CHANGE_USER_UNIT}.value": unit,
        f"{ids.CHANGE_USER_ACTIVE}.value": active, f"{ids.ADMIN_REFRESH}.data": 0}))


def _text(response):
    assert response.status_code == 200, response.status_code
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def test_admin_adds_a_unit_head_who_can_then_sign_in(writable):
    app, database = writable
    assert "User added" in _text(_add_user(_client(app, "admin")))
    assert sign_in(app.test_client(), "chu.tich.xa", "mot-mat-khau-dai").status_code == 302
    with database.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "user_created"))
        assert event.detail["after"]["username"] == "chu.tich.xa"


@pytest.mark.parametrize("username", ["leader", "viewer", "head.tnmt"])
def test_nobody_else_administers(writable, username):
    app, database = writable
    client = _client(app, username)
    assert _add_user(client).status_code == 403
    assert _change_user(client, "viewer", "leader", None, True).status_code == 403
    with database.session() as s:
        assert s.scalar(select(User).where(User.username == "chu.tich.xa")) is None
        assert s.scalar(select(User.role).where(User.username == "viewer")) == "viewer"
    fill = registered_body(client, ids.ADMIN_REFRESH, {f"{ids.ADMIN_REFRESH}.data": 0})
    answer = _text(post_callback(client, fill))
    assert "for administrators" in answer and "head.tnmt" not in answer.replace(username, "")


@pytest.mark.parametrize("values, words", [
    ({f"{ids.NEW_USER_NAME}.value": "Bad Name!"}, "lowercase letters"),
    ({f"{ids.NEW_USER_NAME}.value": "leader"}, "already used"),
    ({f"{ids.NEW_USER_PASSWORD}.value": "short"}, "at least 10 characters"),
    ({f"{ids.NEW_USER_UNIT}.value": None}, "Unit is required"),
    ({f"{ids.NEW_USER_ROLE}.value": "superuser"}, "not a valid choice"),
])
def test_invalid_users_are_refused_with_reasons(writable, values, words):
    app, database = writable
    assert words in _text(_add_user(_client(app, "admin"), **values))
    with database.session() as s:
        assert s.scalar(select(User).where(User.username == "chu.tich.xa")) is None


def test_deactivated_user_is_signed_out_and_cannot_sign_in(writable):
    app, _database = writable
    viewer = _client(app, "viewer")
    assert viewer.get("/").status_code == 200
    assert "User changed" in _text(_change_user(_client(app, "admin"), "viewer", "viewer", None, False))
    assert viewer.get("/").status_code == 302  # the open session no longer counts
    assert sign_in(app.test_client(), "viewer").status_code == 401


def test_admin_cannot_lock_themselves_out(writable):
    app, _database = writable
    assert "lock yourself out" in _text(_change_user(_client(app, "admin"), "admin", "admin", None, False))


def test_admin_adds_and_closes_a_unit(writable):
    app, database = writable
    admin = _client(app, "admin")
    added = post_callback(admin, registered_body(admin, ids.NEW_UNIT_SAVE, {
        f"{ids.NEW_UNIT_SAVE}.n_clicks": 1, f"{ids.NEW_UNIT_CODE}.value": "xa-moi",
        f"{ids.NEW_UNIT_NAME}.value": "UBND xã Mới", f"{ids.NEW_UNIT_KIND}.value": "commune",
        f"{ids.ADMIN_REFRESH}.data": 0}))
    assert "Unit added" in _text(added)
    closed = post_callback(admin, registered_body(admin, ids.CHANGE_UNIT_SAVE, {
        f"{ids.CHANGE_UNIT_SAVE}.n_clicks": 1, f"{ids.CHANGE_UNIT}.value": "xa-moi",
        f"{ids.CHANGE_UNIT_NAME}.value": "UBND xã Mới (đã sáp nhập)",
        f"{ids.CHANGE_UNIT_ACTIVE}.value": False, f"{ids.ADMIN_REFRESH}.data": 0}))
    assert "Unit changed" in _text(closed)
    with database.session() as s:
        unit = s.scalar(select(Unit).where(Unit.code == "xa-moi"))
        assert (unit.name, unit.active) == ("UBND xã Mới (đã sáp nhập)", False)
    log = _text(post_callback(admin, registered_body(admin, ids.ADMIN_REFRESH, {f"{ids.ADMIN_REFRESH}.data": 1})))
    assert "Unit renamed, closed or reopened" in log and "Unit created" in log  # words, not codes
    assert "unit_changed" not in log and "unit_created" not in log and '\\"name\\"' not in log
    assert '"Name: "' in log and '"UBND xã Mới (đã sáp nhập)"' in log and '"Active: "' in log


def test_admin_adds_a_feedback_point_and_citizens_can_rate_it(writable):
    app, database = writable
    admin = _client(app, "admin")
    answer = _text(post_callback(admin, registered_body(admin, ids.NEW_POINT_SAVE, {
        f"{ids.NEW_POINT_SAVE}.n_clicks": 1, f"{ids.NEW_POINT_UNIT}.value": "xa-thach-dai",
        f"{ids.NEW_POINT_LABEL}.value": "Quầy 2 – Chứng thực", f"{ids.NEW_POINT_CODE}.value": "xa-thach-dai-9",
        f"{ids.ADMIN_REFRESH}.data": 0})))
    assert "Feedback point added" in answer
    assert "Quầy 2 – Chứng thực" in app.test_client().get("/f/xa-thach-dai-9").get_data(as_text=True)
    viewer = _client(app, "viewer")
    refused = post_callback(viewer, registered_body(viewer, ids.NEW_POINT_SAVE, {
        f"{ids.NEW_POINT_SAVE}.n_clicks": 1, f"{ids.NEW_POINT_UNIT}.value": "xa-thach-dai",
        f"{ids.NEW_POINT_LABEL}.value": "X", f"{ids.NEW_POINT_CODE}.value": "xa-thach-dai-8",
        f"{ids.ADMIN_REFRESH}.data": 0}))
    assert refused.status_code == 403
