"""`kehoach theo-doi`: the tracking workbook of a plan's year, and its status read back once filled in.
Every test runs the real command and opens the real .xlsx with openpyxl."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import EXAMPLE_NAMES, EXAMPLES, run_cli

from kehoach_gen.facts.textdates import yearless
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.tracking.bodies import from_fields, from_prose
from kehoach_gen.tracking.tasks import plan_tasks

HEADERS = ["Mã", "TT", "Phần", "Mục", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Hạn (ngày)", "Tình trạng",
           "Ngày hoàn thành", "Kết quả", "Ghi chú"]
STATUSES = ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Quá hạn"]
COL = {h: i + 1 for i, h in enumerate(HEADERS)}


def _make(plan: Path, target: Path, *extra: str) -> openpyxl.Workbook:
    result = run_cli("theo-doi", str(plan), "-o", str(target), *extra)
    assert result.returncode == 0, result.stderr
    return openpyxl.load_workbook(target)


def _rows(ws) -> list[dict[str, object]]:
    header = [c.value for c in ws[2]]
    return [dict(zip(header, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=3)
            if any(c.value is not None for c in row)]


def _row_of(ws, words: str) -> int:
    for r in range(3, ws.max_row + 1):
        if words in str(ws.cell(r, COL["Nội dung"]).value or ""):
            return r
    raise AssertionError(f"no row with {words!r}")


def _assert_tracking_sheet(ws, rows: int) -> None:
    """Frozen header, filters, the status drop-down and date checks over every row, A4 landscape print with
    the header repeated, the key column hidden."""
    last = 2 + max(rows, 1)
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref.startswith("A2:") and ws.auto_filter.ref.endswith(str(last))
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$2:$2"
    assert ws.column_dimensions["A"].hidden
    header = [c.value for c in ws[2]]
    status = openpyxl.utils.get_column_letter(header.index("Tình trạng") + 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and lists[0].formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(lists[0].sqref) == (f"{status}3:{status}{last}" if last > 3 else f"{status}3") and lists[0].showErrorMessage
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert len(dates) == 1 and len(str(dates[0].sqref).split()) == 2
    for name in ("Nội dung", "Tình trạng", "Kết quả"):
        letter = openpyxl.utils.get_column_letter(header.index(name) + 1) if name in header else None
        if letter:
            assert ws.column_dimensions[letter].width >= 10


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_gives_a_workbook_of_its_tasks(tmp_path, name):
    plan_path = EXAMPLES / f"{name}.yaml"
    wb = _make(plan_path, tmp_path / "theo-doi.xlsx")
    tasks = plan_tasks(load_plan(plan_path))
    ws = wb["Nhiệm vụ"]
    assert [c.value for c in ws[2]] == HEADERS
    rows = _rows(ws)
    assert len(rows) == len(tasks.tasks) >= 10
    assert [r["TT"] for r in rows] == list(range(1, len(rows) + 1))
    keys = [r["Mã"] for r in rows]
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"[0-9a-f]{10}", str(k)) for k in keys)
    source = " ".join(plan_path.read_text(encoding="utf-8").split())
    for row in rows:
        assert row["Phần"].startswith(("II.", "III.", "IV.")) and "MỤC ĐÍCH" not in row["Phần"]
        first = str(row["Nội dung"]).split("\n")[0]
        assert re.sub(r"^(\d+\.(\d+\.)?|[a-zđ]\)) ", "", first)[:40] in source
        assert row["Tình trạng"] is None and row["Kết quả"] is None
    _assert_tracking_sheet(ws, len(rows))
    # One sheet per lead body, holding exactly the tasks it leads.
    led: dict[str, int] = {}
    for row in rows:
        for body in str(row["Chủ trì"] or "").split("\n"):
            if body:
                led[body] = led.get(body, 0) + 1
    body_sheets = [s for s in wb.worksheets if s.title not in ("Nhiệm vụ", "_kehoach") and not s.title.startswith("Phụ lục")]
    assert sorted(len(_rows(s)) for s in body_sheets) == sorted(led.values())
    for s in body_sheets:
        assert [c.value for c in s[2]] == HEADERS
        assert "CHỦ TRÌ" in s["B1"].value
        _assert_tracking_sheet(s, len(_rows(s)))
    assert wb["_kehoach"].sheet_state == "veryHidden"


@pytest.mark.slow
def test_prose_plans_give_what_their_words_say(tmp_path):
    hau_giang = _make(EXAMPLES / "hau-giang-2018.yaml", tmp_path / "hg.xlsx")
    rows = _rows(hau_giang["Nhiệm vụ"])
    finance = next(r for r in rows if "Sở Tài chính hướng dẫn" in r["Nội dung"])
    assert finance["Chủ trì"] == "Sở Tài chính" and finance["Mục"] == "2." and finance["Phần"] == "IV. TỔ CHỨC THỰC HIỆN"
    assert len(_rows(hau_giang["Sở Tài chính"])) == 1
    outbound = next(r for r in rows if r["Nội dung"].startswith("Kế hoạch đoàn ra:"))
    assert "\n+ Đoàn cấp tỉnh" in outbound["Nội dung"]  # a '+' line stays with its bullet
    appendix = hau_giang["Phụ lục"]
    assert [c.value for c in appendix[2]] == ["Mã", "TT", "Nội dung", "Cấp đoàn", "Nước đến", "Thời gian", "Kinh phí",
                                              "Hạn (ngày)", "Tình trạng", "Ngày hoàn thành", "Kết quả", "Ghi chú"]
    delegations = _rows(appendix)
    assert len(delegations) == 6 and delegations[3]["Nước đến"] == "Israel, Ấn Độ" and delegations[0]["TT"] == 1
    assert delegations[0]["Hạn (ngày)"] == dt.datetime(2018, 12, 31)
    _assert_tracking_sheet(appendix, 6)

    kon_tum = _rows(_make(EXAMPLES / "kon-tum-2022.yaml", tmp_path / "kt.xlsx")["Nhiệm vụ"])
    report = next(r for r in kon_tum if "01 lần/năm" in r["Nội dung"])
    assert report["Thời hạn"].startswith("trước ngày 30 tháng 5 năm 2022") and report["Hạn (ngày)"] == dt.datetime(2022, 10, 31)
    assign = next(r for r in kon_tum if r["Nội dung"].startswith("2. Giao Sở Ngoại vụ"))
    assert assign["Chủ trì"] == "Sở Ngoại vụ"

    binh_thuan = _rows(_make(EXAMPLES / "binh-thuan-2023.yaml", tmp_path / "bt.xlsx")["Nhiệm vụ"])
    union = next(r for r in binh_thuan if r["Nội dung"].startswith("2.4."))
    assert union["Chủ trì"] == "Sở Nội vụ" and union["Phối hợp"].split("\n") == ["Sở Tài chính", "Công an tỉnh",
                                                                                 "Sở Kế hoạch và Đầu tư"]
    assert union["Thời hạn"] == "Trong quý II/2023" and union["Hạn (ngày)"] == dt.datetime(2023, 6, 30)
    # "- Tổ chức thực hiện: ...", "- Thời gian thực hiện: ..." under a paragraph are that paragraph's fields.
    news = next(r for r in binh_thuan if r["Nội dung"].startswith("Chủ động, tích cực tuyên truyền"))
    assert news["Chủ trì"] == "Các sở, ban, ngành, địa phương" and news["Thời hạn"] == "Thường xuyên"
    assert not any(r["Nội dung"].startswith(("Tổ chức thực hiện:", "Thời gian thực hiện:")) for r in binh_thuan)
    yearly = next(r for r in binh_thuan if "trước ngày 30/11 hàng năm" in r["Nội dung"])
    assert yearly["Thời hạn"] == "trước ngày 30/11" and yearly["Hạn (ngày)"] is None  # a plan of no one year

    lai_chau = _make(EXAMPLES / "lai-chau-2023.yaml", tmp_path / "lc.xlsx")
    assert len(_rows(lai_chau["Sở Ngoại vụ"])) == 4  # "1. Sở Ngoại vụ" under TỔ CHỨC THỰC HIỆN
    assert all("Sở Ngoại vụ" in r["Mục"] for r in _rows(lai_chau["Sở Ngoại vụ"]))


def _starter(tmp_path: Path) -> Path:
    """The starter `kehoach new` writes, with a dated deadline on its first task."""
    plan = tmp_path / "lai-chau-2027.yaml"
    assert run_cli("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", str(plan)).returncode == 0
    text = plan.read_text(encoding="utf-8")
    assert "thoi_gian: Thường xuyên" in text and "nhiem_vu:" in text
    plan.write_text(text.replace("thoi_gian: Thường xuyên", "thoi_gian: Trước ngày 15/3/2027", 1), encoding="utf-8")
    return plan


@pytest.mark.slow
def test_a_plan_with_task_fields_fills_each_column(tmp_path):
    plan = _starter(tmp_path)
    wb = _make(plan, tmp_path / "theo-doi.xlsx")
    rows = _rows(wb["Nhiệm vụ"])
    assert [r["Nội dung"][:5] for r in rows] == ["a) Du", "b) Tì", "2.1. ", "2.2. ", "1. Cá", "2. Sở"]
    first = rows[2]
    assert first["Mục"] == "2. Công tác quản lý đoàn ra, đoàn vào" and first["Phần"] == "II. NHIỆM VỤ CỤ THỂ"
    assert first["Chủ trì"] == "Sở Ngoại vụ" and first["Phối hợp"] == "Công an tỉnh\nSở Tài chính"
    assert first["Thời hạn"] == "Trước ngày 15/3/2027" and first["Hạn (ngày)"] == dt.datetime(2027, 3, 15)
    assert rows[3]["Chủ trì"] == "Văn phòng Ủy ban nhân dân tỉnh" and rows[3]["Hạn (ngày)"] is None
    assert {"Sở Ngoại vụ", "Văn phòng Ủy ban nhân dân tỉnh"} <= set(wb.sheetnames)
    assert [r["Nội dung"][:4] for r in _rows(wb["Sở Ngoại vụ"])] == ["2.1.", "2. S"]
    outbound, inbound = _rows(wb["Phụ lục I"]), _rows(wb["Phụ lục II"])
    assert outbound[0]["Thời gian"] == "Quý II/2027" and outbound[0]["Hạn (ngày)"] == dt.datetime(2027, 6, 30)
    assert inbound[0]["Cơ quan đón tiếp"] == "Văn phòng UBND tỉnh" and inbound[0]["Hạn (ngày)"] == dt.datetime(2027, 9, 30)
    assert wb["Phụ lục I"]["B1"].value.startswith("PHỤ LỤC I: KẾ HOẠCH ĐOÀN RA NĂM 2027")


def _fill(path: Path, sheet: str, words: str, **values: object) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[2]]
    if sheet.startswith("Phụ lục"):
        row = next(r for r in range(3, ws.max_row + 1) if any(words in str(c.value or "") for c in ws[r]))
    else:
        row = _row_of(ws, words)
    for name, value in values.items():
        ws.cell(row, header.index(name.replace("_", " ")) + 1).value = value
    wb.save(path)


@pytest.mark.slow
def test_filled_statuses_are_counted_and_overdue_tasks_listed_by_lead_body(tmp_path):
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    _fill(book, "Nhiệm vụ", "2.1. Thẩm định", **{"Tình trạng": "Đang thực hiện"})  # due 15/3/2027
    _fill(book, "Nhiệm vụ", "2.2. Tổ chức đón tiếp", **{"Tình trạng": "Hoàn thành", "Kết quả": "Đón 3 đoàn"})
    _fill(book, "Nhiệm vụ", "a) Duy trì", **{"Tình trạng": "quá hạn"})  # typed in lower case
    _fill(book, "Phụ lục I", "Xúc tiến đầu tư", **{"Tình trạng": "Hoàn thành", "Ngày hoàn thành": dt.date(2027, 5, 20)})
    result = run_cli("theo-doi", str(plan), "--tu", str(book), "--ngay", "30/06/2027")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "tình hình thực hiện đến ngày 30/06/2027" in out
    tasks_block = out.split("Phụ lục I")[0]
    assert "Nhiệm vụ: 6" in tasks_block
    assert "  Hoàn thành: 1\n" in tasks_block and "  Đang thực hiện: 1\n" in tasks_block
    assert "  Quá hạn: 1\n" in tasks_block
    assert "  Chưa thực hiện: 3 (trong đó 3 dòng chưa điền tình trạng)" in tasks_block
    assert "Phụ lục I (Kế hoạch đoàn ra năm 2027): 1\n  Chưa thực hiện: 0\n  Đang thực hiện: 0\n  Hoàn thành: 1" in out
    late = out.split("Quá hạn đến ngày 30/06/2027")[1]
    assert late.startswith(" (đã qua thời hạn mà chưa hoàn thành, hoặc ghi Quá hạn): 2")
    assert "  Sở Ngoại vụ (1):\n    - II.2.1: 2.1. Thẩm định" in late and "(hạn 15/03/2027; Đang thực hiện)" in late
    assert "trang tính 'Nhiệm vụ', ô J5" in late
    assert "  Chưa rõ cơ quan chủ trì (1):\n    - II.1.a: a) Duy trì" in late and "(không ghi hạn; Quá hạn)" in late
    assert "Phụ lục II" not in late  # due 30/09/2027: not yet
    # The same workbook on the day after the đoàn vào's quarter: that row is late too, under its host body.
    later = run_cli("theo-doi", str(plan), "--tu", str(book), "--ngay", "2027-10-01")
    assert "  Văn phòng UBND tỉnh (1):\n    - Phụ lục II, dòng 1: Làm việc về hợp tác hữu nghị" in later.stdout


@pytest.mark.slow
def test_overdue_is_judged_today_and_a_changed_deadline_counts(tmp_path):
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    # The office moved the đoàn vào forward: the date typed in the workbook replaces the plan's quarter.
    _fill(book, "Phụ lục II", "hợp tác hữu nghị", **{"Hạn (ngày)": yesterday.strftime("%d/%m/%Y")})
    _fill(book, "Nhiệm vụ", "2.2. Tổ chức đón tiếp", **{"Hạn (ngày)": dt.date.today(), "Tình trạng": "Đang thực hiện"})
    result = run_cli("theo-doi", str(plan), "--tu", str(book))
    assert result.returncode == 0, result.stderr
    today = dt.date.today().strftime("%d/%m/%Y")
    assert f"Quá hạn đến ngày {today}" in result.stdout
    assert "Phụ lục II, dòng 1: Làm việc về hợp tác hữu nghị" in result.stdout
    assert f"hạn {yesterday.strftime('%d/%m/%Y')}" in result.stdout
    assert "2.2. Tổ chức đón tiếp" not in result.stdout  # due today is not yet late


@pytest.mark.slow
def test_a_body_fills_its_own_sheet_or_its_own_copy(tmp_path):
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    copy = tmp_path / "theo-doi-VP.xlsx"
    shutil.copy(book, copy)
    _fill(book, "Sở Ngoại vụ", "2.1. Thẩm định", **{"Tình trạng": "Hoàn thành"})
    _fill(copy, "Văn phòng Ủy ban nhân dân tỉnh", "2.2. Tổ chức", **{"Tình trạng": "Đang thực hiện"})
    result = run_cli("theo-doi", str(plan), "--tu", str(book), "--tu", str(copy), "--ngay", "30/06/2027")
    assert result.returncode == 0, result.stderr
    block = result.stdout.split("Phụ lục I")[0]
    assert "  Hoàn thành: 1\n" in block and "  Đang thực hiện: 1\n" in block
    # Where the tasks sheet says otherwise, it wins, and the difference is named.
    _fill(book, "Nhiệm vụ", "2.1. Thẩm định", **{"Tình trạng": "Đang thực hiện"})
    result = run_cli("theo-doi", str(plan), "--tu", str(book), "--ngay", "30/06/2027")
    assert "cảnh báo:" in result.stderr and "trang tính 'Sở Ngoại vụ', ô J3 ghi 'Hoàn thành'" in result.stderr
    assert "lấy theo trang tính 'Nhiệm vụ'" in result.stderr
    assert "  Đang thực hiện: 1\n" in result.stdout.split("Phụ lục I")[0]


@pytest.mark.slow
def test_rows_moved_added_and_deleted_are_matched_by_key_then_content(tmp_path):
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    wb = openpyxl.load_workbook(book)
    ws = wb["Nhiệm vụ"]
    _fill_cell = {"2.1. Thẩm định": "Hoàn thành", "2.2. Tổ chức": "Đang thực hiện", "2. Sở Ngoại vụ theo dõi": "Hoàn thành"}
    for words, status in _fill_cell.items():
        ws.cell(_row_of(ws, words), COL["Tình trạng"]).value = status
    ws.cell(_row_of(ws, "2.2. Tổ chức"), COL["Mã"]).value = None  # the key lost: found by its words
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=ws.max_row)]
    rows.reverse()  # sorted the other way
    rows = [r for r in rows if not str(r[COL["Nội dung"] - 1]).startswith("b) Tìm kiếm")]  # deleted
    rows.append([None, 7, "II.", "", "Tổ chức hội nghị hợp tác với tỉnh bạn", "Sở Ngoại vụ", None, None, None, "Hoàn thành",
                 None, None, None])  # a row the office added
    ws.delete_rows(3, ws.max_row)
    for r, values in enumerate(rows, start=3):
        for k, value in enumerate(values, start=1):
            ws.cell(r, k).value = value
    wb.save(book)
    # Meanwhile the plan changed: one task reworded, one added.
    text = plan.read_text(encoding="utf-8")
    text = text.replace("Thẩm định, trình phê duyệt các đoàn đi công tác nước ngoài theo đúng quy định.",
                        "Thẩm định, trình phê duyệt kịp thời các đoàn đi công tác nước ngoài theo đúng quy định.")
    text = text.replace("          - Tìm kiếm, mở rộng quan hệ", "          - Tham gia Hội chợ quốc tế tại Côn Minh.\n"
                        "          - Tìm kiếm, mở rộng quan hệ")
    plan.write_text(text, encoding="utf-8")
    result = run_cli("theo-doi", str(plan), "--tu", str(book), "--ngay", "30/06/2027")
    assert result.returncode == 3, result.stderr
    err = result.stderr
    added_row = len(rows) + 2
    assert (f"không khớp: {book}: trang tính 'Nhiệm vụ', dòng {added_row}: 'Tổ chức hội nghị hợp tác với tỉnh bạn' không "
            "khớp nhiệm vụ nào của kế hoạch") in err
    assert "không khớp: II.1.c 'c) Tìm kiếm, mở rộng quan hệ" in err and "không có trong sổ theo dõi" in err
    assert "không khớp: II.1.b 'b) Tham gia Hội chợ quốc tế tại Côn Minh.'" in err
    assert "lưu ý:" in err and "khớp theo nội dung với II.2.1 '2.1. Thẩm định, trình phê duyệt kịp thời" in err
    assert "khớp theo nội dung với II.2.2 '2.2. Tổ chức đón tiếp" in err
    block = result.stdout.split("Phụ lục I")[0]
    assert "Nhiệm vụ: 7" in block and "  Hoàn thành: 2\n" in block and "  Đang thực hiện: 1\n" in block
    assert "1 dòng trong sổ không khớp nhiệm vụ nào, 2 nhiệm vụ không có trong sổ" in err


@pytest.mark.slow
@pytest.mark.parametrize(("cell", "value", "message"), [
    ("Tình trạng", "Xong", "ô J5: tình trạng 'Xong' không có trong danh sách (Chưa thực hiện, Đang thực hiện, Hoàn "
                           "thành, Quá hạn)"),
    ("Ngày hoàn thành", "31/02/2027", "ô K5: ngày '31/02/2027' không có trên lịch (tháng 2 năm 2027 không có ngày 31)"),
    ("Hạn (ngày)", "cuối tháng", "ô I5: không đọc được ngày 'cuối tháng': gõ dạng ngày/tháng/năm"),
])
def test_a_bad_cell_is_named_with_its_sheet_and_cell(tmp_path, cell, value, message):
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    _fill(book, "Nhiệm vụ", "2.1. Thẩm định", **{cell: value})
    result = run_cli("theo-doi", str(plan), "--tu", str(book))
    assert result.returncode == 1
    assert f"{book}: trang tính 'Nhiệm vụ', {message}" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    plan = _starter(tmp_path)
    fake = tmp_path / "theo-doi.xlsx"
    fake.write_text("TT;Nội dung;Tình trạng\n1;a;Hoàn thành\n", encoding="utf-8")
    result = run_cli("theo-doi", str(plan), "--tu", str(fake))
    assert result.returncode == 1
    assert f"{fake}: không đọc được sổ theo dõi: không phải tệp Excel .xlsx" in result.stderr
    docx = tmp_path / "ke-hoach.docx"
    assert run_cli("render", str(plan), "-o", str(docx)).returncode == 0
    result = run_cli("theo-doi", str(plan), "--tu", str(docx))
    assert result.returncode == 1 and f"{docx}: sổ theo dõi phải là tệp Excel .xlsx (đang: '.docx')" in result.stderr
    renamed = tmp_path / "van-ban.xlsx"
    shutil.copy(docx, renamed)
    result = run_cli("theo-doi", str(plan), "--tu", str(renamed))
    assert result.returncode == 1 and "không phải sổ làm việc Excel" in result.stderr
    old = tmp_path / "cu.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = run_cli("theo-doi", str(plan), "--tu", str(old))
    assert result.returncode == 1 and "Excel 97-2003 (.xls)" in result.stderr
    result = run_cli("theo-doi", str(plan), "--tu", str(tmp_path / "khong-co.xlsx"))
    assert result.returncode == 1 and "không tìm thấy tệp" in result.stderr
    result = run_cli("theo-doi", str(plan), "-o", str(tmp_path / "theo-doi.docx"))
    assert result.returncode == 1 and "sổ theo dõi (-o) phải là tệp Excel .xlsx" in result.stderr
    assert not (tmp_path / "theo-doi.docx").exists()
    for bad in (fake, docx, renamed, old):
        assert "Traceback" not in run_cli("theo-doi", str(plan), "--tu", str(bad)).stderr


@pytest.mark.slow
def test_a_workbook_of_another_plan_is_refused(tmp_path):
    plan = _starter(tmp_path)
    other = tmp_path / "hg.xlsx"
    _make(EXAMPLES / "hau-giang-2018.yaml", other)
    result = run_cli("theo-doi", str(plan), "--tu", str(other))
    assert result.returncode == 1 and "không dòng nào khớp với nhiệm vụ của kế hoạch" in result.stderr


@pytest.mark.slow
def test_a_workbook_that_shares_a_few_tasks_words_is_refused_as_another_plans(tmp_path):
    """Two provinces' plans share a few tasks' words: the other plan's workbook matches some rows by content
    but none by its hidden key; it is refused, saying what matched, rather than counted."""
    other = tmp_path / "phu-tho.xlsx"
    _make(EXAMPLES / "phu-tho-2022.yaml", other)
    result = run_cli("theo-doi", str(EXAMPLES / "lai-chau-2023.yaml"), "--tu", str(other))
    assert result.returncode == 1, result.stdout
    assert (f"{other}: không phải sổ theo dõi của kế hoạch này: không dòng nào trong 13 dòng có mã ẩn (cột 'Mã') là "
            "mã của một nhiệm vụ của kế hoạch, chỉ 3 trong 13 dòng khớp theo nội dung (II.1 'Tiếp tục rà soát") \
        in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_a_reshaped_plans_own_workbook_without_keys_is_still_read(tmp_path):
    """A plan given a new part before its tasks, and its workbook's keys cleared: no key matches, yet the rows
    read as the plan's tasks, so the workbook is this plan's."""
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    wb = openpyxl.load_workbook(book)
    ws = wb["Nhiệm vụ"]
    for r in range(3, ws.max_row + 1):
        ws.cell(r, COL["Mã"]).value = None
    ws.cell(_row_of(ws, "2.1. Thẩm định"), COL["Tình trạng"]).value = "Hoàn thành"
    wb.save(book)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("  - tieu_de: Nhiệm vụ cụ thể", "  - tieu_de: Kết quả năm trước\n"
                                 "    noi_dung: Năm trước đã tổ chức tốt các đoàn.\n  - tieu_de: Nhiệm vụ cụ thể", 1),
                    encoding="utf-8")
    result = run_cli("theo-doi", str(plan), "--tu", str(book), "--ngay", "30/06/2027")
    assert result.returncode in (0, 3), result.stderr
    assert "không phải sổ theo dõi" not in result.stderr
    assert "  Hoàn thành: 1\n" in result.stdout.split("Phụ lục I")[0]


@pytest.mark.slow
def test_a_filled_workbook_is_never_overwritten_without_force(tmp_path):
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    _make(plan, book)  # nobody touched it: written again
    _fill(book, "Nhiệm vụ", "2.1. Thẩm định", **{"Tình trạng": "Hoàn thành"})
    filled = book.read_bytes()
    result = run_cli("theo-doi", str(plan), "-o", str(book))
    assert result.returncode == 1 and "sổ theo dõi này đã được điền hoặc sửa" in result.stderr
    assert book.read_bytes() == filled
    result = run_cli("theo-doi", str(plan), "-o", str(book), "--force")
    assert result.returncode == 0, result.stderr
    backup = tmp_path / "theo-doi.bak.xlsx"
    assert "bản cũ được giữ lại" in result.stdout and backup.read_bytes() == filled
    assert openpyxl.load_workbook(book)["Nhiệm vụ"].cell(_row_of(openpyxl.load_workbook(book)["Nhiệm vụ"], "2.1."),
                                                           COL["Tình trạng"]).value is None
    foreign = tmp_path / "so-khac.xlsx"
    openpyxl.Workbook().save(foreign)  # a workbook kehoach did not write
    assert run_cli("theo-doi", str(plan), "-o", str(foreign)).returncode == 1


@pytest.mark.parametrize(("lead", "partners", "want_lead", "want_partners"), [
    ("Văn phòng Ủy ban nhân dân tỉnh chủ trì, phối hợp với các sở, ban, ngành, địa phương.", None,
     ["Văn phòng Ủy ban nhân dân tỉnh"], ["Các sở, ban, ngành, địa phương"]),
    ("Sở Văn hóa, Thể thao và Du lịch.", None, ["Sở Văn hóa, Thể thao và Du lịch"], []),
    ("Sở Kế hoạch và Đầu tư tham mưu Ủy ban nhân dân tỉnh triển khai thực hiện.", None, ["Sở Kế hoạch và Đầu tư"], []),
    (["Sở Nội vụ thực hiện.", "Công an tỉnh triển khai thực hiện trong hệ thống tổ chức mình."], None,
     ["Sở Nội vụ", "Công an tỉnh"], []),
    ("Sở Ngoại vụ", ["Công an tỉnh", "Sở Tài chính"], ["Sở Ngoại vụ"], ["Công an tỉnh", "Sở Tài chính"]),
])
def test_bodies_read_from_task_fields(lead, partners, want_lead, want_partners):
    bodies = from_fields(lead, partners)
    assert list(bodies.lead) == want_lead and list(bodies.partners) == want_partners


@pytest.mark.parametrize(("text", "want_lead", "want_partners"), [
    ("Sở Tài chính hướng dẫn các cơ quan, đơn vị lập dự toán kinh phí.", ["Sở Tài chính"], []),
    ("Giao Sở Ngoại vụ tham mưu, theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch này.", ["Sở Ngoại vụ"], []),
    ("Có các cơ chế phù hợp để đảm bảo kinh phí: Sở Tài chính chủ trì.", ["Sở Tài chính"], []),
    ("Về công tác bồi dưỡng: Sở Nội vụ phối hợp thực hiện khi có đề án.", [], ["Sở Nội vụ"]),
    ("Tiếp tục tuyên truyền về chủ quyền biển, đảo.", [], []),
    ("Sở Giao thông vận tải chủ trì, phối hợp với Công an tỉnh rà soát.", ["Sở Giao thông vận tải"], ["Công an tỉnh"]),
])
def test_bodies_read_from_prose(text, want_lead, want_partners):
    bodies = from_prose(text)
    assert list(bodies.lead) == want_lead and list(bodies.partners) == want_partners


@pytest.mark.parametrize(("text", "found"), [
    ("báo cáo trước ngày 30/11 hàng năm", [("ngày 30/11", dt.date(2027, 11, 30))]),
    ("Trong quý III", [("quý III", dt.date(2027, 9, 30))]),
    ("hoàn thành trong tháng 6", [("tháng 6", dt.date(2027, 6, 30))]),
    ("trước 31 tháng 5", [("31 tháng 5", dt.date(2027, 5, 31))]),
    ("gửi trước ngày 31/02", [("ngày 31/02", None)]),
    ("trước ngày 15/12/2027; Quý II/2027; 6 tháng đầu năm", []),  # dated forms are mentions()'s
])
def test_dates_written_without_a_year_are_read_in_the_plans_year(text, found):
    assert [(m.text, m.last_day()) for m in yearless(text, 2027)] == found


@pytest.mark.slow
def test_the_command_is_listed_and_its_options_checked(tmp_path):
    assert "theo-doi" in run_cli("--help").stdout
    plan = _starter(tmp_path)
    book = tmp_path / "theo-doi.xlsx"
    _make(plan, book)
    for args, message in ((["--ngay", "31/02/2027"], "--ngay: ngày '31/02/2027' không có trên lịch"),
                          (["--ngay", "mai"], "--ngay: không đọc được ngày 'mai'"),
                          (["--force"], "--tu không kèm -o chỉ đọc sổ đã điền, không ghi tệp nào")):
        result = run_cli("theo-doi", str(plan), "--tu", str(book), *args)
        assert result.returncode == 2 and message in result.stderr
    # With -o, --tu makes the workbook again, keeping what was filled (tests/test_bao_cao.py).
    assert run_cli("theo-doi", str(plan), "--tu", str(book), "-o", str(tmp_path / "khac.xlsx")).returncode == 0
