"""Import keeps what the page showed: emphasis, the Lưu line's drafter tag, task fields typed as points,
wrapped web headers, body tables and free-form appendices. Each case on a minimal file built here and on
the real document of the corpus that shows it; everything through the real `kehoach` command."""

from __future__ import annotations

from pathlib import Path

import docx
import handmade
import pytest
from helpers import body_of, emphasis, run_cli

from kehoach_gen.plan.loader import load_plan

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
BOLD, ITAL, N = (True, False), (False, True), (False, False)  # bold, italic, neither


def runs(*pieces: tuple[str, tuple[bool, bool]]) -> list[tuple[str, bool, bool]]:
    return [(text, *style) for text, style in pieces]


def imported(source: Path, tmp_path: Path) -> tuple[Path, str]:
    plan = tmp_path / f"{source.stem}.yaml"
    result = run_cli("import", str(source), "-o", str(plan))
    assert result.returncode in (0, 3), result.stderr
    return plan, plan.read_text(encoding="utf-8")


def rendered(plan: Path) -> Path:
    out = plan.with_name(f"{plan.stem}-in-lai.docx")
    result = run_cli("render", str(plan), "-o", str(out))
    assert result.returncode in (0, 3) and out.exists(), result.stderr
    assert "ND30-R" not in result.stderr.replace("cảnh báo", ""), result.stderr
    return out


def emphasis_kept(source: Path, out: Path) -> float:
    """The render emphasises no word the source did not (bold, italic); the least share of the source's
    bold and italic words it keeps."""
    src, got = body_of(source), body_of(out)
    assert src is not None and got is not None
    shares = []
    for which in (1, 2):
        measured = emphasis(src, got, which)
        assert measured.added == 0, measured.added_words
        shares.append(measured.kept / measured.source if measured.source else 1.0)
    return min(shares)


# --- 3. weight ----------------------------------------------------------------------------------

WEIGHT_BODY = [
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Mục đích", True),
    runs(("Thực hiện cải cách hành chính (", N), ("sau đây viết tắt là ", ITAL), ("CCHC", ITAL),
         (") năm 2026 với chủ đề ", N), ("“", ITAL), ("Tăng cường kỷ cương, đổi mới sáng tạo", ITAL), ("”", ITAL),
         (", trong đó xác định lĩnh vực đột phá là chính quyền số.", N)),
    runs(("(Trường hợp cơ quan chưa bảo đảm tiêu chí thì xem xét cơ quan kế tiếp.)", ITAL)),
    ("II. NHIỆM VỤ CỤ THỂ", True),
    ("1. Xây dựng chương trình trên Đài Phát thanh", True),
    ("a) Tổ chức, thực hiện chương trình đối thoại với các sở, ngành:", True),
    runs(("Đài chủ trì tổ chức chương trình ", N), ("“Đối thoại về cải cách hành chính”", ITAL), (" năm 2026.", N)),
    runs(("2. ", N), ("Sở Tư pháp:", BOLD), (" Lồng ghép tuyên truyền ", N), ("(", ITAL), ("gồm ", ITAL),
         ("14 cơ quan chuyên môn", (True, True)), (")", ITAL), (" trên địa bàn tỉnh.", N)),
    ("3. Sở Ngoại vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này; báo cáo Ủy ban nhân dân tỉnh./.", False),
]


def test_emphasis_round_trips_as_the_source_set_it(tmp_path):
    """Adjacent italic runs are one emphasis, a bold run inside an italic one closes with it, a bold point
    heading stays bold, a bold lead-in stays, a note set in italics stays italic: nothing more or less."""
    source = handmade.build(tmp_path / "dam.docx", body=WEIGHT_BODY)
    plan_path, text = imported(source, tmp_path)
    assert "(*sau đây viết tắt là CCHC*) năm 2026 với chủ đề *“Tăng cường kỷ cương, đổi mới sáng tạo”*, trong" in text
    assert "***" not in text.replace("*(gồm **14 cơ quan chuyên môn***)", "")
    plan = load_plan(plan_path)
    point = plan.phan[1].muc[0].diem[0]
    assert point.tieu_de == "**Tổ chức, thực hiện chương trình đối thoại với các sở, ngành:**"
    assert plan.phan[1].muc[1].noi_dung[0].startswith("**Sở Tư pháp:** Lồng ghép tuyên truyền *(gồm **14 cơ quan")
    out = rendered(plan_path)
    assert emphasis_kept(source, out) == 1.0
    # The rest of the paragraph after a bold-italic run is upright and regular.
    paragraph = next(p for p in docx.Document(str(out)).paragraphs if "Sở Tư pháp" in p.text)
    tail = [r for r in paragraph.runs if "trên địa bàn tỉnh" in r.text]
    assert tail and not tail[0].bold and not tail[0].italic


