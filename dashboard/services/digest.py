"""What one person's digest of a day says: for a unit head, their unit's tasks due today,
overdue and urged; for a leader, the district's, and what waits for their decision; for both,
the next briefing they attend. Plain values (kept as JSON), shown in the reader's language."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from dashboard import clock, paths
from dashboard.domain import briefings as briefing_logic
from dashboard.domain.policy import Role
from db import digests, task_reads
from db import overview as overview_db
from db.briefings import upcoming

LISTED = 5  # items named per heading; the count says the rest


def compose(session: Session, person: digests.Person, day: date, now: datetime) -> dict:
    tz = clock.local_zone()
    unit_ids = [person.unit_id] if person.role == Role.UNIT_HEAD.value and person.unit_id else None
    due, due_total = digests.due_on(session, day, unit_ids, LISTED)
    overdue, overdue_total = overview_db.overdue_tasks(session, day, day, tz, unit_ids, limit=LISTED)
    content: dict = {
        "due_today": [[task_id, title] for task_id, title in due], "due_today_total": due_total,
        "overdue": [[t.task_id, t.title, t.days_overdue] for t in overdue], "overdue_total": overdue_total,
    }
    if unit_ids is not None:
        urged = task_reads.open_urges(session, unit_ids[0])
        content |= {"urged": [[u.task_id, u.title] for u in urged[:LISTED]], "urged_total": len(urged)}
    else:  # a leader: what waits for their decision
        extensions = overview_db.pending_extensions(session, now)
        difficulties = task_reads.open_difficulties(session, now)
        content |= {"extensions": [[e.task_id, e.title, e.unit_name] for e in extensions[:LISTED]],
                    "extensions_total": len(extensions),
                    "difficulties": [[d.task_id, d.title, d.unit_name] for d in difficulties[:LISTED]],
                    "difficulties_total": len(difficulties)}
    content["briefing"] = _next_briefing(session, person, now)
    return content


def _next_briefing(session: Session, person: digests.Person, now: datetime) -> dict | None:
    """The next meeting the person attends (a leader: every one), as {id, held_at, pack}: the
    path of their memo once the pack is ready (the district's for a leader, else their unit's)."""
    heads_unit = person.role == Role.UNIT_HEAD.value and person.unit_id is not None  # a leader: every meeting
    unit = digests.unit_of(session, person.unit_id) if heads_unit and person.unit_id else None
    for meeting in upcoming(session, now, limit=10):
        if meeting.cancelled or meeting.held_at <= now:
            continue
        if unit is None or briefing_logic.attends(unit.kind, meeting.attending):
            ready = now >= briefing_logic.pack_ready_at(meeting.held_at, meeting.pack_hours)
            memo = paths.briefing_pack(meeting.id, None if unit is None else unit.code)
            return {"id": meeting.id, "held_at": meeting.held_at.isoformat(), "pack": memo if ready else None}
    return None
