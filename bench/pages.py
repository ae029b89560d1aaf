"""What a browser asks of every signed-in page, side by side with a floor measured in the same run.

    python bench/pages.py --database sqlite:////path/to/province.db [--rounds 3] [--requests 15]
                          [--ratings-per-second 5]

Runs the production server (gunicorn, gunicorn.conf.py) and signs in as the demo leader. Each
round measures, in turn: the floor (a trivial callback of the same server: it loads the user
and answers one boolean); the overview uncached for the landing view (this week as of today,
in the app's time zone), a past day, a mid-week day, a mid-month day and whole past weeks and
months, each a first look (the figure cache is emptied before every request); the overview
cached; the busiest unit's page; the task register as it opens and searching; the satisfaction page;
the layout each of the four pages is opened with (the page's first answers in it, uncached: the
time before a browser can draw the page's figures, no budget of its own). Before the
rounds: start-up, from launching gunicorn to its answer to a first callback (signing in, which a
browser already signed in does not redo, set aside). Requests
carry a browser's Accept-Encoding. Prints p50/p95 over all rounds, the p50's ratio to the
floor's, the answer's size and docs/DESIGN.md's budget. Exits non-zero when a named unit does not
exist at the scale measured. With ``--ratings-per-second``, citizens rate the counters at that
pace all the while, as they do all day (it writes: give it a copy); SQLite empties every
connection's page cache at each write, so a database nobody writes to flatters what reads many
pages.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from common import FLOOR_BODY, Client, Figures, default_workers, percentile, server, settled
from ratings import UNLIMITED, active_points, paced_phones
from sqlalchemy import func, select

from dashboard import clock
from db.engine import Database
from db.models import Task, Unit
from layouts import ids
from tests.dash_requests import overview_body, ranking_block_body, registered_body, unit_body

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
UNCACHED, CACHED, PAGE = "p50 <= 20 / p95 <= 40 ms", "p50 <= 5 ms", "p50 <= 30 ms"
START_UP = "<= 1.5 s"


def busiest_unit(url: str, wanted: str | None) -> str:
    database = Database(url)
    with database.session() as s:
        if wanted:
            if s.scalar(select(Unit.id).where(Unit.code == wanted)) is None:
                sys.exit(f"no unit {wanted!r} in {url}: name one that exists at this scale")
            return wanted
        code = s.execute(select(Unit.code).join(Task, Task.lead_unit_id == Unit.id)
                         .group_by(Unit.code).order_by(func.count().desc()).limit(1)).scalar_one()
    database.dispose()
    return code


def empty(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink(missing_ok=True)


def timed(client: Client, body: dict) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.send("POST", "/_dash-update-component", json.dumps(body).encode(), {
        "Content-Type": "application/json", "X-CSRFToken": client.cookies["_csrf_token"], **BROWSER})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (response.status_code, response.data[:300])
    return elapsed, len(response.data)


def opened(client: Client, path: str) -> tuple[float, int]:
    """The layout of the page at ``path`` as the browser asks for it when opening the page: with
    the page's first answers in it (callbacks/first_answers.py)."""
    started = time.perf_counter()
    response = client.send("GET", "/_dash-layout", None,
                           {"Referer": f"http://127.0.0.1:{client.port}{path}", **BROWSER})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (response.status_code, response.data[:300])
    return elapsed, len(response.data)


def the_bodies(client: Client, today: date, unit: str) -> dict[str, dict]:
    month_ago = today.replace(day=1) - timedelta(days=1)  # the last day of last month
    mid_month = month_ago.replace(day=14)
    wednesday = today - timedelta(days=today.weekday() + 12)  # a Wednesday two weeks back
    sunday = today - timedelta(days=today.weekday() + 1)  # last Sunday
    dependencies = client.get("/_dash-dependencies").get_json()
    return {
        "overview, landing (this week to date)": overview_body(today.isoformat(), "week"),
        "overview, a past day": overview_body((today - timedelta(days=3)).isoformat(), "day"),
        "overview, mid-week (week to date)": overview_body(wednesday.isoformat(), "week"),
        "overview, mid-month (month to date)": overview_body(mid_month.isoformat(), "month"),
        "overview, last whole week": overview_body(sunday.isoformat(), "week"),
        "overview, last whole month": overview_body(month_ago.isoformat(), "month"),
        f"unit page ({unit}), this week": unit_body(unit, today.isoformat()),
        "task register, landing (most urgent first)": registered_body(client, ids.REGISTER_SEARCH, {
            f"{ids.REGISTER_SEARCH}.value": ""}, dependencies),
        "task register, searching": registered_body(client, ids.REGISTER_SEARCH, {
            f"{ids.REGISTER_SEARCH}.value": "kế hoạch"}, dependencies),
        "satisfaction page, this month": registered_body(client, ids.SAT_AS_OF, {
            f"{ids.SAT_AS_OF}.date": today.isoformat(), f"{ids.SAT_PERIOD}.value": "month",
            f"{ids.SAT_REFRESH}.data": 0}, dependencies, output=ids.SAT_SUMMARY),
    }


