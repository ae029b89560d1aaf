"""Overview callbacks against the production server (gunicorn, as the README runs it).

    python bench/overview.py --database sqlite:////path/to/province.db [--requests 200]

Signs in as the demo leader and posts the overview's real callback requests: past days and
weeks never asked before (uncached), then this week, a past week and month, the weekly chart
and a unit page again and again (cached). Prints p50/p95 against DESIGN.md's budgets.
"""
from __future__ import annotations

import argparse
from datetime import date, timedelta

from common import Client, Figures, default_workers, p50_p95, server, timed_callback

from dashboard import clock

from tests.dash_requests import overview_body, unit_body, weekly_body

UNCACHED = "p50 <= 20 / p95 <= 40 ms"
CACHED = "p50 <= 10 / p95 <= 20 ms"


def run(url: str, requests: int = 100, today: date | None = None, workers: int | None = None,
        unit: str = "tnmt") -> Figures:
    today = today or clock.today()
    past = today - timedelta(days=17)
    figures = Figures("overview")
    with server(url, workers) as gunicorn:
        client = Client(gunicorn.port)
        client.sign_in("leader", "demo2026")
        days = [today - timedelta(days=n) for n in range(1, 100)]
        sundays = [day for day in days if day.weekday() == 6]
        for name, bodies in (("overview uncached, past days", [overview_body(d.isoformat(), "day")
                                                                for d in days[:60]]),
                             ("overview uncached, past weeks", [overview_body(d.isoformat(), "week")
                                                                 for d in sundays])):
            figures.add(name, p50_p95([timed_callback(client, body)[0] for body in bodies]), UNCACHED)
        for name, body in (("overview cached, this week", overview_body(today.isoformat())),
                           ("overview cached, a past week", overview_body(past.isoformat())),
                           ("overview cached, a past month", overview_body(past.isoformat(), "month")),
                           ("weekly chart, all units", weekly_body(today.isoformat())),
                           (f"unit page ({unit}), this week", unit_body(unit, today.isoformat()))):
            timed_callback(client, body)  # the first computes
            figures.add(name, p50_p95([timed_callback(client, body)[0] for _ in range(requests)]),
                        CACHED if name.startswith("overview") else "")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--today", type=date.fromisoformat, help="as-of day of 'this week'")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: 2 with REDIS_URL, else 1 on threads)")
    parser.add_argument("--unit", default="tnmt", help="code of the unit whose page is measured")
    args = parser.parse_args()
    print(f"{args.database}: one client, {args.workers or default_workers()} gunicorn workers")
    run(args.database, args.requests, args.today, args.workers, args.unit)


if __name__ == "__main__":
    main()
