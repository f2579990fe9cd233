"""The year-end Báo cáo kết quả thực hiện: drafted from a plan and its filled tracking workbook through the real
`kehoach` command, rendered, checked, opened in the editor, imported from real reports; the workbook made again
after the plan changed keeps what the bodies filled in."""

from __future__ import annotations

import base64
import json
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import EXAMPLES, docx_text, run_cli, wait_for_render, watching
from serving import start_server, stop_server

from kehoach_gen.build import build
from kehoach_gen.check import check_file
from kehoach_gen.importer import import_file
from kehoach_gen.plan.dockind import BAO_CAO, for_data
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.plan.report import BaoCao
from kehoach_gen.plan.taskfields import field_of
from kehoach_gen.start.report import RESULT_COLUMNS
from kehoach_gen.tracking import sheet as S
from kehoach_gen.tracking.tasks import plan_tasks

PLAN = EXAMPLES / "lai-chau-2023.yaml"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "docx"


def _workbook(tmp_path: Path, plan: Path = PLAN) -> Path:
    out = tmp_path / "theo-doi.xlsx"
    assert run_cli("theo-doi", str(plan), "-o", str(out)).returncode == 0
    return out


def _fill(path: Path, target: Path, rows: dict[int, tuple[object, object, object]],
          sheet: str = S.TASKS_SHEET) -> list[str]:
    """Fill status, done-on and result of a sheet's rows (counted from 1); the filled rows' texts."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[S.HEADER_ROW]]
    texts = []
    for n, (status, done_on, result) in rows.items():
        r = S.FIRST_ROW + n - 1
        ws.cell(r, header.index(S.STATUS) + 1).value = status
        ws.cell(r, header.index(S.DONE_ON) + 1).value = done_on
        ws.cell(r, header.index(S.RESULT) + 1).value = result
        texts.append(ws.cell(r, header.index(S.CONTENT) + 1).value)
    wb.save(target)
    return texts


def _new_report(tmp_path: Path, *extra: str) -> tuple[Path, object]:
    out = tmp_path / "bao-cao.yaml"
    result = run_cli("new", "--bao-cao", "--from", str(PLAN), "-o", str(out), *extra)
    return out, result


@pytest.mark.slow
def test_a_report_drafted_from_a_plan_lists_every_task_and_renders_as_a_bao_cao(tmp_path):
    out, result = _new_report(tmp_path)
    assert result.returncode == 0, result.stderr
    report = load_plan(out)
    assert isinstance(report, BaoCao) and report.ky_hieu == "BC-UBND" and report.so is None
    assert report.trich_yeu == "Kết quả thực hiện Kế hoạch công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2023"
    assert [p.tieu_de for p in report.phan] == ["KẾT QUẢ THỰC HIỆN", "ĐÁNH GIÁ CHUNG", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
                                                "KIẾN NGHỊ, ĐỀ XUẤT"]
    plan = load_plan(PLAN)
    assert report.noi_nhan == plan.noi_nhan and report.nguoi_ky == plan.nguoi_ky and report.luu == plan.luu
    tasks = plan_tasks(plan).tasks
    assert len(report.phu_luc[0].dong) == len(tasks) and report.phu_luc[0].cot == list(RESULT_COLUMNS)

    built = build(out, tmp_path / "bao-cao.docx")
    assert built.errors == []
    document = docx.Document(str(built.output))
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs and "KẾ HOẠCH" not in paragraphs
    assert any(t.startswith("I. KẾT QUẢ THỰC HIỆN") for t in paragraphs)
    assert any(t.startswith("IV. KIẾN NGHỊ, ĐỀ XUẤT") for t in paragraphs)
    header = " ".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert "/BC-UBND" in header
    text = docx_text(built.output)
    for task in tasks:  # every task of the plan has its place for a result
        assert task.text.split("\n")[0].split(" ", 1)[1][:60] in text
    assert text.count("Kết quả: [Cần bổ sung kết quả thực hiện]") == len(tasks)
    assert "(Kèm theo Báo cáo số" in text
    checked = check_file(built.output)
    assert checked.errors == [] and checked.what.startswith("Báo cáo của Ủy ban nhân dân tỉnh Lai Châu")


@pytest.mark.slow
def test_the_filled_workbook_gives_the_statuses_counted_and_each_result(tmp_path):
    filled = tmp_path / "da-dien.xlsx"
    texts = _fill(_workbook(tmp_path), filled, {1: ("Hoàn thành", "15/06/2023", "Đã ban hành 02 văn bản *mới*"),
                                                2: ("hoàn  thành", None, "Xong"), 3: ("Quá hạn", None, None),
                                                4: ("Đang thực hiện", None, "Đang làm")})
    out, result = _new_report(tmp_path, "--theo-doi", str(filled), "--phuong-huong")
    assert result.returncode == 0, result.stderr
    assert "tình trạng, kết quả của 4 nhiệm vụ lấy từ sổ theo dõi" in result.stdout
    report = load_plan(out)
    assert report.trich_yeu.endswith("năm 2023 và phương hướng, nhiệm vụ năm 2024")
    total = len(report.phu_luc[0].dong)
    assert report.phan[0].noi_dung[0].startswith(
        f"Kế hoạch đề ra {total} nhiệm vụ. Trong năm 2023, đã hoàn thành 2 nhiệm vụ ({round(200 / total)}%); "
        f"đang thực hiện 1; chưa thực hiện {total - 4}")
    first = report.phu_luc[0].dong[0]
    assert first[4:] == ["Hoàn thành (ngày 15/06/2023)", "Đã ban hành 02 văn bản \\*mới\\*"]
    assert any(r[4] == "Quá hạn" for r in report.phu_luc[0].dong)
    built = build(out, tmp_path / "bao-cao.docx")
    assert built.errors == []
    text = docx_text(built.output)
    assert "Kết quả: Đã ban hành 02 văn bản *mới*." in text  # a star typed in Excel is a star
    assert f"Đã hoàn thành 2/{total} nhiệm vụ của Kế hoạch." in text
    assert f"Còn {total - 2} nhiệm vụ chưa hoàn thành:" in text
    assert texts[0].split(" ", 1)[1][:50] in text


@pytest.mark.slow
def test_kehoach_check_names_a_rendered_report_and_finds_no_error_on_its_page_either(tmp_path):
    """The real command on a report we render, printed page included (LibreOffice lays it out): named a Báo
    cáo with no 'not a plan' aside, no error of layout, page or content; the draft's blanks are warnings."""
    filled = tmp_path / "da-dien.xlsx"
    _fill(_workbook(tmp_path), filled, {1: ("Hoàn thành", "15/06/2023", "Đã ban hành"), 2: ("Quá hạn", None, None)})
    out, result = _new_report(tmp_path, "--theo-doi", str(filled), "--phuong-huong")
    assert result.returncode == 0, result.stderr
    assert run_cli("render", str(out)).returncode == 0
    document = out.with_suffix(".docx")
    checked = run_cli("check", "--trang", str(document))
    assert checked.returncode == 0, checked.stdout
    lines = checked.stdout.splitlines()
    assert lines[0] == f"{document}: Báo cáo của Ủy ban nhân dân tỉnh Lai Châu"
    assert lines[-1].startswith(f"{document}: 0 lỗi, ")
    assert "không phải Kế hoạch" not in checked.stdout and "ND30-G" not in checked.stdout
    assert "[ND-C10]" in checked.stdout  # the places left to fill are named, as warnings


