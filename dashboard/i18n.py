"""Two languages from the first page: the browser chooses, a visible switch overrides."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, Flask, current_app, g, redirect, request
from flask_babel import force_locale, get_locale

from .extensions import babel
from .paths import safe_next

LANG_COOKIE = "lang"
TRANSLATIONS = Path(__file__).with_name("translations")

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The request's language, looked up once per request (formatting asks for it per cell)."""
    language = g.get("language")
    if language is None:
        language = g.language = str(get_locale() or "vi")
    return language


@contextmanager
def in_language(code: str):
    """Words and formats in ``code`` whatever the request asked (a display has its own)."""
    before = g.get("language")
    g.language = code
    try:
        with force_locale(code):
            yield
    finally:
        g.language = before


@bp.route("/lang/<code>")
def switch_language(code: str):
    response = redirect(safe_next(request.args.get("next")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response


def compile_catalogs() -> None:
    """Compile each .po into its .mo when missing or older (atomic, so workers can race)."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        temporary = mo_path.with_suffix(f".mo.{id(catalog)}.tmp")
        with temporary.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        temporary.replace(mo_path)


# Formatting in the user's locale: dd/mm/yyyy and "85,7%" in Vietnamese, "Mar 5, 2026" and
# "85.7%" in English. Plain strftime rather than Babel's CLDR machinery: these run for every
# cell of a 500-row ranking, and the two patterns are all the product needs.
def _is_vietnamese() -> bool:
    return current_language() == "vi"


def show_date(day: date | None) -> str:
    if day is None:
        return "—"
    return day.strftime("%d/%m/%Y") if _is_vietnamese() else f"{day:%b} {day.day}, {day.year}"


def show_day_month(day: date) -> str:
    """A day without its year, for a chart's axis: "30/11", "Nov 30"."""
    return day.strftime("%d/%m") if _is_vietnamese() else f"{day:%b} {day.day}"


def show_datetime(moment: datetime | None) -> str:
    """A moment in the configured time zone."""
    if moment is None:
        return "—"
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    if _is_vietnamese():
        return local.strftime("%H:%M %d/%m/%Y")
    return f"{local:%b} {local.day}, {local.year}, {local:%H:%M}"


def show_number(value: float | int | None) -> str:
    """A count, or a change with one decimal: "12.345" and "-2,5" in Vietnamese."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    return text.translate(_VI_DIGITS) if _is_vietnamese() else text


def show_percent(value: float | None) -> str:
    """A rate; "—" when undefined, never 0 or 100."""
    if value is None:
        return "—"
    text = f"{100 * value:,.1f}%"
    return text.translate(_VI_DIGITS) if _is_vietnamese() else text


_VI_DIGITS = str.maketrans({",": ".", ".": ","})


def init_app(app: Flask) -> None:
    compile_catalogs()
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(TRANSLATIONS),
                   default_timezone=app.config["TIMEZONE"])
    app.register_blueprint(bp)
    app.jinja_env.globals.update(current_language=current_language, show_date=show_date, show_number=show_number,
                                 show_percent=show_percent)
