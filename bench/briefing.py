"""Issue #18's benchmark: the briefing pack (the district memo as PDF and Excel, one unit's memo,
the conclusions memo) through the real pages, time and size, beside a floor (a trivial callback
of the same app) measured in the same run; and the daily digests of every person.

    python bench/briefing.py --database sqlite:////path/to/copy.db [--rounds 3]

The pack is for the next briefing on the demo's schedule (Mondays 08:00); the unit memo is the
busiest unit's. It reads only (the digests are composed, not kept).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import FLOOR_BODY  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from dashboard import clock  # noqa: E402
from dashboard.services import digest  # noqa: E402
from dashboard.web import create_app  # noqa: E402
from db import briefings, digests  # noqa: E402
from db.models import Task, Unit  # noqa: E402
from tests.conftest import make_config, sign_in  # noqa: E402
from tests.dash_requests import post_callback  # noqa: E402


def timed(send) -> tuple[float, int]:
    started = time.perf_counter()
    answer = send()
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return elapsed, len(answer.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    app = create_app(make_config(arguments.database))
    database = app.extensions["database"]
    with database.session() as session:
        coming = briefings.upcoming(session, clock.now(), limit=1)
        assert coming, "no briefing to come: the demo makes one (Mondays 08:00); or set the schedule"
        meeting = coming[0]
        busiest = session.execute(select(Unit.code).join(Task, Task.lead_unit_id == Unit.id)
                                  .group_by(Unit.code).order_by(func.count().desc()).limit(1)).scalar_one()
        units = session.scalar(select(func.count()).select_from(Unit).where(Unit.active.is_(True)))
    client = app.test_client()
    sign_in(client, "leader")
    asks = {"district memo, PDF": f"/briefings/{meeting.id}/pack.pdf",
            "district memo, Excel": f"/briefings/{meeting.id}/pack.xlsx",
            f"unit memo ({busiest}), PDF": f"/briefings/{meeting.id}/units/{busiest}.pdf",
            "conclusions memo, PDF": f"/briefings/{meeting.id}/conclusions.pdf",
            "screen remote page": f"/briefings/{meeting.id}/remote"}
    floors: list[float] = []
    times: dict[str, list[float]] = {what: [] for what in asks}
    sizes: dict[str, int] = {}
    for _round in range(arguments.rounds):
        floors += [timed(lambda: post_callback(client, FLOOR_BODY))[0] for _ in range(20)]
        for what, path in asks.items():
            elapsed, size = timed(lambda path=path: client.get(path))
            times[what].append(elapsed)
            sizes[what] = size
    digest_times = []
    with app.app_context(), database.session() as session:
        people = digests.owed(session, clock.today())
        for person in people:
            started = time.perf_counter()
            digest.compose(session, person, clock.today(), clock.now())
            digest_times.append(time.perf_counter() - started)
    floor = statistics.median(floors)
    print(f"{units} units; briefing {meeting.id} at {meeting.held_at:%Y-%m-%d %H:%M} UTC; {arguments.rounds} rounds; "
          f"floor (a trivial callback) {floor * 1000:.1f} ms")
    for what, measured in times.items():
        median = statistics.median(measured)
        print(f"  {what:<34} median {median:6.2f} s  {sizes[what] / 1024:8.0f} KB  {median / floor:7,.0f}x floor  "
              f"(runs {', '.join(f'{t:.2f}' for t in measured)})")
    if digest_times:
        print(f"  {'a digest composed (median of ' + str(len(people)) + ')':<34} median "
              f"{statistics.median(digest_times) * 1000:6.1f} ms  all {sum(digest_times):.1f} s")


if __name__ == "__main__":
    main()
