"""Administration: users, units and the audit log (for the admin role; checked on the server)."""
from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _

from dashboard import paths
from dashboard.domain.displays import NAME_MAX as SCREEN_NAME_MAX
from dashboard.domain.displays import REFRESH_SECONDS, ROTATE_SECONDS, SLIDES
from dashboard.domain.policy import ROLES, Role
from dashboard.domain.vocabulary import CALENDAR_KINDS, MIN_PASSWORD, NAME_MAX, UNIT_KINDS
from dashboard.i18n import show_date, show_datetime

from . import ids
from .components import dropdown, limited_line
from .display import slide_title
from .shell import role_label
from .units import kind_label


def title(**_kwargs) -> str:
    return _("Administration")


def _list_box(box_id: str, label: str) -> html.Div:
    """Where a list (users, units) is drawn: it scrolls in its own box."""
    return html.Div(id=box_id, className="table-responsive admin-list", tabIndex="0", role="region",
                    **{"aria-label": label})


def user_columns() -> list[tuple[str, str]]:
    return [("username", _("Username")), ("name", _("Full name")), ("role", _("Role")), ("unit", _("Unit")),
            ("active", _("Active"))]


def unit_columns() -> list[tuple[str, str]]:
    return [("code", _("Code")), ("name", _("Name")), ("kind", _("Kind")), ("active", _("Active")),
            ("public", _("Results public"))]


def list_table(rows: list[dict], columns: list[tuple[str, str]]) -> html.Table:
    """Every row (the server lists them in Vietnamese order), its header kept in view."""
    return html.Table([
        html.Thead(html.Tr([html.Th(header, scope="col", className=f"col-{field}") for field, header in columns])),
        html.Tbody([html.Tr([html.Td(row[field], className=f"col-{field}") for field, _h in columns])
                    for row in rows]),
    ], className="table table-sm table-hover mb-0")


def _field(label: str, component) -> html.Div:
    box = component.children[0] if isinstance(component, html.Div) else component  # a box and its counter
    return html.Div([dbc.Label(label, html_for=box.id), component], className="mb-2")


def _roles() -> list[dict]:
    return [{"label": role_label(r), "value": r} for r in ROLES]


def page(**_kwargs) -> html.Main:
    """The same components for everyone (Dash learns ids from one call); the server shows the
    body to admins only and refuses every change from anyone else."""
    users_tab = dbc.Row([
        dbc.Col(_list_box(ids.ADMIN_USERS, _("Users")), lg=12),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Add a user"), className="h6"),
            _field(_("Username"), dbc.Input(id=ids.NEW_USER_NAME)),
            _field(_("Full name"), limited_line(ids.NEW_USER_FULL, NAME_MAX)),
            _field(_("Role"), dbc.Select(id=ids.NEW_USER_ROLE, options=_roles(), value=Role.UNIT_HEAD.value)),
            _field(_("Unit"), dropdown(id=ids.NEW_USER_UNIT)),
            _field(_("Password (at least %(n)s characters)", n=MIN_PASSWORD),
                   dbc.Input(id=ids.NEW_USER_PASSWORD, type="password")),
            dbc.Button(_("Add"), id=ids.NEW_USER_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Change a user"), className="h6"),
            _field(_("Username"), dropdown(id=ids.CHANGE_USER)),
            _field(_("Role"), dbc.Select(id=ids.CHANGE_USER_ROLE, options=_roles())),
            _field(_("Unit"), dropdown(id=ids.CHANGE_USER_UNIT)),
            dbc.Checkbox(id=ids.CHANGE_USER_ACTIVE, label=_("Active (may sign in)"), value=True,
                         className="mb-2"),
            dbc.Button(_("Save"), id=ids.CHANGE_USER_SAVE, color="primary", className="big-button mb-3"),
            _field(_("New password (at least %(n)s characters)", n=MIN_PASSWORD),
                   dbc.Input(id=ids.CHANGE_USER_PASSWORD, type="password")),
            dbc.Button(_("Reset the password"), id=ids.RESET_PASSWORD_SAVE, color="secondary",
                       className="big-button"),
        ])), lg=6, className="mt-3"),
    ])
    units_tab = dbc.Row([
        dbc.Col(_list_box(ids.ADMIN_UNITS, _("Units")), lg=12),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Add a unit"), className="h6"),
            _field(_("Code (letters, digits, hyphens; used in links)"), dbc.Input(id=ids.NEW_UNIT_CODE)),
            _field(_("Name"), limited_line(ids.NEW_UNIT_NAME, NAME_MAX)),
            _field(_("Kind"), dbc.Select(id=ids.NEW_UNIT_KIND, value="commune", options=[
                {"label": kind_label(k), "value": k} for k in UNIT_KINDS])),
            dbc.Button(_("Add"), id=ids.NEW_UNIT_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Add a feedback point"), className="h6"),
            _field(_("Unit"), dropdown(id=ids.NEW_POINT_UNIT)),
            _field(_("Counter or desk"), limited_line(ids.NEW_POINT_LABEL, NAME_MAX,
                                                      placeholder="Quầy 3 – Đất đai")),
            _field(_("Code (letters, digits, hyphens; used in links)"), dbc.Input(id=ids.NEW_POINT_CODE)),
            dbc.Button(_("Add"), id=ids.NEW_POINT_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Rename or close a unit"), className="h6"),
            _field(_("Unit"), dropdown(id=ids.CHANGE_UNIT)),
            _field(_("Name"), limited_line(ids.CHANGE_UNIT_NAME, NAME_MAX)),
            dbc.Checkbox(id=ids.CHANGE_UNIT_ACTIVE, label=_("Active (receives tasks)"), value=True,
                         className="mb-2"),
            dbc.Button(_("Save"), id=ids.CHANGE_UNIT_SAVE, color="primary", className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Results for citizens"), className="h6"),
            html.P([_("A unit's results (tasks on time, recommendations answered on time, satisfaction) "
                      "on the public page, without personal data:"), " ",
                    html.A(paths.RESULTS + "/", href=paths.RESULTS + "/")],
                   className="small text-muted"),
            _field(_("Unit"), dropdown(id=ids.PUBLIC_UNIT)),
            dbc.RadioItems(id=ids.PUBLIC_CHOICE, value=True, className="mb-2", options=[
                {"label": _("Publish its results"), "value": True},
                {"label": _("Do not publish"), "value": False}]),
            dbc.Button(_("Save"), id=ids.PUBLIC_SAVE, color="primary", className="big-button"),
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
            dbc.Tab(html.Div(displays_tab(), className="pt-3"), label=_("Meeting-room screens"),
                    tab_id="displays"),
            dbc.Tab(html.Div(calendar_tab(), className="pt-3"), label=_("Working calendar"), tab_id="calendar"),
            dbc.Tab(html.Div(id=ids.ADMIN_AUDIT, className="pt-3"), label=_("Audit log"), tab_id="audit"),
        ], active_tab="users"), id=ids.ADMIN_BODY, hidden=True),
    ])


