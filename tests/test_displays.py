"""Meeting-room displays: settings, secrets, the probe and the screen's callbacks, as a TV and an
attacker would call them through the Flask test client."""
from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from callbacks import display as display_callbacks
from dashboard import cli, clock
from dashboard.domain.displays import (
    SLIDES,
    DisplaySettings,
    check_settings,
    looks_like_secret,
    new_secret,
    quick_setup,
    secret_hash,
)
from dashboard.domain.rules import Invalid
from db import displays
from db.models import AuditEvent, Display, Task
from db.tasks import record_update
from layouts import ids

from .conftest import HCM, TODAY, sign_in
from .dash_requests import declared_body, overview_body, post_callback, registered_body
from .test_answer_cache import _rate

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


# ---- pure rules ----

def test_settings_are_checked_field_by_field():
    settings = check_settings(" Phòng họp tầng 2 ", ["overdue", "ranking"], "30", 15, "en")
    assert settings == DisplaySettings("Phòng họp tầng 2", ("ranking", "overdue"), 30, 15, "en")
    with pytest.raises(Invalid) as refused:
        check_settings("", ["weather"], 2, 99999, "fr", date(2026, 1, 1), TODAY)
    assert refused.value.errors == {"name": "required", "slides": "invalid",
                                    "rotate_seconds": "seconds_out_of_range",
                                    "refresh_seconds": "seconds_out_of_range", "locale": "invalid",
                                    "expires_on": "in_the_past"}
    with pytest.raises(Invalid) as refused:
        check_settings("x" * 121, [], 20, 30, "vi")
    assert refused.value.errors == {"name": "too_long", "slides": "required"}


def test_link_parameters_only_narrow_what_the_admin_configured():
    configured = DisplaySettings("A", ("headline", "ranking", "overdue"), 20, 30, "vi")
    quick = quick_setup(configured, {"slides": "overdue,satisfaction,ranking,overdue", "rotate": "45",
                                     "refresh": "3"})
    assert quick.slides == ("overdue", "ranking")  # satisfaction was not configured
    assert quick.rotate_seconds == 45 and quick.refresh_seconds == 30  # 3 s is below the minimum
    assert quick_setup(configured, {"slides": "weather"}).slides == configured.slides


def test_secrets_are_long_random_and_kept_only_as_a_hash():
    assert all(new_secret()[0].isalnum() for _ in range(500))  # never like Dash's "_dash-…" routes
    first, second = new_secret(), new_secret()
    assert first != second and looks_like_secret(first)
    assert len(first) * 6 >= 128 + 64  # url-safe base64: 6 bits a character, 256 bits in all
    assert len(secret_hash(first)) == 64 and first not in secret_hash(first)
    assert not looks_like_secret("short") and not looks_like_secret("a" * 40 + "/../")


# ---- database ----

def _create(database, **changes) -> tuple[int, str]:
    settings = replace(DisplaySettings("Phòng họp tầng 2", SLIDES, 20, 10, "vi"), **changes)
    with database.transaction() as session:
        display, secret = displays.create_display(session, settings, actor=None, now=NOW)
        return display.id, secret


def test_create_change_rotate_revoke_keep_only_the_hash_and_are_audited(writable):
    _app, database = writable
    display_id, secret = _create(database)
    with database.session() as session:
        stored = session.get(Display, display_id)
        assert stored.secret_hash == secret_hash(secret) and stored.config_version == 1
        dump = json.dumps([list(row) for row in session.execute(text("SELECT * FROM displays"))], default=str)
        assert secret not in dump
        assert displays.active_display(session, secret, TODAY).id == display_id
    with database.transaction() as session:
        displays.change_display(session, display_id, DisplaySettings("Hội trường", ("ranking",), 15, 20, "en"),
                                actor=None, now=NOW)
        new = displays.rotate_secret(session, display_id, actor=None, now=NOW)
    with database.session() as session:
        assert displays.active_display(session, secret, TODAY) is None  # the old link died at once
        assert displays.active_display(session, new, TODAY).name == "Hội trường"
        assert session.get(Display, display_id).config_version == 3
    with database.transaction() as session:
        displays.revoke_display(session, display_id, actor=None, now=NOW)
    with database.session() as session:
        assert displays.active_display(session, new, TODAY) is None
        assert displays.probe(session.connection(), new, TODAY, NOW) is None
        actions = session.scalars(select(AuditEvent.action).where(
            AuditEvent.target == f"display:{display_id}").order_by(AuditEvent.id)).all()
    assert actions == ["display_created", "display_changed", "display_link_replaced", "display_revoked"]
    with database.transaction() as session, pytest.raises(Invalid):
        displays.revoke_display(session, display_id, actor=None, now=NOW)


