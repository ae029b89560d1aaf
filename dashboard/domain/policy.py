"""Who may see and do what: the one place rights are decided.

Pages, callbacks, the write functions of ``db/`` and (later) the API all ask ``can``; layouts
receive the answers as ``Rights`` flags. Nothing else compares role names.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    LEADER = "leader"  # sees everything; assigns, edits, decides, moderates
    UNIT_HEAD = "unit_head"  # their own unit's tasks and ratings
    VIEWER = "viewer"  # reads every unit's figures and tasks; changes nothing
    ADMIN = "admin"  # users, units, feedback points, screens; reads every unit's figures


ROLES = tuple(role.value for role in Role)  # as stored in ``users.role``


class Action(StrEnum):
    """What a person asks to do. Actions about one unit's data take that unit as target."""

    SEE_OVERVIEW = "see_overview"  # the district overview, its exports and charts
    SEE_UNIT = "see_unit"  # a unit's page, tasks and ratings (target: the unit)
    SEE_SATISFACTION = "see_satisfaction"  # the satisfaction page, scoped by SEE_UNIT
    SEE_REFUSED_RATINGS = "see_refused_ratings"  # ratings the server refused, and why
    MODERATE_RATINGS = "moderate_ratings"  # hide or show a comment, release held ratings
    ASSIGN_TASK = "assign_task"
    EDIT_TASK = "edit_task"
    CANCEL_TASK = "cancel_task"
    UPDATE_TASK = "update_task"  # status, progress, note (target: the task's unit)
    REQUEST_EXTENSION = "request_extension"  # (target: the task's unit)
    DECIDE_EXTENSION = "decide_extension"
    RAISE_DIFFICULTY = "raise_difficulty"  # (target: the task's unit)
    DIRECT = "direct"  # answer a difficulty
    URGE = "urge"
    EVALUATE = "evaluate"  # a leader's evaluation of an update
    ADMINISTER = "administer"  # users, units, feedback points, screens, the audit log
    SEE_RECOMMENDATIONS = "see_recommendations"  # citizens' recommendations, scoped by SEE_UNIT
    SEE_CONTACT = "see_contact"  # a citizen's contact for the answer (target: the unit)
    ANSWER_RECOMMENDATION = "answer_recommendation"  # write the unit's answer (target: the unit)
    PUBLISH_ANSWER = "publish_answer"  # approve and publish an answer to the citizen
    SEE_BRIEFINGS = "see_briefings"  # the briefings; a unit head reads their unit's memo and conclusions
    PLAN_BRIEFINGS = "plan_briefings"  # the recurring briefing and one-off briefings
    RUN_BRIEFING = "run_briefing"  # hold a briefing: drive its screen, record its conclusions (a directive assigns)


@dataclass(frozen=True, slots=True)
class Actor:
    """The person asking, as the policy sees them (``role`` None: not signed in)."""

    id: int
    role: Role | None
    unit_id: int | None

    def __post_init__(self) -> None:
        # A role read from the database arrives as text: an unknown one has no rights at all.
        role = Role(self.role) if self.role in ROLES else None
        object.__setattr__(self, "role", role)


ANONYMOUS = Actor(0, None, None)

