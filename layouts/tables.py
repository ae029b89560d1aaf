"""Plain tables the server draws a page at a time: a sort button in each sortable header (with
aria-sort), a pager and its count. Light on a phone (no grid library to load), read by a screen
reader as a table. A page is asked for with a request of grid_rows' shape (startRow, endRow,
sortModel, filterModel), kept in a dcc.Store next to the table."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from flask_babel import gettext as _

from dashboard.domain import grid_rows
from dashboard.i18n import show_number

from . import ids

PAGE = 20  # rows per page: a phone's screenful, quick to draw (50 rows blocked a slow phone 1.2 s longer)
ARROWS = {"asc": " ▲", "desc": " ▼"}
ARIA_SORT = {"asc": "ascending", "desc": "descending"}


def first_request() -> dict:
    """The first page, in the rows' own order, unfiltered."""
    return {"startRow": 0, "endRow": PAGE, "sortModel": [], "filterModel": {}}


def _row_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def kept(request) -> dict:
    """What the browser kept of a request, each part as a request holds it or as it starts
    (the store comes back from the browser: anyone can send anything)."""
    request = request if isinstance(request, dict) else {}
    sorts = request.get("sortModel")
    filters = request.get("filterModel")
    start = request.get("startRow")
    end = request.get("endRow")
    return {
        "startRow": start if _row_number(start) else 0,
        "endRow": end if _row_number(end) and _row_number(start) and end >= start else
        (start if _row_number(start) else 0) + PAGE,
        "sortModel": sorts if isinstance(sorts, list) and all(
            isinstance(sort, dict) and isinstance(sort.get("colId"), str) for sort in sorts) else [],
        "filterModel": filters if isinstance(filters, dict) else {},
    }


def next_request(request: dict, *, sort_column: str | None = None, first_direction: dict | None = None,
                 step: int = 0, filters: dict | None = None) -> dict:
    """The request after a click on a column (its first direction, then the other), a step of
    pages, or new filters (which start again at the first page)."""
    request = kept(request)
    if sort_column is not None:
        current = (request["sortModel"] or [{}])[0]
        if current.get("colId") == sort_column:
            direction = "desc" if current.get("sort") == "asc" else "asc"
        else:
            direction = (first_direction or {}).get(sort_column, "asc")
        request.update(sortModel=[{"colId": sort_column, "sort": direction}], startRow=0, endRow=PAGE)
    if step:
        start = max(0, request["startRow"] + step * PAGE)
        request.update(startRow=start, endRow=start + PAGE)
    if filters is not None:
        request.update(filterModel=filters, startRow=0, endRow=PAGE)
    return request


def sort_of(request: dict) -> dict:
    """The column the request sorts by and its direction ({} for the rows' own order)."""
    return (request.get("sortModel") or [{}])[0] if isinstance(request, dict) else {}


def header(table: str, field: str, label, sort: dict, sortable: bool = True, tip: str = "",
           **cell) -> html.Th:
    """A column's header: a button that sorts by it (on the server), saying how it is sorted."""
    if not sortable:
        return html.Th(label, scope="col", title=tip or None, className=f"col-{field}", **cell)
    direction = sort.get("sort") if sort.get("colId") == field else None
    words = label if isinstance(label, list) else [label]
    return html.Th(html.Button([*words, html.Span(ARROWS.get(direction or "", ""), **{"aria-hidden": "true"})],
                               id={"type": ids.SORT_BUTTON, "table": table, "column": field},
                               className="sort-button", title=tip or None),
                   scope="col", className=f"col-{field}",
                   **{"aria-sort": ARIA_SORT.get(direction or "", "none")}, **cell)


def pager(previous_id: str, next_id: str, count_id: str, of: str) -> html.Div:
    """A count and Previous / Next buttons; a screen reader hears which list they page (``of``,
    after the words on the button): a page may hold two pagers."""
    which = html.Span(f" ({of})", className="visually-hidden")
    return html.Div([
        html.Span(id=count_id, className="text-muted small me-auto", **{"aria-live": "polite"}),
        dbc.Button([html.Span("‹ ", **{"aria-hidden": "true"}), _("Previous"), which], id=previous_id,
                   color="secondary", outline=True, disabled=True),
        dbc.Button([_("Next"), which, html.Span(" ›", **{"aria-hidden": "true"})], id=next_id,
                   color="secondary", outline=True, disabled=True),
    ], className="d-flex align-items-center gap-2 mt-2")


def page_text(first: int, shown: int, total: int, words: str) -> str:
    """"Units 1–50 of 500": ``words`` holds %(first)s, %(last)s and %(total)s."""
    if not total:
        return ""
    return words % {"first": show_number(first + 1), "last": show_number(first + shown),
                    "total": show_number(total)}


def clicked_sort(trigger, table: str, clicks) -> str | None:
    """The column whose sort button was clicked (not a new table's buttons appearing)."""
    if isinstance(trigger, dict) and trigger.get("type") == ids.SORT_BUTTON and trigger.get("table") == table \
            and isinstance(clicks, list) and any(clicks):
        return trigger.get("column") if isinstance(trigger.get("column"), str) else None
    return None


def asked(trigger, table: str, sorts, request: dict, sortable, first_direction: dict,
          previous_id: str, next_id: str) -> dict | None:
    """The page a click asks for: sorted by a column (``sortable``), or a page back or further;
    None when the trigger was no click (a new table's sort buttons appearing)."""
    column = clicked_sort(trigger, table, sorts)
    if column in sortable:
        return next_request(request, sort_column=column, first_direction=first_direction)
    if trigger in (previous_id, next_id):
        return next_request(request, step=-1 if trigger == previous_id else 1)
    return None


def page_of(rows: list[dict], request, sort_keys, filterable) -> tuple[grid_rows.Block, dict]:
    """The page of ``rows`` a request asks for, and the request as shown: one asking past the last
    row (there are fewer rows than when it was made) shows the first page. Raises
    grid_rows.GridRequestError for a request no table sends."""
    block = grid_rows.block(rows, request, sort_keys, filterable)
    shown = kept(request)
    if shown["startRow"] and shown["startRow"] >= block.count:
        shown.update(startRow=0, endRow=PAGE)
        block = grid_rows.block(rows, shown, sort_keys, filterable)
    return block, shown