def test_a_display_expires_after_its_last_day(writable):
    _app, database = writable
    _id, secret = _create(database, expires_on=TODAY)
    with database.session() as session:
        assert displays.active_display(session, secret, TODAY) is not None
        assert displays.active_display(session, secret, TODAY + timedelta(days=1)) is None


# ---- the screen through the test client ----

def _deps(client) -> list[dict]:
    return client.get("/display/_dash-dependencies").get_json()


def _spec(client, output_part: str) -> dict:
    return next(d for d in _deps(client) if output_part in d["output"] and d.get("clientside_function") is None)


def set_up_body(client, secret: str, search: str = "") -> dict:
    return declared_body(display_callbacks.SET_UP, display_callbacks.SCREEN_URL,
                         dict(pathname=f"/display/{secret}", search=search), display_callbacks.SCREEN_QUERY)


def refresh_body(client, secret: str, slides, shown=None, search: str = "") -> dict:
    spec = _spec(client, f"{ids.DISPLAY_SHOWN}.data")
    bodies = [{"id": {"name": slide, "type": ids.DISPLAY_BODY}, "property": "children"} for slide in slides]
    return {"output": spec["output"],
            "outputs": [bodies, {"id": ids.DISPLAY_SHOWN, "property": "data"}],
            "inputs": [{"id": ids.DISPLAY_WANTED, "property": "data", "value": {"token": "x"}}],
            "state": [{"id": ids.DISPLAY_SHOWN, "property": "data", "value": shown},
                      {"id": ids.DISPLAY_URL, "property": "pathname", "value": f"/display/{secret}"},
                      {"id": ids.DISPLAY_URL, "property": "search", "value": search}],
            "changedPropIds": [f"{ids.DISPLAY_WANTED}.data"]}


def _post(client, body):
    return client.post("/display/_dash-update-component", json=body)  # no CSRF token: none needed


def _probe(client, secret, known=None):
    query = f"?known={known}" if known else ""
    return client.get(f"/display/_probe{query}", headers={"X-Display-Key": secret})


def test_a_valid_link_opens_the_screen_and_any_other_is_404_without_data(writable):
    app, database = writable
    _id, secret = _create(database)
    _revoked_id, revoked = _create(database)
    _expired_id, expired = _create(database, expires_on=TODAY - timedelta(days=1))
    with database.transaction() as session:
        displays.revoke_display(session, _revoked_id, actor=None, now=NOW)
    client = app.test_client()
    assert client.get(f"/display/{secret}").status_code == 200
    for wrong in (revoked, expired, new_secret(), "abc", "_" + secret[1:],
                  secret[:-1] + ("A" if secret[-1] != "A" else "B")):
        page = client.get(f"/display/{wrong}")
        assert page.status_code == 404
        assert "Phòng họp" not in page.get_data(as_text=True)
        assert _probe(client, wrong).status_code == 404
        assert _post(client, set_up_body(client, wrong)).status_code == 404
        assert _post(client, refresh_body(client, wrong, SLIDES)).status_code == 404
    assert client.get("/display/").status_code == 404
    assert client.get(f"/display/{secret}/more").status_code == 404


def test_the_probe_answers_204_with_no_body_until_something_changes(writable):
    app, database = writable
    _id, secret = _create(database)
    client = app.test_client()
    first = _probe(client, secret)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    state = first.get_json()
    known = f"{state['server']}.{state['config']}.{state['data']}"
    quiet = _probe(client, secret, known)
    assert quiet.status_code == 204 and quiet.data == b""
    assert "Content-Length" not in quiet.headers  # forbidden on a 204, and a poll's bytes
    assert "Set-Cookie" not in quiet.headers  # a screen holds no session
    with database.transaction() as session:
        task = session.scalar(select(Task).where(Task.status == "in_progress").limit(1))
        record_update(session, task.id, status="in_progress", progress=min(task.progress + 10, 90),
                      note="", by_user_id=None, now=NOW, tz=HCM)
    changed = _probe(client, secret, known)
    assert changed.status_code == 200 and changed.get_json()["data"] != state["data"]
    assert len(changed.data) <= 100