_READ_EVERYTHING = frozenset({Role.LEADER, Role.VIEWER, Role.ADMIN})
_BY_ROLE: dict[Action, frozenset[Role]] = {
    Action.SEE_OVERVIEW: _READ_EVERYTHING,
    Action.SEE_SATISFACTION: frozenset(Role),
    Action.SEE_REFUSED_RATINGS: frozenset({Role.LEADER, Role.ADMIN}),
    Action.MODERATE_RATINGS: frozenset({Role.LEADER}),
    Action.ASSIGN_TASK: frozenset({Role.LEADER}),
    Action.EDIT_TASK: frozenset({Role.LEADER}),
    Action.CANCEL_TASK: frozenset({Role.LEADER}),
    Action.DECIDE_EXTENSION: frozenset({Role.LEADER}),
    Action.DIRECT: frozenset({Role.LEADER}),
    Action.URGE: frozenset({Role.LEADER}),
    Action.EVALUATE: frozenset({Role.LEADER}),
    Action.ADMINISTER: frozenset({Role.ADMIN}),
    Action.SEE_RECOMMENDATIONS: frozenset(Role),
    Action.PUBLISH_ANSWER: frozenset({Role.LEADER}),
    Action.SEE_BRIEFINGS: frozenset(Role),
    Action.PLAN_BRIEFINGS: frozenset({Role.LEADER, Role.ADMIN}),
    Action.RUN_BRIEFING: frozenset({Role.LEADER}),
}
# A unit head acts on their own unit's tasks only; no one else reports on a unit's work.
_OWN_UNIT_ONLY = frozenset({Action.UPDATE_TASK, Action.REQUEST_EXTENSION, Action.RAISE_DIFFICULTY})
# A citizen's contact and the answer to them: the unit's head for their unit, and the leaders.
_OWN_UNIT_OR_LEADER = frozenset({Action.SEE_CONTACT, Action.ANSWER_RECOMMENDATION})
PER_UNIT = _OWN_UNIT_ONLY | _OWN_UNIT_OR_LEADER | {Action.SEE_UNIT}  # asked about one unit's data


def can(actor: Actor, action: Action, unit_id: int | None = None) -> bool:
    """Whether ``actor`` may do ``action`` (on the data of ``unit_id`` when it is about one unit)."""
    if actor.role is None:
        return False
    if action in _OWN_UNIT_ONLY:
        return heads(actor, unit_id)
    if action in _OWN_UNIT_OR_LEADER:
        return actor.role is Role.LEADER or heads(actor, unit_id)
    if action is Action.SEE_UNIT:
        units = readable_units(actor)
        return units is None or unit_id in units
    return actor.role in _BY_ROLE[action]


def heads(actor: Actor, unit_id: int | None) -> bool:
    """The actor is the head of ``unit_id``."""
    return actor.role is Role.UNIT_HEAD and unit_id is not None and actor.unit_id == unit_id


def readable_units(actor: Actor) -> tuple[int, ...] | None:
    """The units whose data ``actor`` may read: None for every unit, else a (maybe empty) list."""
    if actor.role in _READ_EVERYTHING:
        return None
    return (actor.unit_id,) if actor.role is Role.UNIT_HEAD and actor.unit_id is not None else ()


def contact_units(actor: Actor) -> tuple[int, ...] | None:
    """The units whose citizens' contacts ``actor`` may read (``SEE_CONTACT``, asked about no
    unit in particular: allowed only to who reads every unit's): None for every unit."""
    if can(actor, Action.SEE_CONTACT, None):
        return None
    return tuple(unit for unit in (actor.unit_id,) if unit is not None and can(actor, Action.SEE_CONTACT, unit))


def starts_on_own_unit(actor: Actor) -> bool:
    """A person who cannot see the overview starts on their own unit's page."""
    return actor.unit_id is not None and not can(actor, Action.SEE_OVERVIEW)


@dataclass(frozen=True, slots=True)
class Rights:
    """The answers a page needs to choose what it shows. The server checks again on every act."""

    see_overview: bool = False
    see_refused_ratings: bool = False
    moderate_ratings: bool = False
    assign_tasks: bool = False
    administer: bool = False
    reads_every_unit: bool = False
    own_unit_code: str | None = None  # the unit whose tasks this person reports on, if any

    def may_see_unit(self, code: str) -> bool:
        """Whether the unit with ``code`` is one this person reads (``readable_units``)."""
        return self.reads_every_unit or code == self.own_unit_code


def rights_of(actor: Actor, unit_code: str | None = None) -> Rights:
    """The flags of ``actor``, whose unit (if any) has the code ``unit_code``."""
    reports = can(actor, Action.UPDATE_TASK, actor.unit_id)
    return Rights(see_overview=can(actor, Action.SEE_OVERVIEW),
                  see_refused_ratings=can(actor, Action.SEE_REFUSED_RATINGS),
                  moderate_ratings=can(actor, Action.MODERATE_RATINGS),
                  assign_tasks=can(actor, Action.ASSIGN_TASK),
                  administer=can(actor, Action.ADMINISTER),
                  reads_every_unit=readable_units(actor) is None,
                  own_unit_code=unit_code if reports else None)
