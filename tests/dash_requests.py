"""Crafted Dash callback requests, as the browser would send them."""
from __future__ import annotations

from dash import Input

from callbacks import overview, task_page, unit_page
from callbacks.contract import pairs
from layouts import figures, ids
from layouts.components import deferred_of


def units_list_body() -> dict:
    return {
        "output": f"..{ids.UNITS_TABLE}.children...{ids.UNITS_AS_OF}.children..",
        "outputs": [{"id": ids.UNITS_TABLE, "property": "children"},
                    {"id": ids.UNITS_AS_OF, "property": "children"}],
        "inputs": [{"id": ids.UNITS_LOAD, "property": "data", "value": True}],
        "changedPropIds": [f"{ids.UNITS_LOAD}.data"],
        "state": [],
    }


def post_callback(client, body: dict, with_csrf: bool = True):
    headers = {}
    if with_csrf:
        client.get("/", follow_redirects=True)  # a page load sets the token cookie, as in a browser
        headers["X-CSRFToken"] = client.get_cookie("_csrf_token").value
    return client.post("/_dash-update-component", json=body, headers=headers)


def callback_body(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]],
                  state: list[tuple[str, str, object]] = ()) -> dict:
    """A callback request as Dash's front end builds it."""
    if len(outputs) == 1:
        output = f"{outputs[0][0]}.{outputs[0][1]}"
        outputs_spec = {"id": outputs[0][0], "property": outputs[0][1]}
    else:
        output = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
        outputs_spec = [{"id": i, "property": p} for i, p in outputs]
    return {
        "output": output, "outputs": outputs_spec,
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }




def declared_body(outputs: dict, inputs: dict, values: dict, state: dict | None = None) -> dict:
    """A request for a dict-form callback, built from the callback's own declarations (so it
    follows them); ``values`` by the names the callback gives its inputs and state."""
    def named(declared):
        return [(component, prop, values.get(name)) for name, (component, prop) in zip(declared, pairs(declared))]
    return callback_body(pairs(outputs), named(inputs), named(state or {}))


def overview_body(as_of: str, period: str = "week", start=None, end=None) -> dict:
    return declared_body(overview.OVERVIEW, overview.WINDOW, dict(as_of=as_of, kind=period, start=start, end=end))


def ranking_block_body(as_of: str, period: str = "week", *, start_row: int = 0, end_row: int = 50,
                       sort=(), filters=None, source="shown") -> dict:
    """The ranking table asking for a page of rows, after the overview answered (``source``)."""
    request = {"startRow": start_row, "endRow": end_row, "sortModel": list(sort), "filterModel": filters or {}}
    return declared_body(overview.RANKING_PAGE, {"request": Input(ids.OVERVIEW_RANKING_REQUEST, "data"),
                                                 "source": Input(ids.OVERVIEW_RANKING_SOURCE, "data")},
                         dict(request=request, source=source, as_of=as_of, kind=period),
                         dict(zip(("as_of", "kind", "start", "end"), overview.CONTROLS)))


