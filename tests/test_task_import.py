"""Issue #17, Excel import: a leader downloads the template, fills it, sees every problem of the
sheet by row and column (nothing saved), fixes them and imports every row at once, all or
nothing, as one audit event; duplicates of existing tasks are refused; only who may assign
tasks may import them."""
from __future__ import annotations

import base64
import io
import json
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from dashboard.domain.task_import import (
    MAX_ROWS,
    Problem,
    SheetRow,
    UnitRef,
    check_sheet,
    duplicate_key,
    sheet_day,
    without_existing,
)
from dashboard.domain.vocabulary import TITLE_MAX
from db.models import AuditEvent, Task, Unit
from layouts import ids

from .conftest import TODAY, sign_in
from .dash_requests import post_callback, registered_body, table_rows
from .integrity import assert_consistent

UNITS = [UnitRef(1, "xa-thach-dai", "Xã Thạch Đài"), UnitRef(2, "phong-tnmt", "Phòng Tài nguyên và Môi trường")]
PRIORITIES = {"low": "low", "normal": "normal", "high": "high", "urgent": "urgent", "cao": "high", "khan": "urgent"}
COLUMNS = ("title", "unit", "due_date", "start_date", "priority", "source_ref")


def _row(number, **cells):
    return SheetRow(number, {"title": f"Nhiệm vụ {number}", "unit": "xa-thach-dai", "due_date": "31/12/2026"} | cells)


def _check(*rows, columns=COLUMNS):
    return check_sheet(list(rows), columns, UNITS, PRIORITIES, date(2026, 12, 7))


@pytest.mark.parametrize(("cell", "day"), [
    ("31/12/2026", "2026-12-31"), ("1/2/2027", "2027-02-01"), ("05.03.2027", "2027-03-05"),
    (datetime(2027, 1, 15, 0, 0), "2027-01-15"), (date(2027, 1, 15), "2027-01-15"),
    (46_402, "2027-01-15"),  # an Excel serial date
    ("2027-01-15", "2027-01-15"), ("31/02/2027", "unreadable"), ("next week", "unreadable"), (None, None),
])
def test_a_day_is_read_as_excel_writes_it_or_as_an_official_types_it(cell, day):
    assert sheet_day(cell) == day


def test_a_clean_sheet_is_ready_with_its_units_by_code_or_by_name_and_its_defaults():
    checked = _check(_row(2), _row(3, unit="XA-THACH-DAI", priority="Cao"),
                     _row(4, unit="phong tai nguyen va moi truong", start_date="01/12/2026", source_ref=123.0))
    assert checked.importable and checked.problems == ()
    first, second, third = checked.ready
    assert (first.unit_id, first.fields.priority, first.fields.start_date) == (1, "normal", date(2026, 12, 7))
    assert (second.unit_id, second.fields.priority) == (1, "high")
    assert (third.unit_id, third.fields.start_date, third.fields.source_ref) == (2, date(2026, 12, 1), "123")


def test_every_problem_of_every_row_is_named_with_its_row_and_column():
    checked = _check(
        _row(2),
        _row(3, unit="Xã Không Có"),
        _row(4, due_date="hôm nay"),
        _row(5, start_date="31/12/2026", due_date="01/12/2026"),
        _row(6, title="x" * (TITLE_MAX + 1), priority="rất gấp"),
        _row(7, title=None, unit=None),
        _row(8, title="  nhiệm   VỤ 2 "),  # the same as row 2, however typed
    )
    assert not checked.importable
    assert [task.row for task in checked.ready] == [2]
    assert set(checked.problems) == {
        Problem(3, "unit", "unknown_unit", value="Xã Không Có"), Problem(4, "due_date", "date_unreadable"),
        Problem(5, "due_date", "before_start"), Problem(6, "title", "too_long"), Problem(6, "priority", "invalid"),
        Problem(7, "title", "required"), Problem(7, "unit", "required"), Problem(8, "title", "repeated", 2)}
    assert checked.rows_with_problems == 6


def test_a_sheet_without_its_required_columns_or_rows_or_too_long_is_refused_whole():
    assert _check(_row(2), columns=("title", "due_date")).problems == (Problem(0, "unit", "missing_column"),)
    assert _check().problems == (Problem(0, "", "no_rows"),)
    many = [_row(n + 2, title=f"Việc {n}") for n in range(MAX_ROWS + 1)]
    assert _check(*many).problems == (Problem(0, "", "too_many_rows"),)


