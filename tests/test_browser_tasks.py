"""Journeys that change tasks, in headless Chromium, on a private copy of the demo district."""
from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from dashboard.web import create_app
from db.engine import Database
from db.models import Task, Unit
from layouts import ids

from .conftest import copy_demo, make_config
from .dash_requests import registered_body
from .test_browser import TIMEOUT, _sign_in, expect, scroll_through

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_and_db(demo_db_url, tmp_path_factory):
    url = copy_demo(demo_db_url, tmp_path_factory.mktemp("journeys") / "journeys.db")
    app = create_app(make_config(url))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    database = Database(url)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", database
    server.shutdown()
    database.dispose()


def _page(browser, width=1400, height=1000):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return page


def test_unit_head_on_a_phone_updates_a_task_in_three_taps(browser, server_and_db):
    base, database = server_and_db
    phone = _page(browser, 390, 844)
    _sign_in(phone, base, "head.xa-thach-dai")
    phone.wait_for_url("**/units/xa-thach-dai")
    expect(phone.locator(".my-task a").first).to_be_visible()  # the list has finished loading
    tasks = phone.locator(".my-task")
    assert tasks.count() >= 6
    chosen = tasks.last  # far down the list: the answer must still show where the head looks
    scroll_through(phone)  # every section drawn: the page has its full height
    chosen.evaluate("task => task.scrollIntoView({block: 'start', behavior: 'instant'})")  # the list's top out of sight
    assert phone.evaluate("window.scrollY") > 300
    title = chosen.locator("a").first.text_content()
    chosen.get_by_role("button", name="Cập nhật").click()                 # 1
    expect(phone.locator("#quick-current")).to_contain_text("Hiện tại: ")  # where it stands before choosing
    phone.locator(".quick-choices").get_by_text("60%", exact=True).click()  # 2
    phone.get_by_label("Ghi chú (bắt buộc nếu giảm tiến độ)").fill("Đã hoàn thành 60% khối lượng")
    box = phone.get_by_role("button", name="Lưu").bounding_box()
    assert box["height"] >= 44  # a finger-sized target
    phone.get_by_role("button", name="Lưu").click()                      # 3
    expect(phone.get_by_text("Đã lưu tiến độ")).to_be_in_viewport()
    assert phone.evaluate("window.scrollY") > 300  # the page stayed where the head was
    with database.session() as s:
        task = s.scalar(select(Task).join(Unit, Unit.id == Task.lead_unit_id).where(
            Unit.code == "xa-thach-dai", Task.title == title, Task.progress == 60))
        assert task is not None, s.execute(select(Task.title, Task.progress, Task.status).join(
            Unit, Unit.id == Task.lead_unit_id).where(Unit.code == "xa-thach-dai",
                                                      Task.status != "done")).all()
    leader = _page(browser)
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    leader.goto(f"{base}/units/xa-thach-dai")  # the unit page lists the task at its new progress
    scroll_through(leader)
    expect(leader.locator("#unit-tasks table").first).to_be_attached()
    row = leader.locator("#unit-tasks tr", has=leader.locator(f"a[href='/tasks/{task.id}']"))
    expect(row).to_contain_text("60%")
    leader.goto(f"{base}/tasks/{task.id}")
    expect(leader.locator(".timeline-item").last).to_contain_text("60")
    expect(leader.get_by_text("Đã hoàn thành 60% khối lượng")).to_be_visible()
    assert phone.console_errors == [] and leader.console_errors == []
    phone.context.close(), leader.context.close()


def test_leader_assigns_to_all_communes_and_a_commune_head_sees_it(browser, server_and_db):
    base, _database = server_and_db
    leader = _page(browser)
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    leader.goto(base + "/tasks")
    leader.get_by_role("button", name="Giao nhiệm vụ").click()
    leader.locator("#new-title").fill("Tổng rà soát hộ nghèo cuối năm")
    leader.get_by_role("button", name="Tất cả xã, thị trấn").click()
    leader.locator("#new-start").fill("2026-11-26")
    leader.locator("#new-due").fill("2026-12-20")
    leader.get_by_role("button", name="Giao việc").click()
    expect(leader.get_by_role("dialog")).to_be_hidden()  # the answer is on the page, not in the closed dialog
    expect(leader.get_by_text(re.compile(r"Đã giao 21 nhiệm vụ"))).to_be_visible()
    head = _page(browser)
    _sign_in(head, base, "head.xa-viet-tien")
    head.wait_for_url("**/units/xa-viet-tien")
    expect(head.locator(".my-task").get_by_text("Tổng rà soát hộ nghèo cuối năm")).to_be_visible()
    assert leader.console_errors == [] and head.console_errors == []
    leader.context.close(), head.context.close()


