"""Content checks (ND-C..): what a leader would send a plan back for, each located at its YAML line:col;
the final mode that refuses such a plan; `new --from` moving deadlines; the same text checks on any .docx."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from helpers import EXAMPLE_NAMES, EXAMPLES, docx_text, run_cli

from kehoach_gen.content import Finding, leftover_hits, load_checked
from kehoach_gen.content.paragraphs import check_paragraphs
from kehoach_gen.facts import provinces
from kehoach_gen.importer.assemble import (
    PLACEHOLDER_ITEM,
    PLACEHOLDER_RECIPIENT,
    PLACEHOLDER_SECTION,
    PLACEHOLDER_SIGNER,
    PLACEHOLDER_SUMMARY,
)
from kehoach_gen.start.starter import starter_text


def _plan(tmp_path: Path, body: str, name: str = "ke-hoach.yaml", **fields: str) -> Path:
    head = {"co_quan": "Ủy ban nhân dân tỉnh Lai Châu", "so": "12", "ngay": "2027-01-10",
            "trich_yeu": "Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2027", **fields}
    text = "".join(f"{k}: {v}\n" for k, v in head.items()) + textwrap.dedent(body)
    if "noi_nhan:" not in text:
        text += "noi_nhan: [Bộ Ngoại giao]\nluu: [VT, NC]\n"
    if "nguoi_ky:" not in text:
        text += "nguoi_ky:\n  ho_ten: Lò Văn Hùng\n"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def _col_of(path: Path, needle: str) -> int:
    return path.read_text(encoding="utf-8").split("\n")[_line_of(path, needle) - 1].index(needle) + 1


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def _at(findings: list[Finding], code: str) -> Finding:
    return next(f for f in findings if f.code == code)


def test_the_examples_and_every_fresh_starter_have_no_false_finding(tmp_path):
    for name in EXAMPLE_NAMES:
        assert load_checked(EXAMPLES / f"{name}.yaml")[1] == [], name
    for province in provinces.current():
        path = tmp_path / "moi.yaml"
        path.write_text(starter_text(province.name, 2027, path.name), encoding="utf-8")
        findings = load_checked(path)[1]
        # Only the starter's deliberate sample signer, which the final mode alone refuses.
        assert _codes(findings) == ["ND-C11"], (province.name, [str(f) for f in findings])
        assert findings[0].severity == "W" and findings[0].leftover


@pytest.mark.slow
def test_plan_issued_after_its_year_with_last_years_appendix_is_refused_with_locations(tmp_path):
    plan = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: Triển khai các nhiệm vụ đối ngoại (chi tiết tại Phụ lục kèm theo).
        phu_luc:
          - tieu_de: Kế hoạch đoàn ra năm 2026
            cot: [TT, Nội dung, Thời gian]
            dong:
              - [1, Xúc tiến đầu tư, Quý II/2027]
        """, ngay="2028-03-10")
    result = run_cli("validate", str(plan))
    assert result.returncode == 3, result.stderr
    err = result.stderr
    assert f"{plan}:{_line_of(plan, 'ngay:')}:7: lỗi: ngay: [ND-C02a]" in err
    assert f"{plan}:{_line_of(plan, 'năm 2026')}:{_col_of(plan, 'năm 2026')}: lỗi: phu_luc[1].tieu_de: [ND-C01]" in err
    assert "năm 2027" in err and "gợi ý:" in err
    quarter = _line_of(plan, "Quý II/2027")
    assert f"{plan}:{quarter}:" in err and "[ND-C04] thời hạn 'Quý II/2027' đã qua trước ngày ban hành (10/03/2028)" in err


def test_cited_documents_dated_after_the_issue_date_are_errors_in_every_date_form(tmp_path):
    plan = _plan(tmp_path, """\
        can_cu:
          - Căn cứ Nghị quyết số 12/NQ-HĐND ngày 05 tháng 01 năm 2024 của Hội đồng nhân dân tỉnh
        mo_dau: |
          Thực hiện Thông báo số 450/TB-VPCP ngày 06/12/2024 của Văn phòng Chính phủ;
          Thực hiện Kế hoạch số 12/KH-UBND ngày 05 tháng 4 năm 2024 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2024 như sau:
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: Triển khai Chỉ thị 38-CT/TW ngày 21/7/2014 của Ban Bí thư.
        """, so="58", ngay="2024-03-11", trich_yeu="Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2024")
    findings = load_checked(plan)[1]
    assert _codes(findings) == ["ND-C03", "ND-C03"]
    notice, plan_ref = findings
    assert (notice.line, notice.column) == (_line_of(plan, "06/12/2024"), _col_of(plan, "ngày 06/12/2024"))
    assert notice.severity == "E"
    assert "06/12/2024" in notice.message and "11/03/2024" in notice.message
    assert plan_ref.line == _line_of(plan, "05 tháng 4 năm 2024") and plan_ref.where == "mo_dau[2]"


