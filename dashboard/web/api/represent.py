"""The API's answers as plain JSON-able dicts, built from what the read services return (the
same figures the pages show), shaped as ``schemas`` describes them."""
from __future__ import annotations

from sqlalchemy.orm import Session

from dashboard.domain.overview import Change, Headline, RankingRow, Window
from dashboard.domain.satisfaction import Satisfaction
from db import task_reads


def unit_ref(code: str, name: str) -> dict:
    return {"code": code, "name": name}


def task(session: Session, task_id: int) -> dict | None:
    detail = task_reads.task_detail(session, task_id)
    if detail is None:
        return None
    pending = task_reads.pending_extension(session, task_id)
    return {
        "id": detail.id, "title": detail.title, "description": detail.description,
        "source_ref": detail.source_ref, "expected_result": detail.expected_result,
        "responsible_official": detail.responsible_official,
        "lead_unit": unit_ref(detail.unit_code, detail.unit_name),
        "coordinating_units": list(detail.coordinating), "priority": detail.priority,
        "start_date": detail.start_date, "due_date": detail.due_date,
        "leader_due_date": detail.leader_due_date, "status": detail.status, "progress": detail.progress,
        "created_at": detail.created_at, "version": detail.version,
        "pending_extension": None if pending is None else {
            "id": pending.id, "new_due_date": pending.new_due_date, "reason": pending.reason,
            "requested_at": pending.requested_at},
    }


def window(shown: Window) -> dict:
    span = lambda period: {"start": period.start, "end": period.end}  # noqa: E731
    return {"period": shown.kind.value, "as_of": shown.as_of, "whole": span(shown.period),
            "shown": span(shown.shown), "previous": span(shown.previous)}


def _change(change: Change) -> dict:
    return {"value": change.value, "previous": change.previous}


def headline(figures: Headline) -> dict:
    return {name: _change(value) if isinstance(value, Change) else value
            for name, value in ((field, getattr(figures, field)) for field in Headline.__dataclass_fields__)}


def satisfaction(figures: Satisfaction) -> dict:
    return {"counts": list(figures.counts), "n": figures.n, "rate": figures.rate,
            "interval": list(figures.interval) if figures.interval else None, "enough": figures.enough}


def ranking_row(row: RankingRow) -> dict:
    return {"rank": row.rank, "unit": unit_ref(row.code, row.name), "done_on_time": row.done_on_time,
            "done_late": row.done_late, "within_deadline": row.within_deadline, "overdue": row.overdue,
            "max_days_overdue": row.max_days_overdue, "on_time_rate": row.on_time.rate,
            "severity": row.severity.value, "last_update_at": row.last_update_at,
            "satisfaction": satisfaction(row.satisfaction)}
