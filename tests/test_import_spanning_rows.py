"""Appendix tables of Markdown web copies whose rows are not all as wide as the header: a group heading
('I | NHÓM GIẢI PHÁP ...', a merged cell in the original) or a total across the first columns. The
table is rebuilt with the short rows' cells where they read, said in a located note; the rendered
plan keeps every word in order and has no ND30 error."""

from __future__ import annotations

from pathlib import Path

from helpers import docx_text, in_order_ratio, words
from test_import_layouts import imported as import_and_render

from kehoach_gen.importer import ImportResult

HEAD = """\
|
**ỦY BAN NHÂN
DÂN**
**TỈNH LAI CHÂU**
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 41/KH-UBND
|
*Lai Châu,
ngày 12 tháng 3 năm 2026*
|


**KẾ HOẠCH**

TRIỂN KHAI CHUYỂN ĐỔI SỐ NĂM 2026

**I. MỤC ĐÍCH, YÊU CẦU**

Nâng cao hiệu quả quản lý nhà nước, chi tiết tại Phụ lục kèm theo Kế
hoạch này.

**II. TỔ CHỨC THỰC HIỆN**

Các sở, ngành căn cứ Kế hoạch này triển khai thực hiện./.

|
*Nơi nhận:*
- Bộ Khoa học và Công nghệ;
- Lưu: VT, KGVX.
|
**TM. ỦY BAN
NHÂN DÂN**
KT. CHỦ TỊCH
**PHÓ CHỦ TỊCH**
**Hà Trọng Hải**
|


**PHỤ LỤC**

NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026

*(Kèm theo Kế hoạch số 41/KH-UBND ngày 12/3/2026 của Ủy ban nhân
dân tỉnh)*

"""


def _cells(*rows: list[str]) -> str:
    """Rows as the web copies flatten them: each cell between lone '|' lines, long cells wrapped."""
    out = []
    for row in rows:
        out.append("|")
        for cell in row:
            out += [cell, "|"] if cell else ["|"]
    return "\n".join(out) + "\n"


GROUPS = HEAD + _cells(
    ["**STT**", "**NHIỆM VỤ**", "**CHỦ TRÌ**", "**PHỐI HỢP**", "**THỜI GIAN**"],
    ["**I**", "**NHÓM GIẢI PHÁP VỀ\nCƠ CHẾ CHÍNH SÁCH**"],
    ["1", "Rà soát các cơ chế, chính sách\nhỗ trợ chuyển đổi số", "Sở Tài chính", "Sở, ban, ngành", "Thường xuyên"],
    ["2", "Ban hành quy chế dữ liệu", "Sở Tư pháp", "", "2026"],
    ["**II**", "**NHÓM GIẢI PHÁP VỀ HẠ TẦNG**"],
    ["1", "Phủ sóng di động băng rộng\nđến các thôn, bản", "Sở Khoa học và Công nghệ", "Doanh nghiệp viễn thông",
     "2026"],
    ["2", "Nâng cấp trung tâm dữ liệu", "Sở Khoa học và Công nghệ", "", ""],
)


def imported(tmp_path: Path, name: str, text: str) -> tuple[ImportResult, list[str], str]:
    """Import a source and render what import wrote: the result, the ND30 errors, the rendered text."""
    result, errors = import_and_render(tmp_path, name, text)
    return result, errors, docx_text(tmp_path / f"{Path(name).stem}.docx")


def _notes(result: ImportResult) -> list[str]:
    return [f"{w.line}: {w.message}" for w in result.warnings]


def test_group_rows_spanning_the_table_are_rows_of_the_rebuilt_table(tmp_path):
    result, errors, rendered = imported(tmp_path, "nhom.md", GROUPS)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.cot == ["STT", "NHIỆM VỤ", "CHỦ TRÌ", "PHỐI HỢP", "THỜI GIAN"]
    assert appendix.dong == [
        ["**I**", "**NHÓM GIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH**", "", "", ""],
        ["1", "Rà soát các cơ chế, chính sách hỗ trợ chuyển đổi số", "Sở Tài chính", "Sở, ban, ngành", "Thường xuyên"],
        ["2", "Ban hành quy chế dữ liệu", "Sở Tư pháp", "", "2026"],
        ["**II**", "**NHÓM GIẢI PHÁP VỀ HẠ TẦNG**", "", "", ""],
        ["1", "Phủ sóng di động băng rộng đến các thôn, bản", "Sở Khoa học và Công nghệ", "Doanh nghiệp viễn thông",
         "2026"],
        ["2", "Nâng cấp trung tâm dữ liệu", "Sở Khoa học và Công nghệ", "", ""],
    ]
    assert appendix.ghi_chu == []
    (note,) = [n for n in _notes(result) if "bảng phụ lục" in n]
    first_group = GROUPS.splitlines().index("**I**") + 1
    second_group = GROUPS.splitlines().index("**II**") + 1
    assert "5 cột, 6 dòng" in note and "2 dòng ít ô hơn 5 cột" in note
    assert f"dòng {first_group} ('I')" in note and f"{second_group} ('II')" in note
    table = GROUPS.split("*(Kèm theo")[1].split("\n", 2)[2]
    assert in_order_ratio(words(table), words(rendered.split("NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026")[-1])) == 1.0


