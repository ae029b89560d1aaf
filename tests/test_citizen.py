"""The citizen's rating form: small, script-free, validated, and hard to abuse."""
import re

import pytest
from sqlalchemy import func, select

from dashboard.web import create_app
from db.models import Rating
from db.rollups_models import PointDayRatings, RatingRejection

from .conftest import make_config

POINT = "xa-thach-dai-1"


@pytest.fixture
def citizen(writable):
    app, database = writable
    return app, database, app.test_client()


def _form(client, path=f"/f/{POINT}"):
    page = client.get(path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return page, token


def _send(client, token, **fields):
    data = {"csrf_token": token, "score": "5", **fields}
    return client.post(f"/f/{POINT}", data=data)


def _count(database, model, *where):
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _rollup_total(database):
    with database.session() as s:
        row = s.execute(select(func.sum(PointDayRatings.score_1 + PointDayRatings.score_2
                                        + PointDayRatings.score_3 + PointDayRatings.score_4
                                        + PointDayRatings.score_5))).scalar()
    return row


def test_form_is_small_script_free_and_vietnamese_by_default(citizen):
    _app, _database, client = citizen
    page, _token = _form(client)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and len(page.data) <= 30 * 1024
    assert "<script" not in html and "UBND xã Thạch Đài" in html and "Gửi" in html
    english = client.get(f"/f/{POINT}?lang=en").get_data(as_text=True)
    assert "How satisfied are you" in english


def test_one_tap_and_send_stores_the_rating_and_its_rollup(citizen):
    _app, database, client = citizen
    before, rollup = _count(database, Rating), _rollup_total(database)
    _page, token = _form(client)
    response = _send(client, token, score="4", dim_staff="5", comment="Cán bộ nhiệt tình",
                     case="HS-2026-NEW-1")
    assert response.status_code == 303 and "/thanks" in response.headers["Location"]
    assert _count(database, Rating) == before + 1
    assert _rollup_total(database) == rollup + 1
    with database.session() as s:
        rating = s.scalars(select(Rating).order_by(Rating.id.desc())).first()
        assert (rating.score, rating.dim_staff, rating.dim_access, rating.comment) == (4, 5, None, "Cán bộ nhiệt tình")
        assert len(rating.device_hash) == 64


@pytest.mark.parametrize("fields", [{"score": "6"}, {"score": "abc"}, {"score": ""},
                                    {"dim_access": "9"}, {"comment": "x" * 1001},
                                    {"reasons": "bribes", "score": "1"}])
def test_invalid_ratings_are_refused_and_nothing_is_stored(citizen, fields):
    _app, database, client = citizen
    before = _count(database, Rating)
    _page, token = _form(client)
    response = _send(client, token, **fields)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert _count(database, Rating) == before
    assert _count(database, RatingRejection, RatingRejection.reason == "invalid") == 1


def test_same_phone_again_within_ten_minutes_is_counted_not_stored(citizen):
    _app, database, client = citizen
    _page, token = _form(client)
    assert _send(client, token).status_code == 303
    before = _count(database, Rating)
    again = _send(client, token)
    assert again.status_code == 409
    assert "chúng tôi đã nhận đánh giá" in again.get_data(as_text=True)
    assert _count(database, Rating) == before
    assert _count(database, RatingRejection, RatingRejection.reason == "too_soon") == 1


def test_a_case_code_is_rated_once(citizen):
    _app, database, client = citizen
    _page, token = _form(client, f"/f/{POINT}?case=HS-ONE")
    assert _send(client, token, case="HS-ONE").status_code == 303
    other_phone = _app.test_client()
    _page, token = _form(other_phone, f"/f/{POINT}?case=HS-ONE")
    assert _send(other_phone, token, case="HS-ONE").status_code == 409
    assert _count(database, Rating, Rating.case_code == "HS-ONE") == 1
    assert _count(database, RatingRejection, RatingRejection.reason == "case_used") == 1


@pytest.mark.parametrize("again", ["hs-one", " HS - ONE ", "ＨＳ-ＯＮＥ", "HS-\u200bONE"])
def test_a_case_code_counts_once_whatever_its_case_spaces_or_width(citizen, again):
    _app, database, client = citizen
    _page, token = _form(client, f"/f/{POINT}?case=HS-ONE")
    assert _send(client, token, case="HS-ONE").status_code == 303
    other_phone = _app.test_client()
    _page, token = _form(other_phone, f"/f/{POINT}")
    assert _send(other_phone, token, case=again).status_code == 409
    assert _count(database, Rating, Rating.case_code == "HS-ONE") == 1


def test_honeypot_is_thanked_but_counted_and_not_stored(citizen):
    _app, database, client = citizen
    before = _count(database, Rating)
    _page, token = _form(client)
    assert _send(client, token, website="http://spam.example").status_code == 200
    assert _count(database, Rating) == before
    assert _count(database, RatingRejection, RatingRejection.reason == "honeypot") == 1


def test_missing_csrf_token_gets_a_polite_page(citizen):
    _app, database, client = citizen
    before = _count(database, Rating)
    response = client.post(f"/f/{POINT}", data={"score": "5"})
    assert response.status_code == 400 and "<html" in response.get_data(as_text=True)
    assert _count(database, Rating) == before
    assert _count(database, RatingRejection, RatingRejection.reason == "csrf") == 1


def test_unknown_point_is_a_polite_404_and_a_post_to_it_is_counted(citizen):
    _app, database, client = citizen
    assert client.get("/f/no-such-point").status_code == 404
    _page, token = _form(client)
    assert client.post("/f/no-such-point", data={"csrf_token": token, "score": "5"}).status_code == 404
    assert _count(database, RatingRejection, RatingRejection.point_code == "?",
                  RatingRejection.reason == "unknown_point") == 1  # counted as "unknown"


def test_a_flood_of_bad_posts_grows_counters_not_the_table(demo_db_url, tmp_path):
    """10,000 posts to made-up codes, without a CSRF token, past the limit: a handful of rows."""
    import secrets

    from .conftest import copy_demo
    app = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "flood.db")),
                      "RATING_RATE_LIMIT": "5 per hour"})
    client = app.test_client()
    database = app.extensions["database"]
    rows_before = _count(database, RatingRejection)
    _page, token = _form(client)
    statuses = set()
    for n in range(10_000):
        code = secrets.token_hex(6) if n % 3 else POINT
        data = {"score": "5"} if n % 2 else {"score": "5", "csrf_token": token}
        statuses.add(client.post(f"/f/{code}", data=data).status_code)
    assert statuses <= {303, 400, 404, 409, 429} and 500 not in statuses
    # one row per (day, point or unknown, reason): csrf, unknown point, rate limited, too soon...
    assert _count(database, RatingRejection) - rows_before <= 8
    with database.session() as s:
        total = s.scalar(select(func.sum(RatingRejection.count)))
    assert total >= 9_990  # every refusal counted, none silently dropped


