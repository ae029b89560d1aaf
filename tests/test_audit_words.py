"""The audit log an administrator reads is in words: every action code recorded anywhere has a
name in both languages, and real changes read as "field: before → after" in the reader's language."""
import ast
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel
from sqlalchemy import select

from dashboard.domain.audit import ACTIONS, changes
from dashboard.domain.policy import Actor
from dashboard.domain.rules import TaskFields
from dashboard.i18n import TRANSLATIONS, compile_catalogs, in_language
from db import admin, audit_log, models, tasks
from db.models import Unit, User
from layouts import audit as words

from .conftest import HCM, NOW, TODAY

ROOT = Path(__file__).resolve().parent.parent
# The functions that record an audit event, and where their action code is passed.
RECORDERS = {"record": 1}


def _language_app() -> Flask:
    compile_catalogs()
    app = Flask(__name__)
    app.config.update(BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS), BABEL_DEFAULT_LOCALE="vi",
                      TIMEZONE="Asia/Ho_Chi_Minh")
    Babel(app)
    return app


def _recorded_codes(path: Path) -> list[ast.expr]:
    """The action arguments of every call that records an audit event in one module: calls of
    ``record`` and of the module's own helpers that pass an ``action`` parameter on to it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    positions = dict(RECORDERS)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name != "record":
            names = [a.arg for a in node.args.args]
            forwards = any(isinstance(call, ast.Call) and _name(call.func) == "record"
                           for call in ast.walk(node))
            if "action" in names and forwards:
                positions[node.name] = names.index("action")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in positions:
            keyword = [k.value for k in node.keywords if k.arg == "action"]
            position = positions[_name(node.func)]
            found += keyword or ([node.args[position]] if len(node.args) > position else [])
    return found


def _name(func: ast.expr) -> str | None:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _possible(argument: ast.expr) -> set[str]:
    """Every code an action argument can take; an f-string is expanded over the values its
    variable takes (the note kinds, the extension states), so each expansion must be named."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return {argument.value}
    if isinstance(argument, ast.IfExp):
        return _possible(argument.body) | _possible(argument.orelse)
    if isinstance(argument, ast.JoinedStr):
        prefix = "".join(part.value for part in argument.values if isinstance(part, ast.Constant))
        values = {"note_": models.NOTE_KINDS, "extension_": set(models.EXTENSION_STATES) - {"pending"}}
        assert prefix in values, f"an action code built from a value I do not know: {ast.unparse(argument)}"
        return {prefix + value for value in values[prefix]}
    if isinstance(argument, ast.Name) and argument.id == "action":
        return set()  # a helper passing its own parameter on: its callers are checked
    raise AssertionError(f"an action code the test cannot read: {ast.unparse(argument)}")


def _codes_in_source() -> set[str]:
    sources = [*ROOT.glob("db/*.py"), *ROOT.glob("dashboard/**/*.py")]
    codes: set[str] = set()
    for path in sources:
        for argument in _recorded_codes(path):
            codes |= _possible(argument)
    return codes


def test_every_action_code_recorded_in_the_source_is_registered():
    codes = _codes_in_source()
    assert {"task_updated", "user_created", "login_failed", "note_urge", "extension_rejected",
            "days_reopened", "display_link_replaced"} <= codes  # the scan really finds them
    assert codes - set(ACTIONS) == set(), "register the new code in dashboard/domain/audit.py and name it"


def test_an_unregistered_code_is_refused_when_recorded():
    with pytest.raises(ValueError, match="task.update"):
        audit_log.record(None, "task.update", None, by=None, at=NOW)


def test_every_registered_code_has_a_name_in_both_languages():
    with _language_app().test_request_context():
        with in_language("en"):
            english = {code: words.action_name(code) for code in ACTIONS}
        with in_language("vi"):
            vietnamese = {code: words.action_name(code) for code in ACTIONS}
    unnamed = [code for code in ACTIONS if english[code] == code]
    untranslated = [code for code in ACTIONS if vietnamese[code] == english[code]]
    assert unnamed == [] and untranslated == []
    assert len(set(english.values())) == len(ACTIONS)  # no two actions read alike
    assert (english["task_updated"], vietnamese["task_updated"]) == ("Progress updated", "Cập nhật tiến độ")


