"""Meeting-room screens against the production server (gunicorn, as the README runs it).

    python bench/displays.py --database sqlite:////path/to/copy.db [--screens 100] [--seconds 60]

1. Quiet: ``--screens`` simulated screens (one keep-alive connection each, like a TV) poll the
   probe every ``--interval`` seconds, spread over the interval, for ``--seconds``. Prints probe
   latency, bytes per poll (headers and body) and the server's CPU use against DESIGN.md's
   budget (p95 <= 2 ms, <= 100 bytes, 100 screens at 10 s < 1 % of a core).
2. After a change: an overdue task is marked done, then every screen probes, learns of it and asks for
   its refresh. The first refresh computes the figures; the others find them in the shared cache.
   Prints their latency and size as transferred (budget <= 5 KB, p95 <= 30 ms).

It writes (one display and a few task updates): give it a copy.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from overview import Client, percentile, start_server  # noqa: E402

from dashboard.domain.displays import SLIDES, DisplaySettings  # noqa: E402
from db import displays  # noqa: E402
from db.engine import Database  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Task  # noqa: E402
from db.tasks import record_update  # noqa: E402
from layouts import ids  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of gunicorn's master and its workers."""
    pids = [master_pid]
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    if children.exists():
        pids += [int(pid) for pid in children.read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


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


def quiet_phase(screens: list[Screen], interval: float, seconds: float, threads: int,
                master_pid: int) -> None:
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
    cpu = server_cpu_seconds(master_pid) - cpu_before
    times = [r[0] for r in results]
    statuses = {status: sum(1 for r in results if r[1] == status) for status in {r[1] for r in results}}
    print(f"  quiet probes: {len(results)} in {wall:.0f} s from {len(screens)} screens every {interval:g} s; "
          f"statuses {statuses}")
    print(f"    latency p50 {statistics.median(times):.2f} ms  p95 {percentile(times, 0.95):.2f} ms  "
          f"max {max(times):.2f} ms   (budget p95 <= 2 ms)")
    print(f"    bytes per poll: body {max(r[3] for r in results)}, headers {statistics.median(r[2] for r in results):.0f}"
          f"   (budget <= 100 bytes)")
    print(f"    server CPU {cpu:.2f} s over {wall:.0f} s = {100 * cpu / wall:.2f} % of one core"
          f"   (budget < 1 %)")


def change_phase(database: Database, screens: list[Screen], spec: str, changes: int) -> None:
    first_times, other_times, sizes = [], [], []
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    with database.session() as session:
        overdue = (Task.status.in_(("not_started", "in_progress")),
                   Task.due_date < datetime.now(tz).date())
        tasks = session.scalars(select(Task.id).where(*overdue).order_by(Task.due_date).limit(changes)).all()
    for task_id in tasks:
        with database.transaction() as session:
            record_update(session, task_id, status="done", progress=100, note="",  # an overdue task done:
                          by_user_id=None, now=datetime.now(timezone.utc), tz=tz)  # every slide moves
        for n, screen in enumerate(screens):
            _ms, status, _h, _b = screen.probe()
            assert status == 200, status
            elapsed, status, size = screen.refresh(spec)
            assert status == 200, status
            (first_times if n == 0 else other_times).append(elapsed)
            sizes.append(size)
    print(f"  refresh after a change ({len(tasks)} changes x {len(screens)} screens):")
    print(f"    first screen (computes): p50 {statistics.median(first_times):.1f} ms  "
          f"max {max(first_times):.1f} ms")
    print(f"    other screens (shared cache): p50 {statistics.median(other_times):.1f} ms  "
          f"p95 {percentile(other_times, 0.95):.1f} ms   (budget p95 <= 30 ms)")
    print(f"    transferred: p50 {statistics.median(sizes) / 1024:.2f} KB  max {max(sizes) / 1024:.2f} KB"
          f"   (budget <= 5 KB)")


def clear_figure_cache(url: str) -> None:
    """Figures are cached by data version: a fresh copy at a path used before would find the
    figures of the earlier copy's same versions. Start from an empty cache."""
    from dashboard import create_app
    from dashboard.cache import cache
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "AUTO_MIGRATE": False})
    with app.app_context():
        cache.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--screens", type=int, default=100)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync",
                        help="gthread keeps each screen's connection open between polls")
    args = parser.parse_args()

    database = Database(args.database)
    upgrade(database.engine)
    clear_figure_cache(args.database)
    with database.transaction() as session:
        _display, secret = displays.create_display(
            session, DisplaySettings("Benchmark", SLIDES, 20, int(args.interval)), actor_id=None,
            now=datetime.now(timezone.utc))
    server = start_server(args.database, args.port, args.workers, args.worker_class)
    try:
        screens = [Screen(args.port, secret) for _ in range(args.screens)]
        spec = next(d["output"] for d in json.loads(screens[0].request("GET", "/display/_dash-dependencies")[1])
                    if ids.DISPLAY_SHOWN in d["output"])
        for screen in screens:  # each screen loads and shows the current figures first
            screen.probe()
            screen.refresh(spec)
        print(f"{args.database}: {args.workers} {args.worker_class} workers, {args.screens} screens")
        quiet_phase(screens, args.interval, args.seconds, args.threads, server.pid)
        change_phase(database, screens, spec, args.changes)
    finally:
        server.terminate()
        server.wait(timeout=30)
        database.dispose()


if __name__ == "__main__":
    main()
