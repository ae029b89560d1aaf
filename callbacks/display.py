"""The meeting-room screen's callbacks.

Server side, two callbacks, each finding its display by the secret in the page's address
(404 for a wrong, revoked or expired one) and answering only for the slides configured for it:
``set_up`` builds the display's empty skeleton once; ``refresh`` fills the slots that changed
since what the screen shows, as ``Patch`` operations. The figures of one data version are
computed once, in the shared cache, for every screen and every worker.

Client side (assets/display/display.js): the probe with back-off, the rotation and the clock.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from dash import ALL, ClientsideFunction, Dash, Input, Output, Patch, State, ctx, no_update
from dash.exceptions import PreventUpdate
from flask import abort, current_app
from flask_babel import gettext as _

from dashboard import clock
from dashboard.cache import cache, computed_once
from dashboard.cache import key as cache_key_of
from dashboard.domain.displays import DisplaySettings, looks_like_secret, quick_setup
from dashboard.domain.overview import within_deadline
from dashboard.domain.periods import local_day
from dashboard.domain.units import Severity
from dashboard.extensions import database
from dashboard.i18n import in_language, show_number
from dashboard.screens import PROBE_PATH, data_token, secret_of_path, server_version
from dashboard.services import briefing_pack
from dashboard.services import screen as screen_service
from db import briefings, displays
from db.displays import data_version
from layouts import briefing_words, ids
from layouts import display as view

SLIDE = {"type": ids.DISPLAY_SLIDE, "name": ALL}
BODY = {"type": ids.DISPLAY_BODY, "name": ALL}
DOT = {"type": "display-dot", "index": ALL}


SET_UP = dict(  # a screen's skeleton and settings, by name
    config=Output(ids.DISPLAY_CONFIG, "data"), name=Output(ids.DISPLAY_NAME, "children"),
    skeleton=Output(ids.DISPLAY_ROOT, "children"), dots=Output(ids.DISPLAY_DOTS, "children"),
    revoked=Output(ids.DISPLAY_REVOKED, "children"),
    probe_every=Output(ids.DISPLAY_PROBE_TICK, "interval"), probe_off=Output(ids.DISPLAY_PROBE_TICK, "disabled"),
    rotate_every=Output(ids.DISPLAY_ROTATE_TICK, "interval"), rotate_off=Output(ids.DISPLAY_ROTATE_TICK, "disabled"),
    clock_off=Output(ids.DISPLAY_CLOCK_TICK, "disabled"), wanted=Output(ids.DISPLAY_WANTED, "data"),
)
BRIEFING_PROBE_SECONDS = 2  # while a leader's phone drives the screen, it follows within seconds
BRIEFING_ROWS = 8
SCREEN_URL = dict(pathname=Input(ids.DISPLAY_URL, "pathname"))
SCREEN_QUERY = dict(search=State(ids.DISPLAY_URL, "search"))


def register(app: Dash) -> None:
    app.callback(output=SET_UP, inputs=SCREEN_URL, state=dict(SCREEN_QUERY))(set_up)  # Dash adds the inputs to it
    app.callback(Output(BODY, "children"), Output(ids.DISPLAY_SHOWN, "data"),
                 Input(ids.DISPLAY_WANTED, "data"), State(ids.DISPLAY_SHOWN, "data"),
                 State(ids.DISPLAY_URL, "pathname"), State(ids.DISPLAY_URL, "search"),
                 prevent_initial_call=True)(refresh)
    app.clientside_callback(
        ClientsideFunction("display", "probe"),
        Output(ids.DISPLAY_WANTED, "data", allow_duplicate=True), Output(ids.DISPLAY_HEALTH, "data"),
        Output(ids.DISPLAY_REVOKED, "hidden"),
        Output(ids.DISPLAY_PROBE_TICK, "interval", allow_duplicate=True),
        Input(ids.DISPLAY_PROBE_TICK, "n_intervals"), Input(ids.DISPLAY_CONFIG, "data"),
        State(ids.DISPLAY_SHOWN, "data"), State(ids.DISPLAY_HEALTH, "data"),
        prevent_initial_call=True)
    app.clientside_callback(
        ClientsideFunction("display", "rotate"),
        Output(SLIDE, "className"), Output(DOT, "className"),
        Input(ids.DISPLAY_ROTATE_TICK, "n_intervals"), State(SLIDE, "className"),
        prevent_initial_call=True)
    app.clientside_callback(
        ClientsideFunction("display", "clock"),
        Output(ids.DISPLAY_CLOCK, "children"), Output(ids.DISPLAY_STAMP, "children"),
        Output(ids.DISPLAY_STAMP, "className"),
        Input(ids.DISPLAY_CLOCK_TICK, "n_intervals"), State(ids.DISPLAY_CONFIG, "data"),
        State(ids.DISPLAY_HEALTH, "data"), prevent_initial_call=True)


def settings_for(pathname, search) -> tuple[str, DisplaySettings, int, tuple[int, int] | None]:
    """The secret and the settings of the display this page shows, and the (briefing, unit) a
    leader's remote has put on it, if any; 404 when it shows none."""
    secret = secret_of_path(pathname) if isinstance(pathname, str) else None
    if not secret or not looks_like_secret(secret):
        abort(404)
    with database().session() as session:
        display = displays.active_display(session, secret, clock.today())
        if display is None:
            abort(404)
        settings = displays.settings_of(display)
        config_version = display.config_version
        driven = (display.briefing_id, display.briefing_unit_id) \
            if display.briefing_id is not None and display.briefing_unit_id is not None else None
    args = dict(parse_qsl((search or "").lstrip("?"))) if isinstance(search, str) else {}
    return secret, quick_setup(settings, args), config_version, driven


