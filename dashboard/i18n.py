"""Two languages from the first page: the browser chooses, a visible switch overrides."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, Flask, current_app, redirect, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale

from .auth import safe_next
from .extensions import babel

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
    return str(get_locale() or "vi")


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


# Formatting in the user's locale. CLDR's short Vietnamese date is "5/3/26"; officials write
# dd/mm/yyyy, so Vietnamese gets that pattern explicitly.
DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "medium"}
DATETIME_PATTERNS = {"vi": "HH:mm dd/MM/yyyy", "en": "medium"}


def show_date(day: date | None) -> str:
    return "—" if day is None else format_date(day, DATE_PATTERNS.get(current_language(), "medium"))


def show_datetime(moment: datetime | None) -> str:
    """A moment in the configured time zone."""
    if moment is None:
        return "—"
    return format_datetime(moment, DATETIME_PATTERNS.get(current_language(), "medium"))


def show_number(value: float | int | None) -> str:
    return "—" if value is None else format_decimal(value)


def show_percent(value: float | None) -> str:
    """A rate; "—" when undefined, never 0 or 100."""
    return "—" if value is None else format_percent(value, "#,##0.0%")


def init_app(app: Flask) -> None:
    compile_catalogs()
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(TRANSLATIONS),
                   default_timezone=app.config["TIMEZONE"])
    app.register_blueprint(bp)
    app.jinja_env.globals.update(current_language=current_language)
