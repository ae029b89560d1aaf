"""The production server for tests and benchmarks: gunicorn with the repository's
gunicorn.conf.py on 127.0.0.1, and an HTTP client that behaves like one browser tab."""
from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from dashboard import clock

from .servers import free_port

ROOT = Path(__file__).resolve().parent.parent


class Gunicorn:
    """``gunicorn app:server`` as the README runs it, on its own port and database."""

    def __init__(self, database_url: str, workers: int = 2, log: Path | None = None,
                 extra_env: dict | None = None, args: tuple[str, ...] = (),
                 start_timeout: float = 60) -> None:
        self.port = free_port()
        # The server keeps this process's clock (the tests set it to the demo's moment).
        self.env = {**os.environ, "CLOCK_OFFSET_SECONDS": str(clock.offset_seconds()),
                    "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(32),
                    "PUBLIC_BASE_URL": "http://127.0.0.1:8050",
                    "SESSION_COOKIE_SECURE": "0", "BIND": f"127.0.0.1:{self.port}",
                    "WEB_CONCURRENCY": str(workers), **(extra_env or {})}
        self.args, self.start_timeout = args, start_timeout
        self.log_path = log or Path(tempfile.mkdtemp(prefix="tsd-gunicorn-")) / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Gunicorn:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with open(self.log_path, "ab") as output:  # the child keeps its own descriptor
            self.process = subprocess.Popen([str(gunicorn), *self.args, "app:server"], cwd=ROOT,
                                            env=self.env, stdout=output, stderr=output)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if Client(self.port, timeout=2).request("GET", "/healthz")[0] == 200 \
                        and len(self.worker_pids()) == int(self.env["WEB_CONCURRENCY"]):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not answer in time")

    def log_tail(self, characters: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-characters:]

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 40) -> int:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


class Response:
    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status_code, self.data, self.headers = status, body, headers

    def get_json(self):
        return json.loads(self.data)


class Client:
    """One keep-alive connection with a cookie jar: what a browser tab does."""

    def __init__(self, port: int, timeout: float = 120) -> None:
        self.port, self.timeout = port, timeout
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        response = self.send(method, path, body, headers)
        return response.status_code, response.data

    def send(self, method: str, path: str, body: bytes | None = None, headers=None) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a fresh connection for the next request, as browsers do
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return Response(response.status, data, {k.lower(): v for k, v in response.getheaders()})

    def get(self, path: str) -> Response:
        """The shape of Flask's test client, so tests.dash_requests builds bodies for both."""
        return self.send("GET", path)

    def sign_in(self, username: str, password: str) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        response = self.send("POST", "/login", urlencode(
            {"username": username, "password": password, "csrf_token": token, "next": "/"}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status_code == 302, f"sign-in failed ({response.status_code})"
        response = self.send("GET", "/")
        if response.status_code == 302:  # a unit head starts on their unit's page
            response = self.send("GET", response.headers["location"])
        assert response.status_code == 200 and "_csrf_token" in self.cookies

    def callback(self, body: dict) -> Response:
        return self.send("POST", "/_dash-update-component", json.dumps(body).encode(), {
            "Content-Type": "application/json", "X-CSRFToken": self.cookies["_csrf_token"]})

    def rate(self, point_code: str, score: int, case: str = "") -> Response:
        """A citizen's phone: loads the form, then sends one rating (a new device each time)."""
        self.cookies.clear()
        form = self.send("GET", f"/f/{point_code}?lang=en")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', form.data)
        if token is None:
            return form  # the form itself could not be shown (a 503 page, say)
        return self.send("POST", f"/f/{point_code}?lang=en", urlencode(
            {"csrf_token": token.group(1).decode(), "score": str(score), "case": case}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
