"""Citizen rating submissions against the production server (gunicorn).

    python bench/ratings.py --database sqlite:////path/to/copy.db [--seconds 20]

Each simulated phone opens the form (new device, new session), taps a score and sends it;
1 and then 8 clients run for a bounded time on 127.0.0.1. Prints the submit's p50/p95 and
ratings per second against docs/DESIGN.md (p50 <= 2 ms, p95 <= 5 ms, >= 500/s with 8 clients),
and the form page's size (<= 30 KB). Then one phone rates while a leader asks, without a pause,
for the overview of one past month after another (each a first look, computed in the request):
every rating must still be stored within 50 ms. It writes: give it a copy.
"""
from __future__ import annotations

import argparse
import re
import threading
import time
from datetime import timedelta
from urllib.parse import urlencode

from common import Client, Figures, default_workers, floor_ms, p50_p95, server, settled
from sqlalchemy import select

from dashboard import clock
from dashboard.domain.rules import DIMENSIONS
from db.engine import Database
from db.models import FeedbackPoint
from tests.dash_requests import overview_body


def rate_once(client: Client, code: str, n: int) -> tuple[float, int]:
    """A new phone opens the form of point ``code``, taps a score and sends it: (ms, status)."""
    client.cookies.clear()  # a new phone: new device id, new session
    _status, page = client.request("GET", f"/f/{code}")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
    # A score and the five dimensions, as a citizen who answers them all sends them.
    body = urlencode({"csrf_token": token, "score": str(1 + n % 5), "case": "",
                      **{f"dim_{d}": str(1 + (n * (i + 2)) % 5) for i, d in enumerate(DIMENSIONS)}}).encode()
    started = time.perf_counter()
    status, _ = client.request("POST", f"/f/{code}", body, {"Content-Type": "application/x-www-form-urlencoded"})
    return (time.perf_counter() - started) * 1000, status


def phone_loop(port: int, codes: list[str], deadline: float, results: list, offset: int) -> None:
    client = Client(port)
    n = offset
    while time.monotonic() < deadline:
        results.append(rate_once(client, codes[n % len(codes)], n))
        n += 1


def paced_phones(port: int, codes: list[str], per_second: float, stop: threading.Event, results: list) -> None:
    """Ratings sent at ``per_second`` until ``stop``: the writes a province's counters make all
    day, while something else is measured (SQLite empties every connection's page cache at
    each write, so a page measured on a database nobody writes to looks faster than it is)."""
    client, n, due = Client(port), 0, time.monotonic()
    while not stop.is_set():
        try:
            results.append(rate_once(client, codes[n % len(codes)], n))
        except Exception:  # noqa: BLE001 - counted as not stored: the figures say so, the run goes on
            results.append((0.0, 0))
        n += 1
        due = max(due + 1 / per_second, time.monotonic())  # after a slow one, no burst to catch up
        stop.wait(max(0.0, due - time.monotonic()))


# One address stands for many phones here.
UNLIMITED = {"RATING_RATE_LIMIT": "1000000 per hour", "RATINGS_PER_ADDRESS_HOUR": "1000000"}


def active_points(url: str) -> list[str]:
    database = Database(url)
    with database.session() as s:
        codes = list(s.scalars(select(FeedbackPoint.code).where(FeedbackPoint.active.is_(True))))
    database.dispose()
    if not codes:
        raise SystemExit(f"no active feedback point in {url}")
    return codes


def phones(port: int, codes: list[str], clients: int, seconds: float) -> tuple[list[float], float]:
    """Submit times of the stored ratings, and ratings stored per second."""
    results: list = []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=phone_loop, args=(port, codes, deadline, results, i * 7))
               for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [ms for ms, status in results if status == 303]
    return stored, len(stored) / (time.perf_counter() - started)


def leader_loop(port: int, stop: threading.Event, looks: list) -> None:
    """The overview of the month to date of a different past day each time: never in the
    figure cache."""
    client = Client(port)
    client.sign_in("leader", "demo2026")
    n = 0
    while not stop.is_set():
        n += 1
        answer = client.callback(overview_body((clock.today() - timedelta(days=n)).isoformat(), "month"))
        looks.append(answer.status_code)


def during_pages(port: int, codes: list[str], seconds: float) -> tuple[list[float], int]:
    """Submit times of one phone while overviews are computed, and how many were computed."""
    stop, looks = threading.Event(), []
    leader = threading.Thread(target=leader_loop, args=(port, stop, looks))
    leader.start()
    time.sleep(0.5)  # the first overview is on its way
    try:
        times, _rate = phones(port, codes, 1, seconds)
    finally:
        stop.set()
        leader.join()
    assert looks and set(looks) == {200}, f"the overviews failed: {sorted(set(looks))}"
    return times, len(looks)


def run(url: str, seconds: float = 15, workers: int | None = None) -> Figures:
    figures = Figures("ratings")
    codes = active_points(url)
    with server(url, workers, extra_env=UNLIMITED) as gunicorn:
        settled(gunicorn.process.pid)
        floor = floor_ms(gunicorn.port)
        figures.add("floor (a trivial callback)", f"p50 {floor:.1f} ms: {1000 / floor:.0f} /s from one client")
        page = Client(gunicorn.port).request("GET", f"/f/{codes[0]}")[1]
        figures.add("rating form page", f"{len(page) / 1024:.1f} KB, script: {b'<script' in page}",
                    "<= 30 KB, no script")
        for clients in (1, 8):
            times, rate = phones(gunicorn.port, codes, clients, seconds)
            figures.add(f"rating submit, {clients} client(s)", p50_p95(times, floor=floor),
                        "p50 <= 2 / p95 <= 5 ms")
            figures.add(f"ratings stored per second, {clients} client(s)",
                        f"{rate:.0f} /s, {rate * floor / 1000:.2f}x the floor's rate from one client "
                        "(each phone loads the form too)",
                        ">= 500 /s with 8" if clients == 8 else "")
        times, looks = during_pages(gunicorn.port, codes, seconds)
        figures.add(f"rating submit while {looks} overviews are computed",
                    f"{p50_p95(times, floor=floor)}, max {max(times):.1f} ms", "stored within 50 ms")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: 2 with REDIS_URL, else 1 on threads)")
    args = parser.parse_args()
    print(f"{args.database}: {args.workers or default_workers()} gunicorn workers")
    run(args.database, args.seconds, args.workers)


if __name__ == "__main__":
    main()
