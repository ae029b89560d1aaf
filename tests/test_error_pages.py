"""Every error a person can meet in a browser is a page in their language, styled like the rest,
saying what happened and giving a way back; Dash's routes and machines keep their answers."""
import re

import pytest

from dashboard.web import create_app

from .conftest import csrf_token_of, make_config, sign_in
from .dash_requests import post_callback, weekly_body

WORDS = {  # (title, a way back) in each language
    "vi": {"page": "Không tìm thấy trang", "task": "Không tìm thấy nhiệm vụ", "unit": "Không tìm thấy đơn vị",
           "forbidden": "Bạn không được mở nội dung này", "expired": "Trang đã hết hạn",
           "unusable": "Không xử lý được yêu cầu", "wait": "Vui lòng chờ một chút",
           "broken": "Đã xảy ra lỗi", "home": "Về trang đầu"},
    "en": {"page": "Page not found", "task": "Task not found", "unit": "Unit not found",
           "forbidden": "You may not open this", "expired": "The page expired",
           "unusable": "The request could not be used", "wait": "Please wait a little",
           "broken": "Something went wrong", "home": "Back to the start page"},
}


def _title(response) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)
    return found.group(1).strip() if found else ""


def assert_error_page(response, status, language, title):
    """A styled page (the site's own styles), in ``language``, with a link to the start page."""
    html = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html"
    assert f'<html lang="{language}">' in html and "/assets/vendor/bootstrap.min.css" in html
    assert _title(response) == WORDS[language][title]
    assert f'href="/">{WORDS[language]["home"]}</a>' in html
    assert "Werkzeug" not in html and "The requested URL" not in html


def _client(app, language, username="leader"):
    client = app.test_client()
    client.set_cookie("lang", language)
    if username:
        sign_in(client, username)
    return client


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("path, title, onward", [
    ("/no-such-page", "page", None),
    ("/tasks/999999", "task", "/tasks"),
    ("/tasks/12abc", "task", "/tasks"),
    ("/units/nope", "unit", "/units"),
    ("/posters/nope.pdf", "page", None),
])
def test_an_unknown_address_is_a_404_page_with_a_way_back(app, language, path, title, onward):
    response = _client(app, language).get(path)
    assert_error_page(response, 404, language, title)
    if onward:
        assert f'href="{onward}"' in response.get_data(as_text=True)


def test_the_browsers_language_chooses_when_nothing_was_switched(app):
    client = app.test_client()
    sign_in(client, "leader")
    assert_error_page(client.get("/nope", headers={"Accept-Language": "en-GB,en;q=0.9"}), 404, "en", "page")
    client.get("/lang/vi?next=/")  # the switch wins over the browser
    assert_error_page(client.get("/nope", headers={"Accept-Language": "en-GB,en;q=0.9"}), 404, "vi", "page")


@pytest.mark.parametrize("path", ["/", "/tasks", "/tasks/", "/tasks/5", "/units", "/units/xa-thach-dai",
                                  "/satisfaction", "/404"])
def test_known_pages_are_still_the_app(app, path):
    response = _client(app, "vi").get(path)
    assert response.status_code == 200 and 'id="react-entry-point"' in response.get_data(as_text=True)


def test_a_unit_head_learns_nothing_of_other_codes_from_the_answer(app):
    head = _client(app, "vi", "head.xa-thach-dai")
    unknown, other = head.get("/units/nope"), head.get("/units/tnmt")
    assert unknown.status_code == other.status_code == 200  # the same refusal, drawn in the page
    assert_error_page(head.get("/posters/unit/tnmt.pdf"), 403, "vi", "forbidden")


def test_anonymous_visitors_are_still_sent_to_sign_in(app):
    response = app.test_client().get("/no-such-page")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_stale_form_and_a_wrong_method_are_pages(app, language):
    client = _client(app, language)
    assert_error_page(client.post("/logout"), 400, language, "expired")  # no CSRF token
    assert_error_page(client.delete("/tasks"), 405, language, "unusable")


def test_dash_routes_and_assets_keep_their_answers(app):
    client = _client(app, "en")
    missing = client.get("/assets/no-such-file.js")
    assert missing.status_code == 404 and WORDS["en"]["page"] not in missing.get_data(as_text=True)
    body = weekly_body("2026-11-26")
    no_token = client.post("/_dash-update-component", json=body)  # no CSRF header
    assert no_token.status_code == 400 and "<html" not in no_token.get_data(as_text=True)
    viewer = _client(app, "en", "head.xa-thach-dai")
    refused = post_callback(viewer, body)  # a unit head may not see the district's chart
    assert refused.status_code == 403 and refused.get_json()["message"]


@pytest.fixture
def fragile(demo_db_url):
    """An app that reports its faults as a server would (not to the test), with a route that fails
    and one low limit outside the sign-in page."""
    from dashboard.extensions import limiter
    app = create_app(make_config(demo_db_url))
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom():
        raise RuntimeError("a fault of ours")
    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/_dash-boom", "dash_boom", boom)
    app.add_url_rule("/limited", "limited", limiter.limit("1 per minute")(lambda: "fine"))
    yield app
    app.extensions["database"].dispose()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_fault_and_a_limit_are_pages_with_a_way_back(fragile, language):
    client = _client(fragile, language)
    broken = client.get("/boom")
    assert_error_page(broken, 500, language, "broken")
    assert "a fault of ours" not in broken.get_data(as_text=True)
    assert WORDS[language]["broken"] not in client.get("/_dash-boom").get_data(as_text=True)
    assert client.get("/limited").status_code == 200
    waiting = client.get("/limited")
    assert_error_page(waiting, 429, language, "wait")
    assert int(waiting.headers["Retry-After"]) > 0


@pytest.mark.parametrize("language, words", [("vi", "Vui lòng chờ"), ("en", "Please wait")])
def test_the_sign_in_lockout_is_the_styled_sign_in_page(demo_db_url, tmp_path, language, words):
    from .conftest import copy_demo
    strict = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "limits.db")),
                         "LOGIN_RATE_LIMIT": "2 per minute", "LOGIN_FREE_FAILURES": 100})
    client = strict.test_client()
    client.set_cookie("lang", language)
    for _ in range(2):
        sign_in(client, "leader", "wrong-password")
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    waiting = client.post("/login", data={"username": "leader", "password": "x", "csrf_token": token})
    html = waiting.get_data(as_text=True)
    assert waiting.status_code == 429 and f'<html lang="{language}">' in html
    assert words in html and "/assets/vendor/bootstrap.min.css" in html and "Too Many Requests" not in html
    strict.extensions["database"].dispose()
