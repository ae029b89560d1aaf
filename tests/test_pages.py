"""The app's layout arrives holding the page the browser opened (dashboard/web/pages.py): the
same page, laid out with the same rights, as Dash's router would send a moment later; a layout
asked for without that page's address is the empty container the router fills, as before."""
from __future__ import annotations

import pytest

from .conftest import sign_in
from .dash_requests import callback_body, post_callback


def component(tree, id_: str) -> dict | None:
    if isinstance(tree, list):
        return next((found for child in tree if (found := component(child, id_))), None)
    if not isinstance(tree, dict):
        return None
    props = tree.get("props", {})
    return tree if props.get("id") == id_ else component(props.get("children"), id_)


def routed(client, pathname: str, search: str) -> dict:
    """What Dash's router answers when the browser reports this address."""
    body = callback_body([("_pages_content", "children"), ("_pages_store", "data")],
                         [("_pages_location", "pathname", pathname), ("_pages_location", "search", search)])
    answer = post_callback(client, body)
    assert answer.status_code == 200
    return answer.get_json()["response"]


@pytest.mark.parametrize(("person", "pathname", "search"), [
    ("leader", "/", ""),
    ("leader", "/tasks", "?q=k%E1%BA%BF+ho%E1%BA%A1ch"),  # "kế hoạch", as a browser sends it
    ("head.xa-thach-dai", "/units/xa-thach-dai", ""),
    ("head.xa-thach-dai", "/units/tnmt", ""),  # another unit: the page says it is not theirs
    ("viewer", "/satisfaction", ""),
    ("leader", "/tasks/5", ""),
])
def test_the_layout_holds_the_opened_page_as_the_router_would_draw_it(client, person, pathname, search):
    sign_in(client, person)
    answer = client.get("/_dash-layout", headers={"Referer": f"http://localhost{pathname}{search}"})
    assert answer.headers["Cache-Control"] == "private, no-store"
    layout = answer.get_json()
    location = component(layout, "_pages_location")["props"]
    assert (location["pathname"], location["search"]) == (pathname, search)
    router = routed(client, pathname, search)
    assert component(layout, "_pages_content")["props"]["children"] == router["_pages_content"]["children"]
    stored = component(layout, "_pages_store")["props"]["data"]
    assert stored == router["_pages_store"]["data"] | {"address": pathname + search}  # checked in the browser


@pytest.mark.parametrize("referrer", [None, "http://elsewhere.example/tasks", "not an address"])
def test_without_the_pages_own_address_the_router_fills_the_page(client, referrer):
    sign_in(client, "leader")
    layout = client.get("/_dash-layout", headers={"Referer": referrer} if referrer else {}).get_json()
    assert "pathname" not in component(layout, "_pages_location")["props"]
    assert component(layout, "_pages_content")["props"].get("children") is None


@pytest.mark.parametrize(("referrer", "laid_out"), [
    ("http://localhost/units/xa-thach-dai?code=tnmt", "tnmt"),  # the query wins, as in the router
    ("http://[", None),  # not an address: the router fills the page
])
def test_odd_referrers_never_break_the_layout(client, referrer, laid_out):
    sign_in(client, "leader")
    answer = client.get("/_dash-layout", headers={"Referer": referrer})
    assert answer.status_code == 200
    content = component(answer.get_json(), "_pages_content")["props"].get("children")
    assert (content is None) == (laid_out is None)
    if laid_out:
        assert component(content, "unit-code")["props"]["data"] == laid_out
