"""Sign-in, the gate, CSRF and the role scope, through Flask's test client."""
import json
import re
from datetime import UTC

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.access import Scope, SignedInUser, scope_for
from dashboard.paths import safe_next
from dashboard.web import create_app
from dashboard.web.auth import UNKNOWN_USER_HASH
from db.demo import DEMO_PASSWORD

from .conftest import csrf_token_of, make_config, sign_in
from .dash_requests import post_callback, units_list_body


def test_anonymous_page_request_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/")


@pytest.mark.parametrize("path", ["/_dash-layout", "/_dash-dependencies"])
def test_anonymous_dash_endpoints_answer_401(client, path):
    assert client.get(path).status_code == 401


def test_anonymous_callback_answers_401_with_no_data(client):
    response = client.post("/_dash-update-component", json=units_list_body())
    assert response.status_code == 401
    assert "Thạch" not in response.get_data(as_text=True)


def test_login_page_and_assets_are_public(client):
    assert client.get("/login").status_code == 200
    assert client.get("/assets/vendor/bootstrap.min.css").status_code == 200


def test_sign_in_with_the_demo_password_reaches_the_dashboard(client):
    response = sign_in(client, "leader")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200


def test_wrong_password_is_refused_and_gives_no_session(client):
    response = sign_in(client, "leader", "not-the-password")
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True) \
        or "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_unknown_user_is_refused_like_a_wrong_password(client):
    assert sign_in(client, "nobody").status_code == 401


def test_an_unknown_name_costs_the_hashing_of_a_real_password():
    """The constant checked for unknown names is made as real passwords' hashes are (the same
    method and work factors), so a refusal takes as long whether or not the name exists."""
    made_now = generate_password_hash("any password")
    assert UNKNOWN_USER_HASH.split("$")[0] == made_now.split("$")[0]
    assert len(UNKNOWN_USER_HASH) == len(made_now)
    assert not check_password_hash(UNKNOWN_USER_HASH, "")


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "leader", "password": "demo2026"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_callback_without_csrf_header_is_refused(client):
    sign_in(client, "leader")
    assert post_callback(client, units_list_body(), with_csrf=False).status_code == 400


def test_callback_with_csrf_header_answers(client):
    sign_in(client, "leader")
    response = post_callback(client, units_list_body())
    assert response.status_code == 200


def test_sign_in_clears_the_previous_session(client):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, "viewer")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_sign_out_needs_a_post_with_csrf_and_ends_the_session(client):
    sign_in(client, "leader")
    client.get("/logout")  # a link or image cannot sign anyone out
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 400  # no CSRF token
    layout = json.loads(client.get("/_dash-layout").get_data(as_text=True))
    client.post("/logout", data={"csrf_token": _first_csrf_value(layout)})  # the shell's form
    assert client.get("/").status_code == 302


def _first_csrf_value(node):
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("name") == "csrf_token":
            return props["value"]
        for value in list(node.values()):
            found = _first_csrf_value(value)
            if found:
                return found
    if isinstance(node, list):
        for item in node:
            found = _first_csrf_value(item)
            if found:
                return found
    return None


@pytest.mark.parametrize("target, expected", [
    ("/tasks?unit=vp", "/tasks?unit=vp"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("", "/"),
    (None, "/"),
])
def test_next_redirect_stays_on_this_site(target, expected):
    assert safe_next(target) == expected


def test_sign_in_follows_a_safe_next_and_ignores_an_unsafe_one(client):
    page = client.get("/login?next=//evil.example/").get_data(as_text=True)
    response = client.post("/login", data={"username": "leader", "password": "demo2026",
                                           "csrf_token": csrf_token_of(page),
                                           "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_login_attempts_are_rate_limited(demo_db_url, tmp_path):
    from .conftest import copy_demo  # a private copy: its failures must not slow other tests
    strict = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "limits.db")),
                         "LOGIN_RATE_LIMIT": "5 per minute", "LOGIN_FREE_FAILURES": 100})
    client = strict.test_client()
    statuses = [sign_in(client, "leader", "wrong-password").status_code for _ in range(7)]
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]
    # the right password does not get through while the address is blocked
    assert sign_in(client, "leader").status_code == 429


def test_a_second_app_in_the_same_process_has_its_callbacks(demo_db_url):
    other = create_app(make_config(demo_db_url))
    client = other.test_client()
    sign_in(client, "leader")
    assert post_callback(client, units_list_body()).status_code == 200


def _user(role, unit_id=None):
    return SignedInUser(1, "u", "U", role, unit_id, None)


def test_scope_of_each_role():
    assert scope_for(_user("leader")).everything
    assert scope_for(_user("viewer")).everything
    assert scope_for(_user("unit_head", 7)) == Scope(unit_ids=(7,))
    assert not scope_for(_user("unit_head", 7)).allows(8)
    assert scope_for(_user("unit_head", None)) == Scope(unit_ids=())


def test_require_refuses_with_403_whoever_the_policy_does_not_allow(app):
    from flask_login import login_user

    from dashboard.access import require
    from dashboard.domain.policy import Action

    @require(Action.ASSIGN_TASK)
    def leaders_only():
        return "ok"

    with app.test_request_context("/"):
        with pytest.raises(Exception) as refused:
            leaders_only()
        assert getattr(refused.value, "code", None) == 403
        login_user(_user("viewer"))
        with pytest.raises(Exception) as refused:
            leaders_only()
        assert getattr(refused.value, "code", None) == 403
        login_user(_user("leader"))
        assert leaders_only() == "ok"


