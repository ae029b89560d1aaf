"""The audit log's vocabulary: every action code a change records, in one registry, and the pure
reading of an event's details as a list of changes (field, before, after).

`db.audit_log.record` refuses a code missing here, and every code here has a name in both
languages (`layouts/audit.py`, checked by `tests/test_audit_words.py`): a new kind of change is a
line here and a name there. Codes are stored in the database as they are: never rename one.
"""
from __future__ import annotations

from dataclasses import dataclass

# The codes built from a value (f"note_{kind}", f"extension_{state}") are spelled out: a new
# note kind or extension state needs its line here, and the write refuses to record it until then.
TASK_ACTIONS = ("task_assigned", "tasks_imported", "task_updated", "task_cancelled", "task_edited",
                "extension_requested", "extension_approved", "extension_rejected",
                "note_difficulty", "note_direction", "note_urge", "note_evaluation")
ACCOUNT_ACTIONS = ("user_created", "user_changed", "password_reset",
                   "login", "login_failed", "signed_out_everywhere", "api_token_created", "api_token_revoked",
                   "digest_settings_changed")
UNIT_ACTIONS = ("unit_created", "unit_changed", "point_created", "calendar_changed", "results_published")
DISPLAY_ACTIONS = ("display_created", "display_changed", "display_link_replaced", "display_revoked")
RATING_ACTIONS = ("rating_hidden", "rating_shown", "ratings_released", "ratings_kept_out")
RECOMMENDATION_ACTIONS = ("recommendation_answered", "recommendation_published")
BRIEFING_ACTIONS = ("briefing_schedule_set", "briefing_added", "briefing_cancelled", "briefing_concluded",
                    "briefing_screen_driven")
SYSTEM_ACTIONS = ("days_reopened",)

ACTIONS: tuple[str, ...] = (*TASK_ACTIONS, *ACCOUNT_ACTIONS, *UNIT_ACTIONS, *DISPLAY_ACTIONS,
                            *RATING_ACTIONS, *RECOMMENDATION_ACTIONS, *BRIEFING_ACTIONS, *SYSTEM_ACTIONS)

# Details kept for the machine (row ids, the optimistic lock's version): not shown to a person.
HIDDEN_FIELDS = frozenset({"version", "update_id", "extension_id", "note_id"})


@dataclass(frozen=True, slots=True)
class Change:
    """One line of an event's details: ``field`` was ``before`` and is now ``after``; ``changed``
    is False for a plain fact (a reason, a created account's role), which has no "before"."""
    field: str
    before: object
    after: object
    changed: bool


def changes(detail: dict | None) -> list[Change]:
    """The details of one event, in order: the fields that differ between ``before`` and
    ``after`` (all of ``after`` when nothing came before: a creation), then the other facts."""
    detail = detail or {}
    before = detail.get("before") if isinstance(detail.get("before"), dict) else None
    after = detail.get("after") if isinstance(detail.get("after"), dict) else None
    lines: list[Change] = []
    if before is not None and after is not None:
        for field in dict.fromkeys([*after, *before]):
            if field in HIDDEN_FIELDS or before.get(field) == after.get(field):
                continue
            lines.append(Change(field, before.get(field), after.get(field), True))
    elif after is not None or before is not None:
        only = after if after is not None else before
        assert only is not None
        lines.extend(Change(field, None, value, False) for field, value in only.items()
                     if field not in HIDDEN_FIELDS and value not in (None, "", []))
    for field, value in detail.items():
        if field in ("before", "after") and isinstance(value, dict | None):
            continue
        if field in HIDDEN_FIELDS or value in (None, "", []):
            continue
        lines.append(Change(field, None, value, False))
    return lines
