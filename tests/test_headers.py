"""Security headers on every answer: no framing, no sniffing, no inline script but Dash's own."""
import base64
import hashlib
import re

import pytest

from .conftest import sign_in


def _csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/login", "/f/xa-thach-dai-1", "/healthz", "/display/not-a-secret",
                                  "/assets/vendor/bootstrap.min.css", "/no-such-page"])
def test_every_answer_refuses_framing_and_sniffing(client, path):
    response = client.get(path)
    csp = _csp(response)
    assert csp["frame-ancestors"] == ["'none'"] and response.headers["X-Frame-Options"] == "DENY"
    assert csp["script-src"][0] == "'self'" and "'unsafe-inline'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Server" not in response.headers


@pytest.mark.parametrize("path, policy", [("/login", "strict-origin-when-cross-origin"),
                                          ("/f/xa-thach-dai-1", "no-referrer"),
                                          ("/display/not-a-secret", "no-referrer")])
def test_secret_and_citizen_addresses_never_leave_in_the_referrer(client, path, policy):
    assert client.get(path).headers["Referrer-Policy"] == policy


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://giamsat.example")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


def test_the_only_inline_scripts_are_dashs_own_and_hashed(client):
    sign_in(client, "leader")
    page = client.get("/")
    assert page.status_code == 200
    allowed = set(_csp(page)["script-src"])
    html = re.sub(r"<!--.*?-->", "", page.get_data(as_text=True), flags=re.S)  # comments never run
    inline = [body for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
              if "src=" not in attributes and "application/json" not in attributes]
    assert inline, "Dash's renderer starts from an inline script"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_static_files_cached_for_everyone_never_carry_a_session(client):
    """A year-long public cache must not keep someone's session: static answers set no cookie
    and do not vary by cookie, for a signed-in person too, even when their session is due a
    refresh (a minute after the last request)."""
    from datetime import timedelta

    from dashboard import clock
    sign_in(client, "leader")
    page = client.get("/")
    script = re.search(r'src="(/_dash-component-suites/[^"]+\.js[^"]*)"', page.get_data(as_text=True)).group(1)
    with clock.set_to(clock.now() + timedelta(minutes=5)):
        for path in ("/assets/app.css?m=1", script):
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert "Set-Cookie" not in answer.headers, path
            assert "cookie" not in answer.headers.get("Vary", "").lower(), path
    assert client.get("/tasks").status_code == 200  # the session itself goes on