def slide_options() -> list[dict]:
    return [{"label": slide_title(slide), "value": slide} for slide in SLIDES]


def _display_fields(form: str) -> list:
    field = lambda name: f"{form}-{name}"  # noqa: E731 - one id per field of this form
    return [
        _field(_("Name (the room, e.g. Phòng họp tầng 2)"), limited_line(field("name"), SCREEN_NAME_MAX)),
        _field(_("Slides"), dbc.Checklist(id=field("slides"), options=slide_options(), value=list(SLIDES))),
        dbc.Row([
            dbc.Col(_field(_("Seconds per slide"), dbc.Input(id=field("rotate"), type="number", value=20,
                                                             min=ROTATE_SECONDS[0], max=ROTATE_SECONDS[1]))),
            dbc.Col(_field(_("Refresh every (seconds)"), dbc.Input(id=field("refresh"), type="number", value=30,
                                                                   min=REFRESH_SECONDS[0], max=REFRESH_SECONDS[1]))),
        ]),
        dbc.Row([
            dbc.Col(_field(_("Language"), dbc.Select(id=field("locale"), value="vi", options=[
                {"label": "Tiếng Việt", "value": "vi"}, {"label": "English", "value": "en"}]))),
            dbc.Col(_field(_("Valid until (optional)"), dbc.Input(id=field("expires"), type="date"))),
        ]),
    ]


def displays_tab() -> dbc.Row:
    return dbc.Row([
        dbc.Col(html.Div(id=ids.ADMIN_DISPLAYS), lg=12),
        dbc.Col(html.Div(id=ids.DISPLAY_LINK), lg=12),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Add a screen"), className="h6"),
            *_display_fields(ids.NEW_DISPLAY),
            dbc.Button(_("Add and show its link"), id=ids.NEW_DISPLAY_SAVE, color="primary",
                       className="big-button"),
        ])), lg=6, className="mt-3"),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("Change, replace the link of, or revoke a screen"), className="h6"),
            _field(_("Screen"), dropdown(id=ids.CHANGE_DISPLAY_PICK)),
            *_display_fields(ids.CHANGE_DISPLAY),
            html.Div([
                dbc.Button(_("Save"), id=ids.CHANGE_DISPLAY_SAVE, color="primary", className="big-button"),
                dbc.Button(_("Replace the link"), id=ids.ROTATE_DISPLAY, color="secondary",
                           className="big-button"),
                dcc.ConfirmDialogProvider(
                    dbc.Button(_("Revoke"), color="danger", className="big-button"), id=ids.REVOKE_DISPLAY,
                    message=_("Revoke this screen? Its link stops working at once.")),
            ], className="d-flex flex-wrap gap-2"),
        ])), lg=6, className="mt-3"),
    ])


