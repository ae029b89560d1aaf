"""Administration: users, units and the audit log (for the admin role; checked on the server)."""
from __future__ import annotations

import json

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard.i18n import current_language, show_datetime

from . import ids
from .overview import GRID_TEXT_VI
from .shell import role_label
from .units import kind_label


def title(**_kwargs) -> str:
    return _("Administration")


def _grid(grid_id: str, columns: list[tuple[str, str]]) -> dag.AgGrid:
    return dag.AgGrid(id=grid_id, rowData=[], columnDefs=[
        {"field": field, "headerName": header, "flex": 1, "filter": True} for field, header in columns],
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"localeText": GRID_TEXT_VI if current_language() == "vi" else {}},
        style={"height": "360px"})


def _field(label: str, component) -> html.Div:
    return html.Div([dbc.Label(label, html_for=component.id), component], className="mb-2")


def _roles() -> list[dict]:
    return [{"label": role_label(r), "value": r} for r in ("leader", "unit_head", "viewer", "admin")]


def page(**_kwargs) -> html.Main:
    """The same components for everyone (Dash learns ids from one call); the server shows the
    body to admins only and refuses every change from anyone else."""
    users_tab = dbc.Row([
        dbc.Col(_grid(ids.ADMIN_USERS, [("username", _("Username")), ("name", _("Full name")),
                                        ("role", _("Role")), ("unit", _("Unit")), ("active", _("Active"))]), lg=12),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Add a user"), className="h6"),
            _field(_("Username"), dbc.Input(id=ids.NEW_USER_NAME, maxLength=80)),
            _field(_("Full name"), dbc.Input(id=ids.NEW_USER_FULL, maxLength=200)),
            _field(_("Role"), dbc.Select(id=ids.NEW_USER_ROLE, options=_roles(), value="unit_head")),
            _field(_("Unit"), dcc.Dropdown(id=ids.NEW_USER_UNIT)),
            _field(_("Password (at least 10 characters)"), dbc.Input(id=ids.NEW_USER_PASSWORD, type="password")),
            dbc.Button(_("Add"), id=ids.NEW_USER_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Change a user"), className="h6"),
            _field(_("Username"), dcc.Dropdown(id=ids.CHANGE_USER)),
            _field(_("Role"), dbc.Select(id=ids.CHANGE_USER_ROLE, options=_roles())),
            _field(_("Unit"), dcc.Dropdown(id=ids.CHANGE_USER_UNIT)),
            dbc.Checkbox(id=ids.CHANGE_USER_ACTIVE, label=_("Active (may sign in)"), value=True,
                         className="mb-2"),
            dbc.Button(_("Save"), id=ids.CHANGE_USER_SAVE, color="primary", className="big-button mb-3"),
            _field(_("New password (at least 10 characters)"),
                   dbc.Input(id=ids.CHANGE_USER_PASSWORD, type="password")),
            dbc.Button(_("Reset the password"), id=ids.RESET_PASSWORD_SAVE, color="secondary",
                       className="big-button"),
        ])), lg=6, className="mt-3"),
    ])
    units_tab = dbc.Row([
        dbc.Col(_grid(ids.ADMIN_UNITS, [("code", _("Code")), ("name", _("Name")), ("kind", _("Kind")),
                                        ("active", _("Active"))]), lg=12),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Add a unit"), className="h6"),
            _field(_("Code (letters, digits, hyphens; used in links)"), dbc.Input(id=ids.NEW_UNIT_CODE, maxLength=40)),
            _field(_("Name"), dbc.Input(id=ids.NEW_UNIT_NAME, maxLength=200)),
            _field(_("Kind"), dbc.Select(id=ids.NEW_UNIT_KIND, value="commune", options=[
                {"label": kind_label(k), "value": k} for k in ("office", "commune")])),
            dbc.Button(_("Add"), id=ids.NEW_UNIT_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Add a feedback point"), className="h6"),
            _field(_("Unit"), dcc.Dropdown(id=ids.NEW_POINT_UNIT)),
            _field(_("Counter or desk"), dbc.Input(id=ids.NEW_POINT_LABEL, maxLength=200,
                                                   placeholder="Quầy 3 – Đất đai")),
            _field(_("Code (letters, digits, hyphens; used in links)"), dbc.Input(id=ids.NEW_POINT_CODE, maxLength=40)),
            dbc.Button(_("Add"), id=ids.NEW_POINT_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Rename or close a unit"), className="h6"),
            _field(_("Unit"), dcc.Dropdown(id=ids.CHANGE_UNIT)),
            _field(_("Name"), dbc.Input(id=ids.CHANGE_UNIT_NAME, maxLength=200)),
            dbc.Checkbox(id=ids.CHANGE_UNIT_ACTIVE, label=_("Active (receives tasks)"), value=True,
                         className="mb-2"),
            dbc.Button(_("Save"), id=ids.CHANGE_UNIT_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
    ])
    return html.Main([
        dcc.Store(id=ids.ADMIN_REFRESH, data=0),
        html.H1(_("Administration"), className="h3"),
        html.Div(id=ids.ADMIN_REFUSED),
        html.Div(id=ids.ADMIN_MESSAGE, role="status"),
        html.Div(dbc.Tabs([
            dbc.Tab(html.Div(users_tab, className="pt-3"), label=_("Users"), tab_id="users"),
            dbc.Tab(html.Div(units_tab, className="pt-3"), label=_("Units"), tab_id="units"),
            dbc.Tab(html.Div(id=ids.ADMIN_AUDIT, className="pt-3"), label=_("Audit log"), tab_id="audit"),
        ], active_tab="users"), id=ids.ADMIN_BODY, hidden=True),
    ])


def user_rows(rows) -> list[dict]:
    return [{"username": u, "name": n, "role": role_label(r), "unit": c or "—",
             "active": "✓" if a else "✗"} for u, n, r, c, a in rows]


def unit_rows(rows) -> list[dict]:
    return [{"code": c, "name": n, "kind": kind_label(k), "active": "✓" if a else "✗"}
            for c, n, k, a in rows]


def audit_table(rows) -> dbc.Table:
    body = [html.Tr([html.Td(show_datetime(at)), html.Td(who or "—"), html.Td(action),
                     html.Td(target or ""),
                     html.Td(html.Code(json.dumps(detail, ensure_ascii=False)[:300]))])
            for at, who, action, target, detail in rows]
    return dbc.Table([html.Thead(html.Tr([html.Th(_("When")), html.Th(_("Who")), html.Th(_("Action")),
                                          html.Th(_("Target")), html.Th(_("Detail"))])),
                      html.Tbody(body)], size="sm", responsive=True, className="audit-table")


def refused() -> dbc.Alert:
    return dbc.Alert(_("This page is for administrators."), color="danger")
