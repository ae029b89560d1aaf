"""Overview callbacks against the production server (gunicorn, as the README runs it).

    python bench/overview.py --database sqlite:////path/to/province.db [--requests 200]

Starts gunicorn on 127.0.0.1, signs in as the demo leader, posts the overview's real
callback requests (this week and a past week, the weekly chart, a unit page) and prints
p50/p95 latency and throughput per request against DESIGN.md's budgets. Closed periods
are computed once on first need; the first request of each kind is reported apart.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.dash_requests import overview_body, unit_body, weekly_body  # noqa: E402


class Client:
    """One keep-alive connection with a cookie jar: what a browser tab does."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        status, data, _location = self.request_full(method, path, body, headers)
        return status, data

    def request_full(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data, response.getheader("Location")

    def sign_in(self, username: str, password: str) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        status, _ = self.request("POST", "/login", urlencode(
            {"username": username, "password": password, "csrf_token": token, "next": "/"}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"sign-in failed ({status})"
        status, _, location = self.request_full("GET", "/")
        if status == 302:  # a unit head starts on their unit's page
            status, _ = self.request("GET", location)
        assert status == 200 and "_csrf_token" in self.cookies

    def callback(self, body: dict) -> tuple[float, int]:
        payload = json.dumps(body).encode()
        started = time.perf_counter()
        status, data = self.request("POST", "/_dash-update-component", payload, {
            "Content-Type": "application/json", "X-CSRFToken": self.cookies["_csrf_token"]})
        elapsed = (time.perf_counter() - started) * 1000
        assert status == 200, (status, data[:300])
        return elapsed, len(data)


def start_server(database: str, port: int, workers: int, worker_class: str = "sync") -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": secrets.token_hex(32),
           "SESSION_COOKIE_SECURE": "0", "AUTO_MIGRATE": "0"}
    # Migrate once before the workers start, as the README says for several workers.
    subprocess.run([sys.executable, "-m", "dashboard", "migrate"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # gthread keeps connections open between a screen's polls (sync closes after each request)
    threads = ["--threads", "4", "--keep-alive", "30"] if worker_class == "gthread" else []
    server = subprocess.Popen([str(gunicorn), "-w", str(workers), "-k", worker_class, *threads,
                               "-b", f"127.0.0.1:{port}",
                               "--timeout", "300", "app:server"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/login")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client: Client, name: str, body: dict, count: int) -> None:
    first, size = client.callback(body)
    times = []
    started = time.perf_counter()
    for _ in range(count):
        elapsed, size = client.callback(body)
        times.append(elapsed)
    wall = time.perf_counter() - started
    print(f"  {name:<34} first {first:8.1f} ms | p50 {statistics.median(times):7.1f} ms  "
          f"p95 {percentile(times, 0.95):7.1f} ms | {count / wall:6.1f} req/s | {size / 1024:6.1f} KB")


def measure_uncached(client: Client, name: str, bodies: list[dict]) -> None:
    """Each request asks for a window never asked before: no cache can answer it."""
    times = [client.callback(body)[0] for body in bodies]
    print(f"  {name:<34} n={len(times):<4} | p50 {statistics.median(times):7.1f} ms  "
          f"p95 {percentile(times, 0.95):7.1f} ms  max {max(times):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--today", default=None, help="as-of day of 'this week' (YYYY-MM-DD)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--unit", default="tnmt", help="code of the unit whose page is measured")
    args = parser.parse_args()
    from datetime import date, timedelta
    today = date.fromisoformat(args.today) if args.today else date.today()
    past = today - timedelta(days=17)
    server = start_server(args.database, args.port, args.workers)
    try:
        client = Client(args.port)
        client.sign_in("leader", "demo2026")
        print(f"{args.database}: one client, {args.workers} gunicorn workers")
        days = [today - timedelta(days=n) for n in range(1, 100)]
        sundays = [day for day in days if day.weekday() == 6]
        measure_uncached(client, "overview uncached, past days", [
            overview_body(day.isoformat(), "day") for day in days[:60]])
        measure_uncached(client, "overview uncached, past weeks", [
            overview_body(day.isoformat(), "week") for day in sundays])
        print(f"  cached and warm: {args.requests} requests each")
        measure(client, "overview, this week", overview_body(today.isoformat()), args.requests)
        measure(client, "overview, a past week", overview_body(past.isoformat()), args.requests)
        measure(client, "overview, a past month", overview_body(past.isoformat(), "month"), args.requests)
        measure(client, "weekly chart, all units", weekly_body(today.isoformat()), args.requests)
        measure(client, f"unit page ({args.unit}), this week", unit_body(args.unit, today.isoformat()),
                args.requests)
        print("  budgets (DESIGN.md): overview uncached p50 <= 20 ms, p95 <= 40 ms; "
              "cached p50 <= 10 ms, p95 <= 20 ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
