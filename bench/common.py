"""What every benchmark shares: the production server (tests.live.Gunicorn, with the
repository's gunicorn.conf.py), a browser-like client, percentiles, and a list of figures that
prints alone or side by side with another database's (bench/compare.py)."""
from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layouts import ids  # noqa: E402
from tests.dash_requests import callback_body  # noqa: E402
from tests.live import Client, Gunicorn  # noqa: E402,F401  (re-exported for the benchmarks)

# The floor every figure is compared with: a trivial callback of the same server (it loads the
# signed-in user and answers one boolean).
FLOOR_BODY = callback_body([(ids.OVERVIEW_RANGE_BOX, "hidden")], [(ids.OVERVIEW_PERIOD, "value", "week")])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def p50_p95(times: list[float], digits: int = 1, floor: float | None = None) -> str:
    """p50 and p95 in ms; with ``floor`` (its p50, ms), the p50's ratio to it."""
    ratio = f", {statistics.median(times) / floor:.1f}x floor" if floor else ""
    return f"p50 {statistics.median(times):.{digits}f} / p95 {percentile(times, 0.95):.{digits}f} ms{ratio}"


def floor_ms(port: int, requests: int = 40) -> float:
    """The floor's p50 (ms) on the server at ``port``, asked by a signed-in leader."""
    client = Client(port)
    client.sign_in("leader", "demo2026")
    return statistics.median(timed_callback(client, FLOOR_BODY)[0] for _ in range(requests))


def default_workers() -> int:
    """As gunicorn.conf.py: two sync workers with REDIS_URL, else one on threads."""
    return 2 if os.environ.get("REDIS_URL") else 1


def server(url: str, workers: int | None = None, extra_env: dict | None = None,
           args: tuple[str, ...] = ()) -> Gunicorn:
    """gunicorn on ``url`` (started by ``with``); a long worker timeout, as the first look at a
    closed period of a province computes its snapshot. Two sync workers when REDIS_URL is set
    (as in production); without it the production default, one worker on threads."""
    env = {"WORKER_TIMEOUT": "300", **(extra_env or {})}
    if workers is None:
        workers = 2 if env.get("REDIS_URL") else default_workers()
    return Gunicorn(url, workers=workers, extra_env=env, args=args, start_timeout=300)


def timed_callback(client: Client, body: dict) -> tuple[float, int]:
    """(milliseconds, bytes) of one Dash callback, which must succeed."""
    started = time.perf_counter()
    response = client.callback(body)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (response.status_code, response.data[:300])
    return elapsed, len(response.data)


@dataclass
class Figures:
    """Measured figures in order: (what, measured, budget)."""
    title: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, what: str, measured: str, budget: str = "") -> None:
        self.rows.append((what, measured, budget))
        print(f"  {what:<42} {measured:<34} {budget}", flush=True)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu_ticks(master_pid: int) -> int:
    """User + system CPU of gunicorn's master and its workers, in clock ticks."""
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
    return total


def server_cpu_seconds(master_pid: int) -> float:
    return server_cpu_ticks(master_pid) / CLOCK_TICKS


def settled(master_pid: int, limit: float = 60.0) -> None:
    """Wait until the server idles: after start-up each worker compresses the big scripts (about
    8 s of a core, dashboard/web/bundles.py), which would be counted as what is measured: CPU
    taken from the requests timed, or a screen's cost."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = server_cpu_ticks(master_pid)
        time.sleep(1.0)
        if server_cpu_ticks(master_pid) - before <= 1:  # a tick: the master's own heartbeat
            return
    raise SystemExit("the server never idled: its own work cannot be told from what is measured")
