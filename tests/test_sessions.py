"""Sessions the server ends: a copy of a session cookie is worth nothing once the session ended."""
import json
from datetime import timedelta

import pytest

from dashboard import clock
from dashboard.domain.policy import Actor
from db import admin

from .conftest import NOW, sign_in
from .dash_requests import units_list_body
from .test_auth import _first_csrf_value


def _signed_in(app, username):
    client = app.test_client()
    assert sign_in(client, username).status_code == 302
    return client


def _copy_of(app, client):
    """Another browser holding a copy of ``client``'s cookies (stolen, or kept from before)."""
    thief = app.test_client()
    for name in ("session", "_csrf_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def _opens(client) -> bool:
    """Whether the cookie still opens the register page and its data."""
    page = client.get("/tasks")
    data = client.post("/_dash-update-component", json=units_list_body(),
                       headers={"X-CSRFToken": client.get_cookie("_csrf_token").value
                                if client.get_cookie("_csrf_token") else ""})
    assert (page.status_code == 200) == (data.status_code == 200), (page.status_code, data.status_code)
    return page.status_code == 200


def _sign_out(client, path="/logout"):
    layout = json.loads(client.get("/_dash-layout").get_data(as_text=True))
    assert client.post(path, data={"csrf_token": _first_csrf_value(layout)}).status_code == 302


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(writable):
    app, _database = writable
    leader = _signed_in(app, "leader")
    copy = _copy_of(app, leader)
    assert _opens(copy)
    _sign_out(leader)
    assert not _opens(leader) and not _opens(copy)
    assert copy.get("/tasks").headers["Location"].startswith("/login")


def test_signing_out_ends_only_this_session_and_everywhere_ends_them_all(writable):
    app, _database = writable
    office, phone = _signed_in(app, "head.tnmt"), _signed_in(app, "head.tnmt")
    _sign_out(office)
    assert _opens(phone)  # the phone stays signed in
    laptop = _signed_in(app, "head.tnmt")
    _sign_out(laptop, "/logout/everywhere")
    assert not _opens(phone) and not _opens(laptop)
    assert _opens(_signed_in(app, "head.tnmt"))  # signing in again works


@pytest.mark.parametrize("change", ["password reset", "role change", "deactivation"])
def test_an_admins_change_ends_every_session_of_that_user(writable, change):
    app, database = writable
    viewer = _signed_in(app, "viewer")
    copy = _copy_of(app, viewer)
    with database.transaction() as s:
        if change == "password reset":
            admin.reset_password(s, username="viewer", password="a-new-long-password", actor=Actor(3, "admin", None),
                                 now=clock.now())
        elif change == "role change":
            admin.change_user(s, username="viewer", role="leader", unit_code=None, active=True,
                              actor=Actor(3, "admin", None), now=clock.now())
        else:
            admin.change_user(s, username="viewer", role="viewer", unit_code=None, active=False,
                              actor=Actor(3, "admin", None), now=clock.now())
    assert not _opens(viewer) and not _opens(copy)


def test_a_session_ends_after_being_idle_and_after_its_lifetime(writable):
    app, _database = writable
    app.config.update(SESSION_IDLE_MINUTES=30, SESSION_LIFETIME_HOURS=2)
    idle = _signed_in(app, "leader")
    busy = _signed_in(app, "leader")
    with clock.set_to(NOW + timedelta(minutes=25)):
        assert _opens(busy)
    with clock.set_to(NOW + timedelta(minutes=45)):
        assert _opens(busy)  # seen 20 minutes ago
        assert not _opens(idle)  # nothing for 45 minutes
    for minutes in (70, 95, 115):
        with clock.set_to(NOW + timedelta(minutes=minutes)):
            assert _opens(busy)
    with clock.set_to(NOW + timedelta(minutes=125)):
        assert not _opens(busy)  # two hours after sign-in, however busy


def test_a_cookie_without_a_server_session_is_refused(client):
    """Correctly signed cookies (the old format, a bare user id, or a made-up token) open nothing."""
    for forged in ("1", "1:", "1:not-a-token", "x:y", "1:" + "a" * 500):
        with client.session_transaction() as session:
            session["_user_id"] = forged
            session["_fresh"] = True
        assert client.get("/tasks").status_code == 302, forged


def test_the_nightly_command_forgets_sessions_that_can_no_longer_be_used(writable, monkeypatch):
    from sqlalchemy import func, select

    from dashboard.cli import main
    from db.models import UserSession
    app, database = writable
    _signed_in(app, "leader")
    _sign_out(_signed_in(app, "viewer"))
    monkeypatch.setenv("DATABASE_URL", str(database.engine.url.render_as_string(hide_password=False)))

    def count():
        with database.session() as s:
            return s.scalar(select(func.count()).select_from(UserSession))
    kept = count()
    assert main(["rollups", "close-days", "--days", "1"]) == 0
    assert count() == kept  # today's sessions, open or just ended, stay
    with clock.set_to(NOW + timedelta(days=2)):
        assert main(["rollups", "close-days", "--days", "1"]) == 0
    assert count() == 0
