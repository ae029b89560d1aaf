"""The production server for real: gunicorn with the repository's gunicorn.conf.py, several
workers, Redis, and faults made on 127.0.0.1 under a bounded load (seconds, not minutes)."""
from __future__ import annotations

import os
import random
import re
import signal
import socket
import threading
import time

import pytest
import redis

from dashboard import clock
from db.demo import DEMO_PASSWORD
from db.engine import Database

from . import load
from .conftest import HCM, copy_demo
from .dash_requests import overview_body
from .integrity import assert_consistent
from .live import Client, Gunicorn

pytestmark = pytest.mark.live
UNLIMITED = {"RATING_RATE_LIMIT": "100000 per hour",  # the load comes from one address
             "RATINGS_PER_ADDRESS_HOUR": "100000"}


@pytest.fixture
def private_db(demo_db_url, tmp_path):
    url = copy_demo(demo_db_url, tmp_path / "live.db")
    database = Database(url)
    yield url, database
    database.dispose()


def _pids_in_log(log_path, pattern: str) -> set[int]:
    """Worker pids of the request log lines matching ``pattern`` (``[pid] rid=…``)."""
    text = log_path.read_text(errors="replace")
    return {int(pid) for pid, line in re.findall(r"\[(\d+)\] rid=\S+ dashboard\.requests: (.*)", text)
            if re.search(pattern, line)}


def _in_parallel(count: int, action) -> list:
    results, threads = [], [threading.Thread(target=lambda: results.append(action()))
                            for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_workers_share_rate_limits_and_the_figure_cache_through_redis(
        private_db, redis_server, tmp_path):
    url, _database = private_db
    store = redis.Redis.from_url(redis_server.url(1))
    store.flushdb()
    log = tmp_path / "gunicorn.log"
    # Per hour: however slow a shared machine, no counted rating leaves the window during the test.
    env = {"REDIS_URL": redis_server.url(1), "RATING_RATE_LIMIT": "10 per hour"}
    with Gunicorn(url, workers=2, log=log, extra_env=env) as server:
        # Rate limit: 24 ratings from one address over fresh connections, 4 at a time. Each
        # worker alone would allow 10; shared, exactly 10 pass in all.
        answers = _in_parallel(4, lambda: [Client(server.port).rate("xa-thach-dai-1", 5).status_code
                                           for _ in range(6)])
        statuses = [status for batch in answers for status in batch]
        assert statuses.count(303) == 10 and statuses.count(429) == 14, statuses
        assert len(_pids_in_log(log, r'"POST /f/xa-thach-dai-1')) == 2  # both workers counted

        # Figure cache: one worker computes a closed week's overview, then every answer of
        # both workers comes from Redis (reads, and not a single write).
        leader = Client(server.port)
        leader.sign_in("leader", DEMO_PASSWORD)
        body = overview_body("2026-11-15")
        assert leader.callback(body).status_code == 200
        store.config_resetstat()

        def ask_four_times():
            client = Client(server.port)
            client.cookies = dict(leader.cookies)  # the same leader, in another tab
            return [client.callback(body).status_code for _ in range(4)]
        assert _in_parallel(4, ask_four_times) == [[200] * 4] * 4
        stats = store.info("commandstats")
        assert stats.get("cmdstat_get", {}).get("calls", 0) >= 16
        assert not any(stats.get(f"cmdstat_{write}") for write in ("set", "setex", "psetex"))
        assert len(_pids_in_log(log, r'"POST /_dash-update-component" 200')) == 2


def test_redis_restarted_under_load_fails_no_request(private_db, redis_server):
    """Redis stopped for a second and started again empty: rate limits are waived meanwhile
    (and logged); every write is still saved once."""
    url, database = private_db
    env = {"REDIS_URL": redis_server.url(2), **UNLIMITED}
    with Gunicorn(url, workers=2, extra_env=env) as server:
        restarted = []

        def restart(elapsed):
            if elapsed > 2 and not restarted:
                redis_server.restart(pause=1.0)
                restarted.append(elapsed)
        outcomes = load.run(server.port, database, seconds=7, heads=2, citizens=2, during=restart)
        assert "Failed to rate limit. Swallowing error" in server.log_tail(10**7)  # seen, logged
    counts = outcomes.count()
    print(f"Redis restart: {dict(counts)}")
    assert restarted and outcomes.other == [] and set(counts) == {"saved"}, counts
    load.assert_each_write_stored_as_answered(database, outcomes)


def test_sigterm_lets_the_request_under_way_finish(private_db):
    """Graceful shutdown: a request already read by a worker is answered in full; the server
    then exits cleanly."""
    url, _database = private_db
    server = Gunicorn(url, workers=1).start()
    half = socket.create_connection(("127.0.0.1", server.port))
    half.sendall(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the worker is reading it
    time.sleep(0.5)
    server.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    half.sendall(b"Connection: close\r\n\r\n")
    answer = b""
    while chunk := half.recv(65536):
        answer += chunk
    half.close()
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b'"status":"ok"}\n')
    assert server.process.wait(timeout=35) == 0


def test_sigkill_of_workers_during_writes_leaves_nothing_half_written(private_db, redis_server):
    """Workers killed with SIGKILL mid-load: gunicorn starts new ones; every acknowledged write
    is stored once, no write is stored twice, and task, history, rollups and audit agree."""
    url, database = private_db
    with Gunicorn(url, workers=2, extra_env={**UNLIMITED, "REDIS_URL": redis_server.url(3)}) as server:
        kills = []

        def kill_a_worker(elapsed):
            if elapsed > 2 + 1.5 * len(kills) and len(kills) < 3 and server.worker_pids():
                victim = random.choice(server.worker_pids())
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)
        outcomes = load.run(server.port, database, seconds=8, heads=2, citizens=2,
                            during=kill_a_worker)
        assert len(kills) == 3
        counts = outcomes.count()
        print(f"workers killed: {len(kills)}; requests: {dict(counts)}")
        # Writes went on around the kills (a busy CI machine saved 22 in these 8 seconds, a quiet
        # one 80); what matters is below: each answered write stored once, all consistent.
        assert outcomes.other == [] and counts["saved"] >= 12, counts
        assert Client(server.port).request("GET", "/readyz")[0] == 200  # new workers serve
    load.assert_each_write_stored_as_answered(database, outcomes)
    assert_consistent(database, clock.today(HCM))


