"""A plan issued by a body under a People's Committee (a Sở, a Ban, the office): its header prints the parent
line upright above the body's bold name (Phụ lục I, II.2.b), its symbol is the body's own, its head signs
without TM.; validation, rendering, the checker, the importer and the rollover all agree on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from helpers import run_cli

from kehoach_gen.build import build
from kehoach_gen.importer import import_file
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.issuer import name_lines, organ_case, split_header
from kehoach_gen.plan.loader import load_plan, load_plan_text
from kehoach_gen.render.templates import bundled_dir
from kehoach_gen.start.rollover import roll

SO_NGOAI_VU = """\
co_quan_chu_quan: UBND tỉnh Lào Cai
co_quan: Sở Ngoại vụ
ky_hieu: KH-SNgV
so: 12
ngay: 2026-01-15
trich_yeu: Công tác đối ngoại của Sở Ngoại vụ năm 2026
phan:
  - tieu_de: Mục đích, yêu cầu
    muc:
      - Triển khai hiệu quả công tác đối ngoại của Sở Ngoại vụ (chi tiết tại Phụ lục kèm theo).
noi_nhan:
  - UBND tỉnh (b/c)
  - Các phòng thuộc Sở
luu: [VT, VP]
nguoi_ky:
  ho_ten: Trần Quang Huy
phu_luc:
  - tieu_de: Danh mục hoạt động
    cot: [TT, Nội dung]
    dong: [["1", "Đón đoàn"]]
