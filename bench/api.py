"""The API (/api/v1) against the production server (gunicorn), side by side with a floor measured
in the same run (a trivial Dash callback of the same server).

    python bench/api.py --database sqlite:////path/to/province.db [--rounds 3] [--requests 15]

Makes a read-only token for the demo's leader in the database it is given (use a copy), then
asks, in turn: who am I (the token's check alone), the overview's figures for this week (each a
first look, then cached), a register search, one task and its history, and a unit's figures. DESIGN.md sets no budget of
its own for the API: its reads are the pages' read services, so the pages' budgets apply.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from common import FLOOR_BODY, Client, Figures, default_workers, percentile, server, settled
from pages import empty
from sqlalchemy import func, select

from dashboard import clock
from db import api_tokens
from db.engine import Database
from db.migrate import upgrade
from db.models import Task, Unit, User

PAGE = "p50 <= 30 ms (the pages')"


def _token_and_samples(url: str) -> tuple[str, int, str]:
    """A read-only token of the leader, a task of the unit with the most tasks, and that unit."""
    database = Database(url)
    upgrade(database.engine)  # the token's table may be newer than the database
    with database.transaction() as s:
        leader = s.scalar(select(User.id).where(User.username == "leader"))
        token = api_tokens.create(s, leader, name="bench", read_only=True, expires_at=None, now=clock.now())[1]
        code = s.scalar(select(Unit.code).join(Task, Task.lead_unit_id == Unit.id)
                        .group_by(Unit.code).order_by(func.count().desc(), Unit.code).limit(1))
        task = s.scalar(select(Task.id).join(Unit, Unit.id == Task.lead_unit_id).where(Unit.code == code)
                        .order_by(Task.id.desc()).limit(1))
    database.dispose()
    return token, task, code


def run(url: str, rounds: int = 3, requests: int = 15, workers: int | None = None) -> Figures:
    token, task, code = _token_and_samples(url)
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip, deflate, br, zstd"}
    asks = {"who am I (the token's check)": "/api/v1/me",
            "overview figures, this week": "/api/v1/figures/overview",
            "register: search 'báo cáo', 20 a page": "/api/v1/tasks?search=b%C3%A1o%20c%C3%A1o",
            "one task": f"/api/v1/tasks/{task}",
            "one task's history": f"/api/v1/tasks/{task}/history",
            f"unit figures ({code}), this week": f"/api/v1/figures/units/{code}"}
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    figures = Figures("API")
    cache_dir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    with server(url, workers, extra_env={"REDIS_URL": "", "CACHE_DIR": str(cache_dir),
                                         "API_RATE_LIMIT": "100000 per minute"}) as gunicorn:
        settled(gunicorn.process.pid)
        browser, caller = Client(gunicorn.port), Client(gunicorn.port)
        browser.sign_in("leader", "demo2026")
        for _round in range(rounds):
            for _ in range(requests):
                started = time.perf_counter()
                assert browser.callback(FLOOR_BODY).status_code == 200
                times.setdefault("floor (a trivial callback)", []).append((time.perf_counter() - started) * 1000)
            for name, path in asks.items():
                for _ in range(requests):
                    empty(cache_dir)  # every look a first look
                    started = time.perf_counter()
                    answer = caller.send("GET", path, headers=headers)
                    times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200, (path, answer.status_code, answer.data[:300])
                    sizes[name] = len(answer.data)
            overview = asks["overview figures, this week"]
            caller.send("GET", overview, headers=headers)
            for _ in range(requests):
                started = time.perf_counter()
                assert caller.send("GET", overview, headers=headers).status_code == 200
                times.setdefault("overview figures, cached", []).append((time.perf_counter() - started) * 1000)
    shutil.rmtree(cache_dir, ignore_errors=True)
    floor = statistics.median(times["floor (a trivial callback)"])
    for name, values in times.items():
        p50 = statistics.median(values)
        size = f", {sizes[name] / 1024:.1f} KB" if name in sizes else ""
        figures.add(name, f"p50 {p50:.1f} / p95 {percentile(values, 0.95):.1f} ms, {p50 / floor:.1f}x floor{size}",
                    "" if name.startswith(("floor", "who")) else "p50 <= 5 ms (cached)" if "cached" in name else PAGE)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=15, help="per figure and round")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    print(f"{args.database}: one client, {args.workers or default_workers()} gunicorn workers, "
          f"{args.rounds} rounds of {args.requests}")
    run(args.database, args.rounds, args.requests, args.workers)


if __name__ == "__main__":
    main()