def set_up(pathname, search):
    secret, settings, config_version, driven = settings_for(pathname, search)
    refresh_seconds = BRIEFING_PROBE_SECONDS if driven else settings.refresh_seconds
    with in_language(settings.locale):
        config = {"secret": secret, "probe": PROBE_PATH, "server": server_version(),
                  "config": config_version, "refresh": refresh_seconds,
                  "locale": settings.locale, "timezone": current_app.config["TIMEZONE"],
                  "texts": view.client_texts()}
        if driven:  # the remote's unit, until the briefing hands the screen back to its slides
            skeleton, dots = view.briefing_slide(briefing_unit(*driven)), []
        else:
            skeleton, dots = view.skeleton(settings.slides), view.dots(settings.slides)
        revoked = view.revoked_message()
    rotating = len(settings.slides) > 1 and not driven
    return dict(config=config, name=settings.name, skeleton=skeleton, dots=dots, revoked=revoked,
                probe_every=refresh_seconds * 1000, probe_off=False,
                rotate_every=settings.rotate_seconds * 1000, rotate_off=not rotating,
                clock_off=False, wanted={"token": None})


def briefing_unit(briefing_id: int, unit_id: int) -> view.BriefingUnit:
    """The unit the remote chose, as the screen shows it: this week against last, its overdue
    tasks, its difficulties waiting, the last briefing's conclusions for it."""
    with database().session() as session:
        meeting = briefings.meeting(session, briefing_id)
        if meeting is None:
            abort(404)
        order = briefing_pack.running_order(session, meeting)
        pack = briefing_pack.pack(session, meeting, unit_id)
    place = next((index for index, unit in enumerate(order) if unit.unit_id == unit_id), None)
    row = next((row for row in pack.overview.ranking if row.unit_id == unit_id), None)
    headline = pack.overview.headline
    figures = [(_("Done on time"), headline.done_on_time), (_("Done late"), headline.done_late),
               (_("Within deadline"), within_deadline(headline)),
               (_("Overdue"), headline.overdue)]
    as_of = pack.as_of
    return view.BriefingUnit(
        meeting=briefing_words.meeting_title(meeting),
        position=f"{place + 1} / {len(order)}" if place is not None else "",
        unit=pack.unit_name or "", severity=row.severity if row else Severity.GREEN,
        tiles=tuple((label, show_number(change.value), show_number(change.previous)) for label, change in figures),
        overdue=tuple((t.title, _("%(n)s days", n=t.days_overdue)) for t in pack.overdue[:BRIEFING_ROWS]),
        overdue_total=pack.overdue_total,
        difficulties=tuple((d.title, _("%(n)s days", n=max(0, (as_of - local_day(d.at, clock.local_zone())).days)))
                           for d in pack.difficulties[:BRIEFING_ROWS]),
        conclusions=tuple((c.text, briefing_words.kind_label(c.kind)) for c in pack.last_conclusions[:BRIEFING_ROWS]))


def refresh(_wanted, shown, pathname, search):
    _secret, settings, _config_version, _driven = settings_for(pathname, search)
    with database().session() as session:
        token = data_token(data_version(session, clock.now()))
    if token == shown:
        raise PreventUpdate
    values = figures_of(settings.locale, token)
    before = cache.get(_figures_key(settings.locale, shown)) if shown else None
    patches = []
    for output in ctx.outputs_list[0]:
        slide = output["id"]["name"]
        if slide not in settings.slides:  # only what this display was configured to show
            patches.append(no_update)
            continue
        patches.append(patch_of(slide, values[slide], before.get(slide) if before else None))
    return patches, token


def _figures_key(locale: str, token: str) -> str:
    return cache_key_of("display", locale, token)


def figures_of(locale: str, token: str) -> dict[str, dict]:
    """Every slide's slot values for one data version, computed once for all screens."""
    def compute():
        with database().session() as session:  # reads only: closed days come from snapshots or spans
            with in_language(locale):
                return slide_values(session)
    return computed_once(_figures_key(locale, token), compute)


def slide_values(session) -> dict[str, dict]:
    figures = screen_service.screen(session, view.OVERDUE_ROWS, view.PROGRESS_WEEKS)
    shown, recent = figures.overview.window.shown, figures.satisfaction_period
    return {
        "headline": view.headline_values(figures.overview.headline, shown.start, shown.end),
        "ranking": view.ranking_values(list(figures.overview.ranking), shown.start, shown.end),
        "overdue": view.overdue_values(list(figures.overdue), figures.overdue_total),
        "progress": view.progress_values(list(figures.weeks)),
        "satisfaction": view.satisfaction_values(
            figures.satisfaction, list(figures.ranked), figures.too_few, current_app.config["MIN_SAMPLE"],
            recent.start, recent.end),
    }


_paths: dict[str, dict] = {}


def patch_of(slide: str, values: dict, before: dict | None):
    """Assignments for the slots whose value changed (all of them on a fresh screen)."""
    if slide not in _paths:  # the skeleton's shape is the same in every language
        _paths[slide] = view.slot_paths(view.body(slide))
    paths = _paths[slide]
    patch, changed = Patch(), False
    for name, value in values.items():
        if before is not None and before.get(name) == value:
            continue
        slot = paths[name]
        target = patch
        for step in slot.path:
            target = target[step]
        target[slot.prop] = value
        changed = True
    return patch if changed else no_update
