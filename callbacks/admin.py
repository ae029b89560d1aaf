"""Administration callbacks: admins only, every change validated and audited in one transaction."""
from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from flask import current_app
from flask_babel import gettext as _

from dashboard import clock, paths
from dashboard.access import allowed, current_actor, require
from dashboard.domain.displays import NAME_MAX as SCREEN_NAME_MAX
from dashboard.domain.displays import check_settings
from dashboard.domain.policy import Action
from dashboard.domain.recommendations import national_holidays
from dashboard.domain.rules import Invalid, parse_day, row_id
from dashboard.domain.vocabulary import NAME_MAX
from dashboard.extensions import database
from dashboard.i18n import current_language
from db import admin as writes
from db import audit_log, displays
from layouts import admin as view
from layouts import audit as audit_view
from layouts import forms, ids

from .contract import next_count, unchanged

CHANGED = [Output(ids.ADMIN_MESSAGE, "children", allow_duplicate=True),
           Output(ids.ADMIN_REFRESH, "data", allow_duplicate=True)]


ADMIN_PAGE = dict(  # the page's answer, by name
    body_hidden=Output(ids.ADMIN_BODY, "hidden"), refused=Output(ids.ADMIN_REFUSED, "children"),
    users=Output(ids.ADMIN_USERS, "children"), units=Output(ids.ADMIN_UNITS, "children"),
    audit=Output(ids.ADMIN_AUDIT, "children"), new_user_units=Output(ids.NEW_USER_UNIT, "options"),
    usernames=Output(ids.CHANGE_USER, "options"), change_user_units=Output(ids.CHANGE_USER_UNIT, "options"),
    change_units=Output(ids.CHANGE_UNIT, "options"), point_units=Output(ids.NEW_POINT_UNIT, "options"),
    public_units=Output(ids.PUBLIC_UNIT, "options"),
)


def register(app: Dash) -> None:
    app.callback(output=ADMIN_PAGE, inputs=dict(refresh=Input(ids.ADMIN_REFRESH, "data")))(fill_admin)
    app.callback(*CHANGED, Input(ids.NEW_POINT_SAVE, "n_clicks"), State(ids.NEW_POINT_UNIT, "value"),
                 State(ids.NEW_POINT_LABEL, "value"), State(ids.NEW_POINT_CODE, "value"),
                 State(ids.ADMIN_REFRESH, "data"), prevent_initial_call=True)(add_point)
    app.callback(*CHANGED, Input(ids.NEW_USER_SAVE, "n_clicks"), State(ids.NEW_USER_NAME, "value"),
                 State(ids.NEW_USER_FULL, "value"), State(ids.NEW_USER_ROLE, "value"),
                 State(ids.NEW_USER_UNIT, "value"), State(ids.NEW_USER_PASSWORD, "value"),
                 State(ids.ADMIN_REFRESH, "data"), prevent_initial_call=True)(add_user)
    app.callback(*CHANGED, Input(ids.CHANGE_USER_SAVE, "n_clicks"), State(ids.CHANGE_USER, "value"),
                 State(ids.CHANGE_USER_ROLE, "value"), State(ids.CHANGE_USER_UNIT, "value"),
                 State(ids.CHANGE_USER_ACTIVE, "value"), State(ids.ADMIN_REFRESH, "data"),
                 prevent_initial_call=True)(change_user)
    app.callback(*CHANGED, Input(ids.RESET_PASSWORD_SAVE, "n_clicks"), State(ids.CHANGE_USER, "value"),
                 State(ids.CHANGE_USER_PASSWORD, "value"), State(ids.ADMIN_REFRESH, "data"),
                 prevent_initial_call=True)(reset_password)
    app.callback(*CHANGED, Input(ids.NEW_UNIT_SAVE, "n_clicks"), State(ids.NEW_UNIT_CODE, "value"),
                 State(ids.NEW_UNIT_NAME, "value"), State(ids.NEW_UNIT_KIND, "value"),
                 State(ids.ADMIN_REFRESH, "data"), prevent_initial_call=True)(add_unit)
    app.callback(*CHANGED, Input(ids.CHANGE_UNIT_SAVE, "n_clicks"), State(ids.CHANGE_UNIT, "value"),
                 State(ids.CHANGE_UNIT_NAME, "value"), State(ids.CHANGE_UNIT_ACTIVE, "value"),
                 State(ids.ADMIN_REFRESH, "data"), prevent_initial_call=True)(change_unit)
    app.callback(*CHANGED, Input(ids.CALENDAR_SAVE, "n_clicks"), State(ids.CALENDAR_DAY, "value"),
                 State(ids.CALENDAR_KIND, "value"), State(ids.CALENDAR_NOTE, "value"), State(ids.ADMIN_REFRESH, "data"),
                 prevent_initial_call=True)(set_calendar_day)
    app.callback(Output(ids.CALENDAR_LIST, "children"), Input(ids.ADMIN_REFRESH, "data"))(fill_calendar)
    app.callback(*CHANGED, Input(ids.PUBLIC_SAVE, "n_clicks"), State(ids.PUBLIC_UNIT, "value"),
                 State(ids.PUBLIC_CHOICE, "value"), State(ids.ADMIN_REFRESH, "data"),
                 prevent_initial_call=True)(publish_results)
    _register_displays(app)


