"""The daily digest: one message a day per person instead of a notification per event. Who
gets one, when its mail is tried again, and what a usable address looks like."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from .policy import Role
from .rules import Invalid

EMAIL_MAX = 254
MAIL_STATES = ("none", "pending", "sending", "sent", "failed")
MAIL_TRIES = 5  # then the digest is shown as failed to the admin (it stays in the inbox)
CLAIM_LASTS = timedelta(minutes=10)  # a run that claimed a mail and died leaves it to the next
DIGEST_ROLES = (Role.LEADER.value, Role.UNIT_HEAD.value)
# One plain mailbox: no display name, group, list or comment a mail header would read as more.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


def next_try(attempts: int, now: datetime) -> datetime:
    """After the n-th failed try: 5, 10, 20, 40 minutes (the mail server may be down a while)."""
    return now + timedelta(minutes=5 * 2 ** max(0, attempts - 1))


def check_email(raw) -> str | None:
    """An address to mail the digest to (None: the inbox only)."""
    text = (raw or "").strip() if isinstance(raw, str) else ""
    if not text:
        return None
    if len(text) > EMAIL_MAX:
        raise Invalid({"email": "too_long"})
    if not _EMAIL.fullmatch(text) or ".." in text or text.startswith(".") or ".@" in text:
        raise Invalid({"email": "invalid_email"})
    return text


def has_news(content: dict) -> bool:
    """Whether a digest says anything: an empty one is kept (the day is done) but not mailed."""
    return any(content.get(key) for key in ("due_today_total", "overdue_total", "urged_total",
                                            "extensions_total", "difficulties_total")) or bool(content.get("briefing"))
