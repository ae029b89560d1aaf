"""The notice over every page when the database cannot take requests now (restarting, disk
full, read-only): said in a callback's answer, or in the layout of the page being opened."""
from __future__ import annotations

import logging

from dash import set_props
from dash.exceptions import MissingCallbackContextException
from flask import g
from flask_babel import gettext as _

from db.portable import is_unavailable
from layouts.ids import DB_NOTICE

log = logging.getLogger(__name__)


def unavailable_message() -> str:
    return _("The database cannot take changes right now, so nothing was saved. Please try again "
             "in a minute; if this keeps happening, tell the IT officer.")


def database_away(error: Exception) -> bool:
    """Whether ``error`` is the database not taking requests now; if so the notice is shown over
    the page: in a callback's answer, or in the app's layout being made (dashboard/web/pages.py)."""
    if not is_unavailable(error):
        return False
    log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    g.database_away = True
    try:
        set_props(DB_NOTICE, {"children": unavailable_message(), "is_open": True})
    except (LookupError, MissingCallbackContextException):
        pass  # not in a callback: the layout shows it
    return True