"""


def _write(tmp_path: Path, text: str, name: str = "so.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _header_cells(path: Path) -> tuple[list[docx.text.paragraph.Paragraph], list[str]]:
    table = docx.Document(str(path)).tables[0]
    left = [p for p in table.cell(0, 0).paragraphs if p.text]
    return left, [p.text for p in table.cell(1, 0).paragraphs if p.text]


def _signature(path: Path) -> list[str]:
    table = docx.Document(str(path)).tables[1]
    return [p.text for p in table.cell(0, 1).paragraphs if p.text]


def test_a_department_plan_prints_its_parent_upright_above_its_bold_name(tmp_path):
    result = build(_write(tmp_path, SO_NGOAI_VU), tmp_path / "so.docx")
    assert result.errors == []  # `kehoach check` reads the same page: no ND30 error
    left, number = _header_cells(result.output)
    assert [p.text for p in left] == ["UBND TỈNH LÀO CAI", "SỞ NGOẠI VỤ"]
    parent, name = left
    assert parent.style.font.bold is False and all(not r.bold for r in parent.runs)
    assert name.style.font.bold is True
    assert parent.style.font.size.pt == name.style.font.size.pt == 13
    assert number == ["Số: 12/KH-SNgV"]
    page = compose(load_plan(tmp_path / "so.yaml"))
    assert page.place_date == "Lào Cai, ngày 15 tháng 01 năm 2026"
    assert page.appendices[0].reference == "(Kèm theo Kế hoạch số 12/KH-SNgV ngày 15 tháng 01 năm 2026 của Sở Ngoại vụ)"
    assert page.author == "Sở Ngoại vụ tỉnh Lào Cai"  # the name e-office records and the PDF carry
    # A deputy signs for the head, with no TM. line: the Sở works under its head (Art. 13).
    assert _signature(result.output) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Quang Huy"]


@pytest.mark.parametrize(("body", "signer", "authority"), [
    ("Sở Ngoại vụ", "  chuc_vu: Giám đốc\n", ["GIÁM ĐỐC"]),
    ("Ban Quản lý Khu kinh tế", "", ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]),
    ("Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "", ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]),
    ("Sở Ngoại vụ", "  quyen_han: TL\n  chuc_vu: Trưởng phòng Hợp tác quốc tế\n",
     ["TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG HỢP TÁC QUỐC TẾ"]),
])
def test_the_head_of_each_kind_of_body_signs_by_default(body, signer, authority):
    text = SO_NGOAI_VU.replace("co_quan: Sở Ngoại vụ", f"co_quan: {body}").replace(
        "  ho_ten: Trần Quang Huy\n", f"  ho_ten: Trần Quang Huy\n{signer}")
    assert compose(load_plan_text(text)).authority == authority


def test_a_long_name_runs_onto_two_lines_and_still_checks_clean(tmp_path):
    text = SO_NGOAI_VU.replace("co_quan: Sở Ngoại vụ", "co_quan: Sở Văn hóa, Thể thao và Du lịch").replace(
        "KH-SNgV", "KH-SVHTTDL").replace("UBND tỉnh Lào Cai", "Ủy ban nhân dân Thành phố Hồ Chí Minh")
    result = build(_write(tmp_path, text), tmp_path / "vh.docx")
    assert result.errors == []
    left, _ = _header_cells(result.output)
    assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]
    assert [p.style.font.bold for p in left] == [False, False, True, True]


def test_a_committee_plan_has_no_parent_line(tmp_path):
    plan = load_plan_text(SO_NGOAI_VU.replace("co_quan_chu_quan: UBND tỉnh Lào Cai\n", "").replace(
        "co_quan: Sở Ngoại vụ", "co_quan: Ủy ban nhân dân tỉnh Lào Cai").replace("ky_hieu: KH-SNgV\n", ""))
    page = compose(plan)
    assert page.header_parent == []
    assert page.header_body == ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"]
    assert page.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


CASES = {
    # name: (change to SO_NGOAI_VU, "line:col", message fragment)
    "body_without_parent": (("co_quan_chu_quan: UBND tỉnh Lào Cai\n", ""), "1:10",
                            "co_quan: cần dạng 'Ủy ban nhân dân tỉnh <Tên>'"),
    "committee_under_a_parent": (("co_quan: Sở Ngoại vụ", "co_quan: Ủy ban nhân dân tỉnh Lào Cai"), "1:19",
                                 "bỏ dòng co_quan_chu_quan"),
    "committee_symbol": (("ky_hieu: KH-SNgV\n", ""), "2:10", "thêm dòng 'ky_hieu: KH-SNV'"),
    "another_type_symbol": (("ky_hieu: KH-SNgV", "ky_hieu: QĐ-SNgV"), "3:10", "mở đầu bằng KH-"),
    "parent_not_a_committee": (("UBND tỉnh Lào Cai", "Tỉnh ủy Lào Cai"), "1:19", "'UBND tỉnh <Tên>'"),
    "parent_misspelt": (("UBND tỉnh Lào Cai", "UBND tỉnh Lao Cai"), "1:19", "'UBND tỉnh Lào Cai'"),
    "parent_merged_before_the_date": (("UBND tỉnh Lào Cai", "UBND tỉnh Yên Bái"), "1:19", "Yên Bái"),
    "name_in_capitals": (("co_quan: Sở Ngoại vụ", "co_quan: SỞ NGOẠI VỤ"), "2:10", "'Sở Ngoại vụ'"),
    "collective_signature": (("  ho_ten: Trần Quang Huy", "  ho_ten: Trần Quang Huy\n  thay_mat: true"), "17:13",
                             "chế độ thủ trưởng"),
    "place_of_another_unit": (("ngay: 2026-01-15", "ngay: 2026-01-15\ndia_danh: Sa Pa"), "6:11", "là 'Lào Cai'"),
    # The KT. line is the issuer's head: the message names the Sở's, never the committee's Chủ tịch.
    "authority_typed_in_chuc_vu": (("  ho_ten: Trần Quang Huy", "  ho_ten: Trần Quang Huy\n  chuc_vu: KT. Giám đốc"),
                                   "17:12", "dòng 'KT. GIÁM ĐỐC' máy tự thêm khi người ký là cấp phó: viết 'chuc_vu: "
                                            "Phó Giám đốc'"),
    "head_with_the_body_name": (("  ho_ten: Trần Quang Huy", "  ho_ten: Trần Quang Huy\n  chuc_vu: Giám đốc Sở"),
                                "17:12", "người ký là người đứng đầu: viết 'chuc_vu: Giám đốc'"),
    "deputy_of_another_head": (("  ho_ten: Trần Quang Huy", "  ho_ten: Trần Quang Huy\n  chuc_vu: Phó Chủ tịch"),
                               "17:12", "người ký thay (KT.) Giám đốc là cấp phó: viết 'chuc_vu: Phó Giám đốc'"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_a_department_plan_that_cannot_print_is_refused_with_its_place(name, tmp_path):
    (old, new), where, fragment = CASES[name]
    assert old in SO_NGOAI_VU
    path = _write(tmp_path, SO_NGOAI_VU.replace(old, new))
    done = run_cli("render", str(path))
    assert done.returncode == 1, done.stderr
    assert f"so.yaml:{where}: lỗi: " in done.stderr
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "so.docx").exists()


WEB_COPY = """\
UBND TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ VĂN HÓA, THỂ THAO Độc lập - Tự do - Hạnh phúc
VÀ DU LỊCH
Số: 45/KH-SVHTTDL Lào Cai, ngày 03 tháng 3 năm 2026