def test_deadlines_against_the_issue_date_and_the_year_and_dates_that_do_not_exist(tmp_path):
    plan = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            muc:
              - tieu_de: Báo cáo
                nhiem_vu:
                  - noi_dung: Báo cáo sơ kết.
                    chu_tri: Sở Ngoại vụ
                    thoi_gian: trước ngày 05/01/2027
                  - noi_dung: Báo cáo tổng kết.
                    chu_tri: Sở Ngoại vụ
                    thoi_gian: trước ngày 15 tháng 12 năm 2029
                  - noi_dung: Tổng hợp kết quả trước ngày 30/02/2027 và trước ngày 15/01/2028.
                    chu_tri: Sở Ngoại vụ
        """)
    findings = load_checked(plan)[1]
    assert _codes(findings) == ["ND-C04", "ND-C05", "ND-C06"]
    late, far, missing = findings
    assert late.severity == "E" and late.line == _line_of(plan, "05/01/2027") and "10/01/2027" in late.message
    assert far.severity == "W" and far.where.endswith("thoi_gian") and "năm 2027" in far.message
    assert missing.severity == "E" and "30/02/2027" in missing.message  # 15/01/2028, a final report, is usual


@pytest.mark.parametrize("placeholder", [PLACEHOLDER_SECTION, PLACEHOLDER_ITEM, PLACEHOLDER_SUMMARY,
                                         PLACEHOLDER_SIGNER, PLACEHOLDER_RECIPIENT])
def test_every_import_placeholder_is_a_leftover(placeholder):
    hits = list(leftover_hits(f"Nội dung {placeholder} tiếp theo", "body"))
    assert [h.code for h in hits] == ["ND-C10"] and hits[0].leftover


@pytest.mark.slow
def test_leftovers_are_warnings_in_a_draft_and_refused_in_the_final_version(tmp_path):
    plan = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: |
              Thực hiện Công văn số .../UBND-NC ngày xx/xx/2027 của Ủy ban nhân dân tỉnh.
              [Cần bổ sung nội dung nhiệm vụ]
              ...
              (Chi tiết tại Phụ lục kèm theo)
        phu_luc:
          - tieu_de: Kế hoạch đoàn ra năm 2027
            cot: [TT, Nội dung]
        noi_nhan: [Bộ Ngoại giao]
        luu: [VT, NC]
        nguoi_ky:
          ho_ten: Nguyễn Văn A
        """)
    findings = load_checked(plan)[1]
    assert _codes(findings) == ["ND-C12b", "ND-C10", "ND-C12a", "ND-C13", "ND-C11"]
    assert all(f.severity == "W" and f.leftover for f in findings)
    assert _at(findings, "ND-C10").line == _line_of(plan, "[Cần bổ sung")
    assert findings[2].line == _line_of(plan, "  ...")
    assert _at(findings, "ND-C11").line == _line_of(plan, "Nguyễn Văn A")
    draft = run_cli("render", str(plan))
    assert draft.returncode == 0, draft.stderr
    assert (tmp_path / "ke-hoach.docx").exists() and "(còn sót)" in draft.stderr
    (tmp_path / "ke-hoach.docx").unlink()
    final = run_cli("render", "--ban-chinh-thuc", str(plan))
    assert final.returncode == 1
    assert not (tmp_path / "ke-hoach.docx").exists()  # nothing written, not even a half
    assert "bản chính thức (--ban-chinh-thuc) chưa được tạo" in final.stderr
    assert f"{plan}:{_line_of(plan, 'Nguyễn Văn A')}:" in final.stderr and "Traceback" not in final.stderr


