"""One page of a table's rows, sorted and filtered on the server as the page asks (a request of
startRow, endRow, sortModel, filterModel; layouts/tables.py): the browser receives the rows it
shows, never all of them.

Text filters forgive case and missing diacritics ("thach dai" finds "Thạch Đài"), the way
officials type; numbers compare as numbers; an empty cell sorts last either way."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .vietnamese import fold

MAX_BLOCK = 100  # rows in one answer, whatever a request asks for

Row = Mapping[str, Any]


class GridRequestError(ValueError):
    """A request no grid sends (a hand-made or damaged one)."""


@dataclass(frozen=True, slots=True)
class Block:
    rows: list[Row]
    count: int  # rows matching the filters, all blocks together


def _text_test(kind: object, wanted: object) -> Callable[[object], bool]:
    target = fold(str(wanted)) if wanted is not None else ""
    tests = {
        "contains": lambda value: target in fold(str(value)),
        "notContains": lambda value: target not in fold(str(value)),
        "equals": lambda value: fold(str(value)) == target,
        "notEqual": lambda value: fold(str(value)) != target,
        "startsWith": lambda value: fold(str(value)).startswith(target),
        "endsWith": lambda value: fold(str(value)).endswith(target),
    }
    if kind not in tests or not isinstance(kind, str):  # every key is a str: narrows the type
        raise GridRequestError(f"text filter {kind!r}")
    test = tests[kind]
    if kind in ("notContains", "notEqual"):  # an empty cell does not contain the word
        return lambda value: value in (None, "") or test(value)
    return lambda value: value not in (None, "") and test(value)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GridRequestError("a number filter needs a number")
    return float(value)


def _number_test(kind: object, condition: Mapping) -> Callable[[Any], bool]:  # a cell holds Any
    if kind == "inRange":
        low, high = sorted((_number(condition.get("filter")), _number(condition.get("filterTo"))))
        return lambda value: value is not None and low <= value <= high
    wanted = _number(condition.get("filter"))
    tests = {
        "equals": lambda value: value == wanted, "notEqual": lambda value: value != wanted,
        "lessThan": lambda value: value < wanted, "lessThanOrEqual": lambda value: value <= wanted,
        "greaterThan": lambda value: value > wanted, "greaterThanOrEqual": lambda value: value >= wanted,
    }
    if kind not in tests or not isinstance(kind, str):  # every key is a str: narrows the type
        raise GridRequestError(f"number filter {kind!r}")
    test = tests[kind]
    if kind == "notEqual":
        return lambda value: value is None or test(value)
    return lambda value: value is not None and test(value)


def _condition(column: str, condition: object) -> Callable[[Row], bool]:
    if not isinstance(condition, Mapping):
        raise GridRequestError("a filter is an object")
    if "conditions" in condition:  # several conditions joined by AND or OR
        parts = condition["conditions"]
        if not isinstance(parts, list) or not parts:
            raise GridRequestError("conditions")
        tests = [_condition(column, part) for part in parts]
        joined = all if condition.get("operator", "AND") == "AND" else any
        return lambda row: joined(test(row) for test in tests)
    kind, filter_type = condition.get("type"), condition.get("filterType")
    if kind == "blank":
        return lambda row: row.get(column) in (None, "")
    if kind == "notBlank":
        return lambda row: row.get(column) not in (None, "")
    if filter_type == "text":
        test = _text_test(kind, condition.get("filter"))
    elif filter_type == "number":
        test = _number_test(kind, condition)
    else:
        raise GridRequestError(f"filter type {filter_type!r}")
    return lambda row: test(row.get(column))


def block(rows: Sequence[Row], request: object, sort_keys: Mapping[str, Callable[[Row], Any]],
          filterable: set[str]) -> Block:
    """The rows from ``startRow`` to ``endRow`` (at most MAX_BLOCK) of ``rows`` filtered and
    sorted as ``request`` says; ``rows`` stay in their own order when no sort is asked.
    ``sort_keys`` names the columns that may be sorted and how; ``filterable`` those that may
    be filtered. Raises GridRequestError for anything else."""
    if not isinstance(request, Mapping):
        raise GridRequestError("a request is an object")
    start, end = request.get("startRow", 0), request.get("endRow", MAX_BLOCK)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)) or not 0 <= start <= end:
        raise GridRequestError("startRow and endRow")
    chosen = arranged(rows, request, sort_keys, filterable)
    return Block(chosen[start:min(end, start + MAX_BLOCK)], len(chosen))


def arranged(rows: Sequence[Row], request: Mapping, sort_keys: Mapping[str, Callable[[Row], Any]],
             filterable: set[str]) -> list[Row]:
    """Every row of ``rows`` the request's filters keep, in its sort order (an export of what
    the grid shows). Raises GridRequestError as ``block`` does."""
    filters, sorts = request.get("filterModel"), request.get("sortModel")
    filters, sorts = {} if filters is None else filters, [] if sorts is None else sorts
    if not isinstance(filters, Mapping) or not isinstance(sorts, list):
        raise GridRequestError("filterModel and sortModel")
    tests = []
    for column, condition in filters.items():
        if column not in filterable:
            raise GridRequestError(f"column {column!r} cannot be filtered")
        tests.append(_condition(column, condition))
    chosen = [row for row in rows if all(test(row) for test in tests)]
    for sort in reversed(sorts):  # stable sorts, the last key first
        if not isinstance(sort, Mapping) or not isinstance(sort.get("colId"), str) \
                or sort["colId"] not in sort_keys or sort.get("sort") not in ("asc", "desc"):
            raise GridRequestError("sortModel")
        key = sort_keys[sort["colId"]]
        present = [row for row in chosen if key(row) is not None]
        empty = [row for row in chosen if key(row) is None]
        chosen = sorted(present, key=key, reverse=sort["sort"] == "desc") + empty
    return chosen