def test_address_rate_limit_answers_with_a_polite_page(demo_db_url, tmp_path):
    from .conftest import copy_demo
    app = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "limit.db")),
                      "RATING_RATE_LIMIT": "3 per hour"})
    statuses = []
    for _ in range(4):
        client = app.test_client()  # a new phone each time, the same address
        _page, token = _form(client)
        statuses.append(_send(client, token).status_code)
    assert statuses == [303, 303, 303, 429]


def _held_app(demo_db_url, tmp_path, allowance=3):
    from .conftest import copy_demo
    app = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "held.db")),
                      "RATINGS_PER_ADDRESS_HOUR": allowance})
    return app, app.extensions["database"]


def test_one_address_stuffing_a_point_is_held_for_review_not_counted_and_not_lost(demo_db_url, tmp_path):
    """A new device cookie each time, or none at all, no longer buys a counted rating: beyond
    the address's allowance ratings are stored, held and hidden, and count nowhere."""
    app, database = _held_app(demo_db_url, tmp_path)
    rows, counted = _count(database, Rating), _rollup_total(database)
    statuses = []
    for n in range(6):
        phone = app.test_client()  # a new phone (new device cookie) each time, the same address
        _page, token = _form(phone)
        if n % 2:
            phone.delete_cookie("fb_device")
        statuses.append(_send(phone, token, comment=f"Tốt {n}").status_code)
    assert statuses == [303] * 6  # the citizen is thanked either way
    assert _count(database, Rating) == rows + 6  # nothing dropped
    assert _count(database, Rating, Rating.held.is_(True), Rating.hidden.is_(True)) == 3
    assert _rollup_total(database) == counted + 3
    with database.session() as s:
        held = s.scalars(select(Rating).where(Rating.held.is_(True))).all()
        assert {r.comment for r in held} == {"Tốt 3", "Tốt 4", "Tốt 5"}  # the later ones
        assert all(len(r.address_hash) == 64 for r in held)


def test_another_address_at_the_same_point_keeps_its_own_allowance(demo_db_url, tmp_path):
    app, database = _held_app(demo_db_url, tmp_path, allowance=1)
    for address in ("10.1.1.1", "10.1.1.1", "10.2.2.2"):
        phone = app.test_client()
        phone.environ_base["REMOTE_ADDR"] = address
        _page, token = _form(phone)
        assert _send(phone, token).status_code == 303
    assert _count(database, Rating, Rating.held.is_(True)) == 1


def test_posts_without_a_token_meet_the_rate_limit_first(demo_db_url, tmp_path):
    """The limiter runs before the form's token is checked: past the limit a tokenless flood is
    counted as rate limited, so it cannot inflate the "expired form" figure."""
    from .conftest import copy_demo
    app = create_app({**make_config(copy_demo(demo_db_url, tmp_path / "csrf.db")),
                      "RATING_RATE_LIMIT": "3 per hour"})
    database = app.extensions["database"]
    client = app.test_client()
    statuses = [client.post(f"/f/{POINT}", data={"score": "5"}).status_code for _ in range(40)]
    assert statuses == [400] * 3 + [429] * 37
    with database.session() as s:
        counts = dict(s.execute(select(RatingRejection.reason, func.sum(RatingRejection.count))
                                .group_by(RatingRejection.reason)).all())
    assert counts["csrf"] == 3 and counts["rate_limited"] == 37
