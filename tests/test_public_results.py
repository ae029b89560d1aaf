"""The public results page (/kq/): only the units an administrator published, the same figures
as the leaders' overview for the same days, in plain words, without personal data or scripts."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select, update

from dashboard import clock
from dashboard.domain.overview import Window
from dashboard.domain.periods import Period
from dashboard.i18n import show_percent
from dashboard.services import overview as overview_service
from dashboard.services.public_results import period_shown
from db.models import AuditEvent, Rating, Recommendation, Unit
from layouts import ids

from .conftest import TODAY, sign_in
from .dash_requests import post_callback, registered_body


def _published(database) -> dict[str, int]:
    with database.session() as s:
        return dict(s.execute(select(Unit.code, Unit.id).where(Unit.public_results.is_(True))).all())


def test_only_published_units_are_shown_with_the_overviews_figures(writable):
    app, database = writable
    published = _published(database)
    assert len(published) >= 2  # the demo publishes the units that have recommendations
    client = app.test_client()
    page = client.get("/kq/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and b"<script" not in page.data and len(page.data) < 30_000
    with database.session() as s:
        names = dict(s.execute(select(Unit.code, Unit.name)).all())
    assert {code for code in names if f'href="/kq/{code}"' in text} == set(published)
    period = period_shown(TODAY)
    for code, unit_id in published.items():
        unit_page = client.get(f"/kq/{code}").get_data(as_text=True)
        with app.test_request_context("/"), database.session() as s:
            figures = overview_service.overview(s, Window(period, period, period, period.end), [unit_id])
            expected = [show_percent(figures.headline.on_time_rate.value)]
            if figures.satisfaction.enough:
                expected.append(show_percent(figures.satisfaction.rate))
        assert all(f'<p class="big">{value}</p>' in unit_page for value in expected), (code, expected)


def test_a_unit_not_published_is_not_there_until_an_administrator_publishes_it(writable):
    app, database = writable
    client = app.test_client()
    assert client.get("/kq/tnmt").status_code == 200 and client.get("/kq/xa-thach-dai").status_code == 404
    admin = app.test_client()
    sign_in(admin, "admin")
    body = registered_body(admin, ids.PUBLIC_SAVE, {f"{ids.PUBLIC_SAVE}.n_clicks": 1,
                                                    f"{ids.PUBLIC_UNIT}.value": "xa-thach-dai",
                                                    f"{ids.PUBLIC_CHOICE}.value": True, f"{ids.ADMIN_REFRESH}.data": 0})
    assert post_callback(admin, body).status_code == 200
    assert client.get("/kq/xa-thach-dai").status_code == 200
    leader = app.test_client()
    sign_in(leader, "leader")
    assert post_callback(leader, body).status_code == 403  # administrators only
    with database.session() as s:
        assert s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "results_published")
                        .order_by(AuditEvent.id.desc()).limit(1)) == {
            "before": {"public_results": False}, "after": {"public_results": True}}


def test_the_public_page_holds_no_personal_data(writable):
    app, database = writable
    with database.transaction() as s:
        s.execute(update(Unit).values(public_results=True))
        contacts = [c for c in s.scalars(select(Recommendation.contact)) if c]
        comments = [c for c in s.scalars(select(Rating.comment).where(Rating.comment.is_not(None)).limit(200))]
        texts = list(s.scalars(select(Recommendation.text)))
    client = app.test_client()
    pages = [client.get("/kq/").get_data(as_text=True)] + [
        client.get(f"/kq/{code}?lang=en").get_data(as_text=True) for code in ("tnmt", "xa-thach-dai")]
    assert contacts and comments and texts
    for page in pages:
        assert not any(value in page for value in contacts + comments + texts)
        assert not re.search(r"\b0\d{9}\b", page)  # no phone number of any kind


def test_with_no_unit_published_the_page_says_so(writable):
    app, database = writable
    with database.transaction() as s:
        s.execute(update(Unit).values(public_results=False))
    assert "Chưa có đơn vị nào công khai kết quả." in app.test_client().get("/kq/").get_data(as_text=True)


def test_the_period_is_the_month_to_yesterday():
    first_of_december = TODAY + timedelta(days=5)
    assert period_shown(first_of_december) == Period(date(2026, 11, 1), date(2026, 11, 30))  # all of last month
    assert period_shown(TODAY).start == TODAY.replace(day=1) and period_shown(TODAY).end == TODAY - timedelta(days=1)
    assert clock.today() == TODAY
