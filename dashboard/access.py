"""The Flask side of the policy (``dashboard/domain/policy.py``): the signed-in person as an
actor, and the checks every page, callback and API call makes with it, on the server."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from flask import abort
from flask_login import UserMixin, current_user

from .domain.policy import ANONYMOUS, PER_UNIT, Action, Actor, Rights, can, readable_units, rights_of


@dataclass(frozen=True)
class SignedInUser(UserMixin):
    """The signed-in person, loaded from the database on each request."""

    id: int
    username: str
    full_name: str
    role: str
    unit_id: int | None
    unit_code: str | None
    session_token: str = field(default="", repr=False)  # its server-side session; never logged

    def get_id(self) -> str:
        """What the session cookie holds: the user and their session's token (Flask-Login's
        "alternative token"), so ending the session on the server ends the cookie too."""
        return f"{self.id}:{self.session_token}"


@dataclass(frozen=True)
class Scope:
    """The units whose data a user may read: all of them, or a fixed list."""

    unit_ids: tuple[int, ...] | None  # None means every unit

    @property
    def everything(self) -> bool:
        return self.unit_ids is None

    def allows(self, unit_id: int) -> bool:
        return self.unit_ids is None or unit_id in self.unit_ids


def actor_of(user) -> Actor:
    """The policy's view of ``user`` (anonymous: no rights at all)."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return Actor(user.id, user.role, user.unit_id)


def current_actor() -> Actor:
    """The person making this request, as the policy sees them."""
    return actor_of(current_user)


def scope_for(user) -> Scope:
    """What ``user`` may read: every unit, or their own."""
    return Scope(unit_ids=readable_units(actor_of(user)))


def current_scope() -> Scope:
    """What the person making this request may read."""
    return scope_for(current_user)


def allowed(action: Action, unit_id: int | None = None) -> bool:
    """Whether the person making this request may do ``action``."""
    return can(actor_of(current_user), action, unit_id)


def rights() -> Rights:
    """The flags a page lays itself out with, for the person making this request."""
    return rights_of(actor_of(current_user), getattr(current_user, "unit_code", None))


def require(action: Action):
    """Refuse (403) a request unless the signed-in user may do ``action``.

    Place it *under* ``@callback`` so Dash registers the checked function. An action about one
    unit's data is asked inside the callback, with the unit (``allowed``).
    """
    if action in PER_UNIT:
        raise ValueError(f"{action} is asked about one unit: use allowed(action, unit_id)")

    def decorate(function):
        @wraps(function)
        def checked(*args, **kwargs):
            if not allowed(action):
                abort(403)
            return function(*args, **kwargs)
        return checked
    return decorate
