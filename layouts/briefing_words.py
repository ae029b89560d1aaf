"""The briefing's own words, shared by its pages, its printed memos and the meeting-room screen."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from dashboard import clock
from dashboard.domain.briefings import week_of
from dashboard.domain.periods import local_day

if TYPE_CHECKING:
    from db.briefings import Meeting


def attending_label(attending: str) -> str:
    return {"all": _("All units"), "office": _("The offices"), "commune": _("The communes")}.get(attending, attending)


def kind_label(kind: str) -> str:
    return {"directive": _("Directive"), "urge": _("Urge"), "direction": _("Direction on a difficulty"),
            "commendation": _("Commendation"), "reprimand": _("Reprimand")}.get(kind, kind)


def meeting_title(meeting: Meeting) -> str:
    """"Giao ban tuần 49/2026", or the one-off meeting's own title."""
    if meeting.title:
        return meeting.title
    week, year = week_of(local_day(meeting.held_at, clock.local_zone()))
    return _("Weekly briefing, week %(week)s/%(year)s", week=week, year=year)