def _try(app, address, username, password):
    client = app.test_client()
    page = client.get("/login", environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
    return client.post("/login", environ_base={"REMOTE_ADDR": address}, data={
        "username": username, "password": password, "csrf_token": csrf_token_of(page)})


def test_guesses_from_many_addresses_slow_an_account_down_but_never_lock_it(writable):
    """30 wrong passwords from 30 addresses: the official still signs in, after minutes."""
    from datetime import timedelta

    from dashboard import clock

    from .conftest import NOW
    app, _database = writable
    with clock.set_to(NOW, tick=False):  # every failure at NOW, however slow the machine is
        statuses = [_try(app, f"10.0.0.{n}", "head.tnmt", "guess").status_code for n in range(5)]
        assert statuses == [401] * 5  # the first few are free
        waiting = _try(app, "10.9.9.9", "head.tnmt", "demo2026")  # the right password, a new address
        assert waiting.status_code == 429
        assert "chờ 1 phút" in waiting.get_data(as_text=True)  # the styled page, in Vietnamese
        other = _try(app, "10.9.9.9", "head.xa-thach-dai", "demo2026")
        assert other.status_code == 302  # other accounts are not affected
    with clock.set_to(NOW + timedelta(seconds=31)):
        assert _try(app, "10.9.9.9", "head.tnmt", "demo2026").status_code == 302


def test_each_further_failure_doubles_the_wait_up_to_a_ceiling():
    from datetime import datetime, timedelta

    from dashboard.domain.sign_in import delay_after, wait_left
    assert [delay_after(n).total_seconds() for n in range(12)] == \
        [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert wait_left(6, now - timedelta(seconds=20), now) == timedelta(seconds=40)
    assert wait_left(6, now - timedelta(seconds=90), now) == timedelta(0)
    assert wait_left(6, now + timedelta(hours=3), now) == timedelta(seconds=60)  # a clock ahead
    assert wait_left(3, now, now) == timedelta(0) and wait_left(9, None, now) == timedelta(0)


def test_attempts_from_one_address_on_one_account_are_limited(demo_db_url):
    strict = create_app({**make_config(demo_db_url), "LOGIN_ACCOUNT_RATE_LIMIT": "3 per minute"})
    same = [_try(strict, "10.2.0.1", "admin", f"guess-{n}").status_code for n in range(4)]
    assert same[:3] == [401, 401, 401] and same[3] == 429
    page = _try(strict, "10.2.0.1", "admin", "guess").get_data(as_text=True)
    assert "<form" in page and "Đăng nhập" in page  # the styled page, not a bare error


def test_an_official_signing_in_again_and_again_is_not_locked_out(demo_db_url):
    """With the shipped limits, a dozen correct sign-ins in a row from one address all pass
    (a newcomer was locked out after eleven); wrong passwords still meet the limits and waits."""
    from dashboard.config import DEFAULTS
    shipped = create_app({**make_config(demo_db_url), **{name: DEFAULTS[name] for name in (
        "LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT")}})
    assert [_try(shipped, "10.4.0.1", "leader", DEMO_PASSWORD).status_code for _ in range(12)] == [302] * 12


def test_unknown_and_known_names_take_the_same_time_to_refuse(demo_db_url, tmp_path):
    """User names do not leak by timing: the same hashing work for a name that does not exist."""
    import statistics
    import time

    from .conftest import copy_demo
    app = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "timing.db")),
                      "LOGIN_FREE_FAILURES": 1000})  # every try is checked, none waits
    client = app.test_client()
    token = csrf_token_of(client.get("/login").get_data(as_text=True))

    def attempt(username):
        started = time.perf_counter()
        status = client.post("/login", data={"username": username, "password": "wrong-guess",
                                             "csrf_token": token}).status_code
        assert status == 401
        return time.perf_counter() - started

    attempt("head.tnmt"), attempt("nobody.here")  # warm both paths
    known, unknown = [], []
    for _ in range(50):  # interleaved, so the machine's noise falls on both alike
        known.append(attempt("head.tnmt"))
        unknown.append(attempt("nobody.here"))
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    assert abs(known_median - unknown_median) <= 0.10 * known_median, (known_median, unknown_median)


def test_the_wait_page_says_what_retry_after_says(demo_db_url, tmp_path):
    """A limit of 2 per 15 minutes refuses the third try for about 15 minutes: the page and the
    header agree, rather than the page promising a minute."""
    from .conftest import copy_demo
    strict = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "wait.db")),
                         "LOGIN_ACCOUNT_RATE_LIMIT": "2 per 15 minutes", "LOGIN_FREE_FAILURES": 100})
    for n in range(2):
        assert _try(strict, "10.3.0.1", "viewer", f"guess-{n}").status_code == 401
    waiting = _try(strict, "10.3.0.1", "viewer", "guess")
    assert waiting.status_code == 429
    seconds = int(waiting.headers["Retry-After"])
    assert 14 * 60 < seconds <= 15 * 60
    page = waiting.get_data(as_text=True)
    assert "chờ 15 phút" in page, re.findall(r"chờ[^<]*", page)
