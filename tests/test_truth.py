"""One truth: units by date, footnotes over everything the page shows, numbers typed by hand, the
`kehoach new` messages, and each plan field declared once (schema, YAML order, rollover, starter)."""

from __future__ import annotations

import re
import zipfile

import pytest
import yaml
from helpers import run_cli
from test_validation import MINIMAL

from kehoach_gen.build import build
from kehoach_gen.errors import KehoachError, PlanInvalid
from kehoach_gen.facts import provinces
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.dockind import KE_HOACH
from kehoach_gen.plan.loader import load_plan_text, parse, validate_with_warnings
from kehoach_gen.plan.schema import plan_schema
from kehoach_gen.start.starter import starter_text


@pytest.mark.parametrize(("unit", "date"), [
    ("tỉnh Hậu Giang", "2018-05-03"), ("tỉnh Bà Rịa - Vũng Tàu", "2024-11"), ("tỉnh Thừa Thiên Huế", "2024-12-31"),
    ("thành phố Huế", "2025-03"), ("tỉnh Đắk Nông", "2025-06-30"), ("tỉnh Lâm Đồng", "2025-07-01"),
    ("Thành phố Hồ Chí Minh", "2026-01"),
])
def test_a_unit_is_valid_on_the_dates_it_existed(unit, date):
    plan = load_plan_text(MINIMAL.replace("tỉnh Lai Châu", unit).replace("2026-03-09", date))
    assert compose(plan).header_body[1] == unit.upper()


@pytest.mark.parametrize(("unit", "date", "message"), [
    ("tỉnh Đắk Nông", "2026-01-05", "tỉnh Đắk Nông đã nhập vào tỉnh Lâm Đồng từ 01/7/2025"),
    ("tỉnh Thừa Thiên Huế", "2026-01", "tỉnh Thừa Thiên Huế nay là thành phố Huế từ 01/01/2025"),
    ("thành phố Huế", "2023-04", "tỉnh Thừa Thiên Huế"),
    ("tỉnh Pleiku", "2026-01", "không có tỉnh, thành phố 'Pleiku'"),
])
def test_a_unit_that_did_not_exist_on_the_plans_date_says_what_to_write(unit, date, message):
    with pytest.raises(PlanInvalid) as caught:
        load_plan_text(MINIMAL.replace("tỉnh Lai Châu", unit).replace("2026-03-09", date))
    assert message in str(caught.value) and "co_quan:" in str(caught.value)


@pytest.mark.parametrize(("typed", "unit"), [
    ("TP.HCM", "Thành phố Hồ Chí Minh"), ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"), ("tphcm", "Thành phố Hồ Chí Minh"),
    ("Huế", "thành phố Huế"), ("lam dong", "tỉnh Lâm Đồng"), ("Thanh pho Ha Noi", "thành phố Hà Nội"),
])
def test_the_forms_clerks_type_for_a_unit(typed, unit):
    assert provinces.lookup(typed).unit == unit


def test_the_two_lists_of_units_are_complete():
    assert len(provinces.current()) == 34
    # The units the 63 became are the 34 of the maintained list, with their kinds.
    assert {(u.kind, u.name) for u in provinces.current()} == {(u.kind, u.name) for u in provinces.maintained()}
    before = [u for u in provinces.all_units() if u.exists(*provinces.period(2024, 6, 1))]
    assert len(before) == 63
    # Every former unit belongs to a current one (Nghị quyết 202/2025/QH15).
    names = {u.name for u in provinces.current()}
    assert all(u.successor in names for u in provinces.former())


@pytest.mark.slow
@pytest.mark.parametrize(("args", "message"), [
    (["--tinh", "Lai Châu"], "thiếu --nam"),
    (["--nam", "2027"], "thiếu --tinh"),
    (["--tinh", "Thừa Thiên Huế", "--nam", "2027"], "nay là thành phố Huế"),
    (["--tinh", "Đắk Nông", "--nam", "2027"], "đã nhập vào tỉnh Lâm Đồng từ 01/7/2025"),
])
def test_new_says_what_to_do(tmp_path, args, message):
    result = run_cli("new", *args, "-o", str(tmp_path / "x.yaml"))
    assert result.returncode in (1, 2) and message in result.stderr, result.stderr
    assert "không mong đợi" not in result.stderr and not (tmp_path / "x.yaml").exists()