@pytest.mark.slow
@pytest.mark.parametrize(("value", "said"), [
    ("Xong rồi", "tình trạng 'Xong rồi' không có trong danh sách"),
    ("31/02/2023", "ngày '31/02/2023' không có trên lịch"),
])
def test_a_wrong_status_or_date_is_located_and_nothing_is_written(tmp_path, value, said):
    filled = tmp_path / "da-dien.xlsx"
    row = ("Hoàn thành", value, None) if "/" in value else (value, None, None)
    _fill(_workbook(tmp_path), filled, {2: row})
    out, result = _new_report(tmp_path, "--theo-doi", str(filled))
    assert result.returncode == 1 and said in result.stderr
    assert "trang tính 'Nhiệm vụ', ô " in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_rows_that_no_longer_match_the_plan_are_named(tmp_path):
    filled = tmp_path / "da-dien.xlsx"
    _fill(_workbook(tmp_path), filled, {1: ("Hoàn thành", None, "Xong")})
    wb = openpyxl.load_workbook(filled)
    ws = wb[S.TASKS_SHEET]
    header = [c.value for c in ws[S.HEADER_ROW]]
    ws.append([None, 99, "", "", "Một việc không có trong kế hoạch", "", "", "", None, "Hoàn thành"])
    ws.cell(ws.max_row, header.index(S.CONTENT) + 1).value = "Tổ chức hội chợ quốc tế về hoa lan"
    wb.save(filled)
    out, result = _new_report(tmp_path, "--theo-doi", str(filled))
    assert result.returncode == 3, result.stderr
    assert "không khớp:" in result.stderr and "Tổ chức hội chợ quốc tế về hoa lan" in result.stderr
    assert out.exists()  # written: the matched rows are the report's; the odd row is named


