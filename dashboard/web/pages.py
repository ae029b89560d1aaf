"""Every page of the Dash app, registered in one place, and the shell around them. Layouts
lay themselves out with the rights the policy gives the person asking (``Rights``)."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

import dash
from dash import ClientsideFunction, Dash, Input, Output, dcc, html

# What Dash's own router uses, so the opened page is laid out exactly as the router would do it.
from dash._pages import _parse_query_string, _path_to_page
from dash.dash import _ID_CONTENT, _ID_DUMMY, _ID_LOCATION, _ID_STORE
from dash.development.base_component import Component
from flask import current_app, g, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

import callbacks
from callbacks import first_answers
from callbacks.first_answers import FirstAnswer
from db import digests
from layouts import admin, ids, overview, recommendations, register, satisfaction, shell, task_page, unit_page, units

from .. import paths
from ..access import rights
from ..extensions import database
from . import notice

PAGES = [
    # (name, path or template, layout function, title function)
    ("overview", paths.OVERVIEW, overview.page, overview.title),
    ("units", paths.UNITS, units.page, units.title),
    ("unit", paths.unit("<code>"), unit_page.page, unit_page.title),
    ("tasks", paths.TASKS, register.page, register.title),
    ("task", paths.task("<task_id>"), task_page.page, task_page.title),
    ("satisfaction", paths.SATISFACTION, satisfaction.page, satisfaction.title),
    ("recommendations", paths.RECOMMENDATIONS, recommendations.page, recommendations.title),
    ("admin", paths.ADMIN, admin.page, admin.title),
    ("not_found_404", "/404", shell.not_found, shell.not_found_title),
]


# The callbacks each page answers as it is laid out (callbacks/first_answers.py).
FIRST_ANSWERS = {"overview": callbacks.overview.FIRST_ANSWERS, "unit": callbacks.unit_page.FIRST_ANSWERS,
                 "tasks": callbacks.register_page.FIRST_ANSWERS,
                 "satisfaction": callbacks.satisfaction.FIRST_ANSWERS}


def with_rights(layout, answers: tuple[FirstAnswer, ...] = ()):
    """``layout`` called with the asker's rights (a query parameter never stands in for them),
    with its first ``answers`` in it."""
    @functools.wraps(layout)
    def laid_out(**kwargs):
        kwargs.pop("rights", None)
        page = layout(rights=rights(), **kwargs)
        if answers and current_user.is_authenticated:
            first_answers.lay_out(page, answers, unanswered)
        return page
    return laid_out


def unanswered(error: Exception) -> bool:
    """A first answer that failed: refused, the page goes to the router, whose callback says so;
    with the database away, the page shows without its figures under the notice; any other
    fault leaves that answer's section empty, as a failed callback did. Whether to go on."""
    if isinstance(error, HTTPException):
        raise error
    if notice.database_away(error):
        return False  # the next answers would only wait for it too
    current_app.logger.error("a first answer failed", exc_info=error)
    return True


def app_layout(app: Dash) -> html.Div:
    if not current_user.is_authenticated:
        return shell.layout(page_container(None), None, rights())
    try:
        with database().session() as s:
            unread = digests.unread(s, current_user.id)
    except SQLAlchemyError:  # the page still opens; its own callbacks say the database is away
        unread = 0
    container = page_container(opened_page(app))
    return shell.layout(container, (current_user.full_name, current_user.role), rights(), unread,
                        notice=notice.unavailable_message() if g.pop("database_away", False) else None)


def opened_page(app: Dash) -> tuple[str, str, Component, str] | None:
    """The page the browser opened, laid out: (path, search, layout, title), or None.

    Dash's router fills the page container with a callback once the browser has reported its
    address: one more round trip (and render) before the page's own callbacks can even start.
    The layout is asked for by that page, so the request's Referer names it. Should the Referer
    name another page (cut to the site's address by a browser or a proxy), the browser sees it
    and asks the router for its own (assets/pages.js). A layout that fails is left to the router:
    a page refused to the asker (403) or a database away then shows the notice a callback shows."""
    try:
        opened = urlsplit(request.referrer or "")
        if opened.netloc != request.host or not opened.path.startswith(app.config.requests_pathname_prefix):
            return None
        search = f"?{opened.query}" if opened.query else ""
        return opened.path, search, *page_at(app.strip_relative_path(opened.path), search)
    except HTTPException:  # refused: the router's callback says so
        return None
    except Exception:  # noqa: BLE001 - the router draws the page as before, and says what failed
        current_app.logger.exception("laying out the opened page for %r", request.referrer)
        return None


def page_container(opened: tuple[str, str, Component, str] | None) -> html.Div:
    """Dash's page container (dash.page_container), holding ``opened`` when there is one."""
    if opened is None:  # the router fills it once the Location reports the browser's address
        address, layout, stored = {}, None, None
    else:
        path, search, layout, title = opened
        address, stored = {"pathname": path, "search": search}, {"title": title, "address": path + search}
    return html.Div([
        dcc.Location(id=_ID_LOCATION, refresh="callback-nav", **address),
        html.Div(layout, id=_ID_CONTENT, disable_n_clicks=True),
        dcc.Store(id=_ID_STORE, data=stored),
        html.Div(id=_ID_DUMMY, disable_n_clicks=True),
        html.Div(id=ids.OPENED_PAGE_CHECK, hidden=True),
    ])


def page_at(path_id: str, search: str) -> tuple[Component, str]:
    """The layout and title of the page at ``path_id``, as Dash's router makes them (the query's
    parameters win over the path's, as there)."""
    page, path_variables = _path_to_page(path_id)
    if not page:
        page = dash.page_registry["not_found_404"]
    variables = path_variables or {}
    layout, title = page["layout"], page["title"]
    return (layout(**{**variables, **_parse_query_string(search)}) if callable(layout) else layout,
            title(**variables) if callable(title) else title)


def register_pages(app: Dash) -> None:
    for name, path, layout, title in PAGES:
        answered = with_rights(layout, FIRST_ANSWERS.get(name, ()))
        if "<" in path:
            dash.register_page(name, path_template=path, layout=answered, title=title)
        else:
            dash.register_page(name, path=path, layout=answered, title=title)
    # Dash checks callbacks against every id the app can show: it calls each layout without
    # URL variables (layouts return their whole skeleton then). Setting the app layout needs
    # that set too, before the first request; layouts read the request, so use a stand-in.
    with app.server.test_request_context("/"):
        app.validation_layout = html.Div([shell.layout(page_container(None))]
                                         + [layout() for _, _, layout, _ in PAGES])
    app.layout = functools.partial(app_layout, app)
    app.clientside_callback(ClientsideFunction("pages", "followAddress"), Output(ids.OPENED_PAGE_CHECK, "children"),
                            Input(_ID_STORE, "data"))
    layout_address = app.config.routes_pathname_prefix + "_dash-layout"

    @app.server.after_request
    def layout_never_stored(response):
        if request.path == layout_address:  # it follows the person and the page that asked
            response.headers["Cache-Control"] = "private, no-store"
        return response

    callbacks.register(app)