def test_a_task_that_exists_already_is_a_duplicate_however_its_title_is_typed():
    checked = _check(_row(2), _row(3))
    existing = {("nhiem vu 3", 1, date(2026, 12, 31))}
    again = without_existing(checked, existing)
    assert [task.row for task in again.ready] == [2]
    assert again.problems == (Problem(3, "title", "duplicate"),)
    assert without_existing(checked, set()) is checked


def _template(client) -> openpyxl.Workbook:
    answer = post_callback(client, registered_body(client, ids.IMPORT_TEMPLATE, {f"{ids.IMPORT_TEMPLATE}.n_clicks": 1}))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    download = answer.get_json()["response"][ids.IMPORT_DOWNLOAD]["data"]
    assert download["filename"].endswith(".xlsx") and download["filename"].isascii()
    return openpyxl.load_workbook(io.BytesIO(base64.b64decode(download["content"])))


def _filled(book: openpyxl.Workbook, rows: list[list]) -> str:
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, even "=…" (openpyxl would store a formula)
    buffer = io.BytesIO()
    book.save(buffer)
    return "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + \
        base64.b64encode(buffer.getvalue()).decode()


def _check_upload(client, contents, name="ke-hoach.xlsx"):
    return post_callback(client, registered_body(client, ids.IMPORT_UPLOAD, {
        f"{ids.IMPORT_UPLOAD}.contents": contents, f"{ids.IMPORT_UPLOAD}.filename": name}))


def _import(client, contents, name="ke-hoach.xlsx"):
    return post_callback(client, registered_body(client, ids.IMPORT_SAVE, {
        f"{ids.IMPORT_SAVE}.n_clicks": 1, f"{ids.IMPORT_UPLOAD}.contents": contents,
        f"{ids.IMPORT_UPLOAD}.filename": name, f"{ids.REGISTER_REFRESH}.data": 0}, output=ids.REGISTER_MESSAGE))


def _words(answer) -> str:
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return json.dumps(answer.get_json()["response"], ensure_ascii=False)


def _plan(count: int, bad: dict[int, list] | None = None) -> list[list]:
    """``count`` rows for communes, due over the coming weeks; ``bad``: rows replaced."""
    rows = [[f"Kế hoạch cải cách hành chính số {n}", "ubnd xa thach dai" if n % 2 else "xa-thach-dai",
             TODAY + timedelta(days=30 + n % 60), None, "Cao" if n % 3 == 0 else None, f"{n}/UBND-VP"]
            for n in range(count)]
    for index, row in (bad or {}).items():
        rows[index] = row
    return rows


