"""``dashboard copy | backup | restore``: move a district to another database, keep backups."""
from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from db.engine import Database
from db.transfer import TransferError, backup, copy_database, restore

from .. import cache
from .common import database_url as _url


def _shown(url: str) -> str:
    """A URL fit for a terminal or a log: never its password."""
    return make_url(url).render_as_string(hide_password=True)


def cmd_copy(args) -> int:
    source, target = Database(args.source), Database(args.target)
    print(f"Copying {_shown(args.source)} -> {_shown(args.target)}")
    try:
        checks = copy_database(source.engine, target.engine, batch=args.batch,
                               progress=lambda line: print("  copied", line, flush=True))
    except TransferError as problem:
        print(f"Not copied: {problem}", file=sys.stderr)
        return 2
    finally:
        source.dispose()
        target.dispose()
    print(f"\n  {'table':<24} {'rows':>12}  {'checksum (SHA-256, first 16)':<30} same")
    for check in checks:
        print(f"  {check.table:<24} {check.target_rows:>12,}  {check.target_checksum[:16]:<30} "
              f"{'yes' if check.equal else 'NO'}")
    if not all(check.equal for check in checks):
        print("The copy differs from the source: do not use it.", file=sys.stderr)
        return 1
    cache.clear_everywhere()
    print(f"\nEvery table is equal ({sum(c.target_rows for c in checks):,} rows). "
          "Point DATABASE_URL at the new database and restart the application.")
    return 0


def cmd_backup(args) -> int:
    database = Database(_url())
    try:
        backup(database.engine, Path(args.file))
    except TransferError as problem:
        print(f"No backup made: {problem}", file=sys.stderr)
        return 2
    finally:
        database.dispose()
    print(f"Backup of {_shown(_url())} written to {args.file} "
          f"({Path(args.file).stat().st_size / 1e6:.1f} MB)")
    return 0


def cmd_restore(args) -> int:
    if not args.yes:
        answer = input(f"Replace everything in {_shown(_url())} with {args.file}? "
                       "Stop the application first. Type yes: ")
        if answer.strip().lower() != "yes":
            print("Nothing restored.")
            return 1
    database = Database(_url())
    try:
        restore(database.engine, Path(args.file))
    except TransferError as problem:
        print(f"Not restored: {problem}", file=sys.stderr)
        return 2
    finally:
        database.dispose()
    cache.clear_everywhere()  # figures computed from the data before the restore
    print(f"Restored {_shown(_url())} from {args.file}. Start the application again.")
    return 0


def add_commands(commands) -> None:
    copy = commands.add_parser("copy", help="copy every table into an empty database and check "
                               "each one (row count and checksum), e.g. SQLite to PostgreSQL")
    copy.add_argument("--from", dest="source", required=True, help="source database URL")
    copy.add_argument("--to", dest="target", required=True, help="target database URL (empty)")
    copy.add_argument("--batch", type=int, default=5000, help="rows per insert")
    copy.set_defaults(run=cmd_copy)

    keep = commands.add_parser("backup", help="back up DATABASE_URL to a file, while it runs "
                               "(SQLite's backup API; pg_dump for PostgreSQL)")
    keep.add_argument("file")
    keep.set_defaults(run=cmd_backup)

    back = commands.add_parser("restore", help="replace DATABASE_URL's data with a backup file")
    back.add_argument("file")
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.set_defaults(run=cmd_restore)