def _form(form: str) -> list[State]:
    return [State(f"{form}-{field}", "value") for field in ids.DISPLAY_FIELDS]


DISPLAY_FORM = {field: Output(f"{ids.CHANGE_DISPLAY}-{field}", "value") for field in ids.DISPLAY_FIELDS}


def _register_displays(app: Dash) -> None:
    app.callback(Output(ids.ADMIN_DISPLAYS, "children"), Output(ids.CHANGE_DISPLAY_PICK, "options"),
                 Input(ids.ADMIN_REFRESH, "data"))(fill_displays)
    app.callback(output=DISPLAY_FORM, inputs=dict(display_id=Input(ids.CHANGE_DISPLAY_PICK, "value")),
                 prevent_initial_call=True)(load_display)
    link = Output(ids.DISPLAY_LINK, "children", allow_duplicate=True)
    app.callback(*CHANGED, link, Input(ids.NEW_DISPLAY_SAVE, "n_clicks"), *_form(ids.NEW_DISPLAY),
                 State(ids.ADMIN_REFRESH, "data"), prevent_initial_call=True)(add_display)
    app.callback(*CHANGED, link, Input(ids.CHANGE_DISPLAY_SAVE, "n_clicks"),
                 State(ids.CHANGE_DISPLAY_PICK, "value"), *_form(ids.CHANGE_DISPLAY),
                 State(ids.ADMIN_REFRESH, "data"), prevent_initial_call=True)(change_display)
    app.callback(*CHANGED, link, Input(ids.ROTATE_DISPLAY, "n_clicks"),
                 State(ids.CHANGE_DISPLAY_PICK, "value"), State(ids.ADMIN_REFRESH, "data"),
                 prevent_initial_call=True)(rotate_display)
    app.callback(*CHANGED, link, Input(ids.REVOKE_DISPLAY, "submit_n_clicks"),
                 State(ids.CHANGE_DISPLAY_PICK, "value"), State(ids.ADMIN_REFRESH, "data"),
                 prevent_initial_call=True)(revoke_display)