def test_a_leader_fixes_three_bad_rows_and_imports_three_hundred_tasks_at_once(writable):
    app, database = writable
    leader = app.test_client()
    sign_in(leader, "leader")
    book = _template(leader)
    assert book.sheetnames == ["Nhiệm vụ", "Danh mục", "Hướng dẫn"]
    assert [cell.value for cell in book.worksheets[0][1]][:3] == ["Tên nhiệm vụ *", "Đơn vị chủ trì *", "Hạn *"]
    guide = " ".join(str(row[0].value) for row in book["Hướng dẫn"].iter_rows() if row[0].value)
    assert "dd/mm/yyyy" in guide and "How to fill in this sheet" in guide  # both languages
    bad = {10: ["Việc của xã không có", "Xã Không Tồn Tại", TODAY + timedelta(days=40)],
           20: ["Việc hạn sai", "xa-thach-dai", "ngày mai"],
           30: ["Việc hạn trước ngày bắt đầu", "xa-thach-dai", TODAY, TODAY + timedelta(days=5)]}
    with database.session() as session:
        tasks_before = session.scalar(select(func.count()).select_from(Task))
    preview = _words(_check_upload(leader, _filled(book, _plan(300, bad))))
    for words in ('"3 dòng của ke-hoach.xlsx có lỗi', "Không có đơn vị đang hoạt động nào có mã hoặc tên này",
                  "Hạn không phải là ngày: hãy dùng ngày của Excel hoặc viết dd/mm/yyyy.", "Hạn không được trước ngày bắt đầu"):
        assert words in preview, preview[:2000]
    assert json.loads(preview)[ids.IMPORT_SAVE]["disabled"] is True
    refused = _words(_import(leader, _filled(book, _plan(300, bad))))  # a crafted click: nothing either
    assert '"3 dòng của ke-hoach.xlsx có lỗi' in refused
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Task)) == tasks_before

    fixed = _filled(book, _plan(300))
    ready = _words(_check_upload(leader, fixed))
    assert '"300 nhiệm vụ trong ke-hoach.xlsx sẵn sàng để nhập' in ready
    assert json.loads(ready)[ids.IMPORT_SAVE]["disabled"] is False
    done = _words(_import(leader, fixed))
    assert "Đã nhập 300 nhiệm vụ từ ke-hoach.xlsx" in done
    with database.session() as session:
        made = session.scalars(select(Task).where(Task.created_at == select(func.max(Task.created_at))
                                                  .scalar_subquery())).all()
        assert len(made) == 300
        assert {task.status for task in made} == {"not_started"}
        assert sum(task.priority == "high" for task in made) == 100
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "tasks_imported")).all()
        assert len(events) == 1 and sorted(events[0].detail["tasks"]) == sorted(task.id for task in made)
        assert events[0].detail["file"] == "ke-hoach.xlsx"
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "task_assigned", AuditEvent.target.in_([f"task:{t.id}" for t in made]))) == 0
    assert_consistent(database, TODAY)  # the rollups written together equal a rebuild from the history
    again = _words(_check_upload(leader, fixed))  # the same sheet once more: every row exists now
    assert '"300 dòng của ke-hoach.xlsx có lỗi' in again and "Đã có nhiệm vụ cùng tên, đơn vị và hạn" in again


def test_an_import_that_fails_half_way_leaves_nothing(writable, monkeypatch):
    app, database = writable
    leader = app.test_client()
    sign_in(leader, "leader")
    sheet = _filled(_template(leader), _plan(20))
    from db import rollups

    def failing(session, histories, day):  # the tasks are written; their rollups fail
        raise RuntimeError("the disk filled up half way")
    monkeypatch.setattr(rollups, "tasks_created", failing)
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(Task))
    leader.application.config["PROPAGATE_EXCEPTIONS"] = False
    assert _import(leader, sheet).status_code == 500
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Task)) == before
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "tasks_imported")) == 0


@pytest.mark.parametrize("contents", [
    "data:application/octet-stream;base64," + base64.b64encode(b"not a workbook").decode(),
    "data:text/plain;base64,@@@not base64@@@", "no comma at all", 42])
def test_what_is_not_an_excel_workbook_gets_a_clear_message(app, contents):
    leader = app.test_client()
    sign_in(leader, "leader")
    answer = _words(_check_upload(leader, contents))
    assert "không đọc được" in answer or "cannot be read" in answer


@pytest.mark.parametrize("username", ["viewer", "head.xa-thach-dai"])
def test_only_who_may_assign_tasks_may_import_them(app, username):
    client = app.test_client()
    sign_in(client, username)
    sheet = "data:application/octet-stream;base64," + base64.b64encode(b"x").decode()
    assert post_callback(client, registered_body(client, ids.IMPORT_TEMPLATE,
                                                 {f"{ids.IMPORT_TEMPLATE}.n_clicks": 1})).status_code == 403
    assert _check_upload(client, sheet).status_code == 403
    assert _import(client, sheet).status_code == 403


def _export(client, button, **filters):
    values = {f"{button}.n_clicks": 1, f"{ids.REGISTER_SHOWN}.data": filters.pop("shown", None)}
    names = {"q": ids.REGISTER_SEARCH, "unit": ids.REGISTER_UNIT, "status": ids.REGISTER_STATUS,
             "bucket": ids.REGISTER_BUCKET, "priority": ids.REGISTER_PRIORITY}
    values |= {f"{names[key]}.value": value for key, value in filters.items()}
    body = registered_body(client, button, values, output=f"{ids.REGISTER_DOWNLOAD}.data")
    body["changedPropIds"] = [f"{button}.n_clicks"]
    answer = post_callback(client, body)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return answer.get_json()["response"][ids.REGISTER_DOWNLOAD]["data"]