def run(url: str, rounds: int = 3, requests: int = 15, unit: str | None = None,
        workers: int | None = None, ratings_per_second: float = 0) -> Figures:
    unit = busiest_unit(url, unit)
    codes = active_points(url) if ratings_per_second else []
    today = clock.today()  # the app's time zone (TIMEZONE, default Asia/Ho_Chi_Minh)
    figures = Figures("pages")
    cache_dir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    stop, rated = threading.Event(), []
    phones = None
    try:
        launched = time.perf_counter()
        env = {"CACHE_DIR": str(cache_dir), "REDIS_URL": "", **(UNLIMITED if ratings_per_second else {})}
        with server(url, workers, extra_env=env) as gunicorn:
            ready = time.perf_counter() - launched
            client = Client(gunicorn.port)
            client.sign_in("leader", "demo2026")
            start_up = ready + timed(client, FLOOR_BODY)[0] / 1000
            settled(gunicorn.process.pid)  # not measured against start-up's own work
            client.connection.close()  # the server closed it meanwhile; the next request reconnects
            bodies = the_bodies(client, today, unit)
            if ratings_per_second:
                phones = threading.Thread(target=paced_phones,
                                          args=(gunicorn.port, codes, ratings_per_second, stop, rated))
                phones.start()
            try:
                for _round in range(rounds):
                    times.setdefault("floor (a trivial callback)", []).extend(
                        timed(client, FLOOR_BODY)[0] for _ in range(requests))
                    for name, body in bodies.items():
                        for _ in range(requests):
                            empty(cache_dir)  # every look a first look
                            elapsed, size = timed(client, body)
                            times.setdefault(name, []).append(elapsed)
                            sizes[name] = size
                    for path in ("/", "/tasks", f"/units/{unit}", "/satisfaction"):
                        name = f"opening {path}, first answers in"
                        for _ in range(requests):
                            empty(cache_dir)
                            elapsed, size = opened(client, path)
                            times.setdefault(name, []).append(elapsed)
                            sizes[name] = size
                    landing = bodies["overview, landing (this week to date)"]
                    timed(client, landing)
                    times.setdefault("overview, landing, cached", []).extend(
                        timed(client, landing)[0] for _ in range(requests))
                    sizes["overview, landing, cached"] = sizes["overview, landing (this week to date)"]
                    # What the table asks next, naming the rows of the overview it was drawn with.
                    drawn = json.loads(client.callback(landing).data)["response"]
                    block = ranking_block_body(today.isoformat(), "week", end_row=20,
                                               source=drawn[ids.OVERVIEW_RANKING_SOURCE]["data"])
                    times.setdefault("overview, the ranking table's first page", []).extend(
                        timed(client, block)[0] for _ in range(requests))
                    sizes["overview, the ranking table's first page"] = timed(client, block)[1]
            finally:  # the phones stop before the server does
                stop.set()
                if phones is not None:
                    phones.join()
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    figures.add("start-up (launch to a first callback)", f"{start_up:.2f} s", START_UP)
    floor = statistics.median(times["floor (a trivial callback)"])
    for name, values in times.items():
        p50 = statistics.median(values)
        budget = (CACHED if "cached" in name else UNCACHED if name.startswith("overview")
                  else PAGE if not name.startswith(("floor", "opening")) else "")
        size = f", {sizes[name] / 1024:.0f} KB" if name in sizes else ""
        figures.add(name, f"p50 {p50:.1f} / p95 {percentile(values, 0.95):.1f} ms, "
                          f"{p50 / floor:.1f}x floor{size}", budget)
    if ratings_per_second:
        stored = sum(1 for _ms, status in rated if status == 303)
        figures.add("ratings stored while measuring", f"{stored} of {len(rated)} sent",
                    f"{ratings_per_second:g} /s asked")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=15, help="per figure and round")
    parser.add_argument("--unit", help="the unit page's code (default: the unit with the most tasks)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--ratings-per-second", type=float, default=0,
                        help="citizens rate at this pace while the pages are measured (writes: give it a copy)")
    args = parser.parse_args()
    if args.ratings_per_second < 0:
        parser.error("--ratings-per-second cannot be negative")
    print(f"{args.database}: one client, {args.workers or default_workers()} gunicorn workers, "
          f"{args.rounds} rounds of {args.requests}"
          + (f", {args.ratings_per_second:g} ratings per second meanwhile" if args.ratings_per_second else ""))
    run(args.database, args.rounds, args.requests, args.unit, args.workers, args.ratings_per_second)


if __name__ == "__main__":
    main()