def test_an_unknown_code_reads_as_itself():
    with _language_app().test_request_context(), in_language("vi"):
        assert words.action_name("task_archived") == "task_archived"
        assert words.field_name("archive_box") == "archive_box"


def test_changes_list_only_what_differs_and_hide_machine_details():
    detail = {"before": {"status": "not_started", "progress": 0, "title": "A", "version": 3},
              "after": {"status": "in_progress", "progress": 60, "title": "A", "version": 4},
              "update_id": 9, "reason": "Theo kế hoạch"}
    assert [(c.field, c.before, c.after, c.changed) for c in changes(detail)] == [
        ("status", "not_started", "in_progress", True), ("progress", 0, 60, True),
        ("reason", None, "Theo kế hoạch", False)]
    assert [c.field for c in changes({"before": None, "after": {"code": "x", "name": "Xã"}})] == ["code", "name"]
    assert changes(None) == [] and changes({}) == []


def _text(component) -> str:
    """The words a person reads in a component tree (tooltips in [brackets])."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(_text(child) for child in component)
    title = getattr(component, "title", None)
    end = "\n" if type(component).__name__ in ("Li", "Td", "Th", "Tr") else ""
    return _text(getattr(component, "children", None)) + (f"[{title}]" if title else "") + end


def _actor(session, username):
    user = session.scalar(select(User).where(User.username == username))
    return Actor(user.id, user.role, user.unit_id)


LONG_TITLE = ("Rà soát, cập nhật toàn bộ hồ sơ địa chính của các thửa đất nông nghiệp trên địa bàn "
              "xã trước khi cấp đổi giấy chứng nhận")


def test_real_changes_read_in_words_in_both_languages(writable):
    app, database = writable
    with database.transaction() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        leader, head = _actor(s, "leader"), _actor(s, "head.xa-thach-dai")
        fields = TaskFields("Sửa chữa trường tiểu học", "", "", "", "normal", TODAY, TODAY + timedelta(days=30))
        task = tasks.assign_task(s, fields=fields, lead_unit_id=unit_id, actor=leader, now=NOW, tz=HCM)
        tasks.record_update(s, task.id, status="in_progress", progress=60, note="", by_user_id=None,
                            now=NOW + timedelta(minutes=1), tz=HCM, actor=head)
        edited = TaskFields(LONG_TITLE, "", "", "", "urgent", TODAY, TODAY + timedelta(days=45))
        tasks.edit_task(s, task.id, fields=edited, lead_unit_id=unit_id, reason="Theo chỉ đạo của huyện",
                        actor=leader, now=NOW + timedelta(minutes=2), tz=HCM, expected_version=None)
        admin.change_user(s, username="viewer", role="leader", unit_code=None, active=False,
                          actor=_actor(s, "admin"), now=NOW + timedelta(minutes=3))
        admin.create_unit(s, code="xa-moi", name="Xã Mới", kind="commune", parent_code=None, actor=None,
                          now=NOW + timedelta(minutes=4))  # the command line: nobody signed in
    with database.session() as s:
        log = audit_log.latest(s, limit=5)
    with app.test_request_context():
        with in_language("en"):
            english = _text(words.audit_table(log))
        with in_language("vi"):
            vietnamese = _text(words.audit_table(log))
    for text in (english, vietnamese):
        assert "{" not in text and "task_updated" not in text and "user_changed" not in text

    assert "Progress updated" in english and "Task changed by a leader" in english
    assert "Status: Not started → In progress" in english and "Progress: 0% → 60%" in english
    assert "Priority: Normal → Urgent" in english
    assert f"Due: {_en(TODAY + timedelta(days=30))} → {_en(TODAY + timedelta(days=45))}" in english
    assert "Reason: Theo chỉ đạo của huyện" in english
    assert "Role: Viewer → Leader" in english and "Active: Yes → No" in english
    assert "User account: " in english and "System" in english
    assert "Unit created" in english and "Name: Xã Mới" in english
    assert "Nov 26, 2026, 14:02" in english  # local time, the locale's format

    assert "Cập nhật tiến độ" in vietnamese and "Lãnh đạo điều chỉnh nhiệm vụ" in vietnamese
    assert "Tình trạng: Chưa triển khai → Đang thực hiện" in vietnamese and "Tiến độ: 0% → 60%" in vietnamese
    assert "Mức ưu tiên: Bình thường → Khẩn" in vietnamese
    assert (f"Hạn: {(TODAY + timedelta(days=30)):%d/%m/%Y} → {(TODAY + timedelta(days=45)):%d/%m/%Y}"
            in vietnamese)
    assert "Vai trò: Theo dõi → Lãnh đạo" in vietnamese and "Đang hoạt động: Có → Không" in vietnamese
    assert "Hệ thống" in vietnamese and "Thêm đơn vị" in vietnamese
    assert "14:02 26/11/2026" in vietnamese
    # who did it, by name; the long new title cut for the table, whole in its tooltip
    assert "Nguyễn Văn Hùng" in vietnamese
    assert f"→ {LONG_TITLE[:40]}" in vietnamese and f"[{LONG_TITLE}]" in vietnamese
    assert LONG_TITLE + "\n" not in vietnamese


def _en(day) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def _audited_changes(url: str) -> None:
    from db.engine import Database
    database = Database(url)
    with database.transaction() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "xa-thach-dai"))
        leader, head = _actor(s, "leader"), _actor(s, "head.xa-thach-dai")
        fields = TaskFields(LONG_TITLE, "", "", "", "normal", TODAY, TODAY + timedelta(days=30))
        task = tasks.assign_task(s, fields=fields, lead_unit_id=unit_id, actor=leader, now=NOW, tz=HCM)
        tasks.record_update(s, task.id, status="in_progress", progress=60, note="", by_user_id=None,
                            now=NOW + timedelta(minutes=1), tz=HCM, actor=head)
        tasks.add_note(s, task.id, kind="direction", text=LONG_TITLE + " " + LONG_TITLE, actor=leader,
                       now=NOW + timedelta(minutes=2))
    database.dispose()


@pytest.mark.browser
def test_the_audit_log_reads_in_words_on_a_phone(browser, demo_db_url, tmp_path):
    """At 390 px the page never scrolls sideways (the table scrolls in its own box) and the log
    reads in Vietnamese words, with the whole of a long text in the tooltip."""
    from playwright.sync_api import expect

    from .conftest import copy_demo
    from .test_browser import TIMEOUT, _sign_in, served
    url = copy_demo(demo_db_url, tmp_path / "audit.db")
    _audited_changes(url)
    server = served(url)
    base = next(server)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT)
    phone = context.new_page()
    try:
        _sign_in(phone, base, "admin")
        phone.goto(base + "/admin")
        phone.get_by_role("tab", name="Nhật ký thao tác").click()
        table = phone.locator(".audit-table")
        expect(table).to_be_visible()
        expect(table).to_contain_text("Cập nhật tiến độ")
        expect(table).to_contain_text("Tình trạng: Chưa triển khai → Đang thực hiện")
        expect(table).to_contain_text("Cho ý kiến chỉ đạo")
        expect(table).to_contain_text("Đăng nhập")  # the admin's own sign-in, just now
        expect(table.locator(f'[title="{LONG_TITLE} {LONG_TITLE}"]')).to_have_count(1)
        assert "task_updated" not in table.inner_text() and "{" not in table.inner_text()
        phone.wait_for_load_state("networkidle")
        width, screen = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= screen, (width, screen)
    finally:
        context.close()
        next(server, None)
