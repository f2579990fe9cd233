"""`kehoach serve` in a real browser: Debian's Chromium driven by Playwright (no browser download), against
the real `kehoach serve` command. One server and one browser for the module."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLES
from serving import KEHOACH, start_server, stop_server

from kehoach_gen.check import check_file

pytestmark = pytest.mark.slow  # Chromium drives the editor

FAST = 10_000  # ms: what a clerk would wait for; the timings themselves live in bench/


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("ke-hoach")
    for name in ("phu-tho-2022", "hau-giang-2018"):
        shutil.copy(EXAMPLES / f"{name}.yaml", folder / f"{name}.yaml")
    proc, base = start_server(folder)
    yield base, folder
    stop_server(proc)


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(FAST)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


def open_plan(page, base: str, name: str) -> None:
    page.goto(f"{base}/ke-hoach/{name}")
    page.wait_for_function("document.body.dataset.previewSeq !== undefined")


def preview_has(page, text: str) -> None:
    page.frame_locator("#xem").get_by_text(text).first.wait_for()


def field(page, path: str):
    return page.locator(f'[data-key="{path}"]')


def test_list_new_plan_edit_check_save_and_download(page, server, tmp_path):
    base, folder = server
    page.goto(base)
    assert page.get_by_role("link", name=re.compile("Công tác đối ngoại")).count() >= 1
    page.select_option("#tinh", label="Ủy ban nhân dân tỉnh Lai Châu")
    page.fill("#nam-moi", "2027")
    page.get_by_role("button", name="Tạo kế hoạch mới").click()
    page.wait_for_url(re.compile(r"/ke-hoach/lai-chau-2027\.yaml$"))
    page.wait_for_function("document.body.dataset.previewSeq !== undefined")
    preview_has(page, "Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2027")
    original = (folder / "lai-chau-2027.yaml").read_text(encoding="utf-8")

    # A new part, an item in it and a task, each seen in the page as it will print.
    phan = page.locator('#bieu-mau > fieldset[data-path="phan"]')
    count = phan.locator(':scope > fieldset').count()
    field(page, "phan#them").click()
    expect_focus(page, f"phan[{count + 1}].tieu_de")
    page.keyboard.type("Khen thưởng")
    preview_has(page, "KHEN THƯỞNG")
    field(page, f"phan[{count + 1}].muc#them").click()
    page.keyboard.type("Khen thưởng tập thể")
    field(page, f"phan[{count + 1}].muc[1].nhiem_vu#them").click()
    expect_focus(page, f"phan[{count + 1}].muc[1].nhiem_vu[1].noi_dung")
    page.keyboard.type("Xét khen thưởng các tập thể có thành tích xuất sắc")
    field(page, f"phan[{count + 1}].muc[1].nhiem_vu[1].chu_tri").fill("Sở Nội vụ")
    preview_has(page, "1.1. Xét khen thưởng các tập thể có thành tích xuất sắc")
    preview_has(page, "Cơ quan chủ trì: Sở Nội vụ.")

    # The appendix table is a grid: a new row, typed cell by cell.
    field(page, "phu_luc[1].dong#them").click()
    expect_focus(page, "phu_luc[1].dong[2][1]")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("Dự hội chợ nông sản Côn Minh")
    preview_has(page, "Dự hội chợ nông sản Côn Minh")

    # An error is shown at its field, in Vietnamese, and goes when fixed.
    field(page, "co_quan").fill("Ủy ban tỉnh Lai Châu")
    message = page.locator('[data-path="co_quan"] .bao-loi')
    message.wait_for()
    assert "Ủy ban nhân dân tỉnh" in message.inner_text()
    assert field(page, "co_quan").get_attribute("aria-invalid") == "true"
    field(page, "co_quan").fill("Ủy ban nhân dân tỉnh Lai Châu")
    message.wait_for(state="detached")

    page.get_by_role("button", name="Lưu").click()
    page.locator("#trang-thai", has_text="Đã lưu").wait_for()
    saved = (folder / "lai-chau-2027.yaml").read_text(encoding="utf-8")
    assert "Xét khen thưởng các tập thể có thành tích xuất sắc" in saved
    assert [ln for ln in original.splitlines() if ln.lstrip().startswith("#")] == \
        [ln for ln in saved.splitlines() if ln.lstrip().startswith("#")]  # the starter's comments stay

    with page.expect_download() as download:
        page.get_by_role("button", name="Tải .docx").click()
    docx_path = tmp_path / "tai-ve.docx"
    download.value.save_as(docx_path)
    run = subprocess.run([KEHOACH, "check", str(docx_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not check_file(docx_path).errors
    texts = [p.text for p in docx.Document(str(docx_path)).paragraphs]
    assert any("Xét khen thưởng các tập thể có thành tích xuất sắc" in t for t in texts)
    cells = {c.text for t in docx.Document(str(docx_path)).tables for row in t.rows for c in row.cells}
    assert "Dự hội chợ nông sản Côn Minh" in cells

    with page.expect_download(timeout=120_000) as download:  # the warm LibreOffice
        page.get_by_role("button", name="Tải PDF").click()
    pdf_path = tmp_path / "tai-ve.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")


def expect_focus(page, key: str) -> None:
    page.wait_for_function("k => document.activeElement && document.activeElement.dataset.key === k", arg=key)


def test_two_sessions_saving_the_same_plan(browser, server):
    base, folder = server
    first, second = browser.new_context(), browser.new_context()
    a, b = first.new_page(), second.new_page()
    try:
        for pg in (a, b):
            pg.set_default_timeout(FAST)
            open_plan(pg, base, "phu-tho-2022.yaml")
        field(a, "trich_yeu").fill("Công tác đối ngoại năm 2022 (bản của chị An)")
        a.get_by_role("button", name="Lưu").click()
        a.locator("#trang-thai", has_text="Đã lưu").wait_for()
        field(b, "trich_yeu").fill("Công tác đối ngoại năm 2022 (bản của anh Bình)")
        b.get_by_role("button", name="Lưu").click()
        dialog = b.locator("#xung-dot")
        dialog.wait_for()
        assert "Chưa lưu" in dialog.inner_text() and "Trích yếu" in dialog.inner_text()
        b.frame_locator("#xung-dot-xem").get_by_text("bản của chị An").wait_for()
        text = (folder / "phu-tho-2022.yaml").read_text(encoding="utf-8")
        assert "chị An" in text and "anh Bình" not in text  # no lost update
        b.get_by_role("button", name="Ghi đè bằng bản của tôi").click()
        b.locator("#trang-thai", has_text="Đã lưu").wait_for()
        assert "anh Bình" in (folder / "phu-tho-2022.yaml").read_text(encoding="utf-8")

        # Edited on disk while open: the page says so, and reloads on request.
        path = folder / "phu-tho-2022.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("anh Bình", "sửa bằng Notepad"), encoding="utf-8")
        a.get_by_text("vừa được thay đổi ở nơi khác").wait_for()
        a.get_by_role("button", name="Tải bản mới").click()
        a.wait_for_function("document.querySelector('[data-key=\"trich_yeu\"]').value.includes('Notepad')")
    finally:
        first.close()
        second.close()


def test_keyboard_only(page, server):
    base, folder = server
    open_plan(page, base, "hau-giang-2018.yaml")
    page.locator("body").focus()
    for _ in range(12):  # past the header's link and buttons, into the form
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.key") == "co_quan":
            break
    expect_focus(page, "co_quan")
    page.keyboard.press("Tab")
    expect_focus(page, "dia_danh")
    page.keyboard.press("Tab")
    expect_focus(page, "so")
    page.keyboard.press("Control+a")
    page.keyboard.type("34")
    preview_has(page, "Số: 34/KH-UBND")
    count = page.locator('[data-path="noi_nhan"] .dong-muc').count()
    for _ in range(2000):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.key") == "noi_nhan#them":
            break
    page.keyboard.press("Enter")
    expect_focus(page, f"noi_nhan[{count + 1}]")
    page.keyboard.type("Sở Tư pháp")
    page.keyboard.press("Tab")
    expect_focus(page, f"noi_nhan[{count + 1}]#len")
    page.keyboard.press("Enter")  # moved up, and the focus moves with it
    expect_focus(page, f"noi_nhan[{count}]#len")
    page.keyboard.press("Control+s")
    page.locator("#trang-thai", has_text="Đã lưu").wait_for()
    text = (folder / "hau-giang-2018.yaml").read_text(encoding="utf-8")
    block = text[text.index("noi_nhan:"):].splitlines()
    entries = [ln.strip()[2:] for ln in block[1:] if ln.strip().startswith("- ")]
    assert entries[count - 1] == "Sở Tư pháp" and re.search(r"^so: 34\b", text, re.M)


def test_import_roll_forward_and_a_broken_file(page, server):
    base, folder = server
    page.goto(base)
    page.set_input_files("#tep-nhap", str(Path(__file__).parent / "fixtures" / "corpus" / "txt" / "05_cantho_2025.txt"))
    page.get_by_role("button", name="Nhập thành kế hoạch").click()
    page.wait_for_url(re.compile(r"/ke-hoach/05_cantho_2025\.yaml$"))
    page.wait_for_function("document.body.dataset.previewSeq !== undefined")
    assert "05_cantho_2025.txt" in (folder / "05_cantho_2025.yaml").read_text(encoding="utf-8")

    page.goto(base)
    page.select_option("#goc", "phu-tho-2022.yaml")
    page.fill("#nam-chuyen", "2023")
    page.get_by_role("button", name="Chuyển sang năm mới").click()
    page.wait_for_url(re.compile(r"/ke-hoach/phu-tho-2023\.yaml$"))
    page.wait_for_function("document.body.dataset.previewSeq !== undefined")
    preview_has(page, "năm 2023")

    (folder / "hong.yaml").write_text("co_quan: [Ủy ban\ntrich_yeu: x\n", encoding="utf-8")
    open_plan(page, base, "hong.yaml")
    page.get_by_text("lỗi cú pháp").wait_for()
    assert "hong.yaml:" in page.locator("#tom-tat-loi").inner_text()


def test_a_save_says_what_is_left_to_fix(page, server):
    base, folder = server
    shutil.copy(folder / "phu-tho-2022.yaml", folder / "con-loi.yaml")
    open_plan(page, base, "con-loi.yaml")
    status = page.locator("#trang-thai")
    field(page, "co_quan").fill("Ủy ban tỉnh Phú Thọ")
    page.get_by_role("button", name="Lưu").click()
    status.filter(has_text="— còn 1 lỗi: co_quan: cần dạng 'Ủy ban nhân dân tỉnh").wait_for()
    assert "con-loi" in (status.get_attribute("class") or "")
    assert "Ủy ban tỉnh Phú Thọ" in (folder / "con-loi.yaml").read_text(encoding="utf-8")  # saved all the same

    field(page, "co_quan").fill("Ủy ban nhân dân tỉnh Phú Thọ")
    field(page, "ngay").fill("2021-05-31")  # before the documents it cites: an error of content
    field(page, "nguoi_ky.ho_ten").fill("Nguyễn Văn A")  # a sample name: a warning
    page.keyboard.press("Control+s")
    status.filter(has_text="— còn 1 lỗi, 1 cảnh báo").wait_for()

    field(page, "ngay").fill("2022-05-31")
    field(page, "nguoi_ky.ho_ten").fill("Phan Trọng Tấn")
    page.keyboard.press("Control+s")
    page.wait_for_function("/^Đã lưu lúc [0-9:]+$/.test(document.getElementById('trang-thai').textContent)")
    assert "con-loi" not in (status.get_attribute("class") or "")