KẾ HOẠCH
Tổ chức các hoạt động giao lưu văn hóa với các địa phương nước ngoài năm 2026

Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND tỉnh, Sở Văn hóa, Thể thao và Du lịch xây dựng Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Quảng bá hình ảnh, con người Lào Cai tới bạn bè quốc tế.
2. Bảo đảm an ninh, an toàn, tiết kiệm, hiệu quả.
II. TỔ CHỨC THỰC HIỆN
Các phòng, đơn vị thuộc Sở triển khai thực hiện Kế hoạch này./.

Nơi nhận:
- UBND tỉnh (b/c);
- Sở Ngoại vụ;
- Lưu: VT, QLVH.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Lê Thị Mai
"""


@pytest.mark.slow
def test_a_department_web_copy_imports_with_its_header_as_printed(tmp_path):
    source = _write(tmp_path, WEB_COPY, "vh.txt")
    result = import_file(source)
    data = yaml.safe_load(result.yaml_text)
    assert data["co_quan_chu_quan"] == "UBND tỉnh Lào Cai"
    assert data["co_quan"] == "Sở Văn hóa, Thể thao và Du lịch"  # as the plan's own sentence writes it
    assert data["ky_hieu"] == "KH-SVHTTDL"
    assert data["nguoi_ky"] == {"chuc_vu": "Phó Giám đốc", "ho_ten": "Lê Thị Mai"}  # KT. GIÁM ĐỐC by default
    assert "khác Ủy ban nhân dân" not in result.yaml_text
    plan_path = _write(tmp_path, result.yaml_text, "vh.yaml")
    done = run_cli("render", str(plan_path))
    assert done.returncode == 0, done.stderr
    page = compose(load_plan(plan_path))
    assert [*page.header_parent, *page.header_body] == ["UBND TỈNH LÀO CAI", "SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]
    assert page.number_line == "Số: 45/KH-SVHTTDL"
    assert page.place_date == "Lào Cai, ngày 03 tháng 3 năm 2026"
    assert page.authority == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


MARKDOWN_COPY = """\
|
**UBND TỈNH LÀO CAI**
**SỞ NGOẠI VỤ**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**
---------------
|
|
Số: 07/KH-SNgV
|
*Lào Cai, ngày 05 tháng 02 năm 2026*
|

**KẾ HOẠCH**

**Công tác đối ngoại năm 2026**

Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND tỉnh, Sở Ngoại vụ xây dựng Kế hoạch như sau:

**I. MỤC ĐÍCH, YÊU CẦU**

**1.** Nâng cao hiệu quả công tác đối ngoại.

**II. TỔ CHỨC THỰC HIỆN**

Các phòng thuộc Sở triển khai thực hiện./.

|
**Nơi nhận:**
- UBND tỉnh (b/c);
- Lưu: VT, HTQT.
|
**GIÁM ĐỐC**

