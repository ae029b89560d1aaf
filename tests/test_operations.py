"""Operations through the test client: health and readiness, request ids and logs without
secrets, and a database that cannot write (read-only, disk full): a clear message, nothing
half-written, and the app recovers by itself once the fault is gone."""
import json
import logging

from sqlalchemy import func, select

from dashboard.web import create_app
from db.engine import Database
from db.models import Rating, Task, TaskUpdate
from layouts import ids

from . import faults
from .conftest import TODAY, copy_demo, csrf_token_of, make_config, sign_in
from .dash_requests import overview_body, post_callback, ranking_rows, update_body
from .servers import free_port

POINT = "xa-thach-dai-1"
TRY_AGAIN = "nothing was saved"


def test_healthz_answers_without_a_session(app):
    app.test_client().get("/healthz")  # Dash builds its layouts once, on an app's first request
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_on_a_migrated_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"


def test_readyz_refuses_a_database_not_yet_migrated(empty_db_url):
    app = create_app({**make_config(empty_db_url), "AUTO_MIGRATE": False})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["database"] == "not migrated"
    app.extensions["database"].dispose()


def test_app_starts_and_says_unreachable_while_the_database_is_down(backend, tmp_path):
    """No crash loop: a worker starts without its database, and says so on /readyz only."""
    url = (f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing" if backend == "postgresql"
           else f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")
    app = create_app({**make_config(url), "AUTO_MIGRATE": False})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["database"] == "unreachable"
    assert "postgres@" not in response.get_data(as_text=True)  # no address or password shown
    login = client.post("/login", data={"username": "leader", "password": "x"})
    assert login.status_code in (400, 503)  # no CSRF token yet, or the database: never a 500


def test_each_answer_carries_a_request_id_and_the_log_keeps_no_secret(client, caplog):
    caplog.set_level(logging.INFO, logger="dashboard.requests")
    secret = "Zq3" + "x" * 40
    response = client.get(f"/display/{secret}?token=abc", buffered=True)  # read and closed, as
    # a server does: the line is written when the answer is closed
    generated = response.headers["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/login", headers={"X-Request-ID": "proxy-0001-abc"}).headers[
        "X-Request-ID"] == "proxy-0001-abc"  # the proxy's id joins both logs
    assert client.get("/login", headers={"X-Request-ID": "bad id; forged"}).headers[
        "X-Request-ID"] != "bad id; forged"
    quiet = client.get("/healthz", buffered=True)  # health checks: no id, no INFO line
    assert quiet.status_code == 200 and "X-Request-ID" not in quiet.headers
    page = client.get("/login", buffered=True).get_data(as_text=True)
    client.post("/login", buffered=True, data={"username": "leader", "password": "the-password-2026",
                                               "csrf_token": csrf_token_of(page)})
    lines = [record.getMessage() for record in caplog.records if record.name == "dashboard.requests"]
    text = "\n".join(lines)
    assert '"GET /display/[secret]" 404' in text
    assert secret not in text and "token=abc" not in text
    assert "the-password-2026" not in text and '"POST /login"' in text
    assert generated in {record.request_id for record in caplog.records}
    assert "/healthz" not in text  # the load balancer's checks stay out of the INFO log


def _head_client(app):
    client = app.test_client()
    sign_in(client, "head.xa-thach-dai")
    client.get("/lang/en?next=/")
    return client


def _open_task(database):
    from db.models import Unit
    with database.session() as s:
        return s.execute(select(Task.id, Task.version).join(Unit, Unit.id == Task.lead_unit_id)
                         .where(Unit.code == "xa-thach-dai", Task.status == "in_progress")
                         .order_by(Task.id).limit(1)).one()


def _stored(database):
    with database.session() as s:
        return (s.scalar(select(func.count()).select_from(TaskUpdate)),
                s.scalar(select(func.count()).select_from(Rating)))


def _rate(client, case):
    page = client.get(f"/f/{POINT}?lang=en").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return client.post(f"/f/{POINT}?lang=en", data={"csrf_token": token, "score": "5", "case": case})


def _writes_refused_then_accepted(app, database, fault):
    """Under ``fault``: the head's update shows the notice and changes nothing, a citizen gets a
    503 page saying to try again, reading still works. Once the fault is gone, the very same
    requests succeed, with no restart."""
    task_id, version = _open_task(database)
    before = _stored(database)
    head = _head_client(app)
    citizen = app.test_client()
    with fault:
        answer = post_callback(head, update_body(head, task_id, "in_progress", 70, "Gần xong", version))
        assert answer.status_code == 200
        notice = answer.get_json()["sideUpdate"][ids.DB_NOTICE]
        assert notice["is_open"] is True and TRY_AGAIN in notice["children"]
        assert "response" not in answer.get_json() or not answer.get_json()["response"]
        refused = _rate(citizen, "HS-FAULT-1")
        assert refused.status_code == 503 and refused.headers["Retry-After"]
        assert TRY_AGAIN in refused.get_data(as_text=True)
    assert _stored(database) == before
    with database.session() as s:
        assert s.get(Task, task_id).version == version  # nothing half-written
    answer = post_callback(head, update_body(head, task_id, "in_progress", 70, "Gần xong", version))
    assert "Progress saved" in json.dumps(answer.get_json()["response"])
    assert _rate(citizen, "HS-FAULT-1").status_code == 303
    assert _stored(database) == (before[0] + 1, before[1] + 1)


def test_a_read_only_database_refuses_writes_clearly_and_recovers(writable):
    app, database = writable
    _writes_refused_then_accepted(app, database, faults.read_only(app))


def test_a_full_disk_refuses_writes_clearly_and_recovers(sqlite_demo_url, tmp_path):
    """SQLite on a real file system with no byte left (a small tmpfs filled up). PostgreSQL's
    disk is the server's, not the test's to fill: its refusals take the same path (SQLSTATE
    class 53, checked in test_portable)."""
    with faults.small_disk(tmp_path / "disk", 64) as disk:
        url = copy_demo(sqlite_demo_url, disk / "dashboard.db")
        app = create_app(make_config(url))
        database = Database(url)
        _head_client(app).get("/")  # connections opened (and the WAL index mapped) before
        _writes_refused_then_accepted(app, database, faults.disk_filled(disk))
        database.dispose()
        app.extensions["database"].dispose()


def test_without_redis_figures_are_computed_and_limits_waived_rather_than_failing(demo_db_url):
    """Redis restarting or unreachable: the cache misses and rate limits are skipped (and
    logged); no request fails because of it."""
    lost = f"redis://127.0.0.1:{free_port()}/0"
    config = {**make_config(demo_db_url), "CACHE_TYPE": None, "REDIS_URL": lost,
              "RATELIMIT_STORAGE_URI": lost,
              "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    app = create_app(config)
    client = app.test_client()
    assert sign_in(client, "leader").status_code == 302  # the sign-in form is rate limited
    answer = post_callback(client, overview_body(TODAY.isoformat()))
    assert answer.status_code == 200 and ids.OVERVIEW_RANKING_SOURCE in answer.get_json()["response"]
    assert ranking_rows(client, TODAY.isoformat())  # the grid's rows too, computed without a cache
    app.extensions["database"].dispose()