@pytest.mark.slow
def test_new_accepts_the_short_form_of_a_city(tmp_path):
    result = run_cli("new", "--tinh", "TP.HCM", "--nam", "2027", "-o", str(tmp_path / "hcm.yaml"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "hcm.yaml").read_text(encoding="utf-8")
    assert "co_quan: Ủy ban nhân dân Thành phố Hồ Chí Minh" in text and "TT. Thành ủy" in text


FOOTNOTES = MINIMAL.replace("trich_yeu: Công tác đối ngoại năm 2026", """trich_yeu: Công tác đối ngoại năm 2026
can_cu:
  - Căn cứ Luật Tổ chức chính quyền địa phương[^1]""").replace("    noi_dung: Nội dung.", """    noi_dung: Nội dung, chi tiết tại Phụ lục.
    muc:
      - tieu_de: Hợp tác
        diem:
          - tieu_de: Hữu nghị[^2]
            noi_dung: Duy trì quan hệ.""") + """phu_luc:
  - tieu_de: Đoàn ra
    cot: [TT, Nội dung]
    dong:
      - [1, "Xúc tiến đầu tư[^3]"]
    ghi_chu: Kinh phí theo dự toán[^4].
chu_thich:
  1: Luật số 77/2015/QH13.
  2: Theo thỏa thuận.
  3: Gồm các sở.
  4: Năm 2026.
"""


def test_footnotes_are_found_and_rendered_wherever_the_page_shows_text(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(FOOTNOTES, encoding="utf-8")
    result = build(plan)
    assert result.report is not None and result.report.errors == []
    xml = zipfile.ZipFile(result.output).read("word/document.xml").decode("utf-8")
    assert sorted(map(int, re.findall(r'w:footnoteReference w:id="(\d+)"', xml))) == [1, 2, 3, 4]
    assert "[^" not in xml


@pytest.mark.parametrize(("note", "where"), [(1, "can_cu[1]"), (2, "diem[1].tieu_de"), (3, "dong[1][2]"),
                                             (4, "ghi_chu[1]")])
def test_a_reference_without_its_note_is_a_located_error(note, where):
    text = re.sub(rf"\n  {note}: .*", "", FOOTNOTES)
    with pytest.raises(PlanInvalid) as caught:
        load_plan_text(text, name="p.yaml")
    problem = caught.value.problems[0]
    assert problem.line is not None and problem.path.endswith(where), problem
    assert f"chu_thich không có mục {note}" in problem.message


def test_numbers_typed_by_hand_are_removed_with_a_located_warning():
    text = MINIMAL.replace("  - tieu_de: Mục đích\n    noi_dung: Nội dung.", """  - tieu_de: I. MỤC ĐÍCH
    muc:
      - tieu_de: 1. Mục đích
        noi_dung: |
          a) Nâng cao nhận thức.
          - Gạch đầu dòng giữ nguyên.
        diem:
          - "a) Điểm thứ nhất."
      - "- Mục không tiêu đề."
      - noi_dung: Nhiệm vụ chung.
        nhiem_vu:
          - 2.1. Nhiệm vụ thứ nhất.""")
    plan, warnings = validate_with_warnings(parse(text, "p.yaml"), "p.yaml")
    assert [(w.line, w.path) for w in warnings] == [
        (6, "phan[1].tieu_de"), (8, "phan[1].muc[1].tieu_de"), (10, "phan[1].muc[1].noi_dung[1]"),
        (13, "phan[1].muc[1].diem[1].noi_dung[1]"), (14, "phan[1].muc[2].noi_dung[1]"),
        (17, "phan[1].muc[3].nhiem_vu[1].noi_dung[1]")]
    assert all(w.severity == "W" and "gõ tay" in w.message for w in warnings)
    words = [p.plain for p in compose(plan).body]
    assert words[:7] == ["I. MỤC ĐÍCH", "1. Mục đích", "Nâng cao nhận thức.", "- Gạch đầu dòng giữ nguyên.",
                         "a) Điểm thứ nhất.", "2. Mục không tiêu đề.", "3. Nhiệm vụ chung."]
    assert words[7] == "3.1. Nhiệm vụ thứ nhất./."


@pytest.mark.slow
def test_validate_and_render_print_the_warnings(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(MINIMAL.replace("tieu_de: Mục đích", "tieu_de: I. Mục đích"), encoding="utf-8")
    result = run_cli("validate", str(plan))
    assert result.returncode == 0 and f"{plan}:6:14: cảnh báo: phan[1].tieu_de: đã bỏ 'I.'" in result.stderr
    assert "hợp lệ (1 cảnh báo)" in result.stdout


# --- each field declared once -------------------------------------------------------------------

def test_the_schema_hints_come_from_the_field_declarations():
    schema = plan_schema()
    assert list(schema["properties"]) == list(KE_HOACH.fields)
    assert all(p.get("description") for p in schema["properties"].values())
    assert "KH-UBND" in schema["properties"]["ky_hieu"]["description"]
    assert schema["$defs"]["NhiemVu"]["properties"]["chu_tri"]["description"] == "Cơ quan chủ trì"


def test_the_starter_writes_the_fields_in_the_declared_order():
    data = yaml.safe_load(starter_text("Lai Châu", 2027, "x.yaml"))
    order = [k for k in KE_HOACH.fields if k in data]
    assert list(data) == order and {"co_quan", "phan", "nguoi_ky", "phu_luc"} <= set(data)


def test_the_document_kind_names_the_title_symbol_and_templates():
    page = compose(load_plan_text(MINIMAL))
    assert page.kind is KE_HOACH and page.title == "KẾ HOẠCH" and page.number_line.endswith("/KH-UBND")
    assert KE_HOACH.template == "kehoach.docx" and KE_HOACH.starter.endswith(".yaml.j2")


def test_an_unknown_unit_in_lookup_lists_the_period():
    with pytest.raises(KehoachError, match="63 tỉnh, thành phố trước ngày 01/7/2025"):
        provinces.lookup("Atlantis", provinces.period(2020))


def test_a_line_that_only_says_phu_luc_is_refused():
    text = MINIMAL.replace("Nội dung.", "Nội dung, chi tiết tại Phụ lục.") + (
        "phu_luc:\n  - tieu_de: Phụ lục I\n    cot: [TT, Nội dung]\n    ghi_chu: Phụ lục\n")
    with pytest.raises(PlanInvalid) as caught:
        load_plan_text(text, name="p.yaml")
    assert [p.path for p in caught.value.problems] == ["phu_luc[1].tieu_de", "phu_luc[1].ghi_chu[1]"]


@pytest.mark.parametrize(("typed", "wanted"), [
    ("UBND TP.HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh"), ("UBND tỉnh Hậu Giang", "Ủy ban nhân dân tỉnh Hậu Giang")])
def test_a_short_issuer_name_gets_its_full_form(typed, wanted):
    with pytest.raises(PlanInvalid, match=f"viết đủ tên cơ quan: '{wanted}'"):
        load_plan_text(MINIMAL.replace("Ủy ban nhân dân tỉnh Lai Châu", typed))


def test_rolling_a_plan_of_a_merged_unit_forward_names_the_unit_it_became(tmp_path):
    from helpers import EXAMPLES

    from kehoach_gen.start.rollover import roll

    result = roll(EXAMPLES / "binh-thuan-2023.yaml", 2026)
    assert "co_quan: Ủy ban nhân dân tỉnh Lâm Đồng" in result.text
    assert "tỉnh Bình Thuận đã nhập vào tỉnh Lâm Đồng" in result.changes[0]
    assert "co_quan: Ủy ban nhân dân tỉnh Hậu Giang" in roll(EXAMPLES / "hau-giang-2018.yaml", 2019).text


def test_rollover_keeps_the_years_in_a_cited_documents_title(tmp_path):
    """'Căn cứ Kế hoạch số 250/KH-UBND ... về công tác đối ngoại năm 2027' names another document: rolled to
    2028 it must still cite that document's real title, and the clerk is told to look at it."""
    from kehoach_gen.start.rollover import roll

    plan = tmp_path / "ke-hoach-2027.yaml"
    plan.write_text(MINIMAL.replace("Công tác đối ngoại năm 2026", "Công tác đối ngoại năm 2027").replace(
        "2026-03-09", "2026-12-15") + "can_cu:\n  - Căn cứ Kế hoạch số 250/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân "
        "tỉnh về công tác đối ngoại năm 2027\n", encoding="utf-8")
    result = roll(plan, 2028)
    assert "trich_yeu: Công tác đối ngoại năm 2028" in result.text
    assert "về công tác đối ngoại năm 2027\n" in result.text
    assert any("trong tên văn bản được dẫn" in line for line in result.left)