**Nguyễn Văn Bình**
|
"""

_TWO_COLUMNS = ("UBND TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ VĂN HÓA, THỂ THAO Độc lập - Tự do - Hạnh "
                "phúc\nVÀ DU LỊCH\n")


@pytest.mark.parametrize(("source", "parent", "name", "note"), [
    (MARKDOWN_COPY, "UBND tỉnh Lào Cai", "Sở Ngoại vụ", None),
    # The two names run into one line, above the motto.
    (WEB_COPY.replace(_TWO_COLUMNS, "UBND TỈNH LÀO CAI SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA "
                                    "VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"),
     "UBND tỉnh Lào Cai", "Sở Văn hóa, Thể thao và Du lịch", None),
    # The parent line lost: taken from the place of the date line, and said.
    (WEB_COPY.replace("UBND TỈNH LÀO CAI CỘNG HÒA", "CỘNG HÒA"), "UBND tỉnh Lào Cai",
     "Sở Văn hóa, Thể thao và Du lịch", "không có dòng cơ quan chủ quản"),
], ids=["markdown", "one-line", "no-parent-line"])
def test_department_copies_of_every_shape_import_as_departments(source, parent, name, note, tmp_path):
    assert source != WEB_COPY
    result = import_file(_write(tmp_path, source, "ban-sao.txt"))
    data = yaml.safe_load(result.yaml_text)
    assert (data["co_quan_chu_quan"], data["co_quan"]) == (parent, name)
    notes = result.yaml_text.split("\n\n", 1)[0].splitlines()[1:]
    assert [n for n in notes if "cơ quan" in n] == ([f for f in notes if note in f] if note else [])
    assert not note or len([n for n in notes if note in n]) == 1
    assert build(_write(tmp_path, result.yaml_text, "ban-sao.yaml")).errors == []


def test_a_rendered_department_plan_imports_back_equal(tmp_path):
    built = build(_write(tmp_path, SO_NGOAI_VU), tmp_path / "so.docx")
    assert import_file(built.output).plan == load_plan(tmp_path / "so.yaml")


@pytest.mark.slow
def test_a_template_without_the_parent_line_is_refused_for_a_department_plan(tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    shutil.copy(bundled_dir() / "kehoach.docx", folder / "kehoach.docx")
    document = docx.Document(str(folder / "kehoach.docx"))
    cell = document.tables[0].cell(0, 0)
    for p in cell.paragraphs[:3]:  # the parent line's loop, as a template made before it had
        assert "co_quan_chu_quan_dong" in p.text or p.text in ("{{ d }}", "{%p endfor %}")
        p._p.getparent().remove(p._p)
    document.save(str(folder / "kehoach.docx"))
    path = _write(tmp_path, SO_NGOAI_VU)
    done = run_cli("render", str(path), "--templates", str(folder))
    assert done.returncode != 0
    assert "dòng cơ quan chủ quản" in done.stderr and "co_quan_chu_quan_dong" in done.stderr
    assert not (tmp_path / "so.docx").exists()
    # The same template still serves a People's Committee's plan, which has no parent line.
    committee = SO_NGOAI_VU.replace("co_quan_chu_quan: UBND tỉnh Lào Cai\n", "").replace(
        "co_quan: Sở Ngoại vụ", "co_quan: Ủy ban nhân dân tỉnh Lào Cai").replace("ky_hieu: KH-SNgV\n", "")
    done = run_cli("render", str(_write(tmp_path, committee, "ubnd.yaml")), "--templates", str(folder))
    assert done.returncode == 0, done.stderr


def test_a_chi_cuc_plan_of_a_merged_province_rolls_over_with_its_sở_and_a_new_place(tmp_path):
    text = CHI_CUC.replace("dia_danh: Lào Cai", "dia_danh: Yên Bái").replace("2026-02-02", "2025-02-02").replace(
        "năm 2026", "năm 2025")
    result = roll(_write(tmp_path, text, "chi-cuc.yaml"), 2026)
    assert "co_quan_chu_quan: Sở Nông nghiệp và Môi trường" in result.text and "dia_danh: Lào Cai" in result.text


def test_a_ward_named_after_a_former_province_stays_a_ward(tmp_path):
    text = COMMUNE_COPY.replace("PHƯỜNG HOÀNG LIÊN", "PHƯỜNG BẮC GIANG").replace("Hoàng Liên", "Bắc Giang")
    result = import_file(_write(tmp_path, text, "bac-giang.txt"))
    assert result.plan.co_quan == "Ủy ban nhân dân phường Bắc Giang"
    assert "nhập vào" not in result.yaml_text.split("\n\n", 1)[0]


def test_a_department_plan_of_a_merged_province_rolls_over_under_the_new_parent(tmp_path):
    text = SO_NGOAI_VU.replace("UBND tỉnh Lào Cai", "UBND tỉnh Yên Bái").replace("2026-01-15", "2025-01-15").replace(
        "năm 2026", "năm 2025")
    result = roll(_write(tmp_path, text), 2026)
    assert "co_quan_chu_quan: UBND tỉnh Lào Cai" in result.text
    assert "co_quan: Sở Ngoại vụ" in result.text


@pytest.mark.parametrize(("lines", "bold", "parent"), [
    (["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], [True, True], []),
    (["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"], None, ["UBND TỈNH LÀO CAI"]),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "SỞ NGOẠI VỤ"], None, ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]),
    (["ỦY BAN NHÂN DÂN TỈNH", "LÀO CAI"], None, []),
    (["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"], [False, True], []),  # carelessly formatted, still one name
    (["BỘ NGOẠI GIAO", "CỤC LÃNH SỰ"], [False, True], ["BỘ NGOẠI GIAO"]),  # any parent, by its look
    # A committee's name wrapped over three lines is one name, not "AN" under a "TỈNH NGHỆ".
    (["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ", "AN"], None, []),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ", "MINH"], None, []),
    (["UBND THÀNH PHỐ HÀ", "NỘI", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"], None, ["UBND THÀNH PHỐ HÀ", "NỘI"]),
    (["ỦY BAN NHÂN DÂN XÃ AN TRƯỜNG A"], None, []),
])
def test_the_header_names_split_into_parent_and_issuer(lines, bold, parent):
    assert split_header(lines, bold)[0] == parent


def test_names_break_where_their_parts_meet():
    assert name_lines("Sở Ngoại vụ") == ["SỞ NGOẠI VỤ"]
    assert name_lines("Sở Văn hóa, Thể thao và Du lịch") == ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]
    assert name_lines("Văn phòng Ủy ban nhân dân tỉnh Bình Dương") == ["VĂN PHÒNG ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG"]
    assert name_lines("UBND thành phố Hồ Chí Minh", bold=False) == ["UBND THÀNH PHỐ HỒ CHÍ MINH"]


def test_a_name_in_capitals_takes_the_case_of_the_plans_own_sentences():
    assert organ_case("SỞ CÔNG THƯƠNG", "Sở Công Thương xây dựng kế hoạch; sở công thương") == ("Sở Công Thương", True)
    assert organ_case("SỞ GIÁO DỤC VÀ ĐÀO TẠO") == ("Sở Giáo dục và Đào tạo", False)
    assert organ_case("BAN QUẢN LÝ KHU KINH TẾ TỈNH LÀO CAI") == ("Ban Quản lý khu kinh tế tỉnh Lào Cai", False)
    assert organ_case("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")[0] == "Sở Lao động - Thương binh và Xã hội"
    assert organ_case("BỘ CHỈ HUY QUÂN SỰ TỈNH LÀO CAI")[0] == "Bộ Chỉ huy Quân sự tỉnh Lào Cai"


COMMUNE_COPY = """\
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG HOÀNG LIÊN Độc lập - Tự do - Hạnh phúc
Số: 15/KH-UBND Hoàng Liên, ngày 10 tháng 3 năm 2026

