"""The words and limits stored data is made of, defined once: the database's constraints, the
rules that check input, the forms that collect it and the messages that explain a refusal all
read them from here."""
from __future__ import annotations

from .model import Status

STATUSES = tuple(status.value for status in Status)
OPEN_STATUSES = (Status.NOT_STARTED.value, Status.IN_PROGRESS.value)
UPDATE_STATUSES = (*OPEN_STATUSES, Status.DONE.value)  # cancelling is a leader's act
PRIORITIES = ("low", "normal", "high", "urgent")
UNIT_KINDS = ("office", "commune")
CALENDAR_KINDS = ("off", "working", "national")  # a local day off, a make-up working day, as the nation's

TITLE_MAX = 300  # a task's title
TEXT_MAX = 2000  # descriptions, expected results
SOURCE_MAX = 80  # the number of the document a task comes from ("123/UBND-VP")
OFFICIAL_MAX = 200  # the official a unit names as responsible
NAME_MAX = 200  # a person's full name, a unit's name, a counter's label
NOTE_MAX = 1000  # update notes, reasons, directions
COMMENT_MAX = 1000  # a citizen's comment
MIN_PASSWORD = 10  # characters
MODERATION_REASON_MAX = 300  # why a comment was hidden or held ratings kept out
