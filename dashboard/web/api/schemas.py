"""What the API reads and answers, as marshmallow schemas: flask-smorest checks requests against
them and writes the OpenAPI description from them. Limits are the domain's own (one place)."""
from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from dashboard.domain.policy import ROLES
from dashboard.domain.rules import FIRST_DAY, LAST_DAY
from dashboard.domain.vocabulary import (
    NOTE_MAX,
    OFFICIAL_MAX,
    PRIORITIES,
    SOURCE_MAX,
    STATUSES,
    TEXT_MAX,
    TITLE_MAX,
    UNIT_KINDS,
    UPDATE_STATUSES,
)
from db.task_reads import REGISTER_ORDERS
from layouts.register import BUCKETS

PERIODS = ("day", "week", "month", "custom")
UNITS_PER_CREATE = 1000  # one directive to every unit of a province, and then some
PER_PAGE_MAX = 100
SEARCH_MAX = 200
CODE = fields.String(validate=validate.Length(min=1, max=40))


class Strict(Schema):
    """A request body: an unknown field is refused, never silently dropped."""

    class Meta:
        unknown = RAISE


class Query(Schema):
    class Meta:
        unknown = RAISE  # a mistyped filter (?stauts=) is told, never silently ignored


class Day(fields.Date):
    """A day as the pages accept it (2000–2099): farther ones are typing mistakes, and would
    overflow the previous period's arithmetic."""

    def __init__(self, **kwargs) -> None:
        metadata = kwargs.pop("metadata", {})
        text = f"{metadata.get('description', '')} From {FIRST_DAY} to {LAST_DAY}.".strip()
        super().__init__(metadata=metadata | {"description": text}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(f"Must be a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}.")
        return day


class Flag(fields.Boolean):
    """true or false, nothing else ("yes", 1 or "on" approve nothing by accident)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


# --- shared answers --------------------------------------------------------------------------

class Problem(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "What is wrong with each field, in words."})
    codes = fields.Dict(keys=fields.String(), values=fields.String(),
                        metadata={"description": "The same problems as stable codes, for programs."})
    current = fields.Dict(metadata={"description": "409: the task as it is now (with its version)."})


class UnitRef(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class Span(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)


# --- units, feedback points ------------------------------------------------------------------

class Unit(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(UNIT_KINDS))
    parent = fields.String(allow_none=True, metadata={"description": "The parent unit's code."})


class UnitList(Schema):
    items = fields.List(fields.Nested(Unit), required=True)


class FeedbackPoint(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    unit = fields.Nested(UnitRef, required=True)
    form = fields.String(required=True, metadata={"description": "The citizens' rating form (path)."})


class FeedbackPointList(Schema):
    items = fields.List(fields.Nested(FeedbackPoint), required=True)


class Me(Schema):
    username = fields.String(required=True)
    full_name = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    unit = fields.String(allow_none=True, metadata={"description": "The unit a unit head heads."})
    read_only = fields.Boolean(required=True, metadata={"description": "This token only reads."})


# --- tasks -----------------------------------------------------------------------------------

class TaskQuery(Query):
    search = fields.String(validate=validate.Length(max=SEARCH_MAX),
                           metadata={"description": "Words of the title or the source document."})
    status = fields.String(validate=validate.OneOf(STATUSES))
    bucket = fields.String(validate=validate.OneOf(BUCKETS), metadata={"description": "As of today."})
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    unit = CODE
    due_from = Day()
    due_to = Day()
    sort = fields.String(validate=validate.OneOf(REGISTER_ORDERS),
                         metadata={"description": "Omitted: the most urgent first, as the register."})
    descending = fields.Boolean(load_default=False, truthy={"true", "1"}, falsy={"false", "0"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PER_PAGE_MAX))


IDEMPOTENCY_HEADER = "Idempotency-Key"


class IdempotencyHeader(Schema):
    class Meta:
        unknown = EXCLUDE  # every other header

    key = fields.String(data_key=IDEMPOTENCY_HEADER, validate=validate.Length(min=1, max=100),
                        metadata={"description": "Any unique text (a UUID): the same POST sent again with it "
                                                 "returns the first answer and makes nothing."})


class TaskRow(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    unit = fields.Nested(UnitRef, required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    progress = fields.Integer(required=True)
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    due_date = fields.Date(required=True)
    done_on_time = fields.Boolean(allow_none=True)


class TaskList(Schema):
    as_of = fields.Date(required=True, metadata={"description": "Today: the day buckets are counted."})
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    items = fields.List(fields.Nested(TaskRow), required=True)


class PendingExtension(Schema):
    id = fields.Integer(required=True)
    new_due_date = fields.Date(required=True)
    reason = fields.String(required=True)
    requested_at = fields.DateTime(required=True)


class Task(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    source_ref = fields.String(allow_none=True)
    expected_result = fields.String(required=True)
    responsible_official = fields.String(allow_none=True)
    lead_unit = fields.Nested(UnitRef, required=True)
    coordinating_units = fields.List(fields.String(), required=True)
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    start_date = fields.Date(required=True)
    due_date = fields.Date(required=True)
    leader_due_date = fields.Date(required=True, metadata={"description": "As assigned, before extensions."})
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    progress = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    version = fields.Integer(required=True, metadata={"description": "Send it back with each change."})
    pending_extension = fields.Nested(PendingExtension, allow_none=True)


class Created(Schema):
    items = fields.List(fields.Nested(Task), required=True)


def _text(limit: int, **kwargs) -> fields.String:
    return fields.String(validate=validate.Length(max=limit), **kwargs)


class NewTask(Strict):
    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_MAX))
    lead_units = fields.List(CODE, required=True, validate=validate.Length(min=1, max=UNITS_PER_CREATE),
                             metadata={"description": "One task is made for each unit (one directive to many)."})
    coordinating_units = fields.List(CODE, load_default=list, validate=validate.Length(max=UNITS_PER_CREATE))
    due_date = Day(required=True)
    start_date = Day(metadata={"description": "Omitted: today."})
    priority = fields.String(load_default="normal", validate=validate.OneOf(PRIORITIES))
    description = _text(TEXT_MAX, load_default="")
    expected_result = _text(TEXT_MAX, load_default="")
    source_ref = _text(SOURCE_MAX, load_default="", metadata={"description": "e.g. 123/UBND-VP"})


class Versioned(Strict):
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1),
                             metadata={"description": "The version you read: a change made since is a 409."})


class TaskEdit(Versioned):
    title = fields.String(validate=validate.Length(min=1, max=TITLE_MAX))
    lead_unit = CODE
    start_date = Day()
    due_date = Day()
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    reason = _text(NOTE_MAX, load_default="")


class Cancel(Versioned):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=NOTE_MAX))


class Update(Versioned):
    status = fields.String(required=True, validate=validate.OneOf(UPDATE_STATUSES))
    progress = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100),
                              metadata={"description": "done means 100, whatever is sent."})
    note = _text(NOTE_MAX, load_default="")
    responsible_official = _text(OFFICIAL_MAX)


class ExtensionRequest(Versioned):
    new_due_date = Day(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=NOTE_MAX))


class Decision(Versioned):
    approve = Flag(required=True)
    note = _text(NOTE_MAX, load_default="")


NOTE_KINDS = ("difficulty", "direction", "urge", "evaluation")


class Note(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(NOTE_KINDS),
                         metadata={"description": "difficulty: a unit head asks for direction; direction, "
                                                  "urge, evaluation: a leader's."})
    text = fields.String(required=True, validate=validate.Length(min=1, max=NOTE_MAX))


HISTORY_KINDS = ("assigned", "edited", "update", "extension_requested", "extension_decided", *NOTE_KINDS)


class HistoryEntry(Schema):
    at = fields.DateTime(required=True)
    kind = fields.String(required=True, metadata={"enum": list(HISTORY_KINDS)})
    who = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    progress = fields.Integer(allow_none=True)
    note = fields.String(required=True)
    due_date = fields.Date(allow_none=True)
    old_due_date = fields.Date(allow_none=True)
    decision = fields.String(allow_none=True, metadata={"description": "approved or rejected (an extension); "
                                                                       "resolved (a difficulty)."})
    unit_name = fields.String(allow_none=True)


class History(Schema):
    items = fields.List(fields.Nested(HistoryEntry), required=True)


# --- figures ---------------------------------------------------------------------------------

class FiguresQuery(Query):
    day = Day(metadata={"description": "The as-of day; omitted: today."})
    period = fields.String(load_default="week", validate=validate.OneOf(PERIODS),
                           metadata={"description": "Omitted: week. custom takes start and end (then day is "
                                                    "not used); a custom range may end after today."})
    start = Day(metadata={"description": "period=custom: its first day."})
    end = Day(metadata={"description": "period=custom: its last day."})


class Window(Schema):
    period = fields.String(required=True, validate=validate.OneOf(PERIODS))
    as_of = fields.Date(required=True)
    whole = fields.Nested(Span, required=True, metadata={"description": "The whole chosen period."})
    shown = fields.Nested(Span, required=True, metadata={"description": "Its part up to the as-of day."})
    previous = fields.Nested(Span, required=True, metadata={"description": "What it is compared with."})


class Figure(fields.Field):
    """A count or a rate as the read services give it: a whole number stays whole."""

    def __init__(self, **kwargs) -> None:
        super().__init__(allow_none=True, required=True, metadata={"type": "number"}, **kwargs)


class Change(Schema):
    value = Figure()
    previous = Figure()


class Headline(Schema):
    open = fields.Nested(Change, required=True)
    overdue = fields.Nested(Change, required=True)
    due_soon = fields.Nested(Change, required=True)
    done_on_time = fields.Nested(Change, required=True)
    done_late = fields.Nested(Change, required=True)
    done_after_extension = fields.Nested(Change, required=True)
    on_time_rate = fields.Nested(Change, required=True)
    silent_units = fields.Nested(Change, required=True)
    satisfaction_rate = fields.Nested(Change, required=True)
    ratings = fields.Nested(Change, required=True)
    satisfaction_enough = fields.Boolean(required=True)
    recommendations_on_time = fields.Nested(Change, required=True)
    recommendations_due = fields.Integer(required=True)
    recommendations_overdue = fields.Nested(Change, required=True)


class Satisfaction(Schema):
    counts = fields.List(fields.Integer(), required=True, metadata={"description": "Ratings scoring 1 … 5."})
    n = fields.Integer(required=True)
    rate = fields.Float(allow_none=True, required=True, metadata={"description": "Share scoring 4 or 5."})
    interval = fields.List(fields.Float(), allow_none=True, required=True,
                           metadata={"description": "95 % Wilson interval of the rate."})
    enough = fields.Boolean(required=True, metadata={"description": "Enough ratings to rank."})


class RankingRow(Schema):
    rank = fields.Integer(allow_none=True, required=True)
    unit = fields.Nested(UnitRef, required=True)
    done_on_time = fields.Integer(required=True)
    done_late = fields.Integer(required=True)
    within_deadline = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    max_days_overdue = fields.Integer(required=True)
    on_time_rate = fields.Float(allow_none=True, required=True)
    severity = fields.String(required=True, validate=validate.OneOf(("green", "amber", "red")))
    last_update_at = fields.DateTime(allow_none=True, required=True)
    satisfaction = fields.Nested(Satisfaction, required=True)


class OverviewFigures(Schema):
    window = fields.Nested(Window, required=True)
    headline = fields.Nested(Headline, required=True)
    ranking = fields.List(fields.Nested(RankingRow), required=True)
    silent_units = fields.List(fields.Nested(UnitRef), required=True)


class WeekTotals(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    done_on_time = fields.Integer(required=True)
    done_late = fields.Integer(required=True)
    overdue_at_end = fields.Integer(required=True)


class UnitFigures(Schema):
    unit = fields.Nested(UnitRef, required=True)
    window = fields.Nested(Window, required=True)
    headline = fields.Nested(Headline, required=True)
    buckets = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                          metadata={"description": f"Tasks in each of {', '.join(BUCKETS)} (none: left out)."})
    overdue_total = fields.Integer(required=True)
    weeks = fields.List(fields.Nested(WeekTotals), required=True)


class SatisfactionQuery(FiguresQuery):
    unit = CODE


class PointFigures(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    unit_name = fields.String(required=True)
    satisfaction = fields.Nested(Satisfaction, required=True)


class UnitRating(Schema):
    rank = fields.Integer(allow_none=True, required=True)
    name = fields.String(required=True)
    satisfaction = fields.Nested(Satisfaction, required=True)


class SatisfactionFigures(Schema):
    window = fields.Nested(Window, required=True)
    total = fields.Nested(Satisfaction, required=True)
    dimensions = fields.Dict(keys=fields.String(), values=fields.Nested(Satisfaction), required=True)
    units = fields.List(fields.Nested(UnitRating), required=True)
    points = fields.List(fields.Nested(PointFigures), required=True)