KẾ HOẠCH
Tuyên truyền công tác đối ngoại nhân dân năm 2026

Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND tỉnh Lào Cai và chỉ đạo của Tỉnh ủy, UBND phường Hoàng Liên \
(thành phố Sa Pa cũ) xây dựng Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của Nhân dân về công tác đối ngoại.
II. TỔ CHỨC THỰC HIỆN
Các đơn vị thuộc phường triển khai thực hiện./.

Nơi nhận:
- UBND tỉnh (b/c);
- Lưu: VT, VP.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Phạm Tuấn Long
"""


@pytest.mark.slow
@pytest.mark.parametrize(("yaml_line", "where", "fragment"), [
    ("co_quan: UBND xã Tả Van", "1:10", "viết đủ tên cơ quan: 'Ủy ban nhân dân xã Tả Van'"),
    ("co_quan: Ủy ban nhân dân xã Tả Van\ndia_danh: Lào Cai", "2:11", "địa danh của Ủy ban nhân dân xã Tả Van là 'Tả Van'"),
])
def test_a_commune_plan_is_told_its_own_forms(yaml_line, where, fragment, tmp_path):
    text = SO_NGOAI_VU.replace("co_quan_chu_quan: UBND tỉnh Lào Cai\nco_quan: Sở Ngoại vụ\nky_hieu: KH-SNgV",
                               yaml_line)
    done = run_cli("validate", str(_write(tmp_path, text)))
    assert done.returncode == 1 and f"so.yaml:{where}: lỗi: " in done.stderr and fragment in done.stderr, done.stderr


def test_a_ward_committee_plan_imports_renders_and_checks_clean(tmp_path):
    """A People's Committee below the province (a xã, a phường, an đặc khu; a huyện before 2025) prints and
    signs like a province's; there is no list of those units to hold its name to."""
    result = import_file(_write(tmp_path, COMMUNE_COPY, "phuong.txt"))
    data = yaml.safe_load(result.yaml_text)
    assert data["co_quan"] == "Ủy ban nhân dân phường Hoàng Liên"
    assert "co_quan_chu_quan" not in data
    plan_path = _write(tmp_path, result.yaml_text, "phuong.yaml")
    built = build(plan_path, tmp_path / "phuong.docx")
    assert built.errors == []
    assert [f for f in built.content if f.code == "ND-C20"] == []  # its province is not known: "Tỉnh ủy" is not held against it
    left, number = _header_cells(built.output)
    assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀNG LIÊN"] and number == ["Số: 15/KH-UBND"]
    assert compose(load_plan(plan_path)).place_date == "Hoàng Liên, ngày 10 tháng 3 năm 2026"
    assert _signature(built.output) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Tuấn Long"]


