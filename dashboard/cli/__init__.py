"""Command line: ``dashboard <command>`` or ``python -m dashboard <command>``.

Runs without the web app: it reads DATABASE_URL and TIMEZONE from the environment. Each module
of this package adds its commands; they call the same ``db/`` functions as the web pages.
"""
from __future__ import annotations

import argparse

from . import data, demo, displays, rollups, users


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="dashboard", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    for module in (demo, users, rollups, displays, data):
        module.add_commands(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
