"""A page's first answers arrive in its layout (callbacks/first_answers.py): exactly what its
callbacks answer for the controls as laid out, so the browser need not ask for them; Dash is
told not to; a refused page is still refused; the answer is kept for the next asker; and a
failure shows as a failed callback did."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from callbacks import overview, register_page, satisfaction, unit_page
from dashboard.services import overview as overview_service
from dashboard.web import create_app
from layouts import ids

from .conftest import copy_demo, make_config, sign_in
from .dash_requests import callback_body, overview_body, post_callback
from .test_answer_cache import _figure_reads, _statements
from .test_pages import component

pytestmark = pytest.mark.filterwarnings("ignore:Flask-Caching. CACHE_TYPE is set to NullCache")

PAGES = [
    ("leader", "/", overview.FIRST_ANSWERS),
    ("viewer", "/", overview.FIRST_ANSWERS),
    ("leader", "/tasks", register_page.FIRST_ANSWERS),
    ("leader", "/tasks?q=k%E1%BA%BF+ho%E1%BA%A1ch&bucket=overdue", register_page.FIRST_ANSWERS),  # "kế hoạch"
    ("head.xa-thach-dai", "/tasks", register_page.FIRST_ANSWERS),  # their own unit's tasks only
    ("head.xa-thach-dai", "/units/xa-thach-dai", unit_page.FIRST_ANSWERS),
    ("leader", "/units/tnmt?period=month", unit_page.FIRST_ANSWERS),
    ("viewer", "/satisfaction", satisfaction.FIRST_ANSWERS),
    ("leader", "/satisfaction", satisfaction.FIRST_ANSWERS),  # a moderator: held ratings, refusals
]


@pytest.fixture
def app(demo_db_url, tmp_path):
    """No answer cache: each callback below computes its answer again."""
    return create_app({**make_config(copy_demo(demo_db_url, tmp_path / "first.db")), "CACHE_TYPE": "NullCache"})


def opened(client, address: str):
    answer = client.get("/_dash-layout", headers={"Referer": f"http://localhost{address}"})
    assert answer.status_code == 200
    return component(answer.get_json(), "_pages_content")["props"].get("children")


def laid_out(page, item) -> object:
    found = component(page, item.component_id)
    assert found is not None, item.component_id
    return found["props"].get(item.component_property)


@pytest.mark.parametrize(("person", "address", "answers"), PAGES)
def test_each_first_answer_is_what_its_callback_answers_for_the_controls_laid_out(client, person, address, answers):
    sign_in(client, person)
    page = opened(client, address)
    for answer in answers:
        body = callback_body([(o.component_id, o.component_property) for o in (
            answer.outputs.values() if isinstance(answer.outputs, dict) else [answer.outputs])],
            [(i.component_id, i.component_property, laid_out(page, i)) for i in answer.inputs.values()],
            [(s.component_id, s.component_property, laid_out(page, s)) for s in answer.state.values()])
        response = post_callback(client, body)
        assert response.status_code == 200, (answer.function.__name__, response.data[:300])
        sent = response.get_json()["response"]
        for output in answer.named_outputs().values():
            assert laid_out(page, output) == sent.get(output.component_id, {}).get(output.component_property), (
                answer.function.__name__, output.component_id)


def test_the_answers_hold_the_figures_and_the_filters_of_the_address(client):
    sign_in(client, "leader")
    page = opened(client, "/")
    assert component(page, ids.OVERVIEW_HEADLINE)["props"]["children"]  # the figures, not an empty box
    assert component(page, ids.OVERVIEW_BODY)["props"]["hidden"] is False
    searched = opened(client, "/tasks?q=k%E1%BA%BF+ho%E1%BA%A1ch&bucket=overdue")
    everything = opened(client, "/tasks")
    count = component(searched, ids.REGISTER_COUNT)["props"]["children"]
    assert count and count != component(everything, ids.REGISTER_COUNT)["props"]["children"]
    assert "search" not in component(searched, ids.REGISTER_URL)["props"]  # the address bar already says it


@pytest.mark.parametrize("answers", [overview.FIRST_ANSWERS, register_page.FIRST_ANSWERS, unit_page.FIRST_ANSWERS,
                                     satisfaction.FIRST_ANSWERS])
def test_dash_is_told_not_to_ask_for_the_first_answers(client, answers):
    sign_in(client, "leader")
    dependencies = client.get("/_dash-dependencies").get_json()
    for answer in answers:
        spec = next(d for d in dependencies if d["output"] == answer.answer_name())
        assert spec["prevent_initial_call"] is True, answer.function.__name__


def test_a_page_refused_to_the_asker_is_left_to_the_router_which_refuses_it(client):
    """A unit head may not see the district's overview: its figures never reach the layout."""
    sign_in(client, "head.xa-thach-dai")
    assert opened(client, "/") is None  # the router's callback shows the refusal
    refused = post_callback(client, callback_body([("_pages_content", "children"), ("_pages_store", "data")],
                                                  [("_pages_location", "pathname", "/"),
                                                   ("_pages_location", "search", "")]))
    assert refused.status_code == 403
    assert refused.get_json()["message"]


