"""Command line: ``dashboard <command>`` or ``python -m dashboard <command>``.

Each module of this package adds its commands; they call the same ``db/`` functions as the
web pages, with the same checks and the same audit.
"""
from __future__ import annotations

import argparse

from . import data, demo, displays, jobs, rollups, users


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="dashboard", description="Task Supervision Dashboard: the database, the demo, users, units, "
        "screens, rollups and backups. Reads DATABASE_URL and TIMEZONE from the environment.")
    commands = root.add_subparsers(dest="command", required=True)
    for module in (demo, users, rollups, jobs, displays, data):
        module.add_commands(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
