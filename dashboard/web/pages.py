"""Every page of the Dash app, registered in one place, and the shell around them. Layouts
lay themselves out with the rights the policy gives the person asking (``Rights``)."""
from __future__ import annotations

import functools

import dash
from dash import Dash, html
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

import callbacks
from db import digests
from layouts import admin, overview, recommendations, register, satisfaction, shell, task_page, unit_page, units

from .. import paths
from ..access import rights
from ..extensions import database

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


def with_rights(layout):
    """``layout`` called with the asker's rights (a query parameter never stands in for them)."""
    @functools.wraps(layout)
    def laid_out(**kwargs):
        kwargs.pop("rights", None)
        return layout(rights=rights(), **kwargs)
    return laid_out


def app_layout() -> html.Div:
    if not current_user.is_authenticated:
        return shell.layout(None, rights())
    try:
        with database().session() as s:
            unread = digests.unread(s, current_user.id)
    except SQLAlchemyError:  # the page still opens; its own callbacks say the database is away
        unread = 0
    return shell.layout((current_user.full_name, current_user.role), rights(), unread)


def register_pages(app: Dash) -> None:
    for name, path, layout, title in PAGES:
        if "<" in path:
            dash.register_page(name, path_template=path, layout=with_rights(layout), title=title)
        else:
            dash.register_page(name, path=path, layout=with_rights(layout), title=title)
    # Dash checks callbacks against every id the app can show: it calls each layout without
    # URL variables (layouts return their whole skeleton then). Setting the app layout needs
    # that set too, before the first request; layouts read the request, so use a stand-in.
    with app.server.test_request_context("/"):
        app.validation_layout = html.Div([shell.layout()] + [layout() for _, _, layout, _ in PAGES])
    app.layout = app_layout
    callbacks.register(app)
