"""Time the demo generator: the district, and the province-scale design point of docs/DESIGN.md.

    python bench/demo_generate.py [--scale district|province|both] [--runs N]

Writes into temporary SQLite files (or DATABASE_URL's server when given) and prints the
median wall time and rows per second.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db import demo  # noqa: E402
from db.engine import Database  # noqa: E402
from db.migrate import upgrade  # noqa: E402

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=HCM)  # a fixed moment: runs compare alike


def one_run(scale: str, folder: Path, run: int) -> tuple[float, dict[str, int]]:
    database = Database(f"sqlite:///{folder / f'{scale}-{run}.db'}")
    upgrade(database.engine)
    started = time.perf_counter()
    with database.engine.begin() as connection:
        counts = demo.generate(connection, now=NOW, tz=HCM,
                               scale=scale, progress=lambda _: None)
    elapsed = time.perf_counter() - started
    database.dispose()
    size = (folder / f"{scale}-{run}.db").stat().st_size
    print(f"  {scale} run {run + 1}: {elapsed:.1f} s, file {size / 1e6:.0f} MB", flush=True)
    return elapsed, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["district", "province", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scales = ["district", "province"] if args.scale == "both" else [args.scale]
    for scale in scales:
        runs = args.runs if scale == "district" else max(1, min(args.runs, 3))
        with tempfile.TemporaryDirectory() as folder:
            results = [one_run(scale, Path(folder), run) for run in range(runs)]
        times = [elapsed for elapsed, _ in results]
        counts = results[0][1]
        rows = sum(counts.values())
        median = statistics.median(times)
        print(f"{scale}: median {median:.1f} s over {runs} run(s) "
              f"(min {min(times):.1f}, max {max(times):.1f}); {rows:,} rows, "
              f"{rows / median:,.0f} rows/s")
        print("  " + ", ".join(f"{name} {value:,}" for name, value in counts.items()))


if __name__ == "__main__":
    main()
