"""docs/quy-tac.md and `kehoach check --giai-thich` are the check table's own words: the page in the
repository is what the table generates now, and the command explains any code a finding prints."""

from __future__ import annotations

import re

import pytest
from helpers import REPO, run_cli

from kehoach_gen.check import explain
from kehoach_gen.facts.findings import CODES, FAMILIES


def test_the_rules_page_is_not_stale():
    page = (REPO / "docs" / "quy-tac.md").read_text(encoding="utf-8")
    assert page == explain.markdown(), "docs/quy-tac.md is stale: run `make quy-tac` and commit the page"


def test_the_rules_page_lists_every_code_with_its_clause_severity_and_example():
    page = explain.markdown()
    for code, check in CODES.items():
        section = page.split(f"#### {code}\n", 1)[1].split("\n#### ", 1)[0]
        assert f"**{check.title}** ({'lỗi' if check.severity == 'E' else 'cảnh báo'})" in section
        assert explain.sample_line(check) in section and f"[{code}]" in section
        assert f"| [{code}](#{code.lower()}) |" in page
    for code, family in FAMILIES.items():
        assert f"### {code}: {family.title}\n\nCăn cứ: {family.clause}" in page


@pytest.mark.slow
def test_giai_thich_explains_one_check_as_the_page_does():
    result = run_cli("check", "--giai-thich", "r13d")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "ND30-R13d: Quốc hiệu đậm (lỗi)"
    assert lines[1] == "Thuộc quy tắc ND30-R13: Quốc hiệu"
    assert lines[2].startswith("Căn cứ: Phụ lục I, II.1.a:") and "đậm" in lines[2]
    assert any(line.startswith("Đo gì: chữ đậm ở Quốc hiệu") for line in lines)
    assert "Dung sai: không có: căn cứ nêu rõ điều này." in lines
    assert ("Ví dụ máy báo: van-ban.docx: bảng tiêu đề, ô (1,2), đoạn 1: [ND30-R13d] Quốc hiệu phải in đậm "
            "(đang: không đậm; đúng: đậm)") in lines


@pytest.mark.slow
def test_giai_thich_a_warning_says_its_tolerance_and_why():
    lines = run_cli("check", "--giai-thich", "ND30-R27a").stdout.splitlines()
    assert lines[0] == "ND30-R27a: không dùng đoạn trống (cảnh báo)"
    tolerance = next(line for line in lines if line.startswith("Dung sai: "))
    assert "nên là cảnh báo" in tolerance


@pytest.mark.slow
def test_giai_thich_a_rule_lists_its_checks():
    result = run_cli("check", "--giai-thich", "R30")
    assert result.returncode == 0
    listed = re.findall(r"^  (ND30-R30[a-z]) \((lỗi|cảnh báo)\): ", result.stdout, flags=re.MULTILINE)
    assert [code for code, _ in listed] == [c.code for c in FAMILIES["ND30-R30"].checks]
    content = run_cli("check", "--giai-thich", "c3").stdout
    assert content.startswith("ND-C03: dẫn văn bản có ngày sau ngày ban hành (lỗi)")
    assert "Gợi ý sửa: kiểm tra lại ngày, tháng, năm của văn bản được dẫn" in content


@pytest.mark.slow
def test_giai_thich_an_unknown_code_names_close_ones_and_exits_2():
    result = run_cli("check", "--giai-thich", "R99")
    assert result.returncode == 2 and not result.stdout
    assert "không có mã kiểm tra 'R99'; có phải ý bạn là: ND30-R09, ND30-R19" in result.stderr
    assert "Traceback" not in result.stderr
    words = run_cli("check", "--giai-thich", "tiêu ngữ")
    assert words.returncode == 2 and "ND30-R14" in words.stderr and "ND30-G06" in words.stderr
    nothing = run_cli("check", "--giai-thich", "xyz")
    assert nothing.returncode == 2 and "Danh sách mọi mã: docs/quy-tac.md" in nothing.stderr
    both = run_cli("check", "--giai-thich", "R13", "van-ban.docx")
    assert both.returncode == 2 and "--giai-thich dùng riêng" in both.stderr


@pytest.mark.slow
def test_check_without_a_file_is_still_a_usage_error():
    result = run_cli("check")
    assert result.returncode == 2 and "thiếu tệp cần kiểm tra" in result.stderr
