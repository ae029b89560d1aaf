"""Every page of the Dash app, registered in one place, and the shell around them."""
from __future__ import annotations

import dash
from dash import Dash, html

import callbacks
from layouts import admin, overview, register, satisfaction, shell, task_page, unit_page, units

PAGES = [
    # (name, path or template, layout function, title function)
    ("overview", "/", overview.page, overview.title),
    ("units", "/units", units.page, units.title),
    ("unit", "/units/<code>", unit_page.page, unit_page.title),
    ("tasks", "/tasks", register.page, register.title),
    ("task", "/tasks/<task_id>", task_page.page, task_page.title),
    ("satisfaction", "/satisfaction", satisfaction.page, satisfaction.title),
    ("admin", "/admin", admin.page, admin.title),
    ("not_found_404", "/404", shell.not_found, shell.not_found_title),
]


def register(app: Dash) -> None:
    for name, path, layout, title in PAGES:
        if "<" in path:
            dash.register_page(name, path_template=path, layout=layout, title=title)
        else:
            dash.register_page(name, path=path, layout=layout, title=title)
    # Dash checks callbacks against every id the app can show: it calls each layout without
    # URL variables (layouts return their whole skeleton then). Setting the app layout needs
    # that set too, before the first request; layouts read the request, so use a stand-in.
    with app.server.test_request_context("/"):
        app.validation_layout = html.Div([shell.layout()] + [layout() for _, _, layout, _ in PAGES])
    app.layout = shell.layout
    callbacks.register(app)
