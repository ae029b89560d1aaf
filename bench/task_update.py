"""A unit head's task update against the production server (gunicorn), rollups included.

    python bench/task_update.py --database sqlite:////path/to/province.db [--updates 200]

Signs in as the head of the unit with the most open tasks, posts the real "save progress"
callback for those tasks one after another, and prints p50/p95 against docs/DESIGN.md's budget
(p95 <= 30 ms). It writes to the database it is given: use a copy.
"""
from __future__ import annotations

import argparse

from common import Client, Figures, floor_ms, p50_p95, server, settled, timed_callback
from sqlalchemy import func, select

from db.engine import Database
from db.models import Task, Unit
from tests.dash_requests import update_body

OPEN = ("not_started", "in_progress")


def _busiest_unit(url: str) -> tuple[str, dict[int, int]]:
    """The unit with the most open tasks, and those tasks' versions."""
    database = Database(url)
    with database.session() as s:
        unit_id, code = s.execute(
            select(Unit.id, Unit.code).join(Task, Task.lead_unit_id == Unit.id)
            .where(Task.status.in_(OPEN)).group_by(Unit.id, Unit.code)
            .order_by(func.count().desc(), Unit.id).limit(1)).one()
        versions = dict(s.execute(select(Task.id, Task.version).where(
            Task.lead_unit_id == unit_id, Task.status.in_(OPEN)).order_by(Task.id)).all())
    database.dispose()
    return code, versions


def run(url: str, updates: int = 200) -> Figures:
    figures = Figures("task update")
    code, versions = _busiest_unit(url)
    tasks = list(versions)
    with server(url) as gunicorn:
        settled(gunicorn.process.pid)
        floor = floor_ms(gunicorn.port)
        client = Client(gunicorn.port)
        client.sign_in(f"head.{code}", "demo2026")
        dependencies = client.get("/_dash-dependencies").get_json()
        times = []
        for n in range(updates):
            task_id = tasks[n % len(tasks)]
            body = update_body(client, task_id, "in_progress", 1 + n % 99, "bench", versions[task_id],
                               dependencies=dependencies)
            times.append(timed_callback(client, body)[0])
            versions[task_id] += 1
        figures.add("floor (a trivial callback)", f"p50 {floor:.1f} ms")
        figures.add(f"task update (one head, {len(tasks)} tasks)", p50_p95(times, floor=floor),
                    "p95 <= 30 ms")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a database URL (a copy: this writes)")
    parser.add_argument("--updates", type=int, default=200)
    args = parser.parse_args()
    print(f"{args.database}: {args.updates} updates by one unit head")
    run(args.database, args.updates)


if __name__ == "__main__":
    main()