@pytest.mark.slow
@pytest.mark.parametrize(("co_quan", "symbol", "what"), [
    (None, "BC-UBND", "Báo cáo của Ủy ban nhân dân tỉnh Lào Cai"),
    ("Sở Ngoại vụ", "BC-SNV", "Báo cáo của Sở Ngoại vụ"),
    ("Ủy ban nhân dân xã Tả Van", "BC-UBND", "Báo cáo của Ủy ban nhân dân xã Tả Van"),
])
def test_a_blank_report_renders_without_error_whoever_issues_it(tmp_path, co_quan, symbol, what):
    """`new --bao-cao` for the province's committee, a Sở or a commune (--co-quan): a report's symbol, the
    issuer's own recipients and signer, no layout error."""
    out = tmp_path / "bao-cao.yaml"
    issuer = ("--co-quan", co_quan) if co_quan else ()
    result = run_cli("new", "--tinh", "Lào Cai", "--nam", "2027", "--bao-cao", *issuer, "-o", str(out))
    assert result.returncode == 0, result.stderr
    report = load_plan(out)
    assert report.ky_hieu == symbol and for_data({"ky_hieu": report.ky_hieu}) is BAO_CAO
    assert isinstance(report, BaoCao) and not any("sở, ban, ngành xã" in n for n in report.noi_nhan)
    rendered = run_cli("render", str(out))
    assert rendered.returncode == 0, rendered.stderr
    checked = check_file(out.with_suffix(".docx"))
    assert checked.errors == [] and checked.what == what
    assert run_cli("validate", str(out)).returncode == 0


