"""Issue #17's budget for the Excel import: a 5,000-row sheet checked in <= 5 s and imported in
<= 10 s at province scale, through the real callbacks (the preview, then the import), beside a
floor (a trivial callback of the same app) measured in the same run.

    python bench/task_import.py --database sqlite:////path/to/copy.db [--rows 5000] [--rounds 3]

It imports into the database it is given: use a copy. Each round's sheet has new titles.
"""
from __future__ import annotations

import argparse
import base64
import io
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from common import FLOOR_BODY  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from dashboard import clock  # noqa: E402
from dashboard.web import create_app  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Task, Unit  # noqa: E402
from layouts import ids  # noqa: E402
from tests.conftest import make_config, sign_in  # noqa: E402
from tests.dash_requests import post_callback, registered_body  # noqa: E402


def sheet(units: list[tuple[str, str]], rows: int, round_number: int) -> str:
    """A filled template: units by code and by name in turn, dates as Excel dates and as text."""
    book = openpyxl.Workbook()
    tasks = book.active
    tasks.append(["Tên nhiệm vụ *", "Đơn vị chủ trì *", "Hạn *", "Bắt đầu", "Mức ưu tiên", "Văn bản giao việc"])
    today = clock.today()
    for n in range(rows):
        code, name = units[n % len(units)]
        due = today + timedelta(days=20 + n % 200)
        tasks.append([f"Kế hoạch {round_number}-{n}: rà soát thủ tục hành chính", code if n % 2 else name,
                      due if n % 3 else due.strftime("%d/%m/%Y"), None, ("Cao", "Bình thường", None)[n % 3],
                      f"{n}/UBND-VP"])
    buffer = io.BytesIO()
    book.save(buffer)
    return "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + \
        base64.b64encode(buffer.getvalue()).decode()


def timed(client, body) -> float:
    started = time.perf_counter()
    answer = post_callback(client, body)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    database = Database(arguments.database)
    with database.session() as session:
        units = session.execute(select(Unit.code, Unit.name).where(Unit.active.is_(True)).order_by(Unit.id)).all()
        tasks_before = session.scalar(select(func.count()).select_from(Task))
    database.dispose()
    app = create_app(make_config(arguments.database))
    client = app.test_client()
    sign_in(client, "leader")
    checks, imports, floors = [], [], []
    for round_number in range(arguments.rounds):
        contents = sheet([tuple(unit) for unit in units], arguments.rows, round_number)
        floors += [timed(client, FLOOR_BODY) for _ in range(20)]
        checks.append(timed(client, registered_body(client, ids.IMPORT_UPLOAD, {
            f"{ids.IMPORT_UPLOAD}.contents": contents, f"{ids.IMPORT_UPLOAD}.filename": "bench.xlsx"})))
        imports.append(timed(client, registered_body(client, ids.IMPORT_SAVE, {
            f"{ids.IMPORT_SAVE}.n_clicks": 1, f"{ids.IMPORT_UPLOAD}.contents": contents,
            f"{ids.IMPORT_UPLOAD}.filename": "bench.xlsx", f"{ids.REGISTER_REFRESH}.data": 0},
            output=ids.REGISTER_MESSAGE)))
    database = Database(arguments.database)
    with database.session() as session:
        made = session.scalar(select(func.count()).select_from(Task)) - tasks_before
    database.dispose()
    assert made == arguments.rows * arguments.rounds, f"{made} tasks made, not {arguments.rows * arguments.rounds}"
    floor = statistics.median(floors)
    print(f"{len(units)} units, {tasks_before:,} tasks before; {arguments.rows:,} rows a sheet, "
          f"{arguments.rounds} rounds; floor (a trivial callback) {floor * 1000:.1f} ms")
    for what, times, budget in (("check (the preview)", checks, 5),
                                ("import (checked again, then stored)", imports, 10)):
        median = statistics.median(times)
        print(f"  {what:<38} median {median:5.2f} s  (runs {', '.join(f'{t:.2f}' for t in times)})  "
              f"{median / floor:,.0f}x floor  budget {budget} s: {'met' if median <= budget else 'NOT met'}")


if __name__ == "__main__":
    main()
