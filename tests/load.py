"""A bounded load of real writes against a live server, and what became of each request.

Unit heads save progress on their own task; citizens send ratings, each with its own case
code. Every request ends in one of four outcomes:
  * ``saved``: acknowledged (progress saved / thanked);
  * ``try_again``: the clear retryable answer (the dashboard's notice, a 503 page);
  * ``cut``: the connection broke (a worker killed mid-request);
  * ``other``: anything else, which no test accepts.
Each write carries a unique marker (the note, the case code) so the database can be asked
afterwards whether it was stored exactly once.
"""
from __future__ import annotations

import http.client
import json
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from db.demo import DEMO_PASSWORD
from db.models import FeedbackPoint, Rating, Task, TaskUpdate, Unit
from layouts import ids

from .dash_requests import update_body
from .live import Client

TRY_AGAIN = "nothing was saved"


@dataclass
class Outcomes:
    by_marker: dict[str, str] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)
    timeline: list[tuple[float, str]] = field(default_factory=list)  # (seconds, outcome)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, marker: str, outcome: str, started: float, detail: str = "") -> None:
        with self.lock:
            self.by_marker[marker] = outcome
            self.timeline.append((time.monotonic() - started, outcome))
            if outcome == "other":
                self.other.append(f"{marker}: {detail}")

    def count(self) -> Counter:
        return Counter(self.by_marker.values())


def _head_tasks(database, heads: int) -> list[tuple[str, int]]:
    """One open task in each of ``heads`` units: (unit code, task id)."""
    with database.session() as s:
        rows = s.execute(select(Unit.code, func.min(Task.id)).join(Task, Task.lead_unit_id == Unit.id)
                         .where(Task.status == "in_progress").group_by(Unit.code)
                         .order_by(Unit.code).limit(heads)).all()
    assert len(rows) == heads
    return [(code, task_id) for code, task_id in rows]


def _version(database, task_id: int) -> int:
    with database.session() as s:
        return s.get(Task, task_id).version


def _head_loop(port, database, code, task_id, tag, deadline, writes, outcomes, started) -> None:
    client = Client(port, timeout=30)
    client.sign_in(f"head.{code}", DEMO_PASSWORD)
    client.send("GET", "/lang/en?next=/")
    dependencies = client.get("/_dash-dependencies").get_json()  # what the page would know
    version, n = _version(database, task_id), 0
    while time.monotonic() < deadline and n < writes:
        n += 1
        marker = f"load {tag}-{n}"
        try:
            body = update_body(client, task_id, "in_progress", 1 + n % 98, marker, version,
                               dependencies=dependencies)
            answer = client.callback(body)
        except (OSError, http.client.HTTPException) as error:
            outcomes.record(marker, "cut", started, repr(error))
            version = _version_when_possible(database, task_id, version)
            continue
        text = answer.data.decode(errors="replace")
        if answer.status_code == 200 and "Progress saved" in text:
            outcomes.record(marker, "saved", started)
            version += 1
            continue
        if _told_to_try_again(answer.status_code, text):
            outcomes.record(marker, "try_again", started)
        else:
            outcomes.record(marker, "other", started, f"{answer.status_code} {text[:300]}")
        version = _version_when_possible(database, task_id, version)
        time.sleep(0.05)


def _told_to_try_again(status: int, text: str) -> bool:
    """The callback's own notice (the database failed inside it), or the 503 message that
    assets/notice.js shows (it failed before: signing the user in)."""
    if status == 503:
        return TRY_AGAIN in json.loads(text)["message"]
    notice = (json.loads(text).get("sideUpdate") or {}).get(ids.DB_NOTICE) if status == 200 else None
    return bool(notice) and TRY_AGAIN in notice["children"]


def _version_when_possible(database, task_id, known):
    try:
        return _version(database, task_id)
    except Exception:  # the database is still coming back: the next answer will say stale or saved
        return known


def _citizen_loop(port, points, tag, deadline, writes, outcomes, started) -> None:
    client, n = Client(port, timeout=30), 0
    while time.monotonic() < deadline and n < writes:
        n += 1
        marker = f"L{tag}-{n}".upper()  # as the form stores case codes: one form, upper case
        try:
            answer = client.rate(points[n % len(points)], 1 + n % 5, case=marker)
        except (OSError, http.client.HTTPException) as error:
            outcomes.record(marker, "cut", started, repr(error))
            continue
        text = answer.data.decode(errors="replace")
        if answer.status_code == 303:
            outcomes.record(marker, "saved", started)
        elif answer.status_code == 503 and TRY_AGAIN in text:
            outcomes.record(marker, "try_again", started)
            time.sleep(0.05)
        else:
            outcomes.record(marker, "other", started, f"{answer.status_code} {text[:300]}")


def run(port: int, database, seconds: float, heads: int = 2, citizens: int = 2,
        during=None, writes: float = math.inf) -> Outcomes:
    """``heads`` + ``citizens`` writers for ``seconds``, each stopping sooner once it has
    sent ``writes`` requests (a test that counts what was stored then does not depend on how
    fast a shared machine is); ``during(elapsed)`` is called about every 0.1 s from the main
    thread (to restart a database, kill a worker…)."""
    outcomes = Outcomes()
    with database.session() as s:
        points = list(s.scalars(select(FeedbackPoint.code).where(FeedbackPoint.active.is_(True))
                                .order_by(FeedbackPoint.id).limit(10)))
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=_head_loop, args=(port, database, code, task_id, f"h{i}",
                                                         deadline, writes, outcomes, started))
               for i, (code, task_id) in enumerate(_head_tasks(database, heads))]
    threads += [threading.Thread(target=_citizen_loop, args=(port, points, f"c{i}", deadline,
                                                              writes, outcomes, started))
                for i in range(citizens)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        if during:
            during(time.monotonic() - started)
        time.sleep(0.1)
    return outcomes


def stored(database, markers) -> Counter:
    """How many times each marker is in the database (notes of updates, case codes of ratings)."""
    notes = [m for m in markers if m.startswith("load ")]
    cases = [m for m in markers if not m.startswith("load ")]
    found = Counter()
    with database.session() as s:
        for start in range(0, len(notes), 500):
            found.update(s.scalars(select(TaskUpdate.note).where(TaskUpdate.note.in_(notes[start:start + 500]))))
        for start in range(0, len(cases), 500):
            found.update(s.scalars(select(Rating.case_code).where(Rating.case_code.in_(cases[start:start + 500]))))
    return found


def assert_each_write_stored_as_answered(database, outcomes: Outcomes) -> None:
    """Acknowledged: stored exactly once. Not acknowledged: stored at most once (a write may
    commit just before its connection is cut; the user who retries is then told it is stale)."""
    found = stored(database, list(outcomes.by_marker))
    for marker, outcome in outcomes.by_marker.items():
        if outcome == "saved":
            assert found[marker] == 1, (marker, found[marker])
        else:
            assert found[marker] <= 1, (marker, found[marker])