def _text(component) -> str:
    """The words a component shows (its children, flattened)."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, list):
        return "".join(_text(child) for child in component)
    return _text(component.get("props", {}).get("children"))


def _number(text: str):
    if text in ("", "—"):
        return None
    if text.endswith("%"):
        return float(text[:-1].replace(",", "."))  # "95,2%" or "95.2%": one decimal, no thousands
    return int(text.replace(".", "").replace(",", ""))


RANKING_NUMBERS = {"rank", "due", "due_on_time", "on_time_rate", "done_on_time", "done_late", "within_deadline",
                   "overdue", "max_days_overdue"}
REGISTER_NUMBERS = {"id", "progress"}


def table_rows(table: dict, numbers=REGISTER_NUMBERS) -> list[dict]:
    """The rows of a drawn table (the ranking, the register), by column ("col-<field>" on each
    cell), numbers read back as numbers, a unit's code from its link and the severity or the
    bucket from its colour class."""
    body = next(part for part in table["props"]["children"] if part["type"] == "Tbody")["props"]["children"]
    rows = []
    for row in body:
        cells = row["props"]["children"]
        if not isinstance(cells, list):
            continue  # "no unit matches"
        read = {}
        for cell in cells:
            classes = cell["props"].get("className", "").split()
            field = next(c[4:] for c in classes if c.startswith("col-"))
            children = cell["props"]["children"]
            # the register's title cell also names the unit under it, for phones
            text = _text(children[0] if field == "title" and isinstance(children, list) else cell)
            read[field] = _number(text) if field in numbers else text
            link = cell["props"]["children"]
            if field == "unit" and isinstance(link, dict):
                read["code"] = link["props"]["href"].rsplit("/", 1)[1]
            for kind, prefix in (("level", "grid-severity-"), ("bucket", "grid-bucket-")):
                for name in classes:
                    if name.startswith(prefix):
                        read[kind] = name[len(prefix):]
        rows.append(read)
    return rows


def ranking_rows(client, as_of: str, period: str = "week", **request) -> list[dict]:
    """Every row of the ranking, page after page, as a reader would go through them."""
    rows: list[dict] = []
    while True:
        answer = post_callback(client, ranking_block_body(as_of, period, start_row=len(rows),
                                                          end_row=len(rows) + 50, **request))
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
        response = answer.get_json()["response"]
        page = table_rows(response[deferred_of(ids.OVERVIEW_RANKING)]["data"], RANKING_NUMBERS)
        rows += page
        if not page or response[ids.OVERVIEW_RANKING_NEXT]["disabled"]:
            return rows


def unit_body(code: str, as_of: str, period: str = "week") -> dict:
    return declared_body(unit_page.UNIT_PAGE, unit_page.WINDOW, dict(as_of=as_of, kind=period, code=code),
                         unit_page.UNIT)


def unit_options_body(search=None, chosen=None) -> dict:
    return callback_body([(ids.OVERVIEW_WEEKLY_UNIT, "options")],
                         [(ids.OVERVIEW_WEEKLY_UNIT, "search_value", search)],
                         [(ids.OVERVIEW_WEEKLY_UNIT, "value", chosen)])


def weekly_body(as_of: str, unit_code=None) -> dict:
    chart = figures.chart_output(ids.OVERVIEW_WEEKLY_GRAPH)
    return callback_body([(chart.component_id, chart.component_property)],
                         [(ids.OVERVIEW_AS_OF, "date", as_of), (ids.OVERVIEW_WEEKLY_UNIT, "value", unit_code)])


def task_body(task_id: str) -> dict:
    return declared_body(task_page.TASK_PAGE, task_page.TASK, dict(task_id=task_id, refresh=0))


def registered_body(client, trigger: str, values: dict, dependencies: list | None = None,
                    output: str | None = None) -> dict:
    """A request for the callback triggered by ``trigger`` (and writing ``output``, when several
    share the trigger), built from the app's own /_dash-dependencies (outputs with
    allow_duplicate carry a suffix only the app knows). ``values`` maps "id.property" to the
    value sent for each input and state."""
    dependencies = dependencies or client.get("/_dash-dependencies").get_json()
    spec = next(d for d in dependencies if any(i["id"] == trigger for i in d["inputs"])
                and (output is None or output in d["output"]))

    def item(entry):
        key = f"{entry['id']}.{entry['property']}"
        return {"id": entry["id"], "property": entry["property"], "value": values.get(key)}

    outputs = []
    for part in spec["output"].strip(".").split("..."):
        name, _, prop = part.rpartition(".")
        outputs.append({"id": name, "property": prop})
    return {"output": spec["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [item(i) for i in spec["inputs"]], "state": [item(s) for s in spec["state"]],
            "changedPropIds": [f"{trigger}.n_clicks"]}


def update_body(client, task_id, status, progress, note, version, official=None,
                dependencies: list | None = None) -> dict:
    return registered_body(client, ids.UPDATE_SAVE, dependencies=dependencies, values={
        f"{ids.UPDATE_OFFICIAL}.value": official,
        f"{ids.UPDATE_SAVE}.n_clicks": 1, f"{ids.UPDATE_STATUS}.value": status,
        f"{ids.UPDATE_PROGRESS}.value": progress, f"{ids.UPDATE_NOTE}.value": note,
        f"{ids.TASK_ID}.data": str(task_id), f"{ids.TASK_VERSION}.data": version,
        f"{ids.TASK_REFRESH}.data": 0})


def note_body(client, kind: str, text, task_id) -> dict:
    if kind == "difficulty":
        return registered_body(client, ids.DIFFICULTY_SEND, {
            f"{ids.DIFFICULTY_SEND}.n_clicks": 1, f"{ids.DIFFICULTY_TEXT}.value": text,
            f"{ids.TASK_ID}.data": str(task_id), f"{ids.TASK_REFRESH}.data": 0})
    return registered_body(client, ids.LEADER_NOTE_SEND, {
        f"{ids.LEADER_NOTE_SEND}.n_clicks": 1, f"{ids.LEADER_NOTE_KIND}.value": kind,
        f"{ids.LEADER_NOTE_TEXT}.value": text, f"{ids.TASK_ID}.data": str(task_id),
        f"{ids.TASK_REFRESH}.data": 0})


def extension_body(client, task_id, new_due, reason, version) -> dict:
    return registered_body(client, ids.EXTENSION_SEND, {
        f"{ids.EXTENSION_SEND}.n_clicks": 1, f"{ids.EXTENSION_DATE}.value": new_due,
        f"{ids.EXTENSION_REASON}.value": reason, f"{ids.TASK_ID}.data": str(task_id),
        f"{ids.TASK_VERSION}.data": version, f"{ids.TASK_REFRESH}.data": 0})


def decision_body(client, task_id, approve: bool, note="") -> dict:
    trigger = ids.DECISION_APPROVE if approve else ids.DECISION_REJECT
    body = registered_body(client, ids.DECISION_APPROVE, {
        f"{trigger}.n_clicks": 1, f"{ids.DECISION_NOTE}.value": note,
        f"{ids.TASK_ID}.data": str(task_id), f"{ids.TASK_REFRESH}.data": 0})
    body["changedPropIds"] = [f"{trigger}.n_clicks"]
    return body


def export_body(as_of: str, button: str = ids.OVERVIEW_EXPORT_XLSX, table_request: dict | None = None) -> dict:
    """An export of the ranking, the table having last asked for its rows with ``table_request``."""
    body = callback_body([(ids.OVERVIEW_DOWNLOAD, "data")],
                         [(ids.OVERVIEW_EXPORT_CSV, "n_clicks", 1 if button == ids.OVERVIEW_EXPORT_CSV else None),
                          (ids.OVERVIEW_EXPORT_XLSX, "n_clicks", 1 if button == ids.OVERVIEW_EXPORT_XLSX else None)],
                         [(ids.OVERVIEW_RANKING_REQUEST, "data", table_request),
                          (ids.OVERVIEW_AS_OF, "date", as_of), (ids.OVERVIEW_PERIOD, "value", "week"),
                          (ids.OVERVIEW_RANGE, "start_date", None), (ids.OVERVIEW_RANGE, "end_date", None)])
    body["changedPropIds"] = [f"{button}.n_clicks"]
    return body


def xlsx_body(as_of: str) -> dict:
    return export_body(as_of)


def edit_body(client, task_id, version, **values) -> dict:
    base = {f"{ids.EDIT_SAVE}.n_clicks": 1, f"{ids.TASK_ID}.data": str(task_id),
            f"{ids.TASK_VERSION}.data": version, f"{ids.TASK_REFRESH}.data": 0}
    return registered_body(client, ids.EDIT_SAVE, {**base, **{
        f"{key.replace('__', '.')}": value for key, value in values.items()}})
