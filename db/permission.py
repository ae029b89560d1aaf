"""The write path asks the policy again, inside its transaction: a callback that forgot to
check, or a script, cannot change what its actor may not."""
from __future__ import annotations

from dashboard.domain.policy import Action, Actor, can


class NotAllowed(Exception):
    """The actor may not make this change; nothing was stored."""


def check(actor: Actor | None, action: Action, unit_id: int | None = None) -> int | None:
    """The actor's id for the history, or NotAllowed. ``None`` is a trusted caller in the
    server's own process (the command line, the demo generator), recorded as no one."""
    if actor is None:
        return None
    if not can(actor, action, unit_id):
        raise NotAllowed(f"{actor.role} may not {action}")
    return actor.id