@pytest.mark.slow
def test_a_departments_report_takes_its_own_symbol(tmp_path):
    plan = tmp_path / "so.yaml"
    plan.write_text("co_quan_chu_quan: UBND tỉnh Lào Cai\nco_quan: Sở Ngoại vụ\nky_hieu: KH-SNgV\nso: 12\n"
                    "ngay: 2026-12-10\ntrich_yeu: Công tác đối ngoại năm 2027\nphan:\n  - tieu_de: Nhiệm vụ\n"
                    "    noi_dung: |\n      - Sở Ngoại vụ chủ trì tổ chức hội nghị trước ngày 30/6/2027.\n"
                    "noi_nhan: [UBND tỉnh (b/c)]\nluu: [VT, HTQT]\nnguoi_ky:\n  ho_ten: Trần Quang Huy\n",
                    encoding="utf-8")
    out = tmp_path / "so-bao-cao.yaml"
    result = run_cli("new", "--bao-cao", "--from", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    report = load_plan(out)
    assert report.ky_hieu == "BC-SNgV" and report.co_quan == "Sở Ngoại vụ"
    assert report.mo_dau[0].startswith("Thực hiện Kế hoạch số 12/KH-SNgV ngày 10 tháng 12 năm 2026 của Sở Ngoại vụ")
    assert build(out, tmp_path / "so-bao-cao.docx").errors == []


@pytest.mark.parametrize("name", ["21_lamdong_BC_quanlyhoi2025.docx", "22_laocai_BC_khoangsan2025.docx",
                                  "23_laocai_SCT_BC_ATVSLD2026.docx"])
def test_a_real_report_imports_as_a_report_and_renders(tmp_path, name):
    result = import_file(CORPUS / name)
    assert isinstance(result.plan, BaoCao) and result.plan.ky_hieu.startswith("BC-")
    assert not any("không phải Kế hoạch" in w.message for w in result.warnings)
    path = tmp_path / "nhap.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    built = build(path, tmp_path / "nhap.docx")
    assert built.errors == [] and built.report is not None and built.report.what.startswith("Báo cáo")


@pytest.mark.slow
def test_a_workbook_made_again_after_the_plan_changed_keeps_what_was_filled(tmp_path):
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(PLAN, plan)
    filled = tmp_path / "da-dien.xlsx"
    texts = _fill(_workbook(tmp_path, plan), filled, {2: ("Hoàn thành", "15/06/2023", "Đã ban hành")})
    old = texts[0].split(" ", 1)[1][:40]
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, old.replace("ban hành", "sửa đổi, ban hành"), 1), encoding="utf-8")
    again = tmp_path / "moi.xlsx"
    result = run_cli("theo-doi", str(plan), "-o", str(again), "--tu", str(filled))
    assert result.returncode == 0, result.stderr
    assert "đã chép sang sổ mới phần đã điền của 1 dòng" in result.stderr and "khớp theo nội dung" in result.stderr
    ws = openpyxl.load_workbook(again)[S.TASKS_SHEET]
    header = [c.value for c in ws[S.HEADER_ROW]]
    row = next(r for r in ws.iter_rows(min_row=S.FIRST_ROW, values_only=True) if r[header.index(S.RESULT)])
    assert "sửa đổi, ban hành" in row[header.index(S.CONTENT)] and row[header.index(S.STATUS)] == "Hoàn thành"
    # It holds the bodies' entries now: making it again without them is refused, not silently blanked.
    refused = run_cli("theo-doi", str(plan), "-o", str(again))
    assert refused.returncode == 1 and "không ghi đè" in refused.stderr


def test_the_importer_and_the_follow_up_read_task_labels_alike():
    from kehoach_gen.tracking.tasks import _prose

    for label, kind in [("Cơ quan chủ trì", "chu_tri"), ("Đơn vị thực hiện", "chu_tri"), ("Phối hợp", "phoi_hop"),
                        ("Cơ quan chủ trì, phối hợp", "chu_tri"), ("Thời hạn hoàn thành", "thoi_gian"),
                        ("Cơ quan nhà nước các cấp", None)]:
        assert field_of(label) == kind
    tasks = _prose(["- Tổ chức hội nghị xúc tiến đầu tư.", "- Cơ quan chủ trì, phối hợp: Sở Tài chính.",
                    "- Thời hạn hoàn thành: Quý II/2027."], "II.", "1.", "II.1", "x", 2027, ())
    assert tasks[0].lead == ("Sở Tài chính",) and tasks[0].deadline == "Quý II/2027"