def calendar_tab() -> dbc.Row:
    """Days the province sets apart from the national calendar, for deadlines in working days."""
    return dbc.Row([
        dbc.Col(dbc.Card(dbc.CardBody([
            html.H3(_("A local day off or make-up working day"), className="h6"),
            html.P(_("Vietnam's public holidays (Tết included) are known already. Add your province's own days "
                     "off and the make-up working days the government announces; answers to citizens are due "
                     "in working days."),
                   className="small text-muted"),
            _field(_("Day"), dbc.Input(id=ids.CALENDAR_DAY, type="date")),
            dbc.RadioItems(id=ids.CALENDAR_KIND, value="off", className="mb-2", options=[
                {"label": label, "value": kind} for kind, label in zip(CALENDAR_KINDS, (
                    _("Day off"), _("Working day"), _("As the national calendar")), strict=True)]),
            _field(_("Note (e.g. the province's decision)"), limited_line(ids.CALENDAR_NOTE, NAME_MAX)),
            dbc.Button(_("Save"), id=ids.CALENDAR_SAVE, color="primary", className="big-button"),
        ])), lg=6),
        dbc.Col(html.Div(id=ids.CALENDAR_LIST), lg=6),
    ])


def calendar_list(local, national: list[tuple[date, str]]) -> html.Div:
    """The local days, then this year's national holidays (from the holidays library)."""
    local_rows = [html.Tr([html.Td(show_date(day.day)), html.Td(_("Working day") if day.working else _("Day off")),
                           html.Td(day.note or "—")]) for day in local]
    return html.Div([
        html.H3(_("Local days"), className="h6"),
        dbc.Table([html.Thead(html.Tr([html.Th(_("Day")), html.Th(_("Kind")), html.Th(_("Note"))])),
                   html.Tbody(local_rows)], size="sm") if local_rows
        else html.P(_("None yet."), className="text-muted"),
        html.H3(_("National holidays this year"), className="h6 mt-3"),
        html.Ul([html.Li(f"{show_date(day)} · {name}") for day, name in national], className="small"),
    ])


def display_table(rows: list, today: date) -> dbc.Table:
    titles = {slide: option["label"] for slide, option in zip(SLIDES, slide_options())}
    body = []
    for display in rows:
        if display.revoked_at is not None:
            state = _("Revoked %(when)s", when=show_datetime(display.revoked_at))
        elif display.expires_on is not None and display.expires_on < today:
            state = _("Expired")
        else:
            state = _("Active")
        body.append(html.Tr([
            html.Td(f"#{display.id}"), html.Td(display.name),
            html.Td(", ".join(titles.get(s, s) for s in display.slides)),
            html.Td(_("%(rotate)s s / %(refresh)s s", rotate=display.rotate_seconds,
                      refresh=display.refresh_seconds)),
            html.Td(display.locale), html.Td(show_date(display.expires_on) if display.expires_on else "—"),
            html.Td(state), html.Td(show_datetime(display.created_at))]))
    if not body:
        return html.P(_("No screen yet. Add one below, then open its link on the meeting-room TV."))
    return dbc.Table([html.Thead(html.Tr([
        html.Th("#"), html.Th(_("Name")), html.Th(_("Slides")), html.Th(_("Per slide / refresh")),
        html.Th(_("Language")),
        html.Th(_("Valid until")), html.Th(_("State")), html.Th(_("Created"))])), html.Tbody(body)],
        size="sm", responsive=True, className="displays-table")


def display_link(name: str, url: str) -> dbc.Alert:
    """Shown once: only the link's hash is kept, so it cannot be shown again."""
    return dbc.Alert([
        html.Strong(_("The link of “%(name)s”:", name=name)), html.Br(),
        html.Code(url, className="display-url user-select-all fs-6"),
        dcc.Clipboard(target_id=None, content=url, className="d-inline-block ms-2"),
        html.P(_("Open it once in the browser of the meeting-room TV (full screen: F11). It is shown "
                 "only now: keep it like a key. To show fewer slides on one screen, add for example "
                 "?slides=ranking,overdue&rotate=30 to the link."), className="mb-0 mt-2"),
    ], color="info", className="display-link-once")


def user_rows(rows) -> list[dict]:
    return [{"username": u, "name": n, "role": role_label(r), "unit": c or "—",
             "active": "✓" if a else "✗"} for u, n, r, c, a in rows]


def unit_rows(rows) -> list[dict]:
    return [{"code": u.code, "name": u.name, "kind": kind_label(u.kind), "active": "✓" if u.active else "✗",
             "public": html.A(["✓ ", _("Poster")], href=paths.results_poster(u.code), target="_blank")
             if u.public_results else "✗"} for u in rows]


def refused() -> dbc.Alert:
    return dbc.Alert(_("This page is for administrators."), color="danger")
