"""Small builders of task histories for the pure-logic tests."""
from datetime import date

from dashboard.domain.model import DueChange, Status, TaskHistory, UnitChange, UpdateRecord


def d(text: str) -> date:
    return date.fromisoformat(text)


def task(created: str, due: str, *updates, unit: int = 1, task_id: int = 1,
         due_changes=(), unit_changes=()) -> TaskHistory:
    """A task created on ``created`` due on ``due``; updates are (day, status, progress)."""
    return TaskHistory(
        task_id=task_id,
        created_on=d(created),
        due_changes=(DueChange(d(created), d(due)),)
        + tuple(DueChange(d(day), d(new), ext) for day, new, ext in due_changes),
        unit_changes=(UnitChange(d(created), unit),)
        + tuple(UnitChange(d(day), u) for day, u in unit_changes),
        updates=tuple(UpdateRecord(d(day), Status(status), progress)
                      for day, status, progress in updates),
    )


def fields(title: str, start, due, **extra):
    """Valid task fields for the write path."""
    from dashboard.domain.rules import TaskFields
    return TaskFields(title=title, description=extra.get("description", ""),
                      source_ref=extra.get("source_ref", ""), expected_result="",
                      priority=extra.get("priority", "normal"), start_date=start, due_date=due)