@pytest.mark.slow
def test_a_report_through_libreoffice_pdf_metadata_and_review_copy(tmp_path):
    out, result = _new_report(tmp_path)
    assert result.returncode == 0
    rendered = run_cli("render", str(out), "--pdfa", "--metadata")
    assert rendered.returncode == 0, rendered.stderr
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["TypeName"] == "Báo cáo" and record["CodeNotation"] == "BC-UBND"
    checked = run_cli("check", str(out.with_suffix(".pdf")))
    assert checked.returncode == 0 and "BC-UBND" in checked.stdout and ": 0 lỗi" in checked.stdout
    import pypdf

    first = pypdf.PdfReader(str(out.with_suffix(".pdf"))).pages[0].extract_text()
    assert "BÁO CÁO" in first and "KẾ HOẠCH" not in first
    changed = tmp_path / "bao-cao-2.yaml"
    changed.write_text(out.read_text(encoding="utf-8").replace("[Cần bổ sung kiến nghị, đề xuất]",
                                                                "Đề nghị Bộ Ngoại giao hướng dẫn."), encoding="utf-8")
    review = tmp_path / "duyet.docx"
    diffed = run_cli("diff", str(out), str(changed), "--docx", str(review))
    assert diffed.returncode in (0, 3), diffed.stderr
    assert "Đề nghị Bộ Ngoại giao hướng dẫn." in docx_text(review)


@pytest.mark.slow
def test_watch_renders_a_report_again_when_it_is_saved(tmp_path):
    """`kehoach watch` on a report: rendered as a Báo cáo at once, and again when the clerk writes a result in."""
    out, result = _new_report(tmp_path)
    assert result.returncode == 0, result.stderr
    document = out.with_suffix(".docx")
    with watching(out) as ended:
        first = wait_for_render(document, timeout=90)  # a loaded machine may take a while to start
        assert "BÁO CÁO" in [p.text for p in docx.Document(str(document)).paragraphs]
        time.sleep(0.3)
        out.write_text(out.read_text(encoding="utf-8").replace("[Cần bổ sung kiến nghị, đề xuất]",
                                                                "Đề nghị Bộ Ngoại giao hướng dẫn."), encoding="utf-8")
        wait_for_render(document, first, timeout=90)
    assert ended["returncode"] == 0 and "Traceback" not in ended["stderr"], ended["stderr"]
    text = docx_text(document)
    assert "Đề nghị Bộ Ngoại giao hướng dẫn." in text and "[Cần bổ sung kiến nghị, đề xuất]" not in text
    assert check_file(document).what.startswith("Báo cáo của Ủy ban nhân dân tỉnh Lai Châu")
    assert "đã dừng theo dõi" in ended["stdout"]