def _register_page(client, **filters) -> list[int]:
    """The ids of the register's first page, as the table shows them."""
    values = {f"{ids.REGISTER_UNIT}.value": filters.get("unit"), f"{ids.REGISTER_REFRESH}.data": 0,
              f"{ids.REGISTER_REQUEST}.data": None}
    answer = post_callback(client, registered_body(client, ids.REGISTER_SEARCH, values))
    return [row["id"] for row in table_rows(answer.get_json()["response"][ids.REGISTER_GRID]["children"])]


def test_the_register_exports_what_its_filters_select_in_its_order_with_the_filters_on_top(writable):
    app, database = writable
    leader = app.test_client()
    sign_in(leader, "leader")
    _import(leader, _filled(_template(leader), [["=HYPERLINK(\"x\")", "xa-thach-dai", TODAY + timedelta(days=9)]]))
    download = _export(leader, ids.REGISTER_EXPORT_XLSX, unit="xa-thach-dai")
    assert download["filename"] == f"danh-muc-nhiem-vu_{TODAY.isoformat()}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(download["content"]))).active
    rows = list(sheet.iter_rows(values_only=True))
    caption, header, body = rows[0][0], rows[1], rows[2:]
    with database.session() as session:
        total = session.scalar(select(func.count()).select_from(Task).where(
            Task.lead_unit.has(code="xa-thach-dai")))
    assert caption == f"Danh mục nhiệm vụ ngày 26/11/2026, {total} nhiệm vụ; bộ lọc: Đơn vị: UBND xã Thạch Đài"
    assert header[:3] == ("Số thứ tự nhiệm vụ", "Nhiệm vụ", "Đơn vị") and len(body) == total > 20
    assert [row[0] for row in body[:20]] == _register_page(leader, unit="xa-thach-dai")  # the table's order
    assert {row[2] for row in body} == {"UBND xã Thạch Đài"} and isinstance(body[0][5], datetime)
    formula = next(cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value == "=HYPERLINK(\"x\")")
    assert formula.data_type == "s"  # text, never a live formula
    csv = _export(leader, ids.REGISTER_EXPORT_CSV, unit="xa-thach-dai", bucket="not_started")
    assert csv["filename"].endswith(".csv") and csv["content"].startswith("\ufeff")
    assert "Tình trạng hạn: Chưa triển khai" in csv["content"].splitlines()[0]
    assert "'=HYPERLINK" in csv["content"] and (TODAY + timedelta(days=9)).strftime("%d/%m/%Y") in csv["content"]


def test_a_unit_head_exports_only_their_own_units_tasks(app):
    head = app.test_client()
    sign_in(head, "head.xa-thach-dai")
    download = _export(head, ids.REGISTER_EXPORT_XLSX, unit="phuong-bac-ha")  # another unit, asked for
    rows = list(openpyxl.load_workbook(io.BytesIO(base64.b64decode(download["content"]))).active.iter_rows(
        values_only=True))[2:]
    assert rows == []
    everything = _export(head, ids.REGISTER_EXPORT_XLSX)
    rows = list(openpyxl.load_workbook(io.BytesIO(base64.b64decode(everything["content"]))).active.iter_rows(
        values_only=True))[2:]
    assert rows and {row[2] for row in rows} == {"UBND xã Thạch Đài"}


def test_one_directive_goes_to_several_units_or_to_every_commune():
    groups = {"tat ca xa, thi tran": [1, 3], "all communes": [1, 3]}
    units = [*UNITS, UnitRef(3, "xa-thach-hai", "UBND xã Thạch Hải", "commune")]
    checked = check_sheet([_row(2, unit="xa-thach-dai; Phòng Tài nguyên và Môi trường\nxa-thach-dai"),
                           _row(3, unit="Tất cả xã, thị trấn"), _row(4, unit="xa-thach-hai; Xã Ma; Phòng Ma")],
                          COLUMNS, units, PRIORITIES, date(2026, 12, 7), groups)
    assert [(task.row, task.unit_id) for task in checked.ready] == [(2, 1), (2, 2), (3, 1), (3, 3)]
    assert checked.problems == (Problem(4, "unit", "unknown_unit", value="Xã Ma; Phòng Ma"),)
    assert checked.rows_ready == 2