def test_a_bold_point_heading_prints_bold_with_its_letter(tmp_path):
    source = handmade.build(tmp_path / "diem.docx", body=WEIGHT_BODY)
    plan_path, _ = imported(source, tmp_path)
    out = rendered(plan_path)
    heading = next(p for p in docx.Document(str(out)).paragraphs if p.text.startswith("a) Tổ chức"))
    assert all(r.bold for r in heading.runs if r.text.strip())


def test_a_bold_sentence_numbered_as_a_point_with_nothing_below_prints_regular(tmp_path):
    """ND30 prints points regular; a bold one reads as a title only with its text under it."""
    body = [("I. NHIỆM VỤ", True), ("1. Công tác tuyên truyền", True),
            ("a) Tổ chức tuyên truyền về cải cách hành chính trên các phương tiện thông tin đại chúng của tỉnh.", True),
            ("2. Sở Ngoại vụ theo dõi việc thực hiện Kế hoạch này./.", False)]
    source = handmade.build(tmp_path / "diem.docx", body=body)
    plan_path, text = imported(source, tmp_path)
    assert "**" not in text
    rendered(plan_path)


def test_the_lam_dong_plans_keep_their_weight(tmp_path):
    """docx/04: '(sau đây viết tắt là CCHC)' in two italic runs, bold point headings, bold lead-ins;
    docx/01: an italic quotation in three runs that came out bold."""
    plan_path, text = imported(CORPUS / "docx" / "04_lamdong_KH_tuyentruyen_CCHC2026.docx", tmp_path)
    assert "(*sau đây viết tắt là CCHC*) năm 2026" in text
    plan = load_plan(plan_path)
    titles = [d.tieu_de for d in plan.phan[2].muc[0].diem]
    assert titles == ["**Tổ chức, thực hiện chương trình *“Đối thoại về Cải cách hành chính”* đối với các sở, ban, "
                      "ngành:**", "**Tổ chức, thực hiện chương trình *“Đối thoại về cải cách hành chính”* đối với các "
                      "xã, phường:**"]
    assert any(str(m.noi_dung[:1]).startswith("['**Sở Tư pháp:**") for m in plan.phan[3].muc)
    plan_path, text = imported(CORPUS / "docx" / "01_lamdong_KH_CCHC2026.docx", tmp_path)
    assert "với chủ đề *“Tăng cường kỷ cương, đổi mới sáng tạo, chủ động thích ứng, đột phá phát triển”*, trong" in text


@pytest.mark.parametrize("name", ["01_lamdong_KH_CCHC2026.docx", "04_lamdong_KH_tuyentruyen_CCHC2026.docx",
                                  "06_lamdong_KH_thidua_CCHC2026.docx", "10_lamdong_BC_CCHC2025.docx"])
def test_a_real_word_file_renders_no_emphasis_its_source_did_not_have(tmp_path, name):
    source = CORPUS / "docx" / name
    plan_path, _ = imported(source, tmp_path)
    assert emphasis_kept(source, rendered(plan_path)) >= 0.9


# --- 4. the drafter's tag on the Lưu line ---------------------------------------------------------

def _archive_runs(out: Path) -> list[tuple[str, str | None]]:
    """The Lưu line's runs of a rendered plan: (text, vertical alignment)."""
    for table in docx.Document(str(out)).tables:
        for p in table.cell(0, 0).paragraphs:
            if p.text.startswith("- Lưu"):
                return [(r.text, "subscript" if r.font.subscript else None) for r in p.runs]
    raise AssertionError("no Lưu line")


