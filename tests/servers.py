"""PostgreSQL and Redis servers of the test run's own: a private data folder, a free port on
127.0.0.1, started once per run and stopped at its end. `make test` installs Debian's
`postgresql` and `redis-server`; a run without them fails instead of skipping the tests."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {seconds} s")


def _postgres_bin(program: str) -> str:
    """Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<version>/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"),
                   key=lambda path: int(path.split("/")[4]))
    if found:
        return found[-1]
    on_path = shutil.which(program)
    if on_path:
        return on_path
    raise RuntimeError(f"PostgreSQL's {program} is missing: run `make test`, which installs "
                       "Debian's postgresql package")


class PostgresServer:
    """One PostgreSQL cluster; as root it runs as the `postgres` user, as PostgreSQL insists."""

    SETTINGS = ["-c", "fsync=off", "-c", "full_page_writes=off",  # test data need not survive a crash
                "-c", "max_connections=300", "-c", "shared_buffers=128MB"]

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="tsd-postgres-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.log = self.folder / "server.log"
        self._as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_owner:
            shutil.chown(self.folder, "postgres")
        self._run(_postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
        self.start()

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_owner, *command], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} " + " ".join(self.SETTINGS)
        self._run(_postgres_bin("pg_ctl"), action, "-D", str(self.data), "-l", str(self.log),
                  "-o", options, "-w", *extra)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """A fast restart, as an operator's `systemctl restart postgresql` does: every open
        connection is cut, and the server answers again a moment later."""
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Runs ``sql`` outside a transaction (CREATE/DROP DATABASE need that)."""
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self, name: str, template: str | None = None) -> str:
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)


class RedisServer:
    def __init__(self) -> None:
        executable = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(executable):
            raise RuntimeError("redis-server is missing: run `make test`, which installs "
                               "Debian's redis-server package")
        self.executable, self.port = executable, free_port()
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.executable, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port)

    def restart(self, pause: float = 1.0) -> None:
        """Stopped, then started again empty on the same port ``pause`` seconds later."""
        self.stop()
        time.sleep(pause)
        self.start()

    def url(self, number: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{number}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