def _open_task(database, unit_code, skip=0):
    with database.session() as s:
        return s.scalars(select(Task.id).join(Unit, Unit.id == Task.lead_unit_id).where(
            Unit.code == unit_code, Task.status == "in_progress").order_by(Task.id)
            .offset(skip).limit(1)).one()


def test_difficulty_is_answered_by_a_direction_and_the_flag_clears(browser, server_and_db):
    base, database = server_and_db
    task_id = _open_task(database, "xa-thach-khe")
    head, leader = _page(browser), _page(browser)
    _sign_in(head, base, "head.xa-thach-khe")
    head.wait_for_url("**/units/*")
    head.goto(f"{base}/tasks/{task_id}")
    head.get_by_placeholder("Vướng mắc gì, cần lãnh đạo hỗ trợ gì").fill("Chưa có kinh phí đo đạc")
    head.get_by_role("button", name="Xin ý kiến chỉ đạo").click()
    expect(head.get_by_text("chờ chỉ đạo")).to_be_visible()
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    scroll_through(leader)  # the list is drawn as it comes near the screen
    expect(leader.locator("#overview-awaiting").get_by_text("Chưa có kinh phí đo đạc")).to_be_visible()
    leader.goto(f"{base}/tasks/{task_id}")
    leader.locator("#leader-note-text").fill("Dùng nguồn kinh phí dự phòng")
    leader.get_by_role("button", name="Gửi", exact=True).click()
    expect(leader.get_by_text("Đã gửi ý kiến chỉ đạo tới đơn vị.")).to_be_visible()
    expect(leader.get_by_text("chờ chỉ đạo")).to_have_count(0)
    assert head.console_errors == [] and leader.console_errors == []
    head.context.close(), leader.context.close()


def test_extension_requested_and_approved_moves_the_due_date(browser, server_and_db):
    base, database = server_and_db
    task_id = _open_task(database, "xa-thach-son")
    head, leader = _page(browser), _page(browser)
    _sign_in(head, base, "head.xa-thach-son")
    head.wait_for_url("**/units/*")
    head.goto(f"{base}/tasks/{task_id}")
    head.locator("#extension-date").fill("2027-01-15")
    head.locator("#extension-reason").fill("Chờ số liệu của tỉnh")
    head.get_by_role("button", name="Gửi đề nghị").click()
    expect(head.get_by_text("Đề nghị đã được gửi tới lãnh đạo.")).to_be_visible()
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    leader.goto(f"{base}/tasks/{task_id}")
    expect(leader.get_by_text("Đang chờ quyết định")).to_be_visible()
    leader.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(leader.get_by_text("Đã đồng ý gia hạn")).to_be_visible()
    expect(leader.locator(".task-facts")).to_contain_text("15/01/2027")
    expect(leader.locator(".task-facts")).to_contain_text("gia hạn từ")
    assert head.console_errors == [] and leader.console_errors == []
    head.context.close(), leader.context.close()


def test_urge_shows_on_the_heads_home_until_they_update(browser, server_and_db):
    base, database = server_and_db
    task_id = _open_task(database, "xa-thach-lac")
    leader, head = _page(browser), _page(browser)
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    leader.goto(f"{base}/tasks/{task_id}")
    leader.get_by_text("Đôn đốc", exact=True).click()
    leader.locator("#leader-note-text").fill("Đề nghị báo cáo trước thứ Sáu")
    leader.get_by_role("button", name="Gửi", exact=True).click()
    expect(leader.get_by_text("Đã đôn đốc đơn vị.")).to_be_visible()
    _sign_in(head, base, "head.xa-thach-lac")
    head.wait_for_url("**/units/xa-thach-lac")
    urge = head.locator(".urge")
    expect(urge).to_contain_text("Đề nghị báo cáo trước thứ Sáu")
    head.locator(f"#my-tasks li:has(a[href='/tasks/{task_id}'])").get_by_role("button").click()
    head.locator(".quick-choices").get_by_text("75%", exact=True).click()
    head.get_by_role("button", name="Lưu").click()
    expect(head.get_by_text("Đã lưu tiến độ")).to_be_visible()
    expect(head.locator(".urge")).to_have_count(0)
    assert leader.console_errors == [] and head.console_errors == []
    leader.context.close(), head.context.close()