PARTS = HEAD + _cells(
    ["**STT**", "**Nhiệm vụ**", "**Đơn vị thực hiện**", "**Kinh phí (triệu đồng)**"],
    ["**A**", "**NHIỆM VỤ CHUNG**"],
    ["**I**", "**Thể chế**"],
    ["1.1", "Rà soát quy định", "Sở Tư pháp", "120"],
    ["1.2", "Ban hành hướng dẫn", "Sở Nội vụ", "80"],
    ["**B**", "**NHIỆM VỤ NGÀNH**"],
    ["**Nội dung**", "**Đơn vị thực hiện**", "**Kinh phí (triệu đồng)**"],
    ["2.1", "Số hóa hồ sơ đất đai", "Sở Nông nghiệp và Môi trường", "300", "", ""],
    ["2.2", "Số hóa hồ sơ xây dựng", "Sở Xây dựng", "100"],
    ["3", "Số hóa hồ sơ y tế", "Sở Y tế", "150"],
    ["…................"],
    ["5", "Tập huấn kỹ năng số", "Sở Nội vụ", "50"],
    ["**Tổng cộng**", "**800**"],
)


def test_a_table_in_parts_with_letter_groups_a_repeated_header_and_a_total(tmp_path):
    """The part header and the total set their cells under the column of the same name and of the
    amounts; a row drawn wider loses only its empty cells; '…' (rows the copy left out) is a row."""
    result, errors, _ = imported(tmp_path, "phan.md", PARTS)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.cot == ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Kinh phí (triệu đồng)"]
    assert appendix.dong == [
        ["**A**", "**NHIỆM VỤ CHUNG**", "", ""],
        ["**I**", "**Thể chế**", "", ""],
        ["1.1", "Rà soát quy định", "Sở Tư pháp", "120"],
        ["1.2", "Ban hành hướng dẫn", "Sở Nội vụ", "80"],
        ["**B**", "**NHIỆM VỤ NGÀNH**", "", ""],
        ["", "**Nội dung**", "**Đơn vị thực hiện**", "**Kinh phí (triệu đồng)**"],
        ["2.1", "Số hóa hồ sơ đất đai", "Sở Nông nghiệp và Môi trường", "300"],
        ["2.2", "Số hóa hồ sơ xây dựng", "Sở Xây dựng", "100"],
        ["3", "Số hóa hồ sơ y tế", "Sở Y tế", "150"],
        ["…................", "", "", ""],
        ["5", "Tập huấn kỹ năng số", "Sở Nội vụ", "50"],
        ["**Tổng cộng**", "", "", "**800**"],
    ]
    (note,) = [n for n in _notes(result) if "bảng phụ lục" in n]
    assert "6 dòng ít ô hơn 4 cột" in note and "('Nội dung', không ghi từ cột đầu)" in note
    assert "('Tổng cộng', không ghi từ cột đầu)" in note


def test_a_shape_still_unclear_stays_text_with_its_note(tmp_path):
    """More short rows than full ones: no table is guessed, the rows stay paragraphs (a row each, its cells
    set apart by '|'), in order."""
    unclear = HEAD + _cells(
        ["**STT**", "**Nội dung**", "**Chủ trì**"],
        ["**I**", "**Nhóm một**"], ["1", "Việc một", "Sở Nội vụ"],
        ["**II**", "**Nhóm hai**"], ["**III**", "**Nhóm ba**"])
    result, errors, rendered = imported(tmp_path, "mo.md", unclear)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.cot == [] and appendix.dong == []  # no empty one-column table
    assert appendix.ghi_chu[:3] == ["| STT | Nội dung | Chủ trì |", "| I | Nhóm một |", "| 1 | Việc một | Sở Nội vụ |"]
    assert any("không nhận ra được số cột" in n for n in _notes(result))
    kept = "STT Nội dung Chủ trì I Nhóm một 1 Việc một Sở Nội vụ II Nhóm hai III Nhóm ba"
    assert in_order_ratio(words(kept), words(rendered)) == 1.0


