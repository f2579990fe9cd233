"""Header, signature, date, draft, footnote and appendix variants, each rendered for real."""

from __future__ import annotations

import textwrap
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from kehoach_gen.build import build
from kehoach_gen.check import check_file

BASE = """\
co_quan: {co_quan}
so: {so}
ngay: {ngay}
trich_yeu: Công tác đối ngoại năm 2026
mo_dau: Thực hiện chỉ đạo của Tỉnh ủy, Ủy ban nhân dân ban hành Kế hoạch như sau:
phan:
  - tieu_de: Mục đích, yêu cầu
    muc:
      - tieu_de: Mục đích
        noi_dung: |
          - Đẩy mạnh hoạt động đối ngoại.
          + Ý nhỏ thứ nhất.
        diem:
          - Điểm thứ nhất.
          - Điểm thứ hai.
          - Điểm thứ ba.
          - Điểm thứ tư.
          - Điểm thứ năm.
          - Điểm thứ sáu.
      - Mục không có tiêu đề, số đứng đầu đoạn.
  - tieu_de: Nhiệm vụ
    muc:
      - tieu_de: Quản lý đoàn ra
        nhiem_vu:
          - noi_dung: Thẩm định các đoàn ra.
            chu_tri: Sở Ngoại vụ
            phoi_hop: [Công an tỉnh, Sở Tài chính]
            thoi_gian: Thường xuyên
{extra_body}
noi_nhan:
  - Bộ Ngoại giao
  - TT. Tỉnh ủy (b/c)
luu: [VT, NC]
nguoi_ky:
{signer}
{extra}
"""

DEPUTY = "  chuc_vu: Phó Chủ tịch\n  ho_ten: Trần Thị Bình"


def render(tmp_path, *, co_quan="Ủy ban nhân dân tỉnh Lai Châu", so="15", ngay="2026-03-09",
           signer=DEPUTY, extra="", extra_body=""):
    src = tmp_path / "plan.yaml"
    src.write_text(BASE.format(co_quan=co_quan, so=so, ngay=ngay, signer=signer, extra=extra,
                               extra_body=extra_body), encoding="utf-8")
    out = build(src).output
    return docx.Document(str(out)), out


def header_texts(document):
    t = document.tables[0]
    return ([p.text for p in t.cell(0, 0).paragraphs if p.text], t.cell(1, 0).paragraphs[0].text,
            t.cell(1, 1).paragraphs[0].text)


def authority(document):
    sig = document.tables[1]
    return [p.text for p in sig.cell(0, 1).paragraphs if p.text]