def test_the_drafters_tag_set_in_subscript_survives_import_and_render(tmp_path):
    source = handmade.build(tmp_path / "luu.docx", archive=runs(("- Lưu: VT, NC", N), (".", N), ("_Châu", N)))
    plan_path, _ = imported(source, tmp_path)
    plan = load_plan(plan_path)
    assert (plan.luu, plan.nguoi_soan) == (["VT", "NC"], "Châu")
    out = rendered(plan_path)
    assert _archive_runs(out) == [("- Lưu: VT, NC", None), ("Châu", "subscript"), (".", None)]
    checked = run_cli("check", str(out))
    assert "ND30-R40" not in checked.stdout
    # Read back from what was rendered, the tag is the same.
    again, _ = imported(out, tmp_path / "lai")
    assert load_plan(again).nguoi_soan == "Châu"
    from kehoach_gen.plan.compose import compose
    from kehoach_gen.render.html import render as html

    assert "- Lưu: VT, NC<sub>Châu</sub>.</p>" in html(compose(plan), "xem")


@pytest.mark.parametrize(("name", "luu", "tag"), [("01_lamdong_KH_CCHC2026.docx", ["VT", "NC"], "Châu"),
                                                  ("14_laocai_SCT_KH_DeAn08.docx", ["VT", "CN"], "(Trung)"),
                                                  ("16_laocai_SCT_template_04-ke-hoach.docx", ["VT", "VP"], "Việt Cường")])
def test_real_plans_keep_their_drafters_tag_small(tmp_path, name, luu, tag):
    plan_path, _ = imported(CORPUS / "docx" / name, tmp_path)
    plan = load_plan(plan_path)
    assert (plan.luu, plan.nguoi_soan) == (luu, tag)
    assert (tag, "subscript") in _archive_runs(rendered(plan_path))


# --- 5. a task's fields set out as points -------------------------------------------------------

POINT_TASKS = [
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Mục đích", True),
    ("- Tạo lập dữ liệu phục vụ chuyển đổi số toàn diện.", False),
    ("II. NHIỆM VỤ", True),
    ("1. Về dữ liệu", True),
    ("1.1. Xây dựng chiến lược dữ liệu của tỉnh:", True),
    ("a) Nhiệm vụ: Tham mưu rà soát, hoàn thiện chiến lược dữ liệu của tỉnh đến năm 2030.", False),
    ("b) Cơ quan thực hiện:", False),
    ("- Đơn vị chủ trì: Sở Khoa học và Công nghệ.", False),
    ("- Đơn vị phối hợp: Các sở, ban, ngành.", False),
    ("c) Thời gian thực hiện: Hoàn thành trong năm 2026.", False),
    ("1.2. Phát triển dữ liệu:", True),
    ("a) Nhiệm vụ:", False),
    ("- Rà soát, chuẩn hóa cơ sở dữ liệu của các cơ quan.", False),
    ("- Phối hợp số hóa dữ liệu chuyên ngành theo lộ trình.", False),
    ("b) Cơ quan thực hiện: Các sở, ban, ngành.", False),
    ("c) Thời gian thực hiện: Theo lộ trình của bộ, ngành.", False),
    ("2. Về các nền tảng số", True),
    ("a) Nhiệm vụ:", False),
    ("- Sử dụng thống nhất các nền tảng số quốc gia dùng chung.", False),
    ("b) Cơ quan thực hiện:", False),
    ("- Đơn vị chủ trì: Công an tỉnh.", False),
    ("c) Thời gian thực hiện: Thường xuyên.", False),
    ("3. Sở Khoa học và Công nghệ theo dõi, đôn đốc việc thực hiện Kế hoạch này./.", False),
]