OTHER_BODY = """\
ỦY BAN BẦU CỬ XÃ PHỐ BẢNG

TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN

Số: 01/KH-TBTT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Độc lập - Tự do - Hạnh phúc

Phố Bảng, ngày 10 tháng 12 năm 2025

KẾ HOẠCH

Tuyên truyền bầu cử đại biểu Hội đồng nhân dân các cấp trên địa bàn xã Phố Bảng

Căn cứ chỉ đạo của Ủy ban nhân dân tỉnh Tuyên Quang về công tác bầu cử, Tiểu ban xây dựng kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Tuyên truyền sâu rộng đến cử tri trên địa bàn./.

Nơi nhận:
- Ủy ban bầu cử xã;
- Lưu: VT.
TRƯỞNG BAN

Nguyễn Văn Hoàn
"""


def test_a_body_the_model_cannot_name_imports_under_a_guess_that_is_said(tmp_path):
    """An election committee's subcommittee is neither a People's Committee nor a body under one: its header is
    read as printed (not dropped as a web page's), the plan is written under the unit its text names most, and
    the notes say both; the import writes a plan that renders rather than refusing its own output."""
    result = import_file(_write(tmp_path, OTHER_BODY, "tieu-ban.txt"))
    notes = result.yaml_text.split("\n\n", 1)[0]
    assert "'ỦY BAN BẦU CỬ XÃ PHỐ BẢNG / TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN' không phải Ủy ban nhân dân" in notes
    assert "bỏ dòng đầu trang web" not in notes
    assert result.plan.co_quan == "Ủy ban nhân dân tỉnh Tuyên Quang"
    assert build(_write(tmp_path, result.yaml_text, "tieu-ban.yaml")).errors == []


CHI_CUC = """\
co_quan_chu_quan: Sở Nông nghiệp và Môi trường
co_quan: Chi cục Kiểm lâm
dia_danh: Lào Cai
ky_hieu: KH-CCKL
so: 21
ngay: 2026-02-02
trich_yeu: Phòng cháy, chữa cháy rừng mùa khô năm 2026
phan:
  - tieu_de: Mục đích, yêu cầu
    muc:
      - Chủ động phòng cháy, chữa cháy rừng trên địa bàn tỉnh.
noi_nhan:
  - Sở Nông nghiệp và Môi trường (b/c)
luu: [VT, QLBVR]
nguoi_ky:
  ho_ten: Lò Văn Sính
"""