def _ratings_count(page, base, path):
    page.goto(base + path)
    locator = page.locator("#sat-summary" if path == "/satisfaction" else "#overview-satisfaction")
    expect(locator).to_contain_text("n = ")
    return int(re.search(r"n = ([\d.]+)", locator.inner_text()).group(1).replace(".", ""))


def test_citizen_rates_on_a_phone_without_javascript_and_leaders_see_it_counted(browser, server_and_db):
    """The satisfaction page counts the rating at once; the overview from the next minute on (a
    province's counters send several a second: tests/test_answer_cache.py)."""
    base, _database = server_and_db
    leader = _page(browser)
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    before_page = _ratings_count(leader, base, "/satisfaction")
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    phone = context.new_page()
    phone.goto(base + "/f/xa-thach-dai-1")
    expect(phone.get_by_text("UBND xã Thạch Đài")).to_be_visible()
    phone.locator("label[for=score5]").click()  # one tap on the happiest face
    phone.get_by_role("button", name="Gửi").click()           # and send
    expect(phone.get_by_text("Xin cảm ơn!")).to_be_visible()
    assert _ratings_count(leader, base, "/satisfaction") == before_page + 1
    assert leader.console_errors == []
    context.close(), leader.context.close()


def test_leader_on_a_phone_releases_held_ratings_and_sees_them_counted(browser, server_and_db):
    """Ratings held because one address sent many: the leader finds them on the satisfaction
    page (English, a phone), releases them with one tap, and the count grows by as many."""
    from .test_satisfaction import _hold_ratings
    base, database = server_and_db
    _point_id, label = _hold_ratings(database, count=3, score=4)
    leader = _page(browser, width=390, height=844)
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    leader.goto(base + "/lang/en?next=/satisfaction")
    before = _ratings_count(leader, base, "/satisfaction")
    held = leader.locator("#sat-held")
    expect(held).to_contain_text("Held for review")
    row = held.locator("li", has_text=label)
    expect(row).to_contain_text("3 ratings")
    row.get_by_role("button", name="Release").click()
    expect(leader.get_by_text("3 ratings released: they count now.")).to_be_visible()
    expect(held).to_contain_text("No rating is held for review in this period.")
    assert _ratings_count(leader, base, "/satisfaction") == before + 3
    assert leader.console_errors == []
    leader.context.close()


def test_a_viewers_forced_change_is_refused_in_words_in_view_on_a_phone(browser, server_and_db):
    """A viewer has no button to assign a task; one sent anyway (a crafted request from the
    page) is refused, and the refusal is said over the page, where the eye is."""
    base, _database = server_and_db
    phone = _page(browser, 390, 844)
    _sign_in(phone, base, "viewer")
    phone.wait_for_url(base + "/")
    phone.goto(base + "/tasks")
    expect(phone.locator("#register-count")).not_to_be_empty()
    expect(phone.locator(f"#{ids.REGISTER_NEW}")).to_be_hidden()
    expect(phone.locator(f"#{ids.REGISTER_IMPORT}")).to_be_hidden()
    phone.mouse.wheel(0, 3000)  # far down the register
    dependencies = phone.evaluate("async () => (await fetch('/_dash-dependencies')).json()")
    body = registered_body(None, ids.REGISTER_NEW, {f"{ids.REGISTER_NEW}.n_clicks": 1}, dependencies)
    status = phone.evaluate("""async body => {
        const token = document.cookie.split('; ').find(c => c.startsWith('_csrf_token=')).split('=')[1];
        const answer = await window.fetch('/_dash-update-component', {method: 'POST', body: JSON.stringify(body),
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}});
        return answer.status; }""", body)
    assert status == 403
    notice = phone.locator("#db-notice-fallback")
    expect(notice).to_have_text("Tài khoản của bạn không có quyền thực hiện thao tác này.")
    expect(notice).to_be_in_viewport()
    phone.context.close()


