"""Who may see and do what. Every page, callback and API call asks here, on the server."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from flask import abort
from flask_login import UserMixin, current_user

from .domain.rules import Actor

SEES_EVERY_UNIT = frozenset({"leader", "viewer", "admin"})


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

    @property
    def is_leader(self) -> bool:
        return self.role == "leader"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Scope:
    """The units whose data a user may read: all of them, or a fixed list."""

    unit_ids: tuple[int, ...] | None  # None means every unit

    @property
    def everything(self) -> bool:
        return self.unit_ids is None

    def allows(self, unit_id: int) -> bool:
        return self.unit_ids is None or unit_id in self.unit_ids


def scope_for(user) -> Scope:
    """What ``user`` may read: leaders, viewers and admins everything, a unit head their unit."""
    if not getattr(user, "is_authenticated", False):
        return Scope(unit_ids=())
    if user.role in SEES_EVERY_UNIT:
        return Scope(unit_ids=None)
    if user.role == "unit_head" and user.unit_id is not None:
        return Scope(unit_ids=(user.unit_id,))
    return Scope(unit_ids=())


def actor_of(user) -> Actor:
    """The rules' view of the signed-in user (anonymous: no rights at all)."""
    if not getattr(user, "is_authenticated", False):
        return Actor(0, "anonymous", None)
    return Actor(user.id, user.role, user.unit_id)


def require_role(*roles: str):
    """Refuse (403) a request unless the signed-in user has one of ``roles``.

    Place it *under* ``@callback`` so Dash registers the checked function.
    """
    def decorate(function):
        @wraps(function)
        def checked(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role not in roles:
                abort(403)
            return function(*args, **kwargs)
        return checked
    return decorate
