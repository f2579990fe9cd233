"""Every kind of mistake gets a Vietnamese message with file:line:col and the field, exit 1, no output."""

from __future__ import annotations

import unicodedata

import pytest
from helpers import EXAMPLES, run_cli

MINIMAL = """\
co_quan: Ủy ban nhân dân tỉnh Lai Châu
so: 12
ngay: 2026-03-09
trich_yeu: Công tác đối ngoại năm 2026
phan:
  - tieu_de: Mục đích
    noi_dung: Nội dung.
noi_nhan: [Bộ Ngoại giao]
nguoi_ky:
  ho_ten: Trần Văn Bình
"""

CASES = {
    # name: (yaml text, expected "line:col" prefix or None, field path, message fragment)
    "missing_field": (MINIMAL.replace("trich_yeu: Công tác đối ngoại năm 2026\n", ""), None, "trich_yeu",
                      "thiếu trường bắt buộc"),
    "unknown_key": (MINIMAL.replace("trich_yeu:", "trich_yue:"), "4:1", "trich_yue", "có phải ý bạn là 'trich_yeu'"),
    "impossible_date": (MINIMAL.replace("2026-03-09", "2023-02-30"), "3:7", "ngay", "không có trên lịch"),
    "wrong_type_list_for_mapping": (MINIMAL.replace("  ho_ten: Trần Văn Bình", "  - Trần Văn Bình"), "10:3",
                                    "nguoi_ky", "cần một nhóm trường"),
    "mapping_where_list": (MINIMAL.replace("noi_nhan: [Bộ Ngoại giao]", "noi_nhan: 5"), "8:11", "noi_nhan",
                           "cần một danh sách"),
    "number_not_digits": (MINIMAL.replace("so: 12", "so: 12/KH"), "2:5", "so", "chỉ gồm chữ số"),
    "bad_issuer": (MINIMAL.replace("Ủy ban nhân dân tỉnh Lai Châu", "Sở Ngoại vụ Lai Châu"), "1:10", "co_quan",
                   "Ủy ban nhân dân tỉnh"),
    "bad_symbol": (MINIMAL + "ky_hieu: kh ubnd\n", "11:10", "ky_hieu", "ký hiệu viết hoa"),
    "deputy_marks_head": (MINIMAL.replace("  ho_ten: Trần Văn Bình",
                                          "  ho_ten: Trần Văn Bình\n  chuc_vu: Chủ tịch\n  quyen_han: KT"),
                          "10:3", "nguoi_ky", "không ký thay"),
    "bad_mark": (MINIMAL.replace("  ho_ten: Trần Văn Bình", "  ho_ten: Trần Văn Bình\n  quyen_han: XY"), "11:14",
                 "nguoi_ky.quyen_han", "chỉ nhận một trong"),
    "syntax_error": (MINIMAL.replace("noi_nhan: [Bộ Ngoại giao]", "noi_nhan: [Bộ Ngoại giao"), "9:9", "",
                     "thiếu dấu ']'"),
    "dash_inside_brackets": (MINIMAL.replace("noi_nhan: [Bộ Ngoại giao]", "noi_nhan: [- Bộ Ngoại giao;]"), "8:12", "",
                             "một mục trong [...] bắt đầu bằng ký tự dành riêng của YAML"),
    "value_starting_with_at": (MINIMAL.replace("trich_yeu: Công", "trich_yeu: @Công"), "4:12", "",
                               "không được bắt đầu bằng ký tự '@'"),
    "tab_indent": (MINIMAL.replace("  ho_ten", "\tho_ten"), "10:1", "", "Tab"),
    "duplicate_key": (MINIMAL + "so: 13\n", "11:1", "so", "bị lặp"),
    "python_tag": (MINIMAL + "x: !!python/object/apply:os.system [echo hacked]\n", "11:4", "x", "không được phép"),
    "alias": (MINIMAL.replace("noi_nhan: [Bộ Ngoại giao]", "noi_nhan: &a [Bộ Ngoại giao]\nluu: *a"), "9:6", "",
              "neo/bí danh"),
    "control_char": (MINIMAL.replace("Nội dung.", "Nội\x0bdung."), "7:18", "", "U+000B"),
    "footnote_missing": (MINIMAL.replace("Nội dung.", "Nội dung[^3]."), "7:15", "phan[1].noi_dung[1]",
                         "chu_thich không có mục 3"),
    "appendix_row_width": (MINIMAL + "phu_luc:\n  - tieu_de: Đoàn ra\n    cot: [TT, Nội dung]\n    dong: [[1]]\n",
                           "14:12", "phu_luc[1].dong[1]", "có 1 ô nhưng bảng có 2 cột"),
    # What the page would print wrong is refused at validate, not found by the check after render.
    "symbol_of_another_issuer": (MINIMAL + "ky_hieu: KH-SNgV\n", "11:10", "ky_hieu", "có ký hiệu KH-UBND"),
    "place_not_the_province": (MINIMAL + "dia_danh: Pleiku\n", "11:11", "dia_danh", "là 'Lai Châu'"),
    "unit_without_accents": (MINIMAL.replace("tỉnh Lai Châu", "tỉnh Lam Dong"), "1:10", "co_quan",
                             "'Ủy ban nhân dân tỉnh Lâm Đồng'"),
    "unit_in_wrong_case": (MINIMAL.replace("tỉnh Lai Châu", "tỉnh Lâm đồng"), "1:10", "co_quan",
                           "'Ủy ban nhân dân tỉnh Lâm Đồng'"),
    "merged_unit": (MINIMAL.replace("tỉnh Lai Châu", "tỉnh Đắk Nông"), "1:10", "co_quan",
                    "tỉnh Đắk Nông đã nhập vào tỉnh Lâm Đồng từ 01/7/2025"),
    "city_written_as_province": (MINIMAL.replace("tỉnh Lai Châu", "tỉnh Hà Nội"), "1:10", "co_quan",
                                 "'Ủy ban nhân dân thành phố Hà Nội'"),
    "authority_mark_in_position": (MINIMAL.replace("  ho_ten: Trần Văn Bình",
                                                   "  ho_ten: Trần Văn Bình\n  chuc_vu: KT. Chủ tịch"), "11:12",
                                   "nguoi_ky.chuc_vu", "viết 'chuc_vu: Phó Chủ tịch'"),
    "comma_in_unquoted_cell": (MINIMAL + "phu_luc:\n  - tieu_de: Đoàn ra\n    cot: [TT, Nội dung]\n"
                               "    dong:\n      - [1, Xúc tiến đầu tư, thương mại]\n", "15:9", "phu_luc[1].dong[1]",
                               "đặt cả ô trong nháy kép"),
    "over_indented_key": (MINIMAL.replace("trich_yeu:", "  trich_yeu:"), "4:3", "",
                          "'trich_yeu' thẳng cột với 'ngay'"),
    "footnote_in_text_printed_as_typed": (MINIMAL.replace("năm 2026", "năm 2026[^1]") + "chu_thich:\n  1: Ghi chú.\n",
                                          "4:12", "trich_yeu", "không đặt được ở trường này"),
    "bold_numbered_paragraph": (MINIMAL.replace("    noi_dung: Nội dung.", "    muc:\n      - '**Nội đậm.**'"),
                                     "8:9", "phan[1].muc[1].noi_dung[1]", "không đậm"),
    "appendix_never_cited": (MINIMAL + "phu_luc:\n  - tieu_de: Đoàn ra\n    cot: [TT, Nội dung]\n", "12:5",
                             "phu_luc[1]", "chưa dẫn chiếu 'Phụ lục'"),
    "empty_file": ("", None, "", "tệp trống"),
    "comments_only": ("# chỉ có chú thích\n", None, "", "tệp trống"),
    "not_a_mapping": ("- một\n- hai\n", "1", "", "tên: giá trị"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gets_located_vietnamese_message(tmp_path, case):
    text, where, field, fragment = CASES[case]
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(text, encoding="utf-8")
    result = run_cli("render", str(plan))
    assert result.returncode == 1, result
    err = result.stderr
    assert "Traceback" not in err and "Error" not in err
    assert str(plan) in err
    if where:
        assert f"{plan}:{where}" in err, err
    if field:
        assert f" {field}:" in err, err
    assert fragment in err, err
    assert not (tmp_path / "ke-hoach.docx").exists()


@pytest.mark.slow
def test_many_problems_reported_at_once(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(MINIMAL.replace("so: 12", "so: abc").replace("2026-03-09", "2026-13-01")
                    .replace("trich_yeu:", "trichyeu:"), encoding="utf-8")
    result = run_cli("validate", str(plan))
    assert result.returncode == 1
    assert result.stderr.count("lỗi:") >= 3


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps tone marks as separate combining bytes after a (possibly accented) base."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("raw", "fragment"), [
    ("co_quan: Ủy ban\n".encode("utf-16"), "UTF-16"),
    (_cp1258("co_quan: Ủy ban nhân dân tỉnh Lai Châu\n"), "Windows-1258"),
    (b"PK\x03\x04binary zip", "không phải tệp văn bản YAML"),
    (b"\x00\x01\x02\x03" * 100, "không phải tệp văn bản YAML"),
])
def test_wrong_encodings_and_binaries(tmp_path, raw, fragment):
    plan = tmp_path / "p.yaml"
    plan.write_bytes(raw)
    result = run_cli("validate", str(plan))
    assert result.returncode == 1
    assert fragment in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_huge_file_is_refused_quickly(tmp_path):
    plan = tmp_path / "big.yaml"
    with plan.open("w", encoding="utf-8") as fh:
        fh.write(MINIMAL)
        fh.write("# " + "x" * 100 + "\n" * 1)
        for _ in range(500_000):
            fh.write("# dòng chú thích rất dài cho đủ kích thước tệp\n")
    result = run_cli("validate", str(plan))
    assert result.returncode == 1 and "quá lớn" in result.stderr


@pytest.mark.slow
def test_colon_ending_a_value_is_read_as_text(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(MINIMAL + "mo_dau: Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n", encoding="utf-8")
    result = run_cli("validate", str(plan))
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_valid_examples_validate():
    result = run_cli("validate", *[str(p) for p in sorted(EXAMPLES.glob("*.yaml"))])
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("hợp lệ") == 5


@pytest.mark.slow
def test_billion_laughs_is_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 12):
        bomb += f"a{i}: &a{i} [*{'a' if i == 1 else 'a' + str(i - 1)}, *{'a' if i == 1 else 'a' + str(i - 1)}]\n"
    plan = tmp_path / "bomb.yaml"
    plan.write_text(bomb, encoding="utf-8")
    result = run_cli("validate", str(plan))
    assert result.returncode == 1 and "neo/bí danh" in result.stderr


@pytest.mark.slow
def test_decomposed_text_is_normalised_to_nfc(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(unicodedata.normalize("NFD", MINIMAL), encoding="utf-8")
    result = run_cli("render", str(plan))
    assert result.returncode == 0, result.stderr
    import docx

    text = docx.Document(str(tmp_path / "p.docx")).tables[0].cell(0, 0).paragraphs[1].text
    assert text == "TỈNH LAI CHÂU" and unicodedata.is_normalized("NFC", text)


@pytest.mark.slow
def test_windows_line_endings_and_bom_are_fine(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    result = run_cli("validate", str(plan))
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_an_unclosed_quote_is_pointed_at_where_it_opens(tmp_path):
    plan = tmp_path / "q.yaml"
    text = (EXAMPLES / "lai-chau-2023.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("trich_yeu: "))
    lines[at] = lines[at].replace("trich_yeu: ", 'trich_yeu: "', 1)
    plan.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("validate", str(plan))
    assert result.returncode == 1
    assert f"q.yaml:{at + 1}:12: lỗi: cú pháp YAML sai: dấu nháy mở ở đây chưa được đóng" in result.stderr


def test_a_lone_surrogate_escape_is_named_at_its_backslash(tmp_path):
    plan = tmp_path / "s.yaml"
    plan.write_text(MINIMAL.replace("co_quan: Ủy ban nhân dân tỉnh Lai Châu",
                                    'co_quan: "Ủy ban nhân dân \\ud800 tỉnh"'), encoding="utf-8")
    result = run_cli("validate", str(plan))
    assert result.returncode == 1
    assert "s.yaml:1:27: lỗi: cú pháp YAML sai: mã thoát '\\ud800' trong chuỗi nháy kép là nửa cặp thay thế" \
        in result.stderr, result.stderr
    assert "nháy mở" not in result.stderr


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pyyaml"])
@pytest.mark.parametrize(("escape", "fragment"), [
    ("\\uDFFF", "mã thoát '\\uDFFF' trong chuỗi nháy kép là nửa cặp thay thế"),
    ("\\U0000D800", "là nửa cặp thay thế"),
    ("\\U00110000", "mã thoát '\\U00110000' trong chuỗi nháy kép vượt quá mã Unicode lớn nhất"),
    ("\\q", "'\\q' trong chuỗi nháy kép không phải mã thoát của YAML"),
    ("\\xZZ", "mã thoát '\\xZZ' trong chuỗi nháy kép thiếu chữ số hệ 16"),
])
def test_a_bad_escape_is_named_for_what_it_is(monkeypatch, libyaml, escape, fragment):
    import yaml

    from kehoach_gen.errors import PlanInvalid
    from kehoach_gen.plan import loader
    if not libyaml:  # PyYAML's own scanner, as on a machine without libyaml
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    text = MINIMAL.replace("trich_yeu: Công tác đối ngoại năm 2026", f'trich_yeu: "Công tác {escape} năm 2026"')
    with pytest.raises(PlanInvalid) as caught:
        loader.validate(loader.parse(text, "p.yaml"), "p.yaml")
    (problem,) = caught.value.problems
    assert fragment in problem.message
    assert problem.line == 4
    assert problem.column == 22
