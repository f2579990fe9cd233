"""What a field keeps other than as typed is said, at the line of the value, by `validate` and `render`; the
page stays as it was (the corrections keep it right)."""

from __future__ import annotations

from helpers import docx_text, run_cli

TYPED = """\
co_quan: Ủy ban nhân dân tỉnh Lai Châu
so: 12
ngay: 2026-03-09
trich_yeu: công tác đối ngoại năm 2026
can_cu:
  - Căn cứ Luật Tổ chức chính quyền địa phương.
  - Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ
phan:
  - tieu_de: Mục đích, yêu cầu.
    noi_dung: Nội dung.
  - tieu_de: Nhiệm vụ
    muc:
      - tieu_de: Rà soát văn bản;
        nhiem_vu:
          - noi_dung: Rà soát các văn bản về đối ngoại
            chu_tri: Sở Ngoại vụ
            thoi_gian: Thường xuyên.
          - noi_dung: Tổng hợp kết quả
            chu_tri: Sở Ngoại vụ
            thoi_gian: Quý IV.
noi_nhan:
  - "- Bộ Ngoại giao;"
  - "Công an tỉnh:"
  - Sở Ngoại vụ
luu: [VT, NC]
nguoi_soan: Châu.
nguoi_ky:
  ho_ten: Trần Văn Bình
"""

# The same plan as the page prints it: nothing for the fields to change.
CLEAN = (TYPED.replace("trich_yeu: công", "trich_yeu: Công").replace("phương.\n", "phương;\n")
         .replace("yêu cầu.\n", "yêu cầu\n").replace("văn bản;\n", "văn bản\n")
         .replace("Thường xuyên.\n", "Thường xuyên\n").replace("Quý IV.\n", "Quý IV\n")
         .replace('"- Bộ Ngoại giao;"', "Bộ Ngoại giao").replace('"Công an tỉnh:"', "Công an tỉnh")
         .replace("Châu.\n", "Châu\n"))

WANTED = [
    "4:12: cảnh báo: trich_yeu: đã viết hoa chữ 'c' của trích yếu (trích yếu mở đầu bằng chữ hoa",
    "6:5: cảnh báo: can_cu[1]: căn cứ in thành 'Căn cứ Luật Tổ chức chính quyền địa phương;'",
    "9:14: cảnh báo: phan[1].tieu_de: đã bỏ dấu chấm ở cuối tiêu đề (tiêu đề không có dấu chấm, dấu chấm phẩy cuối)",
    "13:18: cảnh báo: phan[2].muc[1].tieu_de: đã bỏ dấu chấm phẩy ở cuối tiêu đề",
    "17:24: cảnh báo: phan[2].muc[1].nhiem_vu[1].thoi_gian: đã bỏ dấu chấm ở cuối thời gian thực hiện (máy tự thêm "
    "dấu chấm cuối dòng); hãy sửa như vậy trong tệp YAML; cũng vậy ở dòng 20",
    "22:5: cảnh báo: noi_nhan[1]: đã bỏ dấu gạch ở đầu và dấu chấm phẩy ở cuối dòng Nơi nhận",
    "23:5: cảnh báo: noi_nhan[2]: dòng Nơi nhận in thành '- Công an tỉnh;'",
    "26:13: cảnh báo: nguoi_soan: đã bỏ dấu chấm ở cuối ký hiệu người soạn thảo",
]


def test_each_correction_is_said_at_its_line_by_validate_and_render_and_the_page_is_unchanged(tmp_path):
    typed, clean = tmp_path / "typed.yaml", tmp_path / "clean.yaml"
    typed.write_text(TYPED, encoding="utf-8")
    clean.write_text(CLEAN, encoding="utf-8")
    for command in ("validate", "render"):
        result = run_cli(command, str(typed), *(["-o", str(tmp_path / "typed.docx")] if command == "render" else []))
        assert result.returncode == 0, result.stderr
        for wanted in WANTED:
            assert f"typed.yaml:{wanted}" in result.stderr, (wanted, result.stderr)
        assert "Sở Ngoại vụ" not in "".join(line for line in result.stderr.splitlines() if "noi_nhan[3]" in line)
    result = run_cli("render", str(clean), "-o", str(tmp_path / "clean.docx"))
    assert result.returncode == 0, result.stderr
    assert "đã bỏ" not in result.stderr and "in thành" not in result.stderr and "viết hoa" not in result.stderr
    assert docx_text(tmp_path / "typed.docx") == docx_text(tmp_path / "clean.docx")
    assert "- Công an tỉnh;" in docx_text(tmp_path / "typed.docx").split("\n")
