"""The meeting-room screen: a static shell, then one skeleton per display with empty, named slots.

Every slot is a leaf (a text, a class or a style) marked ``data-slot``, ``data-slot-class`` or
``data-slot-style``. The refresh fills and changes slots with ``Patch`` operations addressed by
their path in the slide's tree, so a change sends a few strings, never a component tree.
Sizes are in rem and the root font follows the viewport: the same page fills 1920×1080 and
3840×2160, readable from the back of the room.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dash import dcc, html
from dash.development.base_component import Component
from flask_babel import gettext as _

from dashboard.domain.overview import Change, Headline, RankingRow, red_first
from dashboard.domain.satisfaction import Satisfaction
from dashboard.domain.units import Severity
from dashboard.i18n import show_date, show_number, show_percent

from . import ids
from .components import severity_label

RANKING_ROWS = 12
OVERDUE_ROWS = 10
PROGRESS_WEEKS = 12
SATISFACTION_ROWS = 10
TITLE_MAX = 110  # characters of a task title on screen
EMPTY = "slot-empty"  # a row with nothing to show keeps its place, invisibly


# ---- the shell, served to every display before it knows which one it is ----

def shell() -> html.Div:
    return html.Div([
        dcc.Location(id=ids.DISPLAY_URL, refresh=False),
        dcc.Store(id=ids.DISPLAY_CONFIG), dcc.Store(id=ids.DISPLAY_WANTED),
        dcc.Store(id=ids.DISPLAY_SHOWN), dcc.Store(id=ids.DISPLAY_HEALTH),
        dcc.Interval(id=ids.DISPLAY_PROBE_TICK, interval=30_000, disabled=True),
        dcc.Interval(id=ids.DISPLAY_ROTATE_TICK, interval=20_000, disabled=True),
        dcc.Interval(id=ids.DISPLAY_CLOCK_TICK, interval=1_000, disabled=True),
        html.Header([
            html.H1(id=ids.DISPLAY_NAME, className="display-name"),
            html.Div(id=ids.DISPLAY_DOTS, className="display-dots"),
            html.Div([html.Div(id=ids.DISPLAY_CLOCK, className="display-clock"),
                      html.Div(id=ids.DISPLAY_STAMP, className="display-stamp", role="status")],
                     className="display-time"),
        ], className="display-top"),
        html.Main(id=ids.DISPLAY_ROOT, className="display-main"),
        html.Div(id=ids.DISPLAY_REVOKED, hidden=True, className="display-revoked", role="alert"),
    ], className="display")


def client_texts() -> dict[str, str]:
    """Words the screen's own script shows, in the display's language."""
    return {"as_of": _("Data as of %(time)s", time="{time}"),
            "stale": _("Not updated since %(time)s: reconnecting…", time="{time}"),
            "starting": _("Connecting…")}


def revoked_message() -> list:
    return [html.H2(_("This display was revoked")),
            html.P(_("Its link no longer works. Ask the IT officer for a new display link."))]


def slide_title(slide: str) -> str:
    return {"headline": _("This week at a glance"), "ranking": _("Unit ranking: units to chase first"),
            "overdue": _("Overdue tasks"), "progress": _("Weekly progress"),
            "satisfaction": _("Citizen satisfaction")}[slide]


# ---- slots and their paths ----

def _slot(tag, name: str, text: str = "", **props) -> Component:
    return tag(text, **{"data-slot": name}, **props)


@dataclass(frozen=True, slots=True)
class Slot:
    path: tuple  # from the body's children down to the component
    prop: str  # children, className or style


def slot_paths(children) -> dict[str, Slot]:
    """Where each named slot sits in ``children`` (the body a Patch addresses)."""
    found: dict[str, Slot] = {}

    def visit(node, path: tuple) -> None:
        if isinstance(node, (list, tuple)):
            for index, child in enumerate(node):
                visit(child, path + (index,))
            return
        if not isinstance(node, Component):
            return
        for attribute, prop in (("data-slot", "children"), ("data-slot-class", "className"),
                                ("data-slot-style", "style")):
            name = getattr(node, attribute, None)
            if name:
                found[name] = Slot(path + ("props",), prop)
        child = getattr(node, "children", None)
        if child is not None and not isinstance(child, str):
            visit(child, path + ("props", "children"))

    visit(children, ())
    return found


# ---- one slide's skeleton (empty slots; structure identical in every language) ----

def skeleton(slides: tuple[str, ...]) -> list:
    return [html.Section([html.H2(slide_title(slide), className="slide-title"),
                          html.Div(body(slide), id={"type": ids.DISPLAY_BODY, "name": slide},
                                   className=f"slide-body slide-{slide}")],
                         id={"type": ids.DISPLAY_SLIDE, "name": slide},
                         className="slide active" if index == 0 else "slide")
            for index, slide in enumerate(slides)]


def dots(slides: tuple[str, ...]) -> list:
    return [html.Span(id={"type": "display-dot", "index": index},
                      className="dot active" if index == 0 else "dot")
            for index in range(len(slides))] if len(slides) > 1 else []


def body(slide: str) -> list:
    return {"headline": _headline_body, "ranking": _ranking_body, "overdue": _overdue_body,
            "progress": _progress_body, "satisfaction": _satisfaction_body}[slide]()


HEADLINE_TILES = ("open", "overdue", "due_soon", "done", "on_time_rate", "satisfaction", "rec_on_time", "rec_overdue")


def _tile_label(key: str) -> str:
    return {"open": _("Open tasks"), "overdue": _("Overdue"), "due_soon": _("Due in 3 days"),
            "done": _("Done this week"), "on_time_rate": _("On-time rate"),
            "satisfaction": _("Citizen satisfaction"), "rec_on_time": _("Recommendations answered on time"),
            "rec_overdue": _("Recommendations overdue")}[key]


def _headline_body() -> list:
    tiles = [html.Div([html.Div(_tile_label(key), className="tile-label"),
                       _slot(html.Div, f"{key}.value", className="tile-value"),
                       _slot(html.Div, f"{key}.change", className="tile-change")],
                      className="tile", **{"data-slot-class": f"{key}.tile"})
             for key in HEADLINE_TILES]
    return [_slot(html.P, "period", className="slide-note"), html.Div(tiles, className="tiles")]


def _ranking_body() -> list:
    head = html.Thead(html.Tr([html.Th("#", className="rank"), html.Th(_("Unit")),
                               html.Th(_("Status"), className="status"),
                               html.Th(_("Overdue"), className="num"),
                               html.Th(_("Most days overdue"), className="num"),
                               html.Th(_("On-time rate"), className="num")]))
    rows = [html.Tr([_slot(html.Td, f"r{i}.rank"), _slot(html.Td, f"r{i}.name", className="name"),
                     _slot(html.Td, f"r{i}.status", className="status"),
                     _slot(html.Td, f"r{i}.overdue", className="num"),
                     _slot(html.Td, f"r{i}.days", className="num"),
                     _slot(html.Td, f"r{i}.rate", className="num")],
                    className=EMPTY, **{"data-slot-class": f"r{i}.row"})
            for i in range(RANKING_ROWS)]
    return [_slot(html.P, "period", className="slide-note"),
            html.Table([head, html.Tbody(rows)], className="display-table"),
            _slot(html.P, "more", className="slide-foot")]


def _overdue_body() -> list:
    head = html.Thead(html.Tr([html.Th(_("Unit"), className="unit"), html.Th(_("Task")),
                               html.Th(_("Due"), className="due"),
                               html.Th(_("Days overdue"), className="num")]))
    rows = [html.Tr([_slot(html.Td, f"o{i}.unit", className="name"),
                     _slot(html.Td, f"o{i}.title", className="title"),
                     _slot(html.Td, f"o{i}.due"), _slot(html.Td, f"o{i}.days", className="num")],
                    className=EMPTY, **{"data-slot-class": f"o{i}.row"})
            for i in range(OVERDUE_ROWS)]
    return [_slot(html.P, "total", className="slide-note"),
            html.Table([head, html.Tbody(rows)], className="display-table")]


def _progress_body() -> list:
    weeks = [html.Div([
        _slot(html.Div, f"w{i}.done", className="bar-number"),
        _slot(html.Div, f"w{i}.overdue_count", className="bar-number overdue-number"),
        html.Div([html.Div(className="bar bar-on-time", **{"data-slot-style": f"w{i}.on_time"}),
                  html.Div(className="bar bar-late", **{"data-slot-style": f"w{i}.late"})],
                 className="bar-stack"),
        html.Div(html.Div(className="bar bar-overdue", **{"data-slot-style": f"w{i}.overdue"}),
                 className="bar-stack"),
        _slot(html.Div, f"w{i}.label", className="bar-label"),
    ], className="week") for i in range(PROGRESS_WEEKS)]
    legend = html.Div([html.Span([html.I(className="swatch bar-on-time"), _("Done on time")]),
                       html.Span([html.I(className="swatch bar-late"), _("Done late")]),
                       html.Span([html.I(className="swatch bar-overdue"), _("Overdue at the week's end")])],
                      className="legend")
    return [html.Div(weeks, className="weeks"), legend]


def _satisfaction_body() -> list:
    summary = html.Div([_slot(html.Div, "rate", className="tile-value"),
                        _slot(html.Div, "interval", className="tile-change"),
                        _slot(html.Div, "count", className="tile-change")], className="tile big-tile")
    head = html.Thead(html.Tr([html.Th("#", className="rank"), html.Th(_("Unit")),
                               html.Th(_("Satisfied"), className="num"),
                               html.Th(_("Ratings"), className="num")]))
    rows = [html.Tr([_slot(html.Td, f"s{i}.rank"), _slot(html.Td, f"s{i}.name", className="name"),
                     _slot(html.Td, f"s{i}.rate", className="num"),
                     _slot(html.Td, f"s{i}.n", className="num")],
                    className=EMPTY, **{"data-slot-class": f"s{i}.row"})
            for i in range(SATISFACTION_ROWS)]
    return [_slot(html.P, "period", className="slide-note"),
            html.Div([summary, html.Table([head, html.Tbody(rows)], className="display-table")],
                     className="satisfaction-grid"),
            _slot(html.P, "note", className="slide-foot")]


# ---- figures → slot values (what the refresh compares and patches) ----

def _change(change: Change, percent: bool = False) -> str:
    """A screen shows this week to date: each change is against the same days of last week."""
    delta = change.delta
    if delta is None:
        return ""
    if percent:
        points = round(100 * delta, 1)
        return _("%(delta)s points vs the same days last week",
                 delta=f"{'+' if points > 0 else ''}{show_number(points)}")
    return _("%(delta)s vs the same days last week", delta=f"{'+' if delta > 0 else ''}{show_number(delta)}")


def _period(start: date, end: date) -> str:
    return _("%(start)s – %(end)s", start=show_date(start), end=show_date(end))


def headline_values(figures: Headline, start: date, end: date) -> dict:
    done = Change((figures.done_on_time.value or 0) + (figures.done_late.value or 0),
                  (figures.done_on_time.previous or 0) + (figures.done_late.previous or 0))
    satisfaction = show_percent(figures.satisfaction_rate.value) if figures.satisfaction_enough \
        else _("not enough ratings")
    values = {"period": _("This week, %(period)s, compared with the same days last week",
                          period=_period(start, end)),
              "open.value": show_number(figures.open.value), "open.change": _change(figures.open),
              "overdue.value": show_number(figures.overdue.value), "overdue.change": _change(figures.overdue),
              "due_soon.value": show_number(figures.due_soon.value),
              "due_soon.change": _change(figures.due_soon),
              "done.value": show_number(done.value), "done.change": _change(done),
              "on_time_rate.value": show_percent(figures.on_time_rate.value),
              "on_time_rate.change": _change(figures.on_time_rate, percent=True),
              "satisfaction.value": satisfaction,
              "satisfaction.change": _("n = %(n)s", n=show_number(figures.ratings.value or 0)),
              "rec_on_time.value": show_percent(figures.recommendations_on_time.value),
              "rec_on_time.change": _("of %(n)s due in the period", n=show_number(figures.recommendations_due)),
              "rec_overdue.value": show_number(figures.recommendations_overdue.value),
              "rec_overdue.change": _change(figures.recommendations_overdue)}
    for key in HEADLINE_TILES:
        values[f"{key}.tile"] = "tile"
    if figures.overdue.value:
        values["overdue.tile"] = "tile tile-red"
    if figures.due_soon.value:
        values["due_soon.tile"] = "tile tile-amber"
    if figures.recommendations_overdue.value:
        values["rec_overdue.tile"] = "tile tile-red"
    return values


def ranking_values(rows: list[RankingRow], start: date, end: date) -> dict:
    values = {"period": _("Ranked on this week's on-time rate, %(period)s; red units first",
                          period=_period(start, end))}
    words = {level: severity_label(level) for level in Severity}
    rows = red_first(rows)  # a meeting room looks at the units to chase
    for i in range(RANKING_ROWS):
        row = rows[i] if i < len(rows) else None
        if row is None:
            values.update({f"r{i}.{key}": "" for key in ("rank", "name", "status", "overdue", "days", "rate")})
            values[f"r{i}.row"] = EMPTY
            continue
        values.update({f"r{i}.rank": show_number(row.rank) if row.rank else "–", f"r{i}.name": row.name,
                       f"r{i}.status": words[row.severity], f"r{i}.overdue": show_number(row.overdue),
                       f"r{i}.days": show_number(row.max_days_overdue) if row.overdue else "",
                       f"r{i}.rate": show_percent(row.on_time.rate),
                       f"r{i}.row": f"severity-{row.severity.value}"})
    hidden = len(rows) - RANKING_ROWS
    values["more"] = _("and %(n)s more units", n=show_number(hidden)) if hidden > 0 else ""
    return values


def overdue_values(tasks: list, total: int) -> dict:
    values = {"total": _("%(n)s overdue tasks, the longest overdue first", n=show_number(total))
              if total else _("No task is overdue.")}
    for i in range(OVERDUE_ROWS):
        task = tasks[i] if i < len(tasks) else None
        if task is None:
            values.update({f"o{i}.unit": "", f"o{i}.title": "", f"o{i}.due": "", f"o{i}.days": "",
                           f"o{i}.row": EMPTY})
            continue
        title = task.title if len(task.title) <= TITLE_MAX else task.title[:TITLE_MAX - 1] + "…"
        values.update({f"o{i}.unit": task.unit_name, f"o{i}.title": title, f"o{i}.due": show_date(task.due),
                       f"o{i}.days": show_number(task.days_overdue),
                       f"o{i}.row": "severity-red" if task.days_overdue > 7 else "severity-amber"})
    return values


def progress_values(weeks: list) -> dict:
    """Bars of each week (``dashboard.services.overview.WeekTotals``); empty slots past them."""
    tallest = max([max(w.done_on_time + w.done_late, w.overdue_at_end) for w in weeks] + [1])
    values = {}
    for i in range(PROGRESS_WEEKS):
        week = weeks[i] if i < len(weeks) else None
        on_time, late, overdue = (week.done_on_time, week.done_late, week.overdue_at_end) if week else (0, 0, 0)
        values.update({
            f"w{i}.on_time": {"height": f"{100 * on_time / tallest:.1f}%"},
            f"w{i}.late": {"height": f"{100 * late / tallest:.1f}%"},
            f"w{i}.overdue": {"height": f"{100 * overdue / tallest:.1f}%"},
            f"w{i}.done": show_number(on_time + late),
            f"w{i}.overdue_count": show_number(overdue),
            f"w{i}.label": show_date(week.start)[:5] if week else "",
        })
    return values


def satisfaction_values(total: Satisfaction, ranked: list[tuple[str, Satisfaction]], too_few: int,
                        min_sample: int, start: date, end: date) -> dict:
    interval = total.interval
    values = {"period": _("Ratings by citizens at the counters, %(period)s", period=_period(start, end)),
              "rate": show_percent(total.rate) if total.enough else _("not enough ratings"),
              "interval": _("95%% interval %(low)s – %(high)s", low=show_percent(interval[0]),
                            high=show_percent(interval[1])) if interval and total.enough else "",
              "count": _("%(n)s ratings", n=show_number(total.n)),
              "note": " ".join(filter(None, [
                  _("Ranked by the lower end of each unit's 95%% interval, so a few good ratings "
                    "do not outrank many."),
                  _("%(n)s units have fewer than %(min)s ratings and are not ranked.",
                    n=show_number(too_few), min=show_number(min_sample)) if too_few else ""]))}
    for i in range(SATISFACTION_ROWS):
        entry = ranked[i] if i < len(ranked) else None
        if entry is None:
            values.update({f"s{i}.rank": "", f"s{i}.name": "", f"s{i}.rate": "", f"s{i}.n": "",
                           f"s{i}.row": EMPTY})
            continue
        name, figures = entry
        values.update({f"s{i}.rank": show_number(i + 1), f"s{i}.name": name,
                       f"s{i}.rate": show_percent(figures.rate), f"s{i}.n": show_number(figures.n),
                       f"s{i}.row": "row"})
    return values



# ---- briefing mode: a leader's phone chooses the unit; the screen shows its page in large type ----

@dataclass(frozen=True, slots=True)
class BriefingUnit:
    """What the screen shows of one unit during a briefing (plain words and numbers)."""

    meeting: str
    position: str  # "3 / 12"
    unit: str
    severity: Severity
    tiles: tuple[tuple[str, str, str], ...]  # (label, this week, same days last week)
    overdue: tuple[tuple[str, str], ...]  # (title, days overdue)
    overdue_total: int
    difficulties: tuple[tuple[str, str], ...]  # (title, days waiting)
    conclusions: tuple[tuple[str, str], ...]  # (kind, text) of the last briefing


def briefing_slide(shown: BriefingUnit) -> list:
    """One slide, static: it changes when the remote moves (the screen reloads with it)."""
    tiles = [html.Div([html.Div(label, className="tile-label"), html.Div(value, className="tile-value"),
                       html.Div(_("same days last week: %(n)s", n=before), className="tile-change")],
                      className="tile tile-red" if index == 3 and value not in ("0", "—") else "tile")
             for index, (label, value, before) in enumerate(shown.tiles)]

    def listed(title: str, rows, empty: str, more: int = 0) -> html.Section:
        items = [html.Li([html.Span(_cut(words)), html.Span(detail, className="briefing-detail")])
                 for words, detail in rows]
        if more:
            items.append(html.Li(_("… and %(n)s more", n=show_number(more)), className="briefing-detail"))
        return html.Section([html.H3(title), html.Ul(items) if items else html.P(empty, className="slide-note")],
                            className="briefing-list")

    return [html.Section([
        html.H2([shown.unit, " ", html.Span(severity_label(shown.severity),
                                            className=f"briefing-state severity-{shown.severity.value}")],
                className="slide-title"),
        html.P(f"{shown.meeting} · {shown.position}", className="slide-note"),
        html.Div(tiles, className="tiles briefing-tiles"),
        html.Div([listed(_("Overdue tasks"), shown.overdue, _("No task is overdue."),
                         shown.overdue_total - len(shown.overdue)),
                  listed(_("Difficulties waiting for direction"), shown.difficulties, _("No difficulty is waiting.")),
                  listed(_("The last briefing's conclusions"), shown.conclusions, _("No conclusion was recorded."))],
                 className="briefing-lists"),
    ], className="slide active briefing-slide", id={"type": ids.DISPLAY_SLIDE, "name": "briefing"})]


def _cut(text: str) -> str:
    return text if len(text) <= TITLE_MAX else text[:TITLE_MAX - 1] + "…"