def test_a_body_under_a_department_prints_the_department_above_it(tmp_path):
    """A Chi cục under a Sở: the Sở is its parent line; the province is the one its date line names."""
    result = build(_write(tmp_path, CHI_CUC, "chi-cuc.yaml"), tmp_path / "chi-cuc.docx")
    assert result.errors == []
    left, number = _header_cells(result.output)
    # The parent's name is wider than the column at 13 pt: two upright lines, broken before "VÀ".
    assert [p.text for p in left] == ["SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG", "CHI CỤC KIỂM LÂM"]
    assert [p.style.font.bold for p in left] == [False, False, True]
    assert number == ["Số: 21/KH-CCKL"]
    assert _signature(result.output) == ["KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "Lò Văn Sính"]
    page = compose(load_plan(tmp_path / "chi-cuc.yaml"))
    assert page.place_date.startswith("Lào Cai, ngày 02 tháng 02 năm 2026") and page.author == "Chi cục Kiểm lâm tỉnh Lào Cai"
    assert import_file(result.output).plan == load_plan(tmp_path / "chi-cuc.yaml")


@pytest.mark.slow
@pytest.mark.parametrize(("change", "where", "fragment"), [
    (("dia_danh: Lào Cai\n", ""), "so.yaml:1:19", "ghi 'dia_danh:' là tên tỉnh"),
    (("dia_danh: Lào Cai", "dia_danh: Sa Pa"), "so.yaml:3:11", "ghi 'dia_danh:' là tên tỉnh"),
    (("dia_danh: Lào Cai", "dia_danh: Lao Cai"), "so.yaml:3:11", "'Lào Cai'"),
    (("Sở Nông nghiệp và Môi trường\n", "Tỉnh ủy Lào Cai\n"), "so.yaml:1:19", "hoặc một sở, ban"),
])
def test_a_department_parent_needs_the_province_on_the_date_line(change, where, fragment, tmp_path):
    path = _write(tmp_path, CHI_CUC.replace(*change))
    done = run_cli("validate", str(path))
    assert done.returncode == 1
    assert f"{where}: lỗi: " in done.stderr and fragment in done.stderr, done.stderr


PDF_COPY = """\
   SỞ CÔNG THƯƠNG                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ĐOÀN KIỂM TRA                         Độc lập - Tự do - Hạnh Phúc
   LIÊN NGÀNH 05                      Lào Cai, ngày 10 tháng 3 năm 2026

     Số: 1105/KH-ĐKT

                               KẾ HOẠCH
Kiểm tra việc sử dụng vật liệu nổ công nghiệp trên địa bàn tỉnh Lào Cai

      Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở Công Thương, Đoàn kiểm tra lập kế
hoạch như sau:
      I. MỤC ĐÍCH, YÊU CẦU
      Đánh giá tình hình chấp hành pháp luật về vật liệu nổ công nghiệp./.

Nơi nhận:
- Sở Công Thương (b/c);
- Lưu: VT.
                                                 TRƯỞNG ĐOÀN

                                               Hoàng Văn Thuân
"""


def test_a_copy_of_a_pdf_with_a_department_parent_and_the_number_under_the_date(tmp_path):
    result = import_file(_write(tmp_path, PDF_COPY, "doan.txt"))
    data = yaml.safe_load(result.yaml_text)
    assert (data["co_quan_chu_quan"], data["co_quan"], data["dia_danh"]) == (
        "Sở Công Thương", "Đoàn Kiểm tra liên ngành 05", "Lào Cai")
    assert (data["so"], data["ky_hieu"], str(data["ngay"])) == (1105, "KH-ĐKT", "2026-03-10")
    assert data["nguoi_ky"] == {"chuc_vu": "Trưởng đoàn", "ho_ten": "Hoàng Văn Thuân"}
    assert build(_write(tmp_path, result.yaml_text, "doan.yaml")).errors == []