def display_url(secret: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"]  # never the request's Host header
    return base.rstrip("/") + paths.display(secret)


@require(Action.ADMINISTER)
def fill_displays(_refresh):
    with database().session() as session:
        rows = displays.displays(session)
        table = view.display_table(rows, clock.today())
    options = [{"label": f"{row.name} (#{row.id})", "value": row.id} for row in rows if row.revoked_at is None]
    return table, options


@require(Action.ADMINISTER)
def load_display(display_id):
    with database().session() as session:
        found = displays.get_display(session, display_id)
    if found is None or found.revoked_at is not None:
        return unchanged(DISPLAY_FORM)
    return dict(name=found.name, slides=list(found.slides), rotate=found.rotate_seconds,
                refresh=found.refresh_seconds, locale=found.locale,
                expires=found.expires_on.isoformat() if found.expires_on else None)


def _settings(name, slides, rotate, refresh, locale, expires):
    errors: dict[str, str] = {}
    expires_on = parse_day(expires, "expires_on", errors, required=False)
    try:
        settings = check_settings(name, slides, rotate, refresh, locale, expires_on, clock.today())
    except Invalid as problem:
        errors.update(problem.errors)
    if errors:
        raise Invalid(errors)
    return settings


def _display_change(change, refresh, done: str, shows_link: bool = False):
    """Apply ``change`` (returns a name and maybe a new secret) and say so; the link is shown once."""
    outcome = {}
    message, refreshed = _apply(lambda s: outcome.update(change(s)), refresh, done, {"name": SCREEN_NAME_MAX})
    if "secret" not in outcome:
        return message, refreshed, None if refreshed is not no_update else no_update
    return message, refreshed, view.display_link(outcome["name"], display_url(outcome["secret"]))


@require(Action.ADMINISTER)
def add_display(_clicks, name, slides, rotate, refresh_seconds, locale, expires, refresh):
    def change(session):
        display, secret = displays.create_display(
            session, _settings(name, slides, rotate, refresh_seconds, locale, expires),
            actor=current_actor(), now=clock.now())
        return {"name": display.name, "secret": secret}
    return _display_change(change, refresh, _("Screen added."))


def _picked(display_id) -> int:
    if row_id(display_id) is None:
        raise Invalid({"display": "required"})
    return display_id


@require(Action.ADMINISTER)
def change_display(_clicks, display_id, name, slides, rotate, refresh_seconds, locale, expires, refresh):
    def change(session):
        displays.change_display(session, _picked(display_id),
                                _settings(name, slides, rotate, refresh_seconds, locale, expires),
                                actor=current_actor(), now=clock.now())
        return {}
    return _display_change(change, refresh, _("Screen changed: open screens reload with the new settings."))


@require(Action.ADMINISTER)
def rotate_display(_clicks, display_id, refresh):
    def change(session):
        secret = displays.rotate_secret(session, _picked(display_id), actor=current_actor(),
                                        now=clock.now())
        return {"name": displays.get_display(session, display_id).name, "secret": secret}
    return _display_change(change, refresh, _("New link made: the old one stopped working."))


@require(Action.ADMINISTER)
def revoke_display(_clicks, display_id, refresh):
    def change(session):
        displays.revoke_display(session, _picked(display_id), actor=current_actor(), now=clock.now())
        return {}
    return _display_change(change, refresh, _("Screen revoked: its link stopped working."))


def fill_admin(refresh):
    if not allowed(Action.ADMINISTER):  # no data leaves the server for anyone else
        return unchanged(ADMIN_PAGE) | {"body_hidden": True, "refused": view.refused()}
    with database().session() as session:
        users, units, log = writes.users(session), writes.units(session), audit_log.latest(session)
    unit_options = [{"label": f"{unit.name} ({unit.code})", "value": unit.code} for unit in units]
    return dict(body_hidden=False, refused=None, users=view.list_table(view.user_rows(users), view.user_columns()),
                units=view.list_table(view.unit_rows(units), view.unit_columns()),
                audit=audit_view.audit_table(log), new_user_units=unit_options,
                usernames=[{"label": u[0], "value": u[0]} for u in users], change_user_units=unit_options,
                change_units=unit_options, point_units=unit_options, public_units=unit_options)


def _apply(change, refresh, done: str, limits: dict[str, int] | None = None):
    try:
        with database().transaction() as session:
            change(session)
    except Invalid as problem:
        return forms.problems(problem.errors, limits), no_update
    return forms.saved(done), next_count(refresh)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


@require(Action.ADMINISTER)
def add_user(_clicks, username, full_name, role, unit, password, refresh):
    return _apply(lambda s: writes.create_user(
        s, username=_text(username), full_name=_text(full_name), role=role, unit_code=unit,
        password=_text(password), actor=current_actor(), now=clock.now()), refresh,
        _("User added."))


@require(Action.ADMINISTER)
def change_user(_clicks, username, role, unit, active, refresh):
    return _apply(lambda s: writes.change_user(
        s, username=_text(username), role=role, unit_code=unit, active=bool(active),
        actor=current_actor(), now=clock.now()), refresh, _("User changed."))


@require(Action.ADMINISTER)
def reset_password(_clicks, username, password, refresh):
    return _apply(lambda s: writes.reset_password(
        s, username=_text(username), password=_text(password), actor=current_actor(),
        now=clock.now()), refresh, _("Password changed."))


@require(Action.ADMINISTER)
def add_unit(_clicks, code, name, kind, refresh):
    return _apply(lambda s: writes.create_unit(
        s, code=_text(code), name=_text(name), kind=kind, parent_code=None,
        actor=current_actor(), now=clock.now()), refresh, _("Unit added."))


@require(Action.ADMINISTER)
def change_unit(_clicks, code, name, active, refresh):
    return _apply(lambda s: writes.change_unit(
        s, code=_text(code), name=_text(name), active=bool(active), actor=current_actor(),
        now=clock.now()), refresh, _("Unit changed."))


@require(Action.ADMINISTER)
def set_calendar_day(_clicks, day, kind, note, refresh):
    return _apply(lambda s: writes.set_calendar_day(s, day=day, kind=kind, note=_text(note), actor=current_actor(),
                                                    now=clock.now()), refresh,
                  _("Working calendar saved: deadlines counted from now on follow it."), {"note": NAME_MAX})


@require(Action.ADMINISTER)
def fill_calendar(_refresh):
    year = clock.today().year
    with database().session() as session:
        local = writes.calendar_days(session)
    return view.calendar_list(local, national_holidays(year, current_language()))


@require(Action.ADMINISTER)
def publish_results(_clicks, code, public, refresh):
    return _apply(lambda s: writes.set_public_results(
        s, code=_text(code), public=public is True, actor=current_actor(), now=clock.now()), refresh,
        _("Saved: the public page shows this unit's results.") if public is True
        else _("Saved: the public page no longer shows this unit."))


@require(Action.ADMINISTER)
def add_point(_clicks, unit, label, code, refresh):
    return _apply(lambda s: writes.create_point(
        s, unit_code=_text(unit), label=_text(label), code=_text(code), actor=current_actor(),
        now=clock.now()), refresh, _("Feedback point added: print its poster from the satisfaction page."))
