"""Downloads are named in the reader's language, in plain ASCII, and name what they hold: the
ranking's period, a poster's point and paper size, a chart."""
from datetime import date

import pytest

from dashboard.exports import file_name
from layouts import ids

from .conftest import sign_in
from .dash_requests import export_body, post_callback
from .test_overview import _answer


@pytest.mark.parametrize("stem, parts, expected", [
    ("xep-hang-don-vi", (date(2026, 11, 30), date(2026, 12, 6)), "xep-hang-don-vi_2026-11-30_2026-12-06.xlsx"),
    ("Xếp hạng đơn vị", (date(2026, 11, 30), date(2026, 12, 6)), "xep-hang-don-vi_2026-11-30_2026-12-06.xlsx"),
    ("poster", ("xa-thach-dai-1", "A4"), "poster_xa-thach-dai-1_a4.xlsx"),
    ("../ảnh/ \"x\"", ("a/b\\c", ""), "anh-x_a-b-c.xlsx"),
    ("", (), "download.xlsx"),
])
def test_a_file_name_is_plain_ascii_and_joins_its_parts(stem, parts, expected):
    assert file_name(stem, *parts, extension="xlsx") == expected


@pytest.mark.parametrize("language, button, expected", [
    ("vi", ids.OVERVIEW_EXPORT_XLSX, "xep-hang-don-vi_2026-11-23_2026-11-26.xlsx"),
    ("vi", ids.OVERVIEW_EXPORT_CSV, "xep-hang-don-vi_2026-11-23_2026-11-26.csv"),
    ("en", ids.OVERVIEW_EXPORT_XLSX, "unit-ranking_2026-11-23_2026-11-26.xlsx"),
    ("en", ids.OVERVIEW_EXPORT_CSV, "unit-ranking_2026-11-23_2026-11-26.csv"),
])
def test_the_rankings_exports_are_named_in_the_readers_language_with_their_period(client, language,
                                                                                    button, expected):
    sign_in(client, "leader")
    client.get(f"/lang/{language}?next=/")
    answer = _answer(post_callback(client, export_body("2026-11-26", button)))  # a Thursday: Mon–Thu
    assert answer[ids.OVERVIEW_DOWNLOAD]["data"]["filename"] == expected


@pytest.mark.parametrize("language, path, expected", [
    ("vi", "/posters/xa-thach-dai-1.pdf?size=A5", "ap-phich_xa-thach-dai-1_a5.pdf"),
    ("en", "/posters/xa-thach-dai-1.png", "poster_xa-thach-dai-1_a4.png"),
    ("vi", "/posters/unit/vp.pdf", "ap-phich_vp_a4.pdf"),
])
def test_posters_are_named_in_the_readers_language(client, language, path, expected):
    sign_in(client, "leader")
    client.get(f"/lang/{language}?next=/")
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f"inline; filename={expected}"


@pytest.mark.parametrize("language, expected", [("vi", "bieu-do"), ("en", "chart")])
def test_a_charts_png_is_named_in_the_readers_language(app, language, expected):
    from layouts.figures import graph_config
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert graph_config()["toImageButtonOptions"] == {"filename": expected}
