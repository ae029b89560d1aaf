"""A unit head's task update against the production server (gunicorn), rollups included.

    python bench/task_update.py --database sqlite:////path/to/province.db [--updates 200]

Signs in as the head of a unit, posts the real "save progress" callback for the unit's open
tasks one after another, and prints p50/p95 against DESIGN.md's budget (p95 <= 30 ms). It
writes to the database it is given: use a copy.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from overview import Client, percentile, start_server  # noqa: E402

from layouts import ids  # noqa: E402


def update_request(dependencies: list, task_id: int, version: int, progress: int) -> dict:
    spec = next(d for d in dependencies if any(i["id"] == ids.UPDATE_SAVE for i in d["inputs"]))
    values = {f"{ids.UPDATE_SAVE}.n_clicks": 1, f"{ids.UPDATE_STATUS}.value": "in_progress",
              f"{ids.UPDATE_PROGRESS}.value": progress, f"{ids.UPDATE_NOTE}.value": "bench",
              f"{ids.UPDATE_OFFICIAL}.value": None, f"{ids.TASK_ID}.data": str(task_id),
              f"{ids.TASK_VERSION}.data": version, f"{ids.TASK_REFRESH}.data": 0}

    def item(entry):
        return {**entry, "value": values.get(f"{entry['id']}.{entry['property']}")}
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1)))
               for part in spec["output"].strip(".").split("...")]
    return {"output": spec["output"], "outputs": outputs, "inputs": [item(i) for i in spec["inputs"]],
            "state": [item(s) for s in spec["state"]], "changedPropIds": [f"{ids.UPDATE_SAVE}.n_clicks"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a SQLite URL (a copy: this writes)")
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    path = args.database.removeprefix("sqlite:///")
    raw = sqlite3.connect(path)
    unit_id, code = raw.execute(
        "SELECT u.id, u.code FROM units u JOIN tasks t ON t.lead_unit_id = u.id "
        "WHERE t.status IN ('not_started','in_progress') GROUP BY u.id "
        "ORDER BY count(*) DESC LIMIT 1").fetchone()
    tasks = raw.execute("SELECT id, version FROM tasks WHERE lead_unit_id = ? AND status IN "
                        "('not_started','in_progress') ORDER BY id", (unit_id,)).fetchall()
    raw.close()
    server = start_server(args.database, args.port, 2)
    try:
        client = Client(args.port)
        client.sign_in(f"head.{code}", "demo2026")
        _, body = client.request("GET", "/_dash-dependencies")
        dependencies = json.loads(body)
        versions = dict(tasks)
        times = []
        for n in range(args.updates):
            task_id = tasks[n % len(tasks)][0]
            payload = update_request(dependencies, task_id, versions[task_id], 1 + n % 99)
            elapsed, _size = client.callback(payload)
            versions[task_id] += 1
            times.append(elapsed)
        print(f"{args.database}: {args.updates} updates by head.{code} ({len(tasks)} open tasks)")
        print(f"  task update  p50 {statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
              f"  max {max(times):6.1f} ms   (budget: p95 <= 30 ms, rollups included)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
