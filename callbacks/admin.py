"""Administration callbacks: admins only, every change validated and audited in one transaction."""
from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from flask_babel import gettext as _
from flask_login import current_user

from dashboard import clock
from dashboard.access import require_role
from dashboard.domain.rules import Invalid
from dashboard.extensions import database
from db import admin as writes
from layouts import admin as view
from layouts import forms, ids

CHANGED = [Output(ids.ADMIN_MESSAGE, "children", allow_duplicate=True),
           Output(ids.ADMIN_REFRESH, "data", allow_duplicate=True)]


def register(app: Dash) -> None:
    app.callback(Output(ids.ADMIN_BODY, "hidden"), Output(ids.ADMIN_REFUSED, "children"),
                 Output(ids.ADMIN_USERS, "rowData"), Output(ids.ADMIN_UNITS, "rowData"),
                 Output(ids.ADMIN_AUDIT, "children"), Output(ids.NEW_USER_UNIT, "options"),
                 Output(ids.CHANGE_USER, "options"), Output(ids.CHANGE_USER_UNIT, "options"),
                 Output(ids.CHANGE_UNIT, "options"), Output(ids.NEW_POINT_UNIT, "options"),
                 Input(ids.ADMIN_REFRESH, "data"))(fill_admin)
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


def fill_admin(_refresh):
    if current_user.role != "admin":  # no data leaves the server for anyone else
        return (True, view.refused()) + (no_update,) * 8
    with database().session() as session:
        users, units, log = writes.users(session), writes.units(session), writes.audit_log(session)
    unit_options = [{"label": f"{name} ({code})", "value": code} for code, name, _k, _a in units]
    return (False, None, view.user_rows(users), view.unit_rows(units), view.audit_table(log),
            unit_options, [{"label": u[0], "value": u[0]} for u in users], unit_options, unit_options,
            unit_options)


def _apply(change, refresh, done: str):
    try:
        with database().transaction() as session:
            change(session)
    except Invalid as problem:
        return forms.problems(problem.errors), no_update
    return forms.saved(done), (refresh or 0) + 1


def _text(value) -> str:
    return value if isinstance(value, str) else ""


@require_role("admin")
def add_user(_clicks, username, full_name, role, unit, password, refresh):
    return _apply(lambda s: writes.create_user(
        s, username=_text(username), full_name=_text(full_name), role=role, unit_code=unit,
        password=_text(password), actor_id=current_user.id, now=clock.now()), refresh,
        _("User added."))


@require_role("admin")
def change_user(_clicks, username, role, unit, active, refresh):
    return _apply(lambda s: writes.change_user(
        s, username=_text(username), role=role, unit_code=unit, active=bool(active),
        actor_id=current_user.id, now=clock.now()), refresh, _("User changed."))


@require_role("admin")
def reset_password(_clicks, username, password, refresh):
    return _apply(lambda s: writes.reset_password(
        s, username=_text(username), password=_text(password), actor_id=current_user.id,
        now=clock.now()), refresh, _("Password changed."))


@require_role("admin")
def add_unit(_clicks, code, name, kind, refresh):
    return _apply(lambda s: writes.create_unit(
        s, code=_text(code), name=_text(name), kind=kind, parent_code=None,
        actor_id=current_user.id, now=clock.now()), refresh, _("Unit added."))


@require_role("admin")
def change_unit(_clicks, code, name, active, refresh):
    return _apply(lambda s: writes.change_unit(
        s, code=_text(code), name=_text(name), active=bool(active), actor_id=current_user.id,
        now=clock.now()), refresh, _("Unit changed."))


@require_role("admin")
def add_point(_clicks, unit, label, code, refresh):
    return _apply(lambda s: writes.create_point(
        s, unit_code=_text(unit), label=_text(label), code=_text(code), actor_id=current_user.id,
        now=clock.now()), refresh, _("Feedback point added: print its poster from the satisfaction page."))