def test_set_up_builds_only_the_configured_slides_in_the_display_language(writable):
    app, database = writable
    _id, secret = _create(database, slides=("ranking", "overdue"), locale="en", rotate_seconds=15)
    client = app.test_client()
    answer = _post(client, set_up_body(client, secret, "?slides=overdue,headline&refresh=12"))
    assert answer.status_code == 200
    response = answer.get_json()["response"]
    config = response[ids.DISPLAY_CONFIG]["data"]
    assert config["refresh"] == 12 and config["locale"] == "en" and config["config"] == 1
    assert config["texts"]["as_of"] == "Data as of {time}"
    skeleton = json.dumps(response[ids.DISPLAY_ROOT]["children"])
    assert '"name": "overdue"' in skeleton and '"name": "ranking"' not in skeleton  # narrowed by the link
    assert '"name": "headline"' not in skeleton  # never configured, so never shown
    assert response[ids.DISPLAY_ROTATE_TICK]["disabled"] is True  # one slide: nothing to rotate
    assert "Overdue tasks" in skeleton


def _bodies(response: dict) -> dict[str, dict]:
    """Slide name → its update (the response names each pattern-matched component by its id)."""
    return {json.loads(key)["name"]: value["children"] for key, value in response.items()
            if ids.DISPLAY_BODY in key}


def test_ratings_reach_the_screens_a_minute_at_a_time(writable):
    """A province's counters send several ratings a second: counted one by one, every probe of
    every screen would find a change and redraw. A rating shows from the next minute on."""
    app, database = writable
    _id, secret = _create(database)
    client = app.test_client()
    start = NOW.replace(second=5)
    with clock.set_to(start):
        state = _probe(client, secret).get_json()
        known = f"{state['server']}.{state['config']}.{state['data']}"
        _rate(app, score="4")
        assert _probe(client, secret, known).status_code == 204  # the same minute
    with clock.set_to(start.replace(second=0) + timedelta(minutes=1)):
        changed = _probe(client, secret, known)
    assert changed.status_code == 200 and changed.get_json()["data"] != state["data"]


def _operations(patch_json) -> list[dict]:
    assert patch_json["__dash_patch_update"] == "__dash_patch_update"
    return patch_json["operations"]


def test_refresh_patches_only_configured_slides_then_only_what_changed(writable):
    app, database = writable
    _id, secret = _create(database, slides=("headline", "ranking", "overdue", "progress"))
    client = app.test_client()
    first = _post(client, refresh_body(client, secret, ["headline", "satisfaction", "ranking"]))
    assert first.status_code == 200
    response = first.get_json()["response"]
    token = response[ids.DISPLAY_SHOWN]["data"]
    patches = _bodies(response)
    assert set(patches) == {"headline", "ranking"}, "satisfaction is not configured: no update for it"
    operations = _operations(patches["headline"])
    assert all(op["operation"] == "Assign" for op in operations)
    assert all(op["location"][-2] == "props" for op in operations)  # leaves, never component trees
    values = [op["params"]["value"] for op in operations]
    assert "38" in values  # overdue tasks today in the demo district
    changes = [value for value in values if "so với" in str(value)]
    assert changes and all("so với cùng kỳ tuần trước" in value for value in changes)  # like with like

    again = _post(client, refresh_body(client, secret, ["headline", "ranking"], shown=token))
    assert again.status_code == 204  # nothing changed since what the screen shows

    with database.transaction() as session:
        task = session.scalar(select(Task).where(Task.status == "in_progress", Task.due_date < TODAY)
                              .order_by(Task.id).limit(1))
        record_update(session, task.id, status="done", progress=100, note="Xong", by_user_id=None,
                      now=NOW, tz=HCM)
    changed = client.post("/display/_dash-update-component", headers={"Accept-Encoding": "gzip"},
                          json=refresh_body(client, secret, ["headline", "ranking", "overdue"], shown=token))
    assert changed.status_code == 200 and changed.headers["Content-Encoding"] == "gzip"
    assert len(changed.data) <= 5000  # as transferred
    body = json.loads(gzip.decompress(changed.data))["response"]
    headline_ops = _operations(_bodies(body)["headline"])
    changed_values = {op["params"]["value"] for op in headline_ops}
    assert "37" in changed_values and len(headline_ops) < 12
    assert body[ids.DISPLAY_SHOWN]["data"] != token


