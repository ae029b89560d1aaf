"""No 500 from any input: every callback of both Dash apps gets malformed bodies and values of
every wrong kind (hypothesis), signed in with the widest rights; nothing answers 5xx, and bodies
that are not callback requests change nothing in the database."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.models import AuditEvent, Rating, TaskNote, TaskUpdate
from db.rollups_models import RatingRejection

from .conftest import sign_in

ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from([
    "\x00", "a\x00b", "\r\nSet-Cookie: x=1", "Ð̵̡̛̗" * 30, "\u202eevil", "\ufeff", "x" * 5000,
    "0001-01-01", "9999-12-31", "2026-02-30", "²", "٣", "-1", "1e309", "NaN", "{}", "[]"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | ODD_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(ODD_TEXT, children, max_size=3),
    max_leaves=6)


def _dependency(text: str) -> dict:
    ident, _, prop = text.rpartition(".")
    return {"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop}


def _parts(output: str) -> list[str]:
    return output.strip(".").split("...") if output.startswith("..") else [output]


def _is_wildcard(dependency: dict) -> bool:
    return isinstance(dependency["id"], dict)


def callback_request(output: str, spec: dict, values: list) -> dict:
    outputs = [_dependency(part) for part in _parts(output)]
    dependencies = list(spec["inputs"]) + list(spec.get("state", []))
    filled = []
    for dependency, value in zip(dependencies, values + [None] * len(dependencies)):
        filled.append([] if _is_wildcard(dependency) else {**dependency, "value": value})
    inputs, state = filled[:len(spec["inputs"])], filled[len(spec["inputs"]):]
    first = next((d for d in spec["inputs"] if not _is_wildcard(d)), None)
    return {"output": output, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs, "state": state,
            "changedPropIds": [f"{first['id']}.{first['property']}"] if first else []}


def _signed_in(app, username):
    client = app.test_client()
    sign_in(client, username)
    client.get("/", follow_redirects=True)
    return client, {"X-CSRFToken": client.get_cookie("_csrf_token").value}


def _callbacks(app):
    app.test_client().get("/login")  # Dash completes its callback maps on the first request
    for dash_app, prefix in ((app.extensions["dash"], "/"), (app.extensions["display_dash"], "/display/")):
        for output, spec in dash_app.callback_map.items():
            yield prefix + "_dash-update-component", output, spec


@pytest.fixture(scope="module")
def fuzz_app(demo_db_url, tmp_path_factory):
    from dashboard.web import create_app

    from .conftest import copy_demo, make_config
    url = copy_demo(demo_db_url, tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    app = create_app({**make_config(url), "TESTING": False})  # errors answer as they would live
    yield app
    app.extensions["database"].dispose()


def test_every_callback_answers_odd_values_without_a_server_error(fuzz_app):
    clients = [_signed_in(fuzz_app, name) for name in ("leader", "admin", "head.tnmt")]
    failures = []
    for path, output, spec in _callbacks(fuzz_app):
        count = len(spec["inputs"]) + len(spec.get("state", []))

        @settings(max_examples=8, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.lists(VALUES, min_size=count, max_size=count), st.integers(0, 2))
        def one(values, who):  # run at once below, so the loop's variables are this iteration's
            client, headers = clients[who]
            body = json.dumps(callback_request(output, spec, values))  # noqa: B023
            response = client.post(path, data=body,  # noqa: B023
                                   headers={**headers, "Content-Type": "application/json"})
            if response.status_code >= 500:
                failures.append((output, body[:300], response.status_code))  # noqa: B023
        one()
    assert failures == [], failures[:5]


def _row_counts(app) -> tuple:
    with app.extensions["database"].session() as s:
        return tuple(s.scalar(select(func.count()).select_from(model))
                     for model in (TaskUpdate, TaskNote, Rating, RatingRejection, AuditEvent))


MALFORMED = [b"", b"{", b"[]", b"null", b"17", b'"text"', b"{}", b'{"output": 5}',
             b'{"output": "overview-headline.children", "inputs": "x"}',
             json.dumps({"output": "task-message.children", "outputs": {}, "inputs": [1, 2]}).encode(),
             json.dumps({"output": "nope.children", "outputs": {"id": "nope", "property": "children"},
                         "inputs": [], "changedPropIds": []}).encode(),
             b'{"output": "\\u0000", "inputs": []}', "{\"output\": \"é\xff\"}".encode("latin-1")]


@pytest.mark.parametrize("body", MALFORMED)
@pytest.mark.parametrize("path", ["/_dash-update-component", "/display/_dash-update-component"])
def test_bodies_that_are_not_callback_requests_get_400_and_change_nothing(fuzz_app, body, path):
    client, headers = _signed_in(fuzz_app, "leader")
    before = _row_counts(fuzz_app)
    response = client.post(path, data=body, headers={**headers, "Content-Type": "application/json"})
    assert response.status_code in (400, 404)  # 404: no such callback here
    assert _row_counts(fuzz_app) == before


@pytest.mark.parametrize("path", [
    "/_dash-component-suites/nope/x.js", "/_dash-component-suites/dash/../../etc/passwd",
    "/_dash-component-suites/dash/nope.v1.js", "/f/%00", "/tasks/%00", "/units/x%00y",
    "/login?next=/%0d%0aSet-Cookie:x=1", "/lang/en?next=%0d%0a", "/posters/%00.png?size=%00",
    "/display/%00", "/f/xa-thach-dai-1?case=%00&lang=%00", "/" + "a" * 5000])
def test_odd_addresses_get_a_4xx_or_a_page_never_a_500(fuzz_app, path):
    client, _headers = _signed_in(fuzz_app, "leader")
    assert client.get(path).status_code < 500


@pytest.mark.parametrize("fields", [
    {"score": "²"}, {"score": "٣"}, {"score": "5", "comment": "a\x00b"}, {"score": "5", "case": "\x00"},
    {"score": "5", "dim_staff": "10" * 50}, {"score": "5", "reasons": "\x00"},
    {"score": "5", "comment": "x" * 100_000}])
def test_the_citizen_form_refuses_odd_fields_with_a_page_never_a_500(fuzz_app, fields):
    import re
    client = fuzz_app.test_client()
    page = client.get("/f/xa-thach-dai-1").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    before = _row_counts(fuzz_app)[2]
    response = client.post("/f/xa-thach-dai-1", data={"csrf_token": token, **fields})
    assert 400 <= response.status_code < 500 and "<html" in response.get_data(as_text=True)
    assert _row_counts(fuzz_app)[2] == before  # no rating stored


@pytest.mark.parametrize("fields", [{"username": "leader\x00", "password": "x"},
                                    {"username": "leader", "password": "\x00"},
                                    {"username": "a" * 10_000, "password": "x"}])
def test_sign_in_refuses_odd_fields_without_a_server_error(fuzz_app, fields):
    from .conftest import csrf_token_of
    client = fuzz_app.test_client()
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    assert 400 <= client.post("/login", data={**fields, "csrf_token": token}).status_code < 500