def test_sqlite_with_eight_concurrent_writers_never_says_locked(sqlite_demo_url, tmp_path, redis_server):
    """Eight workers writing at once to one SQLite file: every write waits its turn (a
    transaction takes the write lock at its start), none fails, all are stored. Each writer
    sends a fixed number of writes, so the outcome does not depend on the machine's speed."""
    url = copy_demo(sqlite_demo_url, tmp_path / "eight.db")
    database = Database(url)
    with Gunicorn(url, workers=8, extra_env={**UNLIMITED, "REDIS_URL": redis_server.url(4)}) as server:
        outcomes = load.run(server.port, database, seconds=120, heads=4, citizens=4, writes=15)
    counts = outcomes.count()
    print(f"8 SQLite writers: {dict(counts)}")
    assert outcomes.other == [] and counts == {"saved": 8 * 15}, counts
    load.assert_each_write_stored_as_answered(database, outcomes)
    assert_consistent(database, clock.today(HCM))
    database.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_restarted_under_load(backend, private_db, postgres, redis_server):
    """PostgreSQL restarted while heads save progress and citizens rate: each request is
    stored exactly once or told to try again; the same workers carry on afterwards."""
    url, database = private_db
    with Gunicorn(url, workers=2, extra_env={**UNLIMITED, "REDIS_URL": redis_server.url(5)}) as server:
        workers = server.worker_pids()
        restarted = []

        def restart(elapsed):
            if elapsed > 3 and not restarted:
                postgres.restart()
                restarted.append(time.monotonic())
        outcomes = load.run(server.port, database, seconds=10, heads=2, citizens=2, during=restart)
        assert server.worker_pids() == workers  # no worker died or was replaced
    counts = outcomes.count()
    window = [t for t, outcome in outcomes.timeline if outcome == "try_again"]
    print(f"PostgreSQL restart: {dict(counts)}; told to try again for "
          f"{max(window, default=0) - min(window, default=0):.2f} s")
    assert restarted and outcomes.other == [] and counts["cut"] == 0, (counts, server.log_tail())
    assert counts["try_again"] > 0, counts  # the restart was seen…
    last = max(t for t, outcome in outcomes.timeline if outcome == "try_again")
    assert any(t > last and outcome == "saved" for t, outcome in outcomes.timeline)  # …and left behind
    load.assert_each_write_stored_as_answered(database, outcomes)
    assert_consistent(database, clock.today(HCM))


def test_several_workers_without_a_shared_limit_store_refuse_to_start(private_db):
    """Each of two workers would count the sign-in and rating limits alone: gunicorn says why
    and stops, instead of serving with limits that are twice too loose."""
    url, _database = private_db
    server = Gunicorn(url, workers=2, start_timeout=20)
    server.env.pop("REDIS_URL", None)
    with pytest.raises(RuntimeError, match="exited"):
        server.start()
    assert "needs REDIS_URL" in server.log_tail()


def test_one_worker_without_redis_keeps_limits_exact_on_threads(private_db):
    """The default without Redis: one process serving on threads, so a limit of 10 is 10."""
    url, _database = private_db
    server = Gunicorn(url, workers=1, extra_env={"RATING_RATE_LIMIT": "10 per hour"})  # see above
    server.env.pop("REDIS_URL", None)
    with server:
        answers = _in_parallel(4, lambda: [Client(server.port).rate("xa-thach-dai-1", 5).status_code
                                           for _ in range(6)])
        login = Client(server.port).get("/login")
    statuses = [status for batch in answers for status in batch]
    assert statuses.count(303) == 10 and statuses.count(429) == 14, statuses
    assert login.headers["server"] == "-"  # neither the product nor its version