def test_paragraphs_above_a_table_and_a_text_appendix_keep_their_words(tmp_path):
    """A heading between the reference line and the table goes below the table, said; an appendix of
    paragraphs with no table keeps them all."""
    source = HEAD + "**A. CẤP TỈNH**\n\n" + _cells(
        ["**STT**", "**Tên**", "**Chủ trì**"], ["1", "Việc một", "Sở Nội vụ"], ["2", "Việc hai", "Sở Tư pháp"]) + \
        "\n**PHỤ LỤC II**\n\nHƯỚNG DẪN BÁO CÁO\n\nCác sở báo cáo định kỳ hằng quý.\n\nVăn phòng tổng hợp, trình\nký.\n"
    result, errors, rendered = imported(tmp_path, "hai.md", source)
    assert errors == []
    first, second = result.plan.phu_luc
    assert first.cot == ["STT", "Tên", "Chủ trì"] and len(first.dong) == 2 and first.ghi_chu == ["A. CẤP TỈNH"]
    assert second.tieu_de == "HƯỚNG DẪN BÁO CÁO"
    assert second.ghi_chu == ["Các sở báo cáo định kỳ hằng quý.", "Văn phòng tổng hợp, trình ký."]
    heading = source.splitlines().index("**A. CẤP TỈNH**") + 1
    assert any(n.startswith(f"{heading}: đoạn 'A. CẤP TỈNH' đứng trên bảng") for n in _notes(result))
    assert in_order_ratio(words("Các sở báo cáo định kỳ hằng quý Văn phòng tổng hợp trình ký"), words(rendered)) == 1.0


def test_a_table_then_a_heading_and_another_table_rebuilds_the_first_and_keeps_the_rest(tmp_path):
    """The rows stop where a cell opens no row; the first table is rebuilt, the heading and the
    second table (other columns) stay paragraphs below it, in order; a row whose number cell is
    empty (merged with the one above) is a row."""
    first = _cells(["**STT**", "**Tên thủ tục**", "**Thời hạn**", "**Cơ quan**"],
                   ["1", "Cấp giấy phép", "10 ngày", "Sở Công Thương"],
                   ["", "Gia hạn giấy phép", "5 ngày", "Sở Công Thương"],
                   ["2", "Thu hồi giấy phép", "3 ngày", "Sở Công Thương"])
    second = _cells(["**STT**", "**Mã thủ tục**"], ["1", "2.001561"])
    source = HEAD + first + "**II. DANH MỤC THỦ TỤC BÃI BỎ**\n" + second
    result, errors, rendered = imported(tmp_path, "hai-bang.md", source)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.cot == ["STT", "Tên thủ tục", "Thời hạn", "Cơ quan"]
    assert appendix.dong == [["1", "Cấp giấy phép", "10 ngày", "Sở Công Thương"],
                             ["", "Gia hạn giấy phép", "5 ngày", "Sở Công Thương"],
                             ["2", "Thu hồi giấy phép", "3 ngày", "Sở Công Thương"]]
    assert "      II. DANH MỤC THỦ TỤC BÃI BỎ\n      STT\n      Mã thủ tục\n      1\n      2.001561\n" in result.yaml_text
    heading = source.splitlines().index("**II. DANH MỤC THỦ TỤC BÃI BỎ**") + 1
    assert any(n.startswith(f"{heading}: sau dòng cuối của bảng phụ lục") for n in _notes(result))
    # The plan's paragraphs take no typed number ('II.' is dropped when the plan is read), the rest stays.
    table = source.split("*(Kèm theo")[1].split("\n", 2)[2].replace("II. ", "")
    assert in_order_ratio(words(table), words(rendered.split("NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026")[-1])) == 1.0


def test_a_group_heading_in_one_cell_across_the_row_reads_in_the_first_text_column(tmp_path):
    source = HEAD + _cells(
        ["**TT**", "**Tên thủ tục**", "**Thời hạn**", "**Phí, lệ phí**"],
        ["**A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH**"],
        ["1", "Cấp bản sao từ sổ gốc", "Trong ngày", "Không"],
        ["2", "Chứng thực chữ ký", "Trong ngày", "10.000 đồng"],
        ["**B. THỦ TỤC HÀNH CHÍNH CẤP XÃ**"],
        ["1", "Đăng ký khai sinh", "Trong ngày", "Không"])
    result, errors, _ = imported(tmp_path, "mot-o.md", source)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.dong == [
        ["", "**A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH**", "", ""],
        ["1", "Cấp bản sao từ sổ gốc", "Trong ngày", "Không"],
        ["2", "Chứng thực chữ ký", "Trong ngày", "10.000 đồng"],
        ["", "**B. THỦ TỤC HÀNH CHÍNH CẤP XÃ**", "", ""],
        ["1", "Đăng ký khai sinh", "Trong ngày", "Không"],
    ]
    (note,) = [n for n in _notes(result) if "bảng phụ lục" in n]
    assert "2 dòng ít ô hơn 4 cột" in note and "('A. THỦ TỤC HÀNH CHÍN', không ghi từ cột đầu)" in note