def test_no_personal_data_reaches_the_screen(writable):
    app, database = writable
    _id, secret = _create(database)
    client = app.test_client()
    text_sent = _post(client, refresh_body(client, secret, SLIDES)).get_data(as_text=True)
    with database.session() as session:
        comments = session.scalars(text("SELECT comment FROM ratings WHERE comment IS NOT NULL "
                                        "AND length(comment) > 12 LIMIT 50")).all()
        officials = session.scalars(text("SELECT DISTINCT responsible_official FROM tasks "
                                         "WHERE responsible_official IS NOT NULL LIMIT 50")).all()
    assert comments, "the demo has citizen comments to leak"
    assert not any(comment in text_sent for comment in comments)
    assert not any(name in text_sent for name in officials if name)


def test_the_screens_app_answers_none_of_the_dashboards_callbacks(writable):
    app, database = writable
    _id, secret = _create(database)
    client = app.test_client()
    overview = overview_body("2026-11-26", "week")
    assert _post(client, overview).status_code == 404
    assert client.post("/_dash-update-component", json=overview).status_code == 401
    assert not any("overview" in d["output"] for d in _deps(client))
    # the dashboard's own callback route still wants a signed-in user and a CSRF token
    assert client.post("/_dash-update-component", json=set_up_body(client, secret)).status_code == 401


# ---- administration ----

def _admin_client(app, username="admin"):
    client = app.test_client()
    sign_in(client, username)
    client.get("/lang/en?next=/")
    return client


def _add_display(client, **values):
    form = {f"{ids.NEW_DISPLAY}-{field}.value": value for field, value in {
        "name": "Phòng họp tầng 2", "slides": ["ranking", "overdue"], "rotate": 20, "refresh": 30,
        "locale": "vi", "expires": None}.items()}
    form.update({f"{ids.NEW_DISPLAY}-{key}.value": value for key, value in values.items()})
    return post_callback(client, registered_body(client, ids.NEW_DISPLAY_SAVE, {
        f"{ids.NEW_DISPLAY_SAVE}.n_clicks": 1, f"{ids.ADMIN_REFRESH}.data": 0, **form}))


def test_admin_adds_a_display_and_sees_its_link_once(writable):
    app, database = writable
    client = _admin_client(app)
    answer = _add_display(client)
    assert answer.status_code == 200
    shown = json.dumps(answer.get_json()["response"], ensure_ascii=False)
    link = shown.split("/display/")[1].split('"')[0]
    assert looks_like_secret(link)
    assert app.test_client().get(f"/display/{link}").status_code == 200
    with database.session() as session:
        assert displays.active_display(session, link, TODAY).slides == ["ranking", "overdue"]
    listing = post_callback(client, registered_body(client, ids.ADMIN_REFRESH, {f"{ids.ADMIN_REFRESH}.data": 1}))
    assert link not in listing.get_data(as_text=True)  # never shown again


def test_bad_display_settings_are_refused_with_reasons(writable):
    app, database = writable
    answer = _add_display(_admin_client(app), name="", rotate=1, expires="2020-01-01")
    text_sent = answer.get_data(as_text=True)
    assert "Nothing was saved" in text_sent and "Seconds per slide" in text_sent
    assert "Valid until" in text_sent
    with database.session() as session:
        assert session.scalar(select(Display.id)) is None


@pytest.mark.parametrize("username", ["leader", "viewer", "head.xa-thach-dai"])
def test_only_admins_manage_displays(writable, username):
    app, database = writable
    assert _add_display(_admin_client(app, username)).status_code == 403
    with database.session() as session:
        assert session.scalar(select(Display.id)) is None


def test_the_command_line_adds_lists_and_revokes_displays(writable, monkeypatch, capsys):
    _app, database = writable
    monkeypatch.setenv("DATABASE_URL", str(database.engine.url))
    assert cli.main(["display", "add", "--name", "Hội trường", "--slides", "ranking,progress",
                     "--rotate", "25", "--base-url", "https://giamsat.example.vn"]) == 0
    out = capsys.readouterr().out
    secret = out.split("https://giamsat.example.vn/display/")[1].strip()
    assert looks_like_secret(secret)
    assert cli.main(["display", "list"]) == 0
    assert "Hội trường  [ranking,progress] 25s/30s vi" in capsys.readouterr().out
    with database.session() as session:
        display_id = displays.active_display(session, secret, TODAY).id
    assert cli.main(["display", "change", str(display_id), "--rotate", "1"]) == 1
    assert "rotate seconds must be a whole number of seconds" in capsys.readouterr().err
    assert cli.main(["display", "revoke", str(display_id)]) == 0
    with database.session() as session:
        assert displays.active_display(session, secret, TODAY) is None
