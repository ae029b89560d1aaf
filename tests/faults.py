"""Faults made for real, on 127.0.0.1 and private databases only: a read-only database and a
full disk. Each is a context manager that undoes itself."""
from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

from . import conftest


@contextmanager
def read_only(app):
    """The app's database refuses every write from now on, as a PostgreSQL standby after a
    failover does (default_transaction_read_only) or SQLite with query_only."""
    engine = app.extensions["database"].engine
    if engine.dialect.name == "postgresql":
        name = engine.url.database
        conftest._postgres.admin(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        engine.dispose()
        try:
            yield
        finally:
            conftest._postgres.admin(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off')
            engine.dispose()
        return

    def no_writes(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only = ON")
    event.listen(engine, "connect", no_writes)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", no_writes)
        engine.dispose()


@contextmanager
def small_disk(folder: Path, megabytes: int):
    """A tmpfs of ``megabytes`` mounted at ``folder`` (as root, as `make test` runs)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
                   check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextmanager
def disk_filled(folder: Path):
    """Fill the file system holding ``folder`` to the last byte; free it again on exit."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 512, 1):
            try:
                while True:
                    os.write(descriptor, b"\0" * size)
            except OSError:  # no space left: go on with smaller blocks down to a single byte
                pass
    finally:
        os.close(descriptor)
    try:
        yield
    finally:
        os.remove(filler)