def test_a_note_too_long_is_counted_and_refused_never_cut(browser, server_and_db):
    """Pasting 1,005 characters into a 1,000-character note keeps all of them: the counter turns
    red, saving says the note is too long, nothing is stored, and the text is still there."""
    base, database = server_and_db
    task_id = _open_task(database, "xa-thach-dai", skip=3)
    with database.session() as s:
        before = s.get(Task, task_id).version
    head = _page(browser, 390, 844)
    _sign_in(head, base, "head.xa-thach-dai")
    head.wait_for_url("**/units/*")
    head.goto(f"{base}/tasks/{task_id}")
    note = head.locator("#update-note")
    expect(note).to_be_visible()
    text = ("Đã rà soát hồ sơ. " * 60)[:1005]
    head.locator("#update-progress").fill("100")
    note.fill(text)
    counter = head.locator(".char-count[data-for='update-note']")
    expect(counter).to_have_text("1005 / 1000")
    expect(counter).to_have_class("char-count over")
    head.get_by_role("button", name="Lưu tiến độ").click()
    expect(head.locator("#task-message")).to_contain_text("quá dài: tối đa 1.000 ký tự")
    assert note.input_value() == text
    with database.session() as s:
        assert s.get(Task, task_id).version == before
    head.context.close()


def test_on_a_phone_the_answer_to_a_form_far_down_the_page_is_in_view(browser, server_and_db):
    """The extension form is far below the top of a task's page on a phone: its answer (and a
    refusal when sent again) shows where the head is looking, not 1,000 px above."""
    base, database = server_and_db
    task_id = _open_task(database, "xa-thach-dai", skip=1)
    head = _page(browser, 390, 844)
    _sign_in(head, base, "head.xa-thach-dai")
    head.wait_for_url("**/units/*")
    head.goto(f"{base}/tasks/{task_id}")
    head.locator("#extension-date").fill("2027-02-15")
    head.locator("#extension-reason").fill("Chờ kết quả thẩm định")
    send = head.get_by_role("button", name="Gửi đề nghị")
    send.click()
    message = head.locator("#task-message")
    expect(message).to_contain_text("Đề nghị đã được gửi tới lãnh đạo.")
    expect(message).to_be_in_viewport()
    head.locator("#extension-reason").fill("Gửi lại")
    send.click()  # a second request while one waits is refused: the refusal is in view too
    expect(message).to_contain_text("chờ quyết định")
    expect(message).to_be_in_viewport()
    head.context.close()


def test_a_citizens_recommendation_is_answered_approved_and_read_on_phones(browser, server_and_db):
    """A citizen writes from the counter's QR code without JavaScript and keeps the code; the
    commune's head answers on a phone, the leader approves, and the citizen reads the answer."""
    base, _database = server_and_db
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    citizen = context.new_page()
    citizen.goto(base + "/f/xa-thach-dai-1")
    citizen.get_by_role("link", name="Gửi kiến nghị, phản ánh").click()
    citizen.get_by_label("Kiến nghị của ông/bà").fill("Máy lấy số thứ tự ở quầy một cửa bị hỏng, đề nghị sửa.")
    citizen.get_by_label("Số điện thoại hoặc e-mail để nhận trả lời").fill("0987 654 321")
    citizen.get_by_role("button", name="Gửi kiến nghị").click()
    expect(citizen.get_by_text("Đã nhận kiến nghị của ông/bà")).to_be_visible()
    code = citizen.locator(".code strong").inner_text()
    assert re.fullmatch(r"KN-\d{4}-\w{4}-\w{4}", code)

    head = _page(browser, 390, 844)
    _sign_in(head, base, "head.xa-thach-dai")
    head.goto(base + "/recommendations")
    card = head.locator(".rec-card", has_text=code)
    expect(card.get_by_text("0987 654 321")).to_be_visible()  # the unit sees how to reach the citizen
    card.get_by_role("button", name="Trả lời").click()
    head.get_by_label("Trả lời người dân").fill("Máy lấy số đã được thay mới. Cảm ơn ông/bà đã báo.")
    head.get_by_role("button", name="Gửi lãnh đạo phê duyệt").click()
    message = head.get_by_text("Câu trả lời đã được gửi lãnh đạo phê duyệt.")
    expect(message).to_be_in_viewport()

    leader = _page(browser, 390, 844)
    _sign_in(leader, base, "leader")
    leader.goto(base + "/recommendations")
    leader.get_by_text("Chờ phê duyệt", exact=True).click()
    leader.locator(".rec-card", has_text=code).get_by_role("button", name="Duyệt và công khai").click()
    expect(leader.get_by_label("Trả lời người dân")).to_have_value("Máy lấy số đã được thay mới. Cảm ơn ông/bà đã báo.")
    leader.get_by_role("button", name="Công khai câu trả lời").click()
    expect(leader.get_by_text("Câu trả lời đã được công khai")).to_be_in_viewport()

    citizen.goto(base + "/kn/")
    citizen.get_by_label("Mã tra cứu").fill(code.lower())
    citizen.get_by_role("button", name="Xem câu trả lời").click()
    expect(citizen.get_by_text("Máy lấy số đã được thay mới.")).to_be_visible()
    assert head.console_errors == [] and leader.console_errors == []
    context.close(), head.context.close(), leader.context.close()