@pytest.mark.slow
def test_a_clean_plan_renders_in_the_final_mode(tmp_path):
    plan = tmp_path / "hau-giang-2018.yaml"
    plan.write_text((EXAMPLES / "hau-giang-2018.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("render", "--ban-chinh-thuc", str(plan))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "hau-giang-2018.docx").exists() and "ND-C" not in result.stderr


def test_appendices_cited_and_recipients(tmp_path):
    plan = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: Chi tiết tại Phụ lục I, Phụ lục II và Phụ lục III kèm theo.
        phu_luc:
          - tieu_de: Đoàn ra năm 2027
            cot: [TT, Nội dung]
            dong: [[1, Xúc tiến]]
          - tieu_de: Đoàn vào năm 2027
            cot: [TT, Nội dung]
            dong: [[1, Đón tiếp]]
        noi_nhan:
          - Bộ Ngoại giao
          - TT. Tỉnh ủy (B/c)
          - Bộ Ngoại giao;
          - tt. tỉnh ủy
          - "Lưu: VT, NC"
        """)
    findings = load_checked(plan)[1]
    # An appendix never cited is refused at validation already (test_truth); here: one cited that is missing.
    assert _codes(findings) == ["ND-C15", "ND-C17b", "ND-C16", "ND-C16", "ND-C17a"]
    assert "Phụ lục III" in findings[0].message and findings[0].severity == "E"
    assert findings[1].severity == "W" and findings[1].where == "noi_nhan"  # no luu: the file says only "Lưu: VT"
    assert findings[2].where == "noi_nhan[3]" and findings[2].line == _line_of(plan, "- Bộ Ngoại giao;")
    assert findings[3].where == "noi_nhan[4]"
    assert findings[4].severity == "E" and findings[4].line == _line_of(plan, "Lưu: VT, NC")


def test_wording_of_a_city_and_of_a_province_and_the_name_as_the_header_spells_it(tmp_path):
    city = _plan(tmp_path, """\
        mo_dau: Thực hiện chỉ đạo của Tỉnh ủy, Ủy ban nhân dân thành phố Hà Nội ban hành Kế hoạch.
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: |
              Làm việc với Bí thư Tỉnh ủy Vân Nam; báo cáo HĐND tỉnh và Thành ủy Hà Nội.
              Các huyện ủy, thành ủy phối hợp.
        """, name="ha-noi.yaml", co_quan="Ủy ban nhân dân thành phố Hà Nội",
        trich_yeu="Công tác đối ngoại trên địa bàn thành phố Hà nội năm 2027")
    findings = load_checked(city)[1]
    assert _codes(findings) == ["ND-C21", "ND-C20", "ND-C20"]
    assert "'Hà nội'" in findings[0].message and "viết 'Hà Nội'" in findings[0].suggestion
    assert "'Tỉnh ủy'" in findings[1].message and "Thành ủy" in findings[1].suggestion
    assert findings[2].line == _line_of(city, "HĐND tỉnh") and "HĐND thành phố" in findings[2].suggestion
    province = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: |
              Báo cáo Thành ủy và UBND thành phố theo quy định; UBND các huyện, thành phố Lai Châu thực hiện.
              Quảng bá hình ảnh tỉnh Lai Chau với bạn bè quốc tế.
        """, name="lai-chau.yaml")
    findings = load_checked(province)[1]
    assert _codes(findings) == ["ND-C20", "ND-C20", "ND-C21"]
    assert (findings[2].line, findings[2].column) == (_line_of(province, "Lai Chau"), _col_of(province, "Lai Chau"))


def test_last_years_deadline_left_in_a_draft_for_next_year_is_reported(tmp_path):
    plan = _plan(tmp_path, """        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: Các sở gửi kế hoạch về Sở Ngoại vụ trước ngày 15 tháng 12 năm 2027.
        """, so="", ngay="2027-12", trich_yeu="Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2028")
    (finding,) = load_checked(plan)[1]
    assert finding.code == "ND-C05" and finding.line == _line_of(plan, "15 tháng 12 năm 2027")
    assert "năm 2028" in finding.message


@pytest.mark.slow
def test_roll_forward_moves_deadlines_and_lists_what_it_left(tmp_path):
    old = _plan(tmp_path, """\
        mo_dau: |
          Thực hiện Công văn số 15/UBND-NC ngày 20/11/2027 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2027 như sau:
        phan:
          - tieu_de: Nhiệm vụ
            muc:
              - tieu_de: Báo cáo
                noi_dung: Các sở báo cáo trước ngày 30/11/2027; kỷ niệm ngày 05/9/2027; tổng kết năm 2026.
                nhiem_vu:
                  - noi_dung: Tổng kết.
                    chu_tri: Sở Ngoại vụ
                    thoi_gian: trước ngày 15 tháng 12 năm 2027
        """, name="ke-hoach-2027.yaml", ngay="2026-12-20")
    result = run_cli("new", "--from", str(old), "--nam", "2028")
    assert result.returncode == 0, result.stderr
    new = tmp_path / "ke-hoach-2028.yaml"
    text = new.read_text(encoding="utf-8")
    assert "thoi_gian: trước ngày 15 tháng 12 năm 2028" in text and "trước ngày 30/11/2028" in text
    assert "ngày 20/11/2027" in text and "ngày 05/9/2027" in text and "năm 2026" in text
    out = result.stdout
    assert f"dòng {_line_of(new, 'thoi_gian')}: 'ngày 15 tháng 12 năm 2027' -> 'ngày 15 tháng 12 năm 2028'" in out
    assert "giữ nguyên 'ngày 20/11/2027' (ngày của văn bản được dẫn)" in out
    assert "giữ nguyên 'ngày 05/9/2027' (ngày của một sự kiện, không phải thời hạn)" in out
    assert "giữ nguyên 'năm 2026'" in out and "3 chỗ giữ nguyên cần xem lại" in out
    check = run_cli("validate", str(new))
    assert check.returncode == 0 and "ND-C04" not in check.stderr and "ND-C05" not in check.stderr


@pytest.mark.slow
def test_check_reads_dates_and_leftovers_in_any_docx(tmp_path):
    plan = _plan(tmp_path, """\
        mo_dau: Thực hiện Thông báo số 450/TB-VPCP ngày 06/12/2024 của Văn phòng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: Các sở báo cáo trước ngày 15/01/2024; [Cần bổ sung nội dung] (chi tiết tại Phụ lục kèm theo).
        phu_luc:
          - tieu_de: Kế hoạch đoàn ra năm 2023 (Phụ lục kèm theo)
            cot: [TT, Nội dung]
            dong: [[1, Xúc tiến]]
        """, so="58", ngay="2024-03-11", trich_yeu="Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2024")
    assert run_cli("render", str(plan)).returncode == 3  # drafts and plans with errors are still written
    out = tmp_path / "ke-hoach.docx"
    result = run_cli("check", str(out))
    assert result.returncode == 3
    lines = [line for line in result.stdout.splitlines() if "[ND-C" in line]
    assert any("[ND-C03]" in line and "06/12/2024" in line and "đoạn" in line for line in lines)
    assert any("[ND-C04]" in line and "15/01/2024" in line for line in lines)
    assert any("[ND-C01]" in line and "2023" in line for line in lines)
    assert any("[ND-C10] cảnh báo:" in line for line in lines)
    report = json.loads(run_cli("check", "--json", str(out)).stdout)
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert all(f["title"] for f in report["files"][0]["findings"] if f["rule"].startswith("ND-C"))
    assert {"ND-C01", "ND-C03", "ND-C04", "ND-C10"} <= rules and report["errors"] >= 3
    # Plain paragraphs, as any text gives them: the same checks.
    texts = docx_text(out).split("\n")
    assert {"ND-C03", "ND-C04"} <= {f.code for f in check_paragraphs(texts)}


def test_check_does_not_fault_a_report_for_past_dates():
    texts = ["ỦY BAN NHÂN DÂN", "Lâm Đồng, ngày 10 tháng 12 năm 2025", "BÁO CÁO", "Kết quả cải cách hành chính năm 2025",
             "Các đơn vị đã báo cáo trước ngày 30/9/2025."]
    assert check_paragraphs(texts) == []
    texts[2] = "KẾ HOẠCH"
    assert [f.code for f in check_paragraphs(texts)] == ["ND-C04"]


def test_what_is_not_a_finding(tmp_path):
    """Legitimate writing the checks must leave alone."""
    plan = _plan(tmp_path, """\
        mo_dau: Căn cứ hướng dẫn của Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương, Ủy ban nhân dân tỉnh Thanh Hoá ban hành Kế hoạch như sau.
        phan:
          - tieu_de: Kết quả thực hiện năm 2026
            noi_dung: |
              Đến ngày 31/12/2026, toàn tỉnh đã đón 12 đoàn; chế độ cho người hoạt động trước ngày 01/01/1945.
              Các sở xây dựng kế hoạch trước ngày 31/12/2026; báo cáo tổng kết trước ngày 15/01/2028.
              Tham gia các hoạt động giao lưu, hợp tác,... với các địa phương nước ngoài.
        """, co_quan="Ủy ban nhân dân tỉnh Thanh Hóa", ngay="2026-12-05",
        trich_yeu="Công tác đối ngoại trên địa bàn tỉnh Thanh Hóa năm 2027")
    assert load_checked(plan)[1] == []


def test_the_same_words_twice_in_a_paragraph_are_two_places(tmp_path):
    plan = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: |
              Mở đầu.
              Báo cáo HĐND tỉnh; gửi HĐND tỉnh và Tỉnh ủy.
        """, name="hue.yaml", co_quan="Ủy ban nhân dân thành phố Huế",
        trich_yeu="Công tác đối ngoại trên địa bàn thành phố Huế năm 2027")
    findings = load_checked(plan)[1]
    line = _line_of(plan, "gửi HĐND tỉnh")
    first = _col_of(plan, "HĐND tỉnh;")
    assert [(f.line, f.column) for f in findings] == [(line, first), (line, first + 15), (line, first + 28)]


def test_an_import_that_could_not_tell_the_issuer_is_not_held_to_a_guessed_kind(tmp_path):
    plan = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: Báo cáo Thành ủy và Ủy ban nhân dân thành phố.
        """, co_quan="Ủy ban nhân dân tỉnh [Tên tỉnh]")
    assert [(f.code, f.where) for f in load_checked(plan)[1]] == [("ND-C10", "co_quan")]


