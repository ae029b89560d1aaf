"""Two languages: catalogs complete, the browser picks, the switch overrides, dates as written."""
import subprocess
import sys
from datetime import UTC, date
from pathlib import Path

from babel.messages.pofile import read_po

from dashboard.i18n import show_date, show_percent

from .conftest import sign_in
from .dash_requests import post_callback, units_list_body

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "dashboard" / "translations"


def _catalog(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def test_every_message_in_the_code_has_a_vietnamese_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(template), "--no-location",
                    "--omit-header", "."], cwd=ROOT, check=True)
    with template.open("rb") as f:
        in_code = {m.id for m in read_po(f) if m.id}
    vietnamese = {m.id: m.string for m in _catalog("vi") if m.id}
    missing = sorted(i for i in in_code if not vietnamese.get(i))
    assert not missing, f"untranslated (run `make translations`): {missing}"
    assert set(m.id for m in _catalog("en") if m.id) >= in_code


def test_browser_language_chooses_the_login_page_language(client):
    english = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    vietnamese = client.get("/login", headers={"Accept-Language": "vi-VN,vi;q=0.9"}).get_data(as_text=True)
    assert "Sign in" in english and '<html lang="en">' in english
    assert "Đăng nhập" in vietnamese and '<html lang="vi">' in vietnamese


def test_vietnamese_is_the_default_for_other_browsers(client):
    page = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Đăng nhập" in page


def test_switch_overrides_the_browser_and_is_remembered(client):
    response = client.get("/lang/en?next=/login")
    assert response.headers["Location"] == "/login"
    page = client.get("/login", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Sign in" in page
    client.get("/lang/vi?next=https://evil.example/")
    assert "Đăng nhập" in client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    client.get("/lang/xx?next=/login")
    assert client.get_cookie("lang") is None


def test_unit_list_speaks_the_chosen_language(client):
    sign_in(client, "leader")
    client.get("/lang/vi?next=/")
    vietnamese = post_callback(client, units_list_body()).get_data(as_text=True)
    client.get("/lang/en?next=/")
    english = post_callback(client, units_list_body()).get_data(as_text=True)
    assert "Qu\\u00e1 h\\u1ea1n" in vietnamese or "Quá hạn" in vietnamese
    assert "Overdue" in english and "Overdue" not in vietnamese


def test_dates_are_written_as_each_locale_writes_them(app):
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        assert show_date(date(2026, 3, 5)) == "05/03/2026"
        assert show_percent(0.857) == "85,7%"
        assert show_percent(None) == "—"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert show_date(date(2026, 3, 5)) == "Mar 5, 2026"
        assert show_percent(0.857) == "85.7%"


def test_vietnamese_translations_keep_every_placeholder():
    from babel.messages.checkers import python_format
    catalog = _catalog("vi")
    for message in catalog:
        if message.id:
            python_format(catalog, message)  # raises on a lost or extra %(name)s


def test_numbers_and_moments_in_each_locale(app):
    from datetime import datetime

    from dashboard.i18n import show_datetime, show_number
    moment = datetime(2026, 3, 5, 2, 7, tzinfo=UTC)  # 09:07 in Ho Chi Minh City
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        assert show_number(12345) == "12.345"
        assert show_number(-2.5) == "-2,5"
        assert show_datetime(moment) == "09:07 05/03/2026"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert show_number(12345) == "12,345"
        assert show_number(3.0) == "3"
        assert show_datetime(moment) == "Mar 5, 2026, 09:07"


def test_pages_say_their_language_to_screen_readers_and_the_small_files_answer(app):
    client = app.test_client()
    sign_in(client, "leader")
    assert '<html lang="vi">' in client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    client.get("/lang/en?next=/")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    anonymous = app.test_client()
    robots = anonymous.get("/robots.txt")
    assert robots.status_code == 200 and robots.get_data(as_text=True) == "User-agent: *\nDisallow: /\n"
    icon = anonymous.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon" and icon.data[:4] == b"\0\0\1\0"
