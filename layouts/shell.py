"""The frame around every page: top bar with the user, the language switch and sign-out."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf.csrf import generate_csrf

from dashboard import paths
from dashboard.domain.policy import ROLES, Rights, Role
from dashboard.i18n import current_language

from . import ids
from .components import icon


def role_label(role: str) -> str:
    labels = {Role.LEADER: _("Leader"), Role.UNIT_HEAD: _("Unit head"), Role.VIEWER: _("Viewer"),
              Role.ADMIN: _("Administrator")}
    return labels.get(Role(role), role) if role in ROLES else role


def language_switch(next_path: str) -> html.Nav:
    language = current_language()
    links = []
    for code, label in (("vi", "Tiếng Việt"), ("en", "English")):
        links.append(html.A(label, href=f"/lang/{code}?next={next_path}", lang=code,
                            className="lang-link active" if code == language else "lang-link",
                            **({"aria-current": "true"} if code == language else {})))
    return html.Nav(links, className="lang-switch", **{"aria-label": _("Language")})


def icon_link(icon_name: str, words: str, href: str, extra: list | None = None, label: str | None = None) -> html.A:
    """A link of the top bar's right side: on a wide screen its icon (its words as its name and
    tooltip, so the bar stays one line in English too); in the phone's menu its words as well."""
    label = label or words
    return html.A([icon(icon_name), html.Span([" ", words], className="d-lg-none"), *(extra or [])],
                  href=href, title=label, className="link-light text-nowrap", **{"aria-label": label})


def inbox_link(unread: int) -> html.A:
    """The person's inbox, with how many digests they have not read."""
    if not unread:
        return icon_link("bi-inbox", _("Inbox"), paths.INBOX)
    count = ngettext("%(num)s unread", "%(num)s unread", unread)
    return icon_link("bi-inbox", _("Inbox"), paths.INBOX,
                     [" ", html.Span(str(unread), className="badge text-bg-danger", **{"aria-hidden": "true"})],
                     label=f"{_('Inbox')}, {count}")


def top_bar(person: tuple[str, str] | None, rights: Rights, unread: int = 0) -> dbc.Navbar:
    """The header of a signed-in ``person`` (full name, role), with the links their rights open."""
    sign_out = html.Form(
        [dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
         html.Button([icon("bi-box-arrow-right"), " ", _("Sign out")], type="submit",
                     className="btn btn-outline-light btn-sm")],
        action="/logout", method="POST", className="d-inline")
    sign_out_everywhere = html.Form(
        [dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
         html.Button([icon("bi-phone"), " ", _("Sign out everywhere")], type="submit",
                     title=_("End every session of your account, on every phone and computer"),
                     className="btn btn-outline-light btn-sm ms-2")],
        action="/logout/everywhere", method="POST", className="d-inline")
    # The role in the phone's menu; on a wide screen the name alone keeps the bar on one line.
    who = html.Span([icon("bi-person-circle"), " ", person[0],
                     html.Span([" · ", role_label(person[1])], className="d-lg-none")],
                    title=f"{person[0]} · {role_label(person[1])}", className="navbar-text text-nowrap me-lg-1"
                    ) if person else None
    links = []
    if rights.administer:
        links = [html.A(_("Administration"), href=paths.ADMIN, className="nav-link")]
    if rights.see_overview:
        links += [html.A(_("Overview"), href=paths.OVERVIEW, className="nav-link"),
                 html.A(_("Tasks"), href=paths.TASKS, className="nav-link"),
                 html.A(_("Units"), href=paths.UNITS, className="nav-link"),
                 html.A(_("Satisfaction"), href=paths.SATISFACTION, className="nav-link"),
                 html.A(_("Recommendations"), href=paths.RECOMMENDATIONS, className="nav-link"),
                 html.A(_("Briefings"), href=paths.BRIEFINGS, className="nav-link")]
    elif rights.own_unit_code:
        links = [html.A(_("My unit"), href=paths.unit(rights.own_unit_code), className="nav-link"),
                 html.A(_("Tasks"), href=paths.TASKS, className="nav-link"),
                 html.A(_("Satisfaction"), href=paths.SATISFACTION, className="nav-link"),
                 html.A(_("Recommendations"), href=paths.RECOMMENDATIONS, className="nav-link"),
                 html.A(_("Briefings"), href=paths.BRIEFINGS, className="nav-link")]
    # On a phone the header is one line (the name and a menu button); the menu opens below it.
    return dbc.Navbar(
        dbc.Container([
            html.A([icon("bi-clipboard2-check"), " ", _("Task Supervision")], href=paths.OVERVIEW,
                   className="navbar-brand"),
            html.Button(html.Span(className="navbar-toggler-icon"), id=ids.MENU_TOGGLE, type="button",
                        className="navbar-toggler", n_clicks=0,
                        **{"aria-label": _("Menu"), "aria-controls": ids.MENU, "aria-expanded": "false"}),
            dbc.Collapse([
                html.Nav(links, className="navbar-nav me-auto gap-lg-2"),
                html.Div([who, inbox_link(unread) if person else None,
                          icon_link("bi-key", _("API tokens"), paths.API_TOKENS) if person else None,
                          language_switch("/"),
                          html.Div([sign_out, sign_out_everywhere]) if person else None],
                         className="d-flex align-items-lg-center gap-2 gap-lg-3 flex-column flex-lg-row py-2 py-lg-0"),
            ], id=ids.MENU, navbar=True, is_open=False),
        ], fluid=True),
        color="primary", dark=True, expand="lg", className="mb-3")


def layout(pages: Component, person: tuple[str, str] | None = None, rights: Rights = Rights(),
           unread: int = 0, notice: str | None = None) -> html.Div:
    """The app's layout, built on every page load so it follows the user and language. ``pages``
    is Dash's page container, possibly holding the page the browser opened already
    (dashboard/web/pages.py); ``notice``, what the database notice says when it shows at once."""
    database_notice = dbc.Alert(notice, id=ids.DB_NOTICE, is_open=notice is not None, color="warning",
                                dismissable=True, className="container-fluid")
    return html.Div([top_bar(person, rights, unread), database_notice,
                     dbc.Container(pages, fluid=True, id="page-container")],
                    lang=current_language())


def not_found(**_kwargs) -> html.Main:
    return html.Main([html.H1(_("Page not found")),
                      html.P(html.A(_("Back to the start page"), href=paths.OVERVIEW))])


def not_found_title(**_kwargs) -> str:
    return _("Page not found")