def test_task_fields_set_out_as_points_read_into_the_tasks_fields_alike(tmp_path):
    """Under a heading 1.1. or right under an item, 'a) Nhiệm vụ / b) Cơ quan thực hiện / c) Thời gian' are
    the task's noi_dung, chu_tri / phoi_hop and thoi_gian, and print back as the same points."""
    source = handmade.build(tmp_path / "diem.docx", body=POINT_TASKS)
    plan_path, _ = imported(source, tmp_path)
    data = load_plan(plan_path)
    first, second = data.phan[1].muc[0].nhiem_vu
    assert (first.tieu_de, first.noi_dung, first.nhan_chu_tri, first.chu_tri, first.phoi_hop, first.thoi_gian) == (
        "**Xây dựng chiến lược dữ liệu của tỉnh:**", ["Tham mưu rà soát, hoàn thiện chiến lược dữ liệu của tỉnh đến năm 2030."],
        "Đơn vị chủ trì", "Sở Khoa học và Công nghệ", "Các sở, ban, ngành", "Hoàn thành trong năm 2026")
    assert (second.noi_dung[0], second.nhan_chu_tri, second.chu_tri) == (
        "- Rà soát, chuẩn hóa cơ sở dữ liệu của các cơ quan.", "Cơ quan thực hiện", "Các sở, ban, ngành")
    (own,) = data.phan[1].muc[1].nhiem_vu
    assert own.tieu_de is None and own.chu_tri == "Công an tỉnh" and own.thoi_gian == "Thường xuyên"
    assert all(t.dang_diem and not t.them for m in data.phan[1].muc for t in m.nhiem_vu)
    assert not data.phan[1].muc[1].diem
    out = rendered(plan_path)
    printed = [p.text for p in docx.Document(str(out)).paragraphs]
    typed = [t for t, _ in POINT_TASKS[4:-1]]
    start = printed.index("1. Về dữ liệu")
    assert printed[start:start + len(typed)] == typed
    # What was rendered reads back as the same plan.
    again, _ = imported(out, tmp_path / "lai")
    assert load_plan(again).phan == data.phan


def test_the_hanoi_plan_reads_all_its_point_shaped_tasks_one_way(tmp_path):
    """txt/07 sets out seven tasks as a) Nhiệm vụ / b) Cơ quan thực hiện / c) Thời gian thực hiện: under
    headings 1.1., 1.2., 4.1.-4.3., and right under items 2. and 3."""
    plan_path, text = imported(CORPUS / "txt" / "07_hanoi_2025.txt", tmp_path)
    tasks = [t for m in load_plan(plan_path).phan[1].muc for t in m.nhiem_vu]
    assert len(tasks) == 7
    assert all(t.dang_diem and t.chu_tri and t.phoi_hop and t.thoi_gian and not t.them for t in tasks)
    assert [t.tieu_de is None for t in tasks] == [False, False, True, True, False, False, False]
    assert "Nhiệm vụ:" not in text
    rendered(plan_path)


# --- 6. wrapped headers of web copies -------------------------------------------------------------

WEB_HEADER = """ỦY BAN NHÂN DÂN
THÀNH PHỐ CẦN THƠ
-------

CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 192/KH-UBND

Cần Thơ, ngày 29
tháng 3 năm 2021
"""
WEB_BODY = """
KẾ HOẠCH

Thực hiện công tác đối ngoại năm 2021

Thực hiện Chương trình công tác năm 2021 của Ủy ban nhân dân thành phố, Ủy ban nhân dân
thành phố ban hành Kế hoạch thực hiện công tác đối ngoại năm 2021 như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

Nâng cao hiệu quả công tác đối ngoại, góp phần phát triển kinh tế - xã hội của
thành phố trong năm 2021.

II. TỔ CHỨC THỰC HIỆN

Sở Ngoại vụ chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này; định kỳ báo cáo
Ủy ban nhân dân thành phố./.

Nơi nhận:
- Bộ Ngoại giao;
- Lưu: VT, NV.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Hòa
"""


def _web_copy(tmp_path: Path, header: str) -> tuple[Path, str]:
    source = tmp_path / "can-tho.txt"
    source.write_text(header + WEB_BODY, encoding="utf-8")
    return imported(source, tmp_path)


def test_a_quoc_hieu_broken_after_its_first_word_is_not_read_as_a_body(tmp_path):
    """'CỘNG' / 'HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM': the motto, wherever a web copy breaks it; the number and
    symbol as printed; the date line broken over two lines is one; a line cut mid-sentence before a
    capital ('... báo cáo' / 'Ủy ban nhân dân thành phố./.') goes on its paragraph."""
    plan_path, text = _web_copy(tmp_path, WEB_HEADER)
    plan = load_plan(plan_path)
    assert (plan.co_quan, plan.co_quan_chu_quan, plan.so, plan.ky_hieu) == (
        "Ủy ban nhân dân thành phố Cần Thơ", None, 192, "KH-UBND")
    assert (plan.ngay.nam, plan.ngay.thang, plan.ngay.ngay) == (2021, 3, 29)
    assert "Cộng hòa" not in text and "CHXH" not in text
    assert plan.phan[1].noi_dung == ["Sở Ngoại vụ chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này; định kỳ "
                                     "báo cáo Ủy ban nhân dân thành phố."]
    rendered(plan_path)