@pytest.mark.slow
def test_serve_opens_a_report_in_an_editor_built_from_its_model(tmp_path):
    out, _ = _new_report(tmp_path)
    shutil.copy(PLAN, tmp_path / "ke-hoach.yaml")
    proc, base = start_server(tmp_path)
    try:
        with urllib.request.urlopen(f"{base}/", timeout=30) as r:
            listing = r.read().decode("utf-8")
        assert "<td>Báo cáo</td>" in listing and "<td>Kế hoạch</td>" in listing
        with urllib.request.urlopen(f"{base}/ke-hoach/{out.name}", timeout=30) as r:
            page = r.read().decode("utf-8")
        spec = json.loads(page.split('id="spec">', 1)[1].split("</script>", 1)[0])
        assert spec["root"] == "BaoCao" and spec["kind"] == "Báo cáo"
        symbol = next(f for f in spec["records"]["BaoCao"]["fields"] if f["name"] == "ky_hieu")
        assert symbol["default"] == "BC-UBND"
        with urllib.request.urlopen(f"{base}/api/ke-hoach/{out.name}", timeout=30) as r:
            snap = json.loads(r.read())
        assert not [p for p in snap["problems"] if p.get("severity") == "E"] and "BÁO CÁO" in snap["html"]
        data = snap["data"]
        data["phan"][3]["noi_dung"] = "Đề nghị Bộ Ngoại giao hướng dẫn."
        body = json.dumps({"data": data, "version": snap["version"]}).encode()
        req = urllib.request.Request(f"{base}/api/ke-hoach/{out.name}/luu", data=body, method="POST",
                                     headers={"X-Kehoach": "1", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            assert r.status == 200
        saved = load_plan(out)
        assert isinstance(saved, BaoCao) and saved.phan[3].noi_dung == ["Đề nghị Bộ Ngoại giao hướng dẫn."]
    finally:
        stop_server(proc)


def _post(url: str, body: dict, csrf: bool = True) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", **({"X-Kehoach": "1"} if csrf else {})}
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _sent(path: Path, name: str | None = None) -> dict:
    return {"ten": name or path.name, "du_lieu": base64.b64encode(path.read_bytes()).decode()}


@pytest.mark.slow
def test_serve_makes_the_year_end_report_from_a_plan_and_never_overwrites_it(tmp_path):
    """"Tạo báo cáo năm" on the list page, over real HTTP: the report beside the plan, drafted as `new --bao-cao`
    drafts it from the workbooks sent; made once, then refused; a bad workbook named as the clerk named it."""
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    plan = folder / "lai-chau-2023.yaml"
    shutil.copy(PLAN, plan)
    filled = tmp_path / "so-ngoai-vu.xlsx"
    texts = _fill(_workbook(tmp_path), filled, {1: ("Hoàn thành", "15/06/2023", "Đã ban hành"), 2: ("Quá hạn", None, None)})
    bad = tmp_path / "sai.xlsx"
    _fill(_workbook(tmp_path), bad, {3: ("Xong rồi", None, None)})
    proc, base = start_server(folder)
    try:
        with urllib.request.urlopen(f"{base}/", timeout=30) as r:
            listing = r.read().decode("utf-8")
        form = listing.split('id="bao-cao"', 1)[1].split("</form>", 1)[0]
        assert "Tạo báo cáo năm" in listing and '<option value="lai-chau-2023.yaml">' in form
        url = f"{base}/api/bao-cao"
        request = {"name": plan.name, "phuong_huong": True, "so_theo_doi": [_sent(filled)]}
        assert _post(url, request, csrf=False)[0] == 403  # another web page cannot make files here

        status, reply = _post(url, {**request, "so_theo_doi": [_sent(bad, "Sở Tài chính.xlsx")]})
        assert status == 400 and "Sở Tài chính.xlsx" in reply["message"] and "Xong rồi" in reply["message"]
        assert "kehoach-bao-cao-" not in reply["message"]  # the temporary copy's path never reaches the clerk
        status, reply = _post(url, {"name": plan.name, "so_theo_doi": [{"ten": "virus.exe", "du_lieu": ""}]})
        assert status == 415 and "virus.exe" in reply["message"]
        assert not (folder / "lai-chau-2023-bao-cao.yaml").exists()

        status, reply = _post(url, request)
        assert status == 200, reply
        assert reply["name"] == "lai-chau-2023-bao-cao.yaml" and reply["filled"] == 2 and reply["year"] == 2023
        assert reply["notes"] == []
        made = folder / reply["name"]
        report = load_plan(made)
        assert isinstance(report, BaoCao) and report.trich_yeu.endswith("và phương hướng, nhiệm vụ năm 2024")
        assert report.phu_luc[0].dong[0][4:] == ["Hoàn thành (ngày 15/06/2023)", "Đã ban hành"]
        assert texts[0].split(" ", 1)[1][:40] in made.read_text(encoding="utf-8")
        assert not list(folder.glob("*.xlsx"))  # the workbooks sent are read, not kept

        made.write_text(made.read_text(encoding="utf-8") + "# đang soạn\n", encoding="utf-8")
        before = made.read_bytes()
        status, reply = _post(url, request)
        assert status == 409 and "không ghi đè" in reply["message"] and reply["name"] == made.name
        assert made.read_bytes() == before
        status, reply = _post(url, {"name": made.name})  # a report is not a plan to report on
        assert status == 400 and "không phải kế hoạch" in reply["message"]
        assert _post(url, {"name": "khong-co.yaml"})[0] == 404
        assert _post(url, {"name": "../x.yaml"})[0] == 404
        with urllib.request.urlopen(f"{base}/ke-hoach/{made.name}", timeout=30) as r:
            assert r.status == 200  # it opens in the editor as a report
        # A row a body added matches no task: the report is made, and the row is named for the clerk to see.
        shutil.copy(PLAN, folder / "ban-sao.yaml")
        wb = openpyxl.load_workbook(filled)
        ws = wb[S.TASKS_SHEET]
        ws.cell(ws.max_row + 1, [c.value for c in ws[S.HEADER_ROW]].index(S.CONTENT) + 1).value = "Hội chợ hoa lan"
        wb.save(filled)
        status, reply = _post(url, {"name": "ban-sao.yaml", "so_theo_doi": [_sent(filled)]})
        assert status == 200 and (folder / reply["name"]).is_file()
        assert any(n.startswith("không khớp:") and "Hội chợ hoa lan" in n and "so-ngoai-vu.xlsx" in n
                   for n in reply["notes"]), reply["notes"]
    finally:
        stop_server(proc)


@pytest.mark.slow
def test_the_year_s_loop_from_a_starter_plan_reads_as_a_clerk_would_write_it(tmp_path):
    """The loop a new clerk runs from the README: a starter plan signed, its workbook filled by two bodies (a
    date typed as an Excel date, rows swapped, a row added by hand), the status line, the report, its page.
    What it found: the closing named the issuer twice, appendix titles came in capitals, 'quá hạn 0 nhiệm vụ',
    'hợp tác. (…)', empty appendix cells printed as '| |' in the status line, and a report given where the plan
    is meant made a workbook of the report's own parts."""
    import datetime as dt

    plan = tmp_path / "lai-chau-2027.yaml"
    assert run_cli("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", str(plan)).returncode == 0
    text = plan.read_text(encoding="utf-8")
    for old, new in (("Nguyễn Văn A  ", "Lò Văn Hùng   "), ("\nso:     ", "\nso: 15 "), ("\nngay: 2026-12 ", "\nngay: 2026-12-15 "),
                     ("thoi_gian: Thường xuyên", "thoi_gian: Trước ngày 30/06/2027")):
        assert old in text
        text = text.replace(old, new, 1)
    plan.write_text(text, encoding="utf-8")
    book = _workbook(tmp_path, plan)
    wb = openpyxl.load_workbook(book)
    own = wb["Sở Ngoại vụ"]
    header = [c.value for c in own[S.HEADER_ROW]]
    own.cell(S.FIRST_ROW, header.index(S.STATUS) + 1).value = S.DONE
    own.cell(S.FIRST_ROW, header.index(S.DONE_ON) + 1).value = dt.datetime(2027, 5, 20)
    own.cell(S.FIRST_ROW, header.index(S.RESULT) + 1).value = "Thẩm định 14 đoàn ra"
    wb.save(tmp_path / "so-ngoai-vu.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb[S.TASKS_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=S.FIRST_ROW, max_row=ws.max_row)]
    rows[0], rows[1] = rows[1], rows[0]  # a body swapped two rows
    rows[0][header.index(S.STATUS)] = "hoàn thành"
    rows.append([None, "7", "", "", "Tổ chức Hội nghị xúc tiến đầu tư tại Hà Nội", "Sở Tài chính"])
    for r, row in enumerate(rows, start=S.FIRST_ROW):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c).value = value
    wb.save(tmp_path / "chung.xlsx")
    books = ["--theo-doi", str(tmp_path / "chung.xlsx"), "--theo-doi", str(tmp_path / "so-ngoai-vu.xlsx")]
    again = run_cli("theo-doi", str(plan), "-o", str(tmp_path / "chung.xlsx"))  # a filled workbook is kept
    assert again.returncode == 1 and f"kehoach theo-doi {plan} --tu {tmp_path / 'chung.xlsx'}" in again.stderr

    status = run_cli("theo-doi", str(plan), *[b.replace("--theo-doi", "--tu") for b in books], "--ngay", "31/12/2027")
    assert status.returncode == 3 and "'Tổ chức Hội nghị xúc tiến đầu tư tại Hà Nội' không khớp" in status.stderr
    assert "Làm việc về hợp tác hữu nghị | Văn phòng UBND tỉnh | Quý III/2027" in status.stdout
    assert "| |" not in status.stdout

    out = tmp_path / "bao-cao-2027.yaml"
    made = run_cli("new", "--bao-cao", "--from", str(plan), *books, "-o", str(out))
    assert made.returncode == 3 and "không khớp:" in made.stderr, made.stderr
    report = load_plan(out)
    cited = "Kế hoạch số 15/KH-UBND ngày 15 tháng 12 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu"
    assert report.ket_thuc == [f"Trên đây là báo cáo kết quả thực hiện {cited}."]
    assert report.phan[0].noi_dung[0] == ("Kế hoạch đề ra 6 nhiệm vụ. Trong năm 2027, đã hoàn thành 2 nhiệm vụ (33%); "
                                          "chưa thực hiện 4, trong đó 4 nhiệm vụ chưa có báo cáo tình trạng (chi tiết "
                                          "tại Phụ lục I, Phụ lục II và Phụ lục III kèm theo).")
    raw = out.read_text(encoding="utf-8")
    assert "tieu_de: Kết quả thực hiện kế hoạch đoàn ra năm 2027" in raw and "KẾ HOẠCH ĐOÀN" not in raw
    assert ". (" not in raw
    assert "Hoàn thành (ngày 20/05/2027)" in raw
    assert run_cli("render", str(out)).returncode == 0
    checked = run_cli("check", str(out.with_suffix(".docx")))
    assert checked.returncode == 0 and checked.stdout.splitlines()[0].endswith(": Báo cáo của Ủy ban nhân dân tỉnh Lai Châu")
    # The report given where the plan is meant: refused, the file named, nothing written.
    for args in (("theo-doi", str(out), "-o", str(tmp_path / "so-cua-bao-cao.xlsx")), ("theo-doi", str(out), *books[:2]),
                 ("new", "--bao-cao", "--from", str(out), "-o", str(tmp_path / "bao-cao-cua-bao-cao.yaml"))):
        refused = run_cli(*[a.replace("--theo-doi", "--tu") for a in args])
        assert refused.returncode == 1 and refused.stderr.startswith(f"{out}: tệp là báo cáo, không phải kế hoạch"), args
        assert "Traceback" not in refused.stderr
    assert not (tmp_path / "so-cua-bao-cao.xlsx").exists() and not (tmp_path / "bao-cao-cua-bao-cao.yaml").exists()


@pytest.mark.slow
def test_an_overdue_delegation_is_counted_overdue_not_as_not_started(tmp_path):
    """The appendix rows' counts say what the rows say: a row marked "Quá hạn" is overdue, not "chưa thực hiện"."""
    from kehoach_gen.tracking.tasks import plan_tasks

    plan = EXAMPLES / "hau-giang-2018.yaml"
    workbook = _workbook(tmp_path, plan)
    table = plan_tasks(load_plan(plan)).appendices[0]
    filled = tmp_path / "da-dien.xlsx"
    sheet = next(name for name in openpyxl.load_workbook(workbook).sheetnames
                 if name != S.TASKS_SHEET and table.heading in name)
    _fill(workbook, filled, {1: ("Quá hạn", None, None)}, sheet=sheet)
    out = tmp_path / "bao-cao.yaml"
    result = run_cli("new", "--bao-cao", "--from", str(plan), "--theo-doi", str(filled), "-o", str(out))
    assert result.returncode in (0, 3), result.stderr
    line = next(x for x in load_plan(out).phan[0].noi_dung if "theo kế hoạch" in x)
    assert "quá hạn 1" in line and "chưa thực hiện 1" not in line, line
