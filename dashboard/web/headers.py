"""Security headers on every answer (flask-talisman): a Content-Security-Policy that allows
only this site's own scripts (and the hashes of Dash's own inline ones), no framing by other
sites, no content-type sniffing, HSTS over HTTPS, and no referrer from the pages whose address
is a secret or a citizen's (screens, the rating form)."""
from __future__ import annotations

from dash import Dash
from flask import Flask, request
from flask_talisman import Talisman

from .. import paths

# Screens' links are secrets and citizens' pages carry a case code: never send them onwards.
PRIVATE_ADDRESS_PREFIXES = (paths.DISPLAY, paths.FEEDBACK, paths.RECOMMENDATION + "/")


def policy(dash_apps: list[Dash], frame_ancestors: str) -> dict:
    hashes = sorted({h for app in dash_apps for h in app.csp_hashes()})  # idempotent: Dash keeps them
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *hashes],
        "style-src": ["'self'", "'unsafe-inline'"],  # plotly and Dash set styles inline
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }


def init_app(server: Flask, dash_apps: list[Dash]) -> None:
    """Register after the Dash apps: their own set-up runs on the first request, and adds inline
    scripts (Dash pages' title callback) whose hashes the policy must then include."""
    allowed = server.config.get("FRAME_ANCESTORS") or "'none'"  # an admin may name an origin

    @server.after_request  # registered before Talisman's, so it runs after it
    def private_referrer(response):
        if request.path.startswith(PRIVATE_ADDRESS_PREFIXES):
            response.headers["Referrer-Policy"] = "no-referrer"
        return response

    talisman = Talisman(
        server,
        content_security_policy=policy(dash_apps, allowed),
        force_https=False,  # the proxy redirects to HTTPS; HSTS is still sent over HTTPS
        strict_transport_security=True,
        frame_options="DENY" if allowed == "'none'" else None,
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=server.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
    )
    hashed = []

    @server.before_request  # after Dash's own set-up, which runs before the first request
    def hash_dash_scripts_once():
        if not hashed:
            talisman.content_security_policy = policy(dash_apps, allowed)
            hashed.append(True)