@pytest.mark.parametrize("broken", ["CỘNG HÒA\nXÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM",
                                    "CỘNG\nHÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM"])
def test_the_motto_broken_anywhere_is_the_motto(tmp_path, broken):
    plan_path, _ = _web_copy(tmp_path, WEB_HEADER.replace("CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", broken))
    plan = load_plan(plan_path)
    assert (plan.co_quan, plan.co_quan_chu_quan, plan.ky_hieu) == ("Ủy ban nhân dân thành phố Cần Thơ", None, "KH-UBND")


def test_a_printed_symbol_is_never_traded_for_a_guess(tmp_path):
    """A line read under the committee's name with the committee's own symbol printed: the plan is the
    committee's, with its symbol, and the line is said; never a symbol made up from the line's initials."""
    plan_path, text = _web_copy(tmp_path, WEB_HEADER.replace("THÀNH PHỐ CẦN THƠ\n", "THÀNH PHỐ CẦN THƠ\nSỞ NGOẠI VỤ\n"))
    plan = load_plan(plan_path)
    assert (plan.co_quan, plan.ky_hieu, plan.so) == ("Ủy ban nhân dân thành phố Cần Thơ", "KH-UBND", 192)
    assert "ký hiệu KH-UBND in trong bản gốc là của Ủy ban nhân dân" in text and "KH-SNV" not in text


def test_real_web_copies_keep_their_wrapped_headers_as_printed(tmp_path):
    """txt/05: 'Cần Thơ, ngày 21' / 'tháng 11 năm 2025'; txt/13: 'CỘNG HÒA XÃ' / 'HỘI CHỦ NGHĨA VIỆT NAM' and
    'Thành phố Hồ' / 'Chí Minh, ngày 18 ...'; the Kon Tum seed: 'CỘNG HÒA XÃ HỘI CHỦ' / 'NGHĨA VIỆT NAM'."""
    seeds = Path(__file__).resolve().parent / "fixtures" / "seeds"
    for source, body, number, date in [
            (CORPUS / "txt" / "05_cantho_2025.txt", "Ủy ban nhân dân thành phố Cần Thơ", 165, (2025, 11, 21)),
            (CORPUS / "txt" / "13_hochiminh_2025b.txt", "Ủy ban nhân dân Thành phố Hồ Chí Minh", 174, (2025, 11, 18)),
            (seeds / "kon-tum-2022.txt", "Ủy ban nhân dân tỉnh Kon Tum", 952, (2022, 4, 5))]:
        plan = load_plan(imported(source, tmp_path)[0])
        assert (plan.co_quan, plan.co_quan_chu_quan, plan.so, plan.ky_hieu) == (body, None, number, "KH-UBND")
        assert (plan.ngay.nam, plan.ngay.thang, plan.ngay.ngay) == date


# --- 1. tables in the body ----------------------------------------------------------------------

