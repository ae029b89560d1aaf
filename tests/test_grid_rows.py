"""The tables' rows are sorted, filtered and cut into pages on the server, as the page asks:
pure logic, no database."""
from __future__ import annotations

import pytest

from dashboard.domain.grid_rows import MAX_BLOCK, GridRequestError, block
from dashboard.domain.vietnamese import sort_key

ROWS = [
    {"unit": "Xã Thạch Đài", "rank": 2, "overdue": 4},
    {"unit": "Phường Bắc Hà", "rank": None, "overdue": 0},
    {"unit": "Đức Thọ", "rank": 1, "overdue": 9},
    {"unit": "Dân Chủ", "rank": 3, "overdue": None},
    {"unit": "", "rank": 4, "overdue": 1},
]
SORTS = {"unit": lambda row: sort_key(row["unit"]), "rank": lambda row: row["rank"],
         "overdue": lambda row: row["overdue"]}
FILTERS = {"unit", "rank", "overdue"}


def _ask(**request):
    return block(ROWS, {"startRow": 0, "endRow": 50, **request}, SORTS, FILTERS)


def _units(result) -> list[str]:
    return [row["unit"] for row in result.rows]


def test_without_a_sort_the_rows_keep_their_order():
    assert _ask().rows == ROWS and _ask().count == 5


@pytest.mark.parametrize("direction, expected", [("asc", [1, 2, 3, 4, None]), ("desc", [4, 3, 2, 1, None])])
def test_an_empty_cell_sorts_last_either_way(direction, expected):
    assert [row["rank"] for row in _ask(sortModel=[{"colId": "rank", "sort": direction}]).rows] == expected


def test_names_sort_in_vietnamese_order():
    assert _units(_ask(sortModel=[{"colId": "unit", "sort": "asc"}])) == \
        ["", "Dân Chủ", "Đức Thọ", "Phường Bắc Hà", "Xã Thạch Đài"]


def test_several_sorts_apply_in_the_order_given():
    rows = [{"unit": name, "rank": rank, "overdue": 0} for name, rank in [("B", 1), ("A", 2), ("A", 1)]]
    request = {"sortModel": [{"colId": "unit", "sort": "asc"}, {"colId": "rank", "sort": "desc"}]}
    assert [(r["unit"], r["rank"]) for r in block(rows, request, SORTS, FILTERS).rows] == \
        [("A", 2), ("A", 1), ("B", 1)]


@pytest.mark.parametrize("condition, expected", [
    ({"filterType": "text", "type": "contains", "filter": "thach dai"}, ["Xã Thạch Đài"]),
    ({"filterType": "text", "type": "contains", "filter": "ĐỨC"}, ["Đức Thọ"]),
    ({"filterType": "text", "type": "startsWith", "filter": "d"}, ["Đức Thọ", "Dân Chủ"]),
    ({"filterType": "text", "type": "endsWith", "filter": "ha"}, ["Phường Bắc Hà"]),
    ({"filterType": "text", "type": "equals", "filter": "dan chu"}, ["Dân Chủ"]),
    ({"filterType": "text", "type": "notContains", "filter": "a"}, ["Đức Thọ", ""]),
    ({"filterType": "text", "type": "blank"}, [""]),
    ({"filterType": "text", "type": "notBlank"}, ["Xã Thạch Đài", "Phường Bắc Hà", "Đức Thọ", "Dân Chủ"]),
    ({"filterType": "text", "operator": "OR", "conditions": [
        {"filterType": "text", "type": "contains", "filter": "xa"},
        {"filterType": "text", "type": "contains", "filter": "phuong"}]}, ["Xã Thạch Đài", "Phường Bắc Hà"]),
    ({"filterType": "text", "operator": "AND", "conditions": [
        {"filterType": "text", "type": "contains", "filter": "h"},
        {"filterType": "text", "type": "contains", "filter": "u"}]}, ["Phường Bắc Hà", "Đức Thọ", "Dân Chủ"]),
])
def test_text_filters_forgive_case_and_missing_diacritics(condition, expected):
    assert _units(_ask(filterModel={"unit": condition})) == expected


@pytest.mark.parametrize("condition, expected", [
    ({"filterType": "number", "type": "greaterThan", "filter": 1}, [4, 9]),
    ({"filterType": "number", "type": "lessThanOrEqual", "filter": 1}, [0, 1]),
    ({"filterType": "number", "type": "inRange", "filter": 9, "filterTo": 1}, [4, 9, 1]),
    ({"filterType": "number", "type": "notEqual", "filter": 4}, [0, 9, None, 1]),
    ({"filterType": "number", "type": "blank"}, [None]),
])
def test_number_filters_compare_numbers(condition, expected):
    assert [row["overdue"] for row in _ask(filterModel={"overdue": condition}).rows] == expected


def test_a_block_is_the_rows_asked_for_and_the_count_all_matching():
    many = [{"unit": f"Xã {n:03}", "rank": n, "overdue": n} for n in range(250)]
    second = block(many, {"startRow": 50, "endRow": 100}, SORTS, FILTERS)
    assert [row["rank"] for row in second.rows] == list(range(50, 100)) and second.count == 250
    greedy = block(many, {"startRow": 0, "endRow": 10**6}, SORTS, FILTERS)
    assert len(greedy.rows) == MAX_BLOCK  # whatever a request asks for
    filtered = block(many, {"startRow": 0, "endRow": 50, "filterModel": {
        "overdue": {"filterType": "number", "type": "lessThan", "filter": 10}}}, SORTS, FILTERS)
    assert filtered.count == 10 and len(filtered.rows) == 10
    assert block(many, {"startRow": 300, "endRow": 350}, SORTS, FILTERS).rows == []


@pytest.mark.parametrize("request_", [
    None, [], {"startRow": -1, "endRow": 5}, {"startRow": 5, "endRow": 1}, {"startRow": "0", "endRow": 5},
    {"startRow": True, "endRow": 5}, {"sortModel": [{"colId": "secret", "sort": "asc"}]},
    {"sortModel": [{"colId": ["unit"], "sort": "asc"}]}, {"sortModel": [{"colId": "unit", "sort": "up"}]},
    {"sortModel": "unit"}, {"filterModel": []}, {"filterModel": {"secret": {"filterType": "text"}}},
    {"filterModel": {"unit": {"filterType": "text", "type": "regex", "filter": ".*"}}},
    {"filterModel": {"overdue": {"filterType": "number", "type": "equals", "filter": "1"}}},
    {"filterModel": {"overdue": {"filterType": "number", "type": "inRange", "filter": 1}}},
    {"filterModel": {"unit": {"filterType": "date", "type": "equals"}}},
    {"filterModel": {"unit": {"operator": "OR", "conditions": []}}},
    {"filterModel": {"unit": "xa"}},
])
def test_a_request_no_grid_sends_is_refused(request_):
    with pytest.raises(GridRequestError):
        block(ROWS, request_, SORTS, FILTERS)