def test_a_row_for_all_communes_makes_one_task_for_each(writable):
    app, database = writable
    leader = app.test_client()
    sign_in(leader, "leader")
    sheet = _filled(_template(leader), [["Tổng rà soát hộ nghèo cuối năm", "Tất cả xã, thị trấn",
                                         TODAY + timedelta(days=20)]])
    assert '"21 nhiệm vụ trong ke-hoach.xlsx sẵn sàng để nhập' in _words(_check_upload(leader, sheet))
    assert "Đã nhập 21 nhiệm vụ" in _words(_import(leader, sheet))
    with database.session() as session:
        kinds = session.scalars(select(Unit.kind).join(Task, Task.lead_unit_id == Unit.id).where(
            Task.title == "Tổng rà soát hộ nghèo cuối năm")).all()
    assert kinds == ["commune"] * 21


def _zipped(parts: dict[str, bytes]) -> str:
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return "data:application/octet-stream;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_a_damaged_or_swollen_workbook_is_unreadable_never_a_server_error(app):
    leader = app.test_client()
    sign_in(leader, "leader")
    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    import zipfile
    with zipfile.ZipFile(book) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    broken = _zipped(parts | {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})  # bad XML
    swollen = _zipped(parts | {"xl/sharedStrings.xml": b" " * (70 * 1024 * 1024)})  # 70 MB unzipped
    assert "không đọc được như một bảng tính Excel" in _words(_check_upload(leader, broken))
    assert "Tệp lớn hơn 5 MB" in _words(_check_upload(leader, swollen))


def test_words_like_na_stay_words_and_the_templates_example_is_refused(writable):
    app, _database = writable
    leader = app.test_client()
    sign_in(leader, "leader")
    book = _template(leader)
    example = [cell.value for cell in book.worksheets[0][2]]
    sheet = _filled(book, [example, ["NA", "xa-thach-dai", TODAY + timedelta(days=9), None, None, "N/A"]])
    preview = _words(_check_upload(leader, sheet))
    assert "Đây là dòng ví dụ của mẫu" in preview and '"1 dòng của ke-hoach.xlsx có lỗi' in preview
    only_na = _filled(_template(leader), [["NA", "xa-thach-dai", TODAY + timedelta(days=9), None, None, "N/A"]])
    assert "Đã nhập 1 nhiệm vụ" in _words(_import(leader, only_na))
    with _database.session() as session:
        assert session.scalar(select(Task.source_ref).where(Task.title == "NA")) == "N/A"


def test_a_second_tap_on_import_stores_nothing_twice(writable):
    app, database = writable
    leader = app.test_client()
    sign_in(leader, "leader")
    sheet = _filled(_template(leader), _plan(5))
    assert "Đã nhập 5 nhiệm vụ" in _words(_import(leader, sheet))
    again = _words(_import(leader, sheet))  # the tap that waited: every row exists now
    assert '"5 dòng của ke-hoach.xlsx có lỗi' in again
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "tasks_imported")) == 1


def test_a_crafted_filter_is_neither_applied_nor_written_on_the_export(app):
    leader = app.test_client()
    sign_in(leader, "leader")
    download = _export(leader, ids.REGISTER_EXPORT_CSV, status={"in": ["done"]}, priority="=cmd", q=["x"])
    assert download["content"].splitlines()[0].strip("\ufeff\"").endswith("bộ lọc: không có")


def test_what_a_new_user_typed_is_read_as_they_meant_it():
    units = [*UNITS, UnitRef(4, "phong-tc-kh", "Phòng Tài chính – Kế hoạch")]  # an en dash, as named
    checked = check_sheet([_row(2, unit="Phong Tai chinh - Ke hoach"),  # a hyphen, as typed
                           _row(3, due_date="01/01/2025")],  # a backlog: due already, no start given
                          COLUMNS, units, PRIORITIES, date(2026, 12, 7))
    assert checked.problems == ()
    assert checked.ready[0].unit_id == 4
    assert (checked.ready[1].fields.start_date, checked.ready[1].fields.due_date) == (date(2025, 1, 1),) * 2
    groups = {"all communes": [1, 3]}
    both = [*UNITS, UnitRef(3, "xa-thach-hai", "UBND xã Thạch Hải", "commune")]
    again = check_sheet([_row(2, unit="All communes")], COLUMNS, both, PRIORITIES, date(2026, 12, 7), groups)
    existing = {duplicate_key(task.fields.title, task.unit_id, task.fields.due_date) for task in again.ready}
    assert without_existing(again, existing).problems == (Problem(2, "title", "duplicate"),)  # one line a row