def _sheet(path, rows):
    """A task sheet as a leader fills the template: headers in Vietnamese, one task per row."""
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên nhiệm vụ *", "Đơn vị chủ trì *", "Hạn *", "Bắt đầu", "Mức ưu tiên", "Văn bản giao việc"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def test_a_leader_on_a_phone_imports_a_sheet_after_fixing_its_bad_row(browser, server_and_db, tmp_path):
    base, database = server_and_db
    leader = _page(browser, 390, 844)
    _sign_in(leader, base, "leader")
    leader.wait_for_url(base + "/")
    leader.goto(base + "/tasks")
    leader.get_by_role("button", name="Nhập từ Excel").click()
    dialog = leader.get_by_role("dialog")
    expect(dialog.get_by_role("button", name="Nhập", exact=True)).to_be_disabled()
    with leader.expect_download() as download:
        dialog.get_by_role("button", name="Tải mẫu").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    rows = [[f"Rà soát thủ tục hành chính đợt {n}", "UBND xã Thạch Đài", "31/12/2026", None, "Cao", "45/UBND-VP"]
            for n in range(1, 6)]
    bad = [*rows[:3], ["Rà soát thủ tục hành chính đợt 4", "xa-khong-co", "31/12/2026"], *rows[4:]]
    leader.locator(f"#{ids.IMPORT_UPLOAD} input[type=file]").set_input_files(_sheet(tmp_path / "dot-1.xlsx", bad))
    expect(dialog.get_by_text("1 dòng của dot-1.xlsx có lỗi", exact=False)).to_be_visible()
    expect(dialog.locator(".import-problems").get_by_text("Không có đơn vị đang hoạt động nào")).to_be_visible()
    expect(dialog.get_by_role("button", name="Nhập", exact=True)).to_be_disabled()
    leader.locator(f"#{ids.IMPORT_UPLOAD} input[type=file]").set_input_files(_sheet(tmp_path / "dot-1-sua.xlsx", rows))
    expect(dialog.get_by_text("5 nhiệm vụ trong dot-1-sua.xlsx sẵn sàng để nhập", exact=False)).to_be_visible()
    dialog.get_by_role("button", name="Nhập", exact=True).click()
    expect(leader.get_by_role("dialog")).to_be_hidden()
    expect(leader.get_by_text("Đã nhập 5 nhiệm vụ từ dot-1-sua.xlsx")).to_be_in_viewport()
    leader.locator(f"#{ids.REGISTER_SEARCH}").fill("ra soat thu tuc hanh chinh dot")  # no Enter needed
    expect(leader.locator(f"#{ids.REGISTER_GRID} tbody tr")).to_have_count(5)
    assert leader.evaluate("document.documentElement.scrollWidth") <= 390
    with database.session() as session:
        titles = session.scalars(select(Task.title).where(Task.source_ref == "45/UBND-VP")).all()
    assert sorted(titles) == [f"Rà soát thủ tục hành chính đợt {n}" for n in range(1, 6)]
    leader.goto(base + "/units/xa-thach-dai")  # the unit's own list, to read or export
    leader.get_by_role("link", name="Mọi nhiệm vụ của đơn vị, để xem danh sách hoặc tải về").click()
    leader.wait_for_url("**/tasks?unit=xa-thach-dai")
    expect(leader.locator(f"#{ids.REGISTER_GRID} tbody tr").first).to_be_visible()
    with leader.expect_download() as export:
        leader.get_by_role("button", name="Excel", exact=True).click()
    assert export.value.suggested_filename.startswith("danh-muc-nhiem-vu_")
    assert leader.console_errors == []
    leader.context.close()