def test_a_first_answer_is_kept_for_the_next_asker(demo_db_url, tmp_path):
    app = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "kept.db")),
                      "CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")})
    leader, viewer = app.test_client(), app.test_client()
    sign_in(leader, "leader")
    sign_in(viewer, "viewer")
    page = opened(leader, "/")
    as_of = component(page, ids.OVERVIEW_AS_OF)["props"]["date"]
    viewer.get("/", follow_redirects=True)
    seen = _statements(app)
    answer = post_callback(viewer, overview_body(as_of, "week"))  # the same figures, asked for by another
    assert len(_figure_reads(seen)) <= 3, seen  # the key's versions, not the figures
    headline = answer.get_json()["response"][ids.OVERVIEW_HEADLINE]["children"]
    assert headline == component(page, ids.OVERVIEW_HEADLINE)["props"]["children"]
    seen.clear()
    assert component(opened(viewer, "/"), ids.OVERVIEW_HEADLINE)["props"]["children"] == headline
    assert len(_figure_reads(seen)) <= 8, seen  # the page's own few reads (units, the user), not the figures


def _database_full(*_args, **_kwargs):
    raise OperationalError("SELECT", {}, sqlite3.OperationalError("database or disk is full"))


def _fault(*_args, **_kwargs):
    raise ValueError("a fault of ours")


def test_with_the_database_away_the_page_opens_without_figures_under_the_notice(client, monkeypatch):
    """As when its callbacks failed: the page's outline (to try again from), the notice over it."""
    sign_in(client, "leader")
    monkeypatch.setattr(overview_service, "overview", _database_full)
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/"}).get_json()
    notice = component(layout, ids.DB_NOTICE)["props"]
    assert notice["is_open"] is True and "Xin thử lại" in notice["children"]  # in the reader's language
    page = component(layout, "_pages_content")["props"]["children"]
    assert component(page, ids.OVERVIEW_AS_OF) and not component(page, ids.OVERVIEW_HEADLINE)["props"].get("children")
    routed = post_callback(client, callback_body([("_pages_content", "children"), ("_pages_store", "data")],
                                                 [("_pages_location", "pathname", "/"),
                                                  ("_pages_location", "search", "")])).get_json()
    assert routed["sideUpdate"][ids.DB_NOTICE]["is_open"] is True  # Dash's router says it too
    assert component(routed["response"]["_pages_content"]["children"], ids.OVERVIEW_AS_OF)
    monkeypatch.undo()
    assert component(client.get("/_dash-layout", headers={"Referer": "http://localhost/"}).get_json(),
                     ids.DB_NOTICE)["props"]["is_open"] is False


def test_a_fault_in_one_answer_leaves_only_its_section_empty(client, monkeypatch, caplog):
    sign_in(client, "leader")
    monkeypatch.setattr(overview_service, "overview", _fault)
    answer = client.get("/_dash-layout", headers={"Referer": "http://localhost/"})
    assert answer.status_code == 200
    page = component(answer.get_json(), "_pages_content")["props"]["children"]
    assert not component(page, ids.OVERVIEW_HEADLINE)["props"].get("children")
    assert component(page, ids.OVERVIEW_WEEKLY_UNIT)["props"]["options"]  # the next answers went on
    assert "a first answer failed" in caplog.text
