"""Every benchmark on SQLite and on PostgreSQL, printed side by side against the budgets.

    python bench/compare.py --sqlite sqlite:////path/to/province.db \\
                            --postgres postgresql+psycopg://user@127.0.0.1/province

Both databases should hold the same district (`dashboard copy` makes the PostgreSQL one from
the SQLite one). The benchmarks write (task updates, ratings, a screen): use copies. Each
runs first on SQLite, then on PostgreSQL; the table at the end puts the figures together.
"""
from __future__ import annotations

import argparse

import displays
import pages
import ratings
import task_update
from common import Figures


def side_by_side(sqlite: list[Figures], postgres: list[Figures]) -> str:
    lines = [f"| {'what':<44} | {'SQLite':<34} | {'PostgreSQL':<34} | {'budget':<26} |",
             f"|{'-' * 46}|{'-' * 36}|{'-' * 36}|{'-' * 28}|"]
    for left, right in zip(sqlite, postgres):
        for (what, measured, budget), (_what, other, _budget) in zip(left.rows, right.rows):
            lines.append(f"| {what:<44} | {measured:<34} | {other:<34} | {budget:<26} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", required=True, help="SQLite URL (a copy: the benchmarks write)")
    parser.add_argument("--postgres", required=True, help="PostgreSQL URL of the same district")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=15, help="per page figure and round")
    parser.add_argument("--seconds", type=float, default=10, help="per rating load")
    parser.add_argument("--screen-seconds", type=float, default=60)
    args = parser.parse_args()
    results = {}
    for name, url in (("SQLite", args.sqlite), ("PostgreSQL", args.postgres)):
        print(f"\n{name}: {url.split('@')[-1]}")
        results[name] = [pages.run(url, args.rounds, args.requests),
                         task_update.run(url),
                         ratings.run(url, args.seconds),
                         displays.run(url, seconds=args.screen_seconds)]
    print("\n" + side_by_side(results["SQLite"], results["PostgreSQL"]))


if __name__ == "__main__":
    main()