def test_a_header_of_two_rows_with_repeated_sub_columns_joins_their_names(tmp_path):
    """'Năm 2026' and 'Năm 2027' each over 'Kế hoạch', 'Thực hiện'; a single sub-column group could
    stand under any name, so that shape stays text."""
    source = HEAD + _cells(
        ["**TT**", "**Chỉ tiêu**", "**Năm 2026**", "**Năm 2027**", "**Ghi chú**"],
        ["**Kế hoạch**", "**Thực hiện**", "**Kế hoạch**", "**Thực hiện**"],
        ["1", "Hồ sơ trực tuyến (%)", "80", "75", "90", "", ""],
        ["2", "Thủ tục toàn trình (%)", "60", "62", "70", "", "Ước"])
    result, errors, _ = imported(tmp_path, "hai-dong.md", source)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.cot == ["TT", "Chỉ tiêu", "Năm 2026 - Kế hoạch", "Năm 2026 - Thực hiện", "Năm 2027 - Kế hoạch",
                            "Năm 2027 - Thực hiện", "Ghi chú"]
    assert appendix.dong == [["1", "Hồ sơ trực tuyến (%)", "80", "75", "90", "", ""],
                             ["2", "Thủ tục toàn trình (%)", "60", "62", "70", "", "Ước"]]
    assert any("hai dòng" in n and "'Năm 2027 - Thực hiện'" in n for n in _notes(result))
    one_group = source.replace("**Kế hoạch**\n|\n**Thực hiện**\n|\n**Kế hoạch**\n|\n**Thực hiện**",
                               "**Kế hoạch**\n|\n**Thực hiện**")
    result, errors, _ = imported(tmp_path, "mot-nhom.md", one_group)
    assert errors == [] and result.plan.phu_luc[0].dong == []


def test_a_caption_between_two_parts_under_the_same_header_is_a_row(tmp_path):
    part = [["**STT**", "**Tên thủ tục**", "**Cơ quan**", "**Ghi chú**"]]
    source = HEAD + _cells(*part, ["1", "Cấp phép khai thác", "Sở Nông nghiệp và Môi trường", ""],
                           ["2", "Gia hạn giấy phép", "Sở Nông nghiệp và Môi trường", "Cấp tỉnh"]) \
        + "2. Danh mục thủ tục cấp xã\n" + _cells(*part, ["1", "Xác nhận hợp đồng", "UBND cấp xã", ""],
                                                   ["2", "Đăng ký kinh tế trang trại", "UBND cấp xã", ""])
    result, errors, _ = imported(tmp_path, "hai-phan.md", source)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.cot == ["STT", "Tên thủ tục", "Cơ quan", "Ghi chú"]
    assert [r[:2] for r in appendix.dong] == [
        ["1", "Cấp phép khai thác"], ["2", "Gia hạn giấy phép"], ["", "2. Danh mục thủ tục cấp xã"],
        ["**STT**", "**Tên thủ tục**"], ["1", "Xác nhận hợp đồng"], ["2", "Đăng ký kinh tế trang trại"]]
    assert appendix.ghi_chu == []


def test_steps_column_numbers_and_a_group_heading_with_an_empty_number_cell(tmp_path):
    """Rows numbered 'Bước 1' or '(1)' open rows like running numbers; a group heading whose number
    cell is empty is a row."""
    source = HEAD + _cells(
        ["**Thứ tự**", "**Nội dung công việc**", "**Trách nhiệm**", "**Thời gian**"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["", "**Lĩnh vực bảo trợ xã hội**"],
        ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", "0,5 ngày"],
        ["Bước 2", "Thẩm định hồ sơ", "Phòng chuyên môn", "3 ngày"],
        ["Bước 3", "Trả kết quả", "Bộ phận một cửa", "0,5 ngày"])
    result, errors, _ = imported(tmp_path, "buoc.md", source)
    assert errors == []
    (appendix,) = result.plan.phu_luc
    assert appendix.dong == [
        ["(1)", "(2)", "(3)", "(4)"],
        ["", "**Lĩnh vực bảo trợ xã hội**", "", ""],
        ["Bước 1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", "0,5 ngày"],
        ["Bước 2", "Thẩm định hồ sơ", "Phòng chuyên môn", "3 ngày"],
        ["Bước 3", "Trả kết quả", "Bộ phận một cửa", "0,5 ngày"],
    ]