TABLE_ROWS = [["TT", "Chỉ tiêu", "Năm 2026"], ["1", "Số thủ tục hành chính trực tuyến toàn trình", "100%"],
              ["2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "98%"]]
TABLE_BODY = [
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Mục đích", True),
    ("- Nâng cao chất lượng phục vụ người dân, doanh nghiệp.", False),
    ("II. CHỈ TIÊU", True),
    ("1. Các chỉ tiêu năm 2026", True),
    ("Các chỉ tiêu cụ thể như sau:", False),
    ("table", TABLE_ROWS),
    ("Các chỉ tiêu được rà soát hằng quý.", False),
    ("2. Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này./.", False),
]


def _tables_in_body(path: Path) -> list[list[list[str]]]:
    """The tables between the title and the signature of a .docx, as rows of cell texts."""
    document = docx.Document(str(path))
    tables = [t for t in document.tables[1:] if not t.cell(0, 0).text.startswith("Nơi nhận")]
    return [[[c.text for c in row.cells] for row in t.rows] for t in tables]


def test_a_table_in_the_body_is_kept_a_table_where_it_stands(tmp_path):
    """Imported into the item it stands in (column names, rows, the paragraph under it), rendered there as a
    table, and read back from the render as the same plan."""
    source = handmade.build(tmp_path / "bang.docx", body=TABLE_BODY)
    plan_path, text = imported(source, tmp_path)
    assert "–" not in text and "bảng sau đoạn này" not in text
    plan = load_plan(plan_path)
    item = plan.phan[1].muc[0]
    (table,) = item.bang
    assert (item.noi_dung, table.cot, table.dong, table.ghi_chu) == (
        ["Các chỉ tiêu cụ thể như sau:"], TABLE_ROWS[0], TABLE_ROWS[1:], ["Các chỉ tiêu được rà soát hằng quý."])
    out = rendered(plan_path)
    assert _tables_in_body(out) == [TABLE_ROWS]
    printed = [p.text for p in docx.Document(str(out)).paragraphs]
    assert printed.index("Các chỉ tiêu cụ thể như sau:") + 1 == printed.index("Các chỉ tiêu được rà soát hằng quý.")
    body = list(docx.Document(str(out)).element.body)
    lead = next(i for i, el in enumerate(body) if "Các chỉ tiêu cụ thể như sau:" in "".join(el.itertext()))
    assert body[lead + 1].tag.endswith("}tbl")
    again, _ = imported(out, tmp_path / "lai")
    assert load_plan(again).phan == plan.phan


def test_a_caption_above_a_table_is_its_name(tmp_path):
    body = [*TABLE_BODY[:6], ("Bảng 1. Chỉ tiêu cải cách hành chính năm 2026", True), *TABLE_BODY[6:]]
    source = handmade.build(tmp_path / "bang.docx", body=body)
    plan_path, _ = imported(source, tmp_path)
    (table,) = load_plan(plan_path).phan[1].muc[0].bang
    assert table.tieu_de == "Bảng 1. Chỉ tiêu cải cách hành chính năm 2026"
    out = rendered(plan_path)
    caption = next(p for p in docx.Document(str(out)).paragraphs if p.text.startswith("Bảng 1."))
    assert all(r.bold for r in caption.runs)
    from kehoach_gen.plan.compose import compose
    from kehoach_gen.render.html import render as html

    page = html(compose(load_plan(plan_path)), "xem")
    assert "<strong>Bảng 1. Chỉ tiêu cải cách hành chính năm 2026</strong>" in page and "<td>98%</td>" in page


def test_the_lam_dong_propaganda_plan_keeps_its_two_schedule_tables(tmp_path):
    """docx/04: two schedule tables (12 and 11 rows) under points a) and b) of item III.1."""
    source = CORPUS / "docx" / "04_lamdong_KH_tuyentruyen_CCHC2026.docx"
    plan_path, _ = imported(source, tmp_path)
    points = load_plan(plan_path).phan[2].muc[0].diem
    tables = [t for d in points for t in d.bang]
    assert [len(t.dong) + 1 for t in tables] == [12, 11]
    assert all(t.cot == ["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian (Năm 2026)"] for t in tables)
    assert tables[0].dong[0][2] == "Lãnh đạo Sở Công Thương"
    out = rendered(plan_path)
    assert [len(t) for t in _tables_in_body(out)] == [12, 11]
    assert emphasis_kept(source, out) >= 0.9


def test_diff_and_the_review_copy_compare_a_body_tables_rows(tmp_path):
    source = handmade.build(tmp_path / "bang.docx", body=TABLE_BODY)
    old, _ = imported(source, tmp_path)
    new = tmp_path / "moi.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("98%", "99%"), encoding="utf-8")
    result = run_cli("diff", str(old), str(new), "--docx", str(tmp_path / "duyet.docx"))
    assert "II.1, bảng 1, dòng 2: sửa nội dung" in result.stdout and "[-98%-] {+99%+}" in result.stdout
    import zipfile

    with zipfile.ZipFile(tmp_path / "duyet.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<w:delText>98%</w:delText>" in xml.replace(' xml:space="preserve"', "")


def test_a_cell_edited_in_word_goes_back_into_the_body_table(tmp_path):
    source = handmade.build(tmp_path / "bang.docx", body=TABLE_BODY)
    plan_path, _ = imported(source, tmp_path)
    out = rendered(plan_path)
    edited = docx.Document(str(out))
    table = next(t for t in edited.tables if t.cell(0, 0).text == "TT")
    table.cell(2, 2).paragraphs[0].runs[0].text = "99%"
    edited.save(str(tmp_path / "sua.docx"))
    result = run_cli("import", str(tmp_path / "sua.docx"), "--into", str(plan_path))
    assert result.returncode == 0, result.stderr
    assert load_plan(plan_path).phan[1].muc[0].bang[0].dong[1] == ["2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "99%"]


def test_the_editor_edits_a_body_table_as_a_grid():
    """serve builds its form from the model: a table's rows are a grid beside its column names."""
    from kehoach_gen.plan.formspec import form_spec

    spec = form_spec()["records"]
    fields = {f["name"]: f["widget"] for f in spec["Bang"]["fields"]}
    assert fields["cot"] == "strings" and fields["dong"] == "grid"
    for record in ("Phan", "Muc", "Diem", "NhiemVu"):
        assert next(f for f in spec[record]["fields"] if f["name"] == "bang")["record"] == "Bang"


# --- 2. appendices that are not one table ---------------------------------------------------------

FORM_ROWS = [["TT", "Nhiệm vụ", "Kết quả", "Tiến độ"], ["", "", "", ""], ["", "", "", ""]]
OUTLINE = [
    ("PHỤ LỤC", True),
    ("ĐỀ CƯƠNG BÁO CÁO", True),
    ("I. Đặc điểm, tình hình", False),
    ("1. Bối cảnh: Khái quát tình hình kinh tế - xã hội của tỉnh trong kỳ báo cáo.", False),
    ("2. Công tác lãnh đạo, chỉ đạo: Việc ban hành các kế hoạch cụ thể hóa Đề án.", False),
    ("II. Kết quả thực hiện", False),
    ("1. Công tác tuyên truyền", False),
    ("2. Tiến độ thực hiện các chỉ tiêu", False),
    ("III. Phương hướng, nhiệm vụ", False),
    ("1. Đề xuất, kiến nghị: Với Tỉnh ủy, Hội đồng nhân dân, Ủy ban nhân dân tỉnh.", False),
    ("Biểu 01: BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", True),
    ("table", FORM_ROWS),
    ("PHỤ LỤC", True),
    ("DANH MỤC HỒ SƠ", True),
    ("Các đơn vị gửi hồ sơ về Sở Nội vụ trước ngày 15 hằng tháng, gồm:", False),
    ("table", [["TT", "Hồ sơ", "Số bản"], ["1", "Tờ trình", "01"], ["2", "Báo cáo thành tích", "03"]]),
]


def test_an_appendix_that_is_an_outline_or_a_text_and_a_table_keeps_them(tmp_path):
    """An outline (I., 1. headings and paragraphs) with a form under it, and a text with a table under it:
    parts, items, paragraphs and tables as the body holds them, no empty one-column table, no typed
    numbers removed, and a kind of note said once for the appendix."""
    body = [*handmade.BODY[:-1], ("2. Sở Ngoại vụ theo dõi, báo cáo theo Phụ lục I, Phụ lục II kèm theo./.", False)]
    source = handmade.build(tmp_path / "pl.docx", body=body, after_signature=OUTLINE)
    plan_path, text = imported(source, tmp_path)
    outline, files = load_plan(plan_path).phu_luc
    assert outline.cot == [] and [p.tieu_de for p in outline.phan] == [
        "ĐẶC ĐIỂM, TÌNH HÌNH", "KẾT QUẢ THỰC HIỆN", "PHƯƠNG HƯỚNG, NHIỆM VỤ"]
    assert outline.phan[0].muc[0].noi_dung[0].startswith("Bối cảnh: Khái quát")
    (form,) = outline.phan[2].muc[0].bang
    assert (form.tieu_de, form.cot, len(form.dong)) == ("Biểu 01: BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", FORM_ROWS[0], 2)
    assert files.noi_dung == ["Các đơn vị gửi hồ sơ về Sở Nội vụ trước ngày 15 hằng tháng, gồm:"]
    assert [(b.cot, b.dong) for b in files.bang] == [(["TT", "Hồ sơ", "Số bản"],
                                                     [["1", "Tờ trình", "01"], ["2", "Báo cáo thành tích", "03"]])]
    assert text.count("viết thường trong bản gốc") == 1 and "cùng loại ở 2 chỗ khác trong phụ lục 1" in text
    out = tmp_path / "pl-in-lai.docx"
    result = run_cli("render", str(plan_path), "-o", str(out))
    assert result.returncode in (0, 3) and "gõ tay" not in result.stderr and "ND30-R" not in result.stderr
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(out)).tables[2:]]
    assert tables == [FORM_ROWS, [["TT", "Hồ sơ", "Số bản"], ["1", "Tờ trình", "01"], ["2", "Báo cáo thành tích", "03"]]]
    printed = [p.text for p in docx.Document(str(out)).paragraphs]
    assert printed.index("I. ĐẶC ĐIỂM, TÌNH HÌNH") < printed.index("III. PHƯƠNG HƯỚNG, NHIỆM VỤ") < printed.index(
        "Biểu 01: BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ")
    again, _ = imported(out, tmp_path / "lai")
    assert load_plan(again).phu_luc == load_plan(plan_path).phu_luc


def test_the_lao_cai_report_outline_appendix_keeps_its_parts_and_forms(tmp_path):
    """docx/14: 'ĐỀ CƯƠNG BÁO CÁO' (I.-IV. with their items) and the forms Biểu 01, Biểu 02 under it."""
    source = CORPUS / "docx" / "14_laocai_SCT_KH_DeAn08.docx"
    plan_path, _ = imported(source, tmp_path)
    (appendix,) = load_plan(plan_path).phu_luc
    assert [len(p.muc) for p in appendix.phan] == [2, 2, 3, 3] and appendix.cot == []
    forms = list(appendix.tables())
    assert [(f.tieu_de or "")[:7] for f in forms] == ["Biểu 01", "Biểu 02"] and [len(f.cot) for f in forms] == [8, 8]
    assert all(f.noi_dung[0].startswith("(Lưu ý") for f in forms)
    out = tmp_path / "14-in-lai.docx"
    result = run_cli("render", str(plan_path), "-o", str(out))
    assert result.returncode in (0, 3) and "gõ tay" not in result.stderr and "ND30-R" not in result.stderr
    assert (body_of(source).appendix_tables, body_of(out).appendix_tables) == (2, 2)


def test_typed_numbers_of_one_block_are_said_once(tmp_path):
    plan = tmp_path / "so.yaml"
    text = (Path(__file__).resolve().parent.parent / "drafts" / "examples" / "hau-giang-2018.yaml").read_text("utf-8")
    text = text.replace("phu_luc:\n  - tieu_de: Kế hoạch đoàn ra năm 2018\n",
                        "phu_luc:\n  - tieu_de: Kế hoạch đoàn ra năm 2018\n    ghi_chu:\n      - I. Một\n"
                        "      - 1. Hai\n      - 2. Ba\n")
    plan.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(plan))
    said = [ln for ln in result.stderr.splitlines() if "gõ tay" in ln]
    assert len(said) == 1 and "'I.', '1.', '2.'" in said[0] and "3 đoạn" in said[0]


def test_tasks_set_out_as_points_are_tracked_as_printed(tmp_path):
    """The tracking sheet reads a task set out as points with its title line 1.1., and one that is its
    item's own points without a number, as the page prints them."""
    from kehoach_gen.tracking.tasks import plan_tasks

    source = handmade.build(tmp_path / "diem.docx", body=POINT_TASKS)
    plan_path, _ = imported(source, tmp_path)
    tasks = plan_tasks(load_plan(plan_path)).tasks
    first = next(t for t in tasks if "chiến lược dữ liệu của tỉnh:" in t.text)
    assert first.text.startswith("1.1. Xây dựng chiến lược") and first.lead == ("Sở Khoa học và Công nghệ",)
    own = next(t for t in tasks if "nền tảng số quốc gia" in t.text)
    assert own.text.startswith("- Sử dụng thống nhất") and own.deadline == "Thường xuyên"
