"""Posters: the QR decodes to the point's link, Vietnamese names survive into the PDF."""
import io

import pytest
import zxingcpp
from PIL import Image

from .conftest import sign_in


def _decode(png_bytes: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    assert results, "a QR code is found on the poster"
    return results[0].text


def test_png_poster_qr_decodes_to_the_points_link(writable):
    app, _database = writable
    app.config["PUBLIC_BASE_URL"] = "https://dichvucong.thachha.example"
    client = app.test_client()
    sign_in(client, "leader")
    response = client.get("/posters/xa-thach-dai-1.png?size=A5")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert _decode(response.data) == "https://dichvucong.thachha.example/f/xa-thach-dai-1"


def test_pdf_poster_embeds_a_font_with_vietnamese_diacritics(writable):
    from pypdf import PdfReader
    app, _database = writable
    client = app.test_client()
    sign_in(client, "leader")
    response = client.get("/posters/xa-thach-dai-1.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "UBND xã Thạch Đài" in text and "Quét mã để đánh giá" in text
    assert "/f/xa-thach-dai-1" in text


def test_one_pdf_holds_every_point_of_a_unit(writable):
    from pypdf import PdfReader
    app, _database = writable
    client = app.test_client()
    sign_in(client, "leader")
    response = client.get("/posters/unit/vp.pdf?size=A5")
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 4  # the one-stop centre's counters


@pytest.mark.parametrize("path, status", [("/posters/xa-thach-khe-1.pdf", 403),
                                          ("/posters/xa-thach-dai-1.pdf", 200),
                                          ("/posters/unit/tnmt.pdf", 403),
                                          ("/posters/nope.pdf", 404)])
def test_a_unit_head_prints_only_their_units_posters(writable, path, status):
    app, _database = writable
    client = app.test_client()
    sign_in(client, "head.xa-thach-dai")
    assert client.get(path).status_code == status


def test_posters_need_sign_in(writable):
    app, _database = writable
    assert app.test_client().get("/posters/xa-thach-dai-1.pdf").status_code == 302


def test_a_forged_host_header_never_reaches_a_poster(writable):
    """Links come from PUBLIC_BASE_URL only: a request's Host header is whatever its sender wants."""
    app, _database = writable
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"  # every request of this browser says so
    sign_in(client, "leader")
    response = client.get("/posters/xa-thach-dai-1.png?size=A5")
    assert response.status_code == 200
    assert _decode(response.data) == "http://127.0.0.1:8050/f/xa-thach-dai-1"


def test_production_refuses_to_start_without_its_public_address(monkeypatch):
    from dashboard.config import from_environment
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        from_environment()
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://giamsat.thachha.example")
    assert from_environment()["PUBLIC_BASE_URL"] == "https://giamsat.thachha.example"


def test_a_points_recommendation_poster_leads_to_its_form(writable):
    from pypdf import PdfReader
    app, _database = writable
    app.config["PUBLIC_BASE_URL"] = "https://dichvucong.thachha.example"
    client = app.test_client()
    sign_in(client, "head.xa-thach-dai")
    response = client.get("/posters/xa-thach-dai-1/kn.pdf?size=A5")
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Quét mã để gửi kiến nghị" in text and "https://dichvucong.thachha.example/f/xa-thach-dai-1/kn" in text
    assert client.get("/posters/xa-thach-khe-1/kn.pdf").status_code == 403


def test_a_results_poster_exists_only_for_a_published_unit(writable):
    from pypdf import PdfReader
    app, _database = writable
    client = app.test_client()
    sign_in(client, "admin")
    response = client.get("/posters/results/tnmt.pdf")  # the demo publishes tnmt
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Phòng Tài nguyên và Môi trường" in text and "/kq/tnmt" in text
    assert client.get("/posters/results/xa-thach-dai.pdf").status_code == 404  # not published
