"""Where things live on the site: the pages' paths and the public prefixes, named once, and the
one check of a path a request asks to be sent back to."""
from __future__ import annotations

from urllib.parse import urlsplit

OVERVIEW = "/"
UNITS = "/units"
TASKS = "/tasks"
SATISFACTION = "/satisfaction"
ADMIN = "/admin"
LOGIN = "/login"
DISPLAY = "/display/"  # a meeting-room screen: /display/<secret>
FEEDBACK = "/f/"  # a citizen's rating form: /f/<point code>
RECOMMEND_FORM = "/kn"  # after a point's address: /f/<point code>/kn, its recommendation form
RECOMMENDATION = "/kn"  # /kn/ looks a recommendation up, /kn/<tracking code> shows it
RECOMMENDATIONS = "/recommendations"  # the staff's list
RESULTS = "/kq"  # the public results page: /kq/ for every published unit, /kq/<unit code> for one
API = "/api/v1"  # the JSON API for other systems; its description at /api/v1/openapi.json
API_DOCS = API + "/docs"
API_TOKENS = "/account/api-tokens"  # a person makes and revokes their API tokens here
BRIEFINGS = "/briefings"  # the weekly briefing: its meetings, packs and conclusions
INBOX = "/inbox"  # a person's daily digests and their choices
DASH_UPDATE = "_dash-update-component"  # Dash's callback route, under each Dash app's prefix


def unit(code: str) -> str:
    return f"{UNITS}/{code}"


def task(task_id: int | str) -> str:
    return f"{TASKS}/{task_id}"


def recommend_form(point_code: str) -> str:
    return f"{FEEDBACK}{point_code}{RECOMMEND_FORM}"


def recommendation(code: str) -> str:
    return f"{RECOMMENDATION}/{code}"


def is_recommendation_path(path: str) -> bool:
    """The citizen's recommendation pages (their form, a code's page, the look-up)."""
    return path.startswith(RECOMMENDATION + "/") or path == RECOMMENDATION or (
        path.startswith(FEEDBACK) and path.endswith(RECOMMEND_FORM))


def results(unit_code: str) -> str:
    return f"{RESULTS}/{unit_code}"


def results_poster(unit_code: str) -> str:
    return f"/posters/results/{unit_code}.pdf"


def briefing_pack(briefing_id: int, unit_code: str | None = None) -> str:
    """A briefing's memo as PDF: the district's, or one unit's."""
    memo = "pack" if unit_code is None else f"units/{unit_code}"
    return f"{BRIEFINGS}/{briefing_id}/{memo}.pdf"


def display(secret: str) -> str:
    return DISPLAY + secret


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick."""
    if not target:
        return OVERVIEW
    if any(not char.isprintable() for char in target):  # CR, LF, NUL: never into a header
        return OVERVIEW
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return OVERVIEW
    return target
