"""Plain tables the server draws a page at a time: a sort button in each sortable header (with
aria-sort), a pager and its count. Light on a phone (no grid library to load), read by a screen
reader as a table. A page is asked for with a request of grid_rows' shape (startRow, endRow,
sortModel, filterModel), kept in a dcc.Store next to the table."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from flask_babel import gettext as _

from dashboard.i18n import show_number

from . import ids

PAGE = 20  # rows per page: a phone's screenful, quick to draw (50 rows blocked a slow phone 1.2 s longer)
ARROWS = {"asc": " ▲", "desc": " ▼"}
ARIA_SORT = {"asc": "ascending", "desc": "descending"}


def first_request() -> dict:
    """The first page, in the rows' own order, unfiltered."""
    return {"startRow": 0, "endRow": PAGE, "sortModel": [], "filterModel": {}}


def next_request(request: dict, *, sort_column: str | None = None, first_direction: dict | None = None,
                 step: int = 0, filters: dict | None = None) -> dict:
    """The request after a click on a column (its first direction, then the other), a step of
    pages, or new filters (which start again at the first page)."""
    request = {**first_request(), **(request if isinstance(request, dict) else {})}
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


def header(table: str, field: str, label: str, sort: dict, sortable: bool = True, tip: str = "",
           **cell) -> html.Th:
    """A column's header: a button that sorts by it (on the server), saying how it is sorted."""
    if not sortable:
        return html.Th(label, scope="col", title=tip or None, className=f"col-{field}", **cell)
    direction = sort.get("sort") if sort.get("colId") == field else None
    return html.Th(html.Button([label, html.Span(ARROWS.get(direction or "", ""), **{"aria-hidden": "true"})],
                               id={"type": ids.SORT_BUTTON, "table": table, "column": field},
                               className="sort-button", title=tip or None),
                   scope="col", className=f"col-{field}",
                   **{"aria-sort": ARIA_SORT.get(direction or "", "none")}, **cell)


def pager(previous_id: str, next_id: str, count_id: str) -> html.Div:
    return html.Div([
        html.Span(id=count_id, className="text-muted small me-auto", **{"aria-live": "polite"}),
        dbc.Button(["‹ ", _("Previous")], id=previous_id, color="secondary", outline=True, disabled=True),
        dbc.Button([_("Next"), " ›"], id=next_id, color="secondary", outline=True, disabled=True),
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
            and any(clicks or []):
        return trigger.get("column") if isinstance(trigger.get("column"), str) else None
    return None
