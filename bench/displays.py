"""Meeting-room screens against the production server (gunicorn, as the README runs it).

    python bench/displays.py --database sqlite:////path/to/copy.db [--screens 100] [--seconds 60]

1. Quiet: ``--screens`` simulated screens (one keep-alive connection each, like a TV) poll the
   probe every ``--interval`` seconds, spread over the interval, for ``--seconds``. Prints probe
   latency, bytes per poll (headers and body) and the server's CPU use against docs/DESIGN.md's
   budget (p95 <= 2 ms, <= 100 bytes, 100 screens at 10 s < 1 % of a core), beside a floor: as
   many polls again with a key that is no link, answered 404 before any database read.
2. After a change: an overdue task is marked done, then every screen probes, learns of it and asks for
   its refresh. The first refresh computes the figures; the others find them in the shared cache.
   Prints their latency and size as transferred (budget <= 5 KB, p95 <= 30 ms).

3. With ``--ratings-per-second``: the quiet phase again while citizens rate the counters at that
   pace, as they do all day; a screen told of a change asks for its refresh, as a TV does. Prints
   how many polls found a change (ratings count in the figures a minute at a time, so at most
   about one per screen and minute) and the server's CPU, the ratings' own work included.

It writes (one display, a few task updates, the ratings): give it a copy.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import json
import random
import statistics
import threading
import time
from zoneinfo import ZoneInfo

from common import Client, Figures, floor_ms, p50_p95, server, server_cpu_seconds, settled  # noqa: E402
from ratings import UNLIMITED, active_points, paced_phones  # noqa: E402
from sqlalchemy import select

from dashboard import clock  # noqa: E402
from dashboard.cache import clear_everywhere  # noqa: E402
from dashboard.domain.displays import SLIDES, DisplaySettings  # noqa: E402
from db import displays  # noqa: E402
from db.engine import Database  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Task  # noqa: E402
from db.tasks import record_update  # noqa: E402
from layouts import ids  # noqa: E402


class Screen(Client):
    def __init__(self, port: int, secret: str) -> None:
        super().__init__(port)
        self.secret = secret
        self.known = ""
        self.shown = None

    def probe(self) -> tuple[float, int, int, int]:
        """(ms, status, header bytes, body bytes) of one probe."""
        started = time.perf_counter()
        try:
            response, body = self._get(f"/display/_probe?known={self.known}")
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle
            self.connection.close()                                 # connection: a browser retries
            started = time.perf_counter()
            response, body = self._get(f"/display/_probe?known={self.known}")
        elapsed = (time.perf_counter() - started) * 1000
        header_bytes = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + sum(
            len(name) + len(value) + 4 for name, value in response.getheaders()) + 2
        if response.status == 200:
            state = json.loads(body)
            self.known = f"{state['server']}.{state['config']}.{state['data']}"
        return elapsed, response.status, header_bytes, len(body)

    def _get(self, path: str):
        self.connection.request("GET", path, headers={"X-Display-Key": self.secret})
        response = self.connection.getresponse()
        return response, response.read()

    def refresh(self, spec: str) -> tuple[float, int, int]:
        """(ms, status, bytes as transferred) of the refresh callback."""
        body = {"output": spec,
                "outputs": [[{"id": {"name": s, "type": ids.DISPLAY_BODY}, "property": "children"}
                             for s in SLIDES], {"id": ids.DISPLAY_SHOWN, "property": "data"}],
                "inputs": [{"id": ids.DISPLAY_WANTED, "property": "data", "value": {"token": "x"}}],
                "state": [{"id": ids.DISPLAY_SHOWN, "property": "data", "value": self.shown},
                          {"id": ids.DISPLAY_URL, "property": "pathname", "value": f"/display/{self.secret}"},
                          {"id": ids.DISPLAY_URL, "property": "search", "value": ""}],
                "changedPropIds": [f"{ids.DISPLAY_WANTED}.data"]}
        started = time.perf_counter()
        self.connection.request("POST", "/display/_dash-update-component", body=json.dumps(body).encode(),
                                headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
        response = self.connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status == 200:
            plain = gzip.decompress(data) if response.getheader("Content-Encoding") == "gzip" else data
            self.shown = json.loads(plain)["response"][ids.DISPLAY_SHOWN]["data"]
        return elapsed, response.status, len(data)


def polled(screens: list[Screen], interval: float, seconds: float, threads: int, master_pid: int,
           spec: str | None = None) -> tuple[list[tuple], float]:
    """Every screen probes every ``interval`` seconds (spread over it) for ``seconds``; with
    ``spec`` (citizens rate meanwhile) one told of a change refreshes. (probe outcomes, server
    CPU in percent of one core)."""
    results: list[tuple] = []
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + seconds
    schedule = [(started + random.random() * interval, n) for n in range(len(screens))]

    def run(part: list[tuple[float, int]]) -> None:
        queue = sorted(part)
        while queue:
            due, n = queue.pop(0)
            if due >= deadline:
                continue
            time.sleep(max(0.0, due - time.monotonic()))
            outcome = screens[n].probe()
            if spec is not None and outcome[1] == 200:
                refreshed = screens[n].refresh(spec)[1]
                outcome = outcome if refreshed in (200, 204) else (outcome[0], f"refresh {refreshed}", 0, 0)
            with lock:
                results.append(outcome)
            queue.append((due + interval, n))
            queue.sort()

    cpu_before = server_cpu_seconds(master_pid)
    workers = [threading.Thread(target=run, args=(schedule[k::threads],)) for k in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.monotonic() - started
    return results, 100 * (server_cpu_seconds(master_pid) - cpu_before) / wall


def quiet_phase(screens: list[Screen], interval: float, seconds: float, threads: int,
                master_pid: int, figures: Figures, floor: float, spec: str | None = None) -> None:
    """Screens poll; with ``spec`` (citizens rate meanwhile) one told of a change refreshes.
    Quiet, the server's CPU is printed beside its floor: as many polls with a key that is no
    link, answered 404 before any database read (what the server costs per request, whatever
    the app does)."""
    results, cpu = polled(screens, interval, seconds, threads, master_pid, spec)
    times = [r[0] for r in results]
    statuses = {status: sum(1 for r in results if r[1] == status) for status in {r[1] for r in results}}
    if spec is not None:
        assert set(statuses) <= {200, 204}, statuses  # checked here: an assert in a thread only ends it
        figures.add("screens while citizens rate: polls that found a change",
                    f"{statuses.get(200, 0)} of {len(results)}", "about 1 per screen and minute")
        figures.add(f"{len(screens)} screens every {interval:g} s while citizens rate: server CPU",
                    f"{cpu:.2f} % of one core", "ratings included")
        return
    assert set(statuses) == {204}, statuses
    figures.add(f"screen probe, no change ({len(results)} probes)",
                p50_p95(times, 2, floor), "p95 <= 2 ms")
    figures.add("screen probe, bytes per poll",
                f"body {max(r[3] for r in results)}, headers {statistics.median(r[2] for r in results):.0f}",
                "<= 100 bytes")
    strangers = [Screen(screens[0].port, "-" * 32) for _ in screens]  # not a link's shape
    floor_results, floor_cpu = polled(strangers, interval, seconds, threads, master_pid)
    for stranger in strangers:
        stranger.connection.close()
    assert {r[1] for r in floor_results} == {404}, {r[1] for r in floor_results}
    ratio = f"{cpu / floor_cpu:.1f}x floor" if floor_cpu else "floor under a clock tick"  # CPU counts in ticks
    figures.add(f"{len(screens)} screens every {interval:g} s: server CPU",
                f"{cpu:.2f} % of one core, {ratio} ({floor_cpu:.2f} %: "
                f"as many polls answered 404 before any read)", "< 1 %")


def change_phase(database: Database, screens: list[Screen], spec: str, changes: int,
                 figures: Figures, floor: float) -> None:
    first_times, other_times, sizes = [], [], []
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    with database.session() as session:
        overdue = (Task.status.in_(("not_started", "in_progress")),
                   Task.due_date < clock.today(tz))
        tasks = session.scalars(select(Task.id).where(*overdue).order_by(Task.due_date).limit(changes)).all()
    for task_id in tasks:
        with database.transaction() as session:
            record_update(session, task_id, status="done", progress=100, note="",  # an overdue task done:
                          by_user_id=None, now=clock.now(), tz=tz)  # every slide moves
        for n, screen in enumerate(screens):
            _ms, status, _h, _b = screen.probe()
            assert status == 200, status
            elapsed, status, size = screen.refresh(spec)
            assert status == 200, status
            (first_times if n == 0 else other_times).append(elapsed)
            sizes.append(size)
    figures.add("screen refresh, first screen (computes)",
                f"p50 {statistics.median(first_times):.1f} / max {max(first_times):.1f} ms, "
                f"{statistics.median(first_times) / floor:.1f}x floor")
    figures.add("screen refresh, other screens (cache)",
                p50_p95(other_times, floor=floor), "p95 <= 30 ms")
    figures.add("screen refresh, transferred",
                f"p50 {statistics.median(sizes) / 1024:.2f} / max {max(sizes) / 1024:.2f} KB", "<= 5 KB")


def run(url: str, screens: int = 100, interval: float = 10.0, seconds: float = 60.0,
        threads: int = 4, changes: int = 5, workers: int | None = None, worker_class: str = "sync",
        ratings_per_second: float = 0) -> Figures:
    figures = Figures("screens")
    database = Database(url)
    upgrade(database.engine)
    clear_everywhere()  # figures are cached by data version: start from an empty cache
    with database.transaction() as session:
        _display, secret = displays.create_display(
            session, DisplaySettings("Benchmark", SLIDES, 20, int(interval)), actor=None,
            now=clock.now())
    threaded = ("-k", "gthread", "--threads", "4", "--keep-alive", "30") if worker_class == "gthread" else ()
    try:
        with server(url, workers, extra_env=UNLIMITED if ratings_per_second else None, args=threaded) as gunicorn:
            screen_list = [Screen(gunicorn.port, secret) for _ in range(screens)]
            spec = next(d["output"] for d in json.loads(
                screen_list[0].request("GET", "/display/_dash-dependencies")[1])
                if ids.DISPLAY_SHOWN in d["output"])
            for screen in screen_list:  # each screen loads and shows the current figures first
                screen.probe()
                screen.refresh(spec)
            settled(gunicorn.process.pid)
            floor = floor_ms(gunicorn.port)
            figures.add("floor (a trivial callback)", f"p50 {floor:.2f} ms")
            quiet_phase(screen_list, interval, seconds, threads, gunicorn.process.pid, figures, floor)
            change_phase(database, screen_list, spec, changes, figures, floor)
            if ratings_per_second:
                stop, rated = threading.Event(), []
                phones = threading.Thread(target=paced_phones,
                                          args=(gunicorn.port, active_points(url), ratings_per_second, stop, rated))
                phones.start()
                try:
                    quiet_phase(screen_list, interval, seconds, threads, gunicorn.process.pid, figures, floor, spec)
                finally:
                    stop.set()
                    phones.join()
                figures.add("ratings stored meanwhile", f"{sum(1 for _ms, status in rated if status == 303)} of "
                            f"{len(rated)} sent", f"{ratings_per_second:g} /s asked")
    finally:
        database.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--screens", type=int, default=100)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: 2 with REDIS_URL, else 1 on threads)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync",
                        help="gthread keeps each screen's connection open between polls")
    parser.add_argument("--ratings-per-second", type=float, default=0,
                        help="then poll again while citizens rate at this pace")
    args = parser.parse_args()
    print(f"{args.database}: {args.workers} {args.worker_class} workers, {args.screens} screens")
    run(args.database, args.screens, args.interval, args.seconds, args.threads, args.changes,
        args.workers, args.worker_class, args.ratings_per_second)


if __name__ == "__main__":
    main()