def test_another_documents_appendix_and_both_kinds_named_are_not_faulted(tmp_path):
    city = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: |
              Thực hiện các nhiệm vụ tại Phụ lục II Nghị quyết số 12/NQ-CP và phụ lục III, Nghị định số 105/2025/NĐ-CP.
              Các Thành ủy/Tỉnh ủy trực thuộc Trung ương quán triệt Kết luận số 45-KL/TW[^1].
        chu_thich:
          1: Kế hoạch số 01-KH/TU của Tỉnh ủy và Đảng bộ tỉnh Hậu Giang (cũ).
        """, co_quan="Ủy ban nhân dân thành phố Cần Thơ", trich_yeu="Công tác đối ngoại năm 2027")
    assert load_checked(city)[1] == []
    # The same words about the plan's own appendix, and the other kind's body named alone, are still found.
    wrong = _plan(tmp_path, """\
        phan:
          - tieu_de: Nhiệm vụ
            noi_dung: Chi tiết tại Phụ lục II kèm theo; báo cáo Tỉnh ủy kết quả thực hiện.
        """, name="sai.yaml", co_quan="Ủy ban nhân dân thành phố Cần Thơ", trich_yeu="Công tác đối ngoại năm 2027")
    assert {f.code for f in load_checked(wrong)[1]} == {"ND-C15", "ND-C20"}


def test_a_year_the_summary_itself_names_is_not_a_mismatch(tmp_path):
    """A programme 'giai đoạn 2025 - 2035, định hướng đến năm 2045' has a heading for its horizon."""
    summary = "Thực hiện Chương trình giáo dục mầm non giai đoạn 2025 - 2035, định hướng đến năm 2045"
    plan = _plan(tmp_path, """\
        mo_dau: Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Chương trình giai đoạn 2025 - 2035, định hướng đến năm 2045 như sau.
        phan:
          - tieu_de: Mục tiêu
            muc:
              - tieu_de: Mục tiêu cụ thể đến năm 2035
                noi_dung: Mọi trẻ em được đến trường.
              - tieu_de: Định hướng đến năm 2045
                noi_dung: Nhân rộng các mô hình.
              - tieu_de: Tầm nhìn năm 2040
                noi_dung: Củng cố chất lượng.
              - tieu_de: Mục tiêu năm 2050
                noi_dung: Một năm trích yếu không nêu.
        """, ngay="2025-11-19", trich_yeu=summary)
    findings = load_checked(plan)[1]
    assert [(f.code, f.where) for f in findings] == [("ND-C01", "phan[1].muc[4].tieu_de")], [str(f) for f in findings]
    # A plain plan year still holds its headings to that year.
    single = _plan(tmp_path, """\
        phan:
          - tieu_de: Định hướng đến năm 2045
            noi_dung: Nhân rộng các mô hình.
        """, name="nam.yaml", trich_yeu="Công tác đối ngoại năm 2027, tầm nhìn đến năm 2030")
    assert [f.code for f in load_checked(single)[1]] == ["ND-C01"]


def test_initials_in_the_luu_line_are_not_a_sample_name():
    """'Lưu: VT, M.' ends in a clerk's initials, not in a sample signer's name; the signer still is checked."""
    texts = ["ỦY BAN NHÂN DÂN", "Cần Thơ, ngày 10 tháng 12 năm 2026", "KẾ HOẠCH", "Công tác đối ngoại năm 2027",
             "I. MỤC ĐÍCH", "Triển khai.", "Nơi nhận:", "- Bộ Ngoại giao;", "- Lưu: VT, M.", "- Lưu: VT, NC, H.",
             "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Hùng"]
    assert check_paragraphs(texts) == []
    texts[-1] = "Trần B"
    assert [(f.code, f.where) for f in check_paragraphs(texts)] == [("ND-C11", "đoạn 14: 'Trần B'")]
    for sample in ("Nguyễn Văn A", "Đỗ Thị Đ."):
        assert [h.code for h in leftover_hits(sample, "signer")] == ["ND-C11"]