@pytest.mark.parametrize(("co_quan", "lines", "place"), [
    ("Ủy ban nhân dân tỉnh Lai Châu", ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], "Lai Châu"),
    ("Ủy ban nhân dân thành phố Hà Nội", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"], "Hà Nội"),
    ("Ủy ban nhân dân Thành phố Hồ Chí Minh", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"], "Thành phố Hồ Chí Minh"),
    ("UỶ BAN NHÂN DÂN TỈNH ĐẮK LẮK", ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"], "Đắk Lắk"),
])
def test_header_variants(tmp_path, co_quan, lines, place):
    document, out = render(tmp_path, co_quan=co_quan)
    body, number, date = header_texts(document)
    assert body == lines
    assert number == "Số: 15/KH-UBND"
    assert date == f"{place}, ngày 09 tháng 3 năm 2026"
    assert check_file(out).errors == []


@pytest.mark.parametrize(("ngay", "words"), [
    ("2026-01-05", "ngày 05 tháng 01 năm 2026"),
    ("2026-02-28", "ngày 28 tháng 02 năm 2026"),
    ("2026-03-09", "ngày 09 tháng 3 năm 2026"),
    ("2026-12-31", "ngày 31 tháng 12 năm 2026"),
    ("2026-10-10", "ngày 10 tháng 10 năm 2026"),
])
def test_date_words_follow_nd30_leading_zeros(tmp_path, ngay, words):
    document, out = render(tmp_path, ngay=ngay)
    assert header_texts(document)[2] == f"Lai Châu, {words}"
    assert check_file(out).errors == []


def test_number_below_ten_gets_a_leading_zero(tmp_path):
    document, _ = render(tmp_path, so="5")
    assert header_texts(document)[1] == "Số: 05/KH-UBND"


@pytest.mark.parametrize(("so", "ngay", "number", "date"), [
    ("", "2026-12", "Số:      /KH-UBND", "Lai Châu, ngày      tháng 12 năm 2026"),
    ("null", "2026-12-15", "Số:      /KH-UBND", "Lai Châu, ngày 15 tháng 12 năm 2026"),
    ("7", "2026", "Số: 07/KH-UBND", "Lai Châu, ngày      tháng      năm 2026"),
])
def test_draft_leaves_blanks(tmp_path, so, ngay, number, date):
    document, out = render(tmp_path, so=so, ngay=ngay)
    _, got_number, got_date = header_texts(document)
    assert (got_number, got_date) == (number, date)
    report = check_file(out)
    assert report.errors == []
    assert "dự thảo" in document.core_properties.keywords


@pytest.mark.parametrize(("signer", "lines"), [
    (DEPUTY, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"]),
    ("  chuc_vu: Chủ tịch\n  ho_ten: Lê Văn An", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn An"]),
    ("  thay_mat: false\n  chuc_vu: Phó Chủ tịch\n  ho_ten: Nguyễn Minh", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Minh"]),
    ("  quyen_han: Q\n  chuc_vu: Phó Chủ tịch\n  ho_ten: Đỗ Văn Chiến", ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "Đỗ Văn Chiến"]),
    ("  thay_mat: false\n  quyen_han: TL\n  chuc_vu: Chánh Văn phòng\n  ho_ten: Hoàng Văn Dũng",
     ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Hoàng Văn Dũng"]),
])
def test_signature_variants(tmp_path, signer, lines):
    document, out = render(tmp_path, signer=signer)
    assert authority(document) == lines
    assert check_file(out).errors == []


def test_numbering_points_tasks_and_untitled_items(tmp_path):
    document, _ = render(tmp_path)
    texts = [p.text for p in document.paragraphs]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "II. NHIỆM VỤ" in texts
    assert [t[:3] for t in texts if t[1:3] == ") "] == ["a) ", "b) ", "c) ", "d) ", "đ) ", "e) "]
    assert "2. Mục không có tiêu đề, số đứng đầu đoạn." in texts
    assert "1.1. Thẩm định các đoàn ra." in texts
    assert "- Cơ quan chủ trì: Sở Ngoại vụ." in texts
    assert "- Cơ quan phối hợp: Công an tỉnh, Sở Tài chính." in texts
    assert "- Thời gian thực hiện: Thường xuyên./." in texts  # the last body paragraph carries ./.
    assert "+ Ý nhỏ thứ nhất." in texts


def test_nested_lists_become_dash_and_plus_bullets(tmp_path):
    body = textwrap.indent(textwrap.dedent("""\
      - tieu_de: Kinh phí
        noi_dung:
          - Đoạn mở.
          - - Gạch đầu dòng.
            - - Ý cộng.
    """), "  ")
    document, _ = render(tmp_path, extra_body=body)
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("III. KINH PHÍ") + 1:][:3] == ["Đoạn mở.", "- Gạch đầu dòng.", "+ Ý cộng./."]


def test_footnotes_and_inline_marks(tmp_path):
    extra = "chu_thich:\n  1: Quyết định số 272-QĐ/TW.\n  2: Chỉ thị số *38*-CT/TW."
    body = textwrap.indent(textwrap.dedent("""\
      - tieu_de: Ghi chú
        noi_dung: |
          Theo quy chế[^1] và chỉ thị[^2], *nhấn mạnh* và **đậm**, dấu sao \\* giữ nguyên.
    """), "  ")
    document, out = render(tmp_path, extra=extra, extra_body=body)
    with zipfile.ZipFile(out) as z:
        doc_xml = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    assert doc_xml.count("<w:footnoteReference") == 2
    assert "Quyết định số 272-QĐ/TW." in notes and "<w:i/>" in notes
    para = next(p for p in document.paragraphs if p.text.startswith("Theo quy chế"))
    assert para.text == "Theo quy chế và chỉ thị, nhấn mạnh và đậm, dấu sao * giữ nguyên./."
    runs = {r.text: r for r in para.runs}
    assert runs["nhấn mạnh"].italic and runs["đậm"].bold
    assert check_file(out).errors == []


def test_two_appendices_portrait_and_landscape(tmp_path):
    extra = textwrap.dedent("""\
    phu_luc:
      - tieu_de: Kế hoạch đoàn ra năm 2026
        cot: [TT, Nội dung, Trưởng đoàn, Thành phần, Thời gian, Nước đến, Kinh phí]
        dong:
          - [1, Xúc tiến đầu tư, Phó Chủ tịch, 5 người, Quý II, Nhật Bản, Ngân sách]
      - tieu_de: Kế hoạch đoàn vào năm 2026
        cot: [TT, Đoàn khách, Thời gian]
        dong:
          - [1, Tỉnh Attapư, Quý III]
        ghi_chu: Ghi chú cuối bảng.
    """)
    body = "  - tieu_de: Phụ lục\n    noi_dung: (Chi tiết tại Phụ lục I và Phụ lục II kèm theo)\n"
    document, out = render(tmp_path, extra=extra, extra_body=body)
    sections = document.sections
    assert len(sections) == 3
    assert sections[1].page_width > sections[1].page_height  # seven columns: landscape
    assert sections[2].page_width < sections[2].page_height  # three columns: portrait
    for s in sections[1:]:
        assert s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert "PAGE" in "".join(t.text for t in s.header._element.iter(qn("w:instrText")))
    texts = [p.text for p in document.paragraphs]
    assert "Phụ lục I" in texts and "Phụ lục II" in texts
    assert ("(Kèm theo Kế hoạch số 15/KH-UBND ngày 09 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu)"
            in texts)
    assert document.tables[2].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert check_file(out).errors == []


def test_same_plan_gives_identical_bytes(tmp_path):
    _, out = render(tmp_path)
    first = out.read_bytes()
    out.unlink()
    _, out = render(tmp_path)
    assert out.read_bytes() == first
    with zipfile.ZipFile(out) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
