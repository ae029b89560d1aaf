"""Printable posters: the unit, the counter, a one-line instruction in Vietnamese and English,
the QR code and the short link written out. A feedback point's rating form (PDF, A4/A5, one
point or a whole unit, and PNG), its recommendation form, and a unit's public results page.
The bundled DejaVu font carries every Vietnamese diacritic."""
from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from flask import Blueprint, Flask, abort, current_app, request, send_file
from flask_babel import gettext as _
from PIL import Image, ImageDraw, ImageFont

from db import satisfaction, unit_reads

from .. import exports, paths
from ..access import current_scope
from ..config import ROOT
from ..extensions import database

FONTS = ROOT / "dashboard" / "fonts"
SIZES_MM = {"A4": (210, 297), "A5": (148, 210)}
# What each poster asks of the citizen, in both languages (printed once, for everyone).
RATE = ("Quét mã để đánh giá sự phục vụ — chỉ mất 10 giây", "Scan to rate our service — it takes 10 seconds")
RECOMMEND = ("Quét mã để gửi kiến nghị, phản ánh — nhận mã tra cứu câu trả lời",
             "Scan to send a recommendation or complaint — you get a code to read the answer")
RESULTS = ("Quét mã để xem kết quả phục vụ người dân của đơn vị", "Scan to see our results for citizens")
RESULTS_LABEL = "Kết quả phục vụ người dân · Results for citizens"

bp = Blueprint("posters", __name__)


@dataclass(frozen=True)
class Poster:
    unit_name: str
    label: str
    url: str
    instruction: tuple[str, str] = RATE  # (Vietnamese, English)


def public_link(path: str) -> str:
    """The address printed and encoded: PUBLIC_BASE_URL, never the request's Host header."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def pdf(posters: list[Poster], size: str = "A4") -> bytes:
    from fpdf import FPDF  # a fifth of a start-up: loaded with the first poster

    width, height = SIZES_MM[size]
    scale = width / 210
    document = FPDF(format=size)
    document.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.set_auto_page_break(False)
    for poster in posters:
        document.add_page()
        margin = 15 * scale
        document.set_xy(margin, 18 * scale)
        document.set_font("DejaVu", "B", 22 * scale)
        document.multi_cell(width - 2 * margin, 10 * scale, poster.unit_name, align="C")
        document.set_font("DejaVu", "", 18 * scale)
        document.set_x(margin)
        document.multi_cell(width - 2 * margin, 9 * scale, poster.label, align="C")
        qr_size = 120 * scale
        image = io.BytesIO()
        segno.make(poster.url, error="m").save(image, kind="png", scale=10, border=2)
        image.seek(0)
        document.image(image, x=(width - qr_size) / 2, y=78 * scale, w=qr_size, h=qr_size)
        document.set_xy(margin, 205 * scale)
        document.set_font("DejaVu", "B", 16 * scale)
        document.multi_cell(width - 2 * margin, 8 * scale, poster.instruction[0], align="C")
        document.set_x(margin)
        document.set_font("DejaVu", "", 12 * scale)
        document.multi_cell(width - 2 * margin, 7 * scale, poster.instruction[1], align="C")
        document.set_x(margin)
        document.set_font("DejaVu", "B", 14 * scale)
        document.multi_cell(width - 2 * margin, 10 * scale, poster.url, align="C")
    return bytes(document.output())


def png(poster: Poster, size: str = "A4") -> bytes:
    """The same poster as an image (150 dpi), for sharing on screens and chat groups."""
    width_mm, height_mm = SIZES_MM[size]
    dots = 150 / 25.4
    width, height = int(width_mm * dots), int(height_mm * dots)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    scale = width_mm / 210

    def font(bold: bool, points: float):
        return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")),
                                  int(points * scale * dots * 0.3528))

    def centred(text: str, y: float, face) -> None:
        draw.text((width / 2, y), text, fill="black", font=face, anchor="ma")

    centred(poster.unit_name, 18 * scale * dots, font(True, 22))
    centred(poster.label, 32 * scale * dots, font(False, 18))
    qr = io.BytesIO()
    segno.make(poster.url, error="m").save(qr, kind="png", scale=10, border=2)
    qr.seek(0)
    side = int(120 * scale * dots)
    code_image = Image.open(qr).convert("RGB").resize((side, side), Image.NEAREST)
    image.paste(code_image, ((width - side) // 2, int(78 * scale * dots)))
    centred(poster.instruction[0], 205 * scale * dots, font(True, 16))
    centred(poster.instruction[1], 216 * scale * dots, font(False, 12))
    centred(poster.url, 228 * scale * dots, font(True, 14))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _size() -> str:
    size = request.args.get("size", "A4").upper()
    if size not in SIZES_MM:
        abort(400)
    return size


def _readable_points(unit_code: str | None = None, point_code: str | None = None) -> list[Poster]:
    """Posters the user may print: leaders, viewers, admins any; a unit head their unit's."""
    with database().session() as session:
        points = satisfaction.active_points(session, unit_code, point_code)
    if not points:
        abort(404)
    scope = current_scope()
    if not all(scope.allows(point.unit_id) for point in points):
        abort(403)
    return [Poster(point.unit_name, point.label, public_link(paths.FEEDBACK + point.code)) for point in points]


def _file_name(code: str, extension: str) -> str:
    """"ap-phich_<code>_A4.pdf" in Vietnamese, "poster_<code>_A4.pdf" in English."""
    return exports.file_name(_("poster"), code, _size(), extension=extension)


@bp.route("/posters/<point_code>.pdf")
def point_pdf(point_code: str):
    data = pdf(_readable_points(point_code=point_code), _size())
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=_file_name(point_code, "pdf"))


@bp.route("/posters/<point_code>.png")
def point_png(point_code: str):
    data = png(_readable_points(point_code=point_code)[0], _size())
    return send_file(io.BytesIO(data), mimetype="image/png", download_name=_file_name(point_code, "png"))


@bp.route("/posters/unit/<unit_code>.pdf")
def unit_pdf(unit_code: str):
    data = pdf(_readable_points(unit_code=unit_code), _size())
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=_file_name(unit_code, "pdf"))


@bp.route("/posters/<point_code>/kn.pdf")
def recommendation_pdf(point_code: str):
    """The point's recommendation form: citizens write, get a code, and read the answer later."""
    posters = [Poster(p.unit_name, p.label, public_link(paths.recommend_form(point_code)), RECOMMEND)
               for p in _readable_points(point_code=point_code)]
    return send_file(io.BytesIO(pdf(posters, _size())), mimetype="application/pdf",
                     download_name=_file_name(f"{point_code}-kn", "pdf"))


@bp.route(paths.results_poster("<unit_code>"))
def results_pdf(unit_code: str):
    """A unit's public results page, once an administrator published it."""
    with database().session() as session:
        unit = unit_reads.unit_by_code(session, unit_code)
    if unit is None or not unit.public_results or not unit.active:
        abort(404)
    if not current_scope().allows(unit.id):
        abort(403)
    poster = Poster(unit.name, RESULTS_LABEL, public_link(paths.results(unit.code)), RESULTS)
    return send_file(io.BytesIO(pdf([poster], _size())), mimetype="application/pdf",
                     download_name=_file_name(f"{unit_code}-kq", "pdf"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
