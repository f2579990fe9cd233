"""kehoach check on real documents written by provincial offices (tests/fixtures/corpus/docx).

Each real Kế hoạch has a reviewed list of findings (tests/fixtures/check_golden/<file>.tsv: code,
severity, place, and the Phụ lục I basis of each): a finding that comes back after review, or a true
breach that is no longer found, fails here. The other kinds are named and spared the Kế hoạch rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_gen.check import check_file

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "docx"
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "check_golden"
PLANS = sorted(p.stem for p in GOLDEN.glob("*.tsv"))


def _expected(stem: str) -> tuple[str, list[tuple[str, str, str]]]:
    kind, rows = "", []
    for line in (GOLDEN / f"{stem}.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("# kind"):
            kind = cells[1]
        elif not line.startswith("#") and line.strip():
            rows.append((cells[0], cells[1], cells[2]))
    return kind, rows


def test_every_real_plan_has_a_reviewed_list():
    plans = {p.stem for p in CORPUS.glob("*.docx") if check_file(p).kind.is_ke_hoach}  # type: ignore[union-attr]
    assert plans == set(PLANS)


@pytest.mark.parametrize("stem", PLANS)
def test_real_plan_findings_are_the_reviewed_ones(stem):
    kind, expected = _expected(stem)
    report = check_file(CORPUS / f"{stem}.docx")
    assert report.what == kind
    got = [(f.code, f.severity, f.where) for f in report.findings]
    assert sorted(got) == sorted(expected)
    for f in report.findings:  # every message names what failed and what Phụ lục I allows
        assert f.found and f.expected, f.render(stem)


def test_other_kinds_are_named_and_spared_the_plan_rules():
    report = check_file(CORPUS / "08_lamdong_QD_BCD_dulieu.docx")
    assert report.kind is not None and report.kind.type is not None and report.kind.type.name == "Quyết định"
    assert report.kind.is_ubnd and not report.kind.drafted
    assert report.what.startswith("Quyết định") and "không phải Kế hoạch" in report.what
    assert not any("Kế hoạch" in f.message for f in report.findings)
    assert "ND30-R49" not in report.rules_fired()


@pytest.mark.parametrize(("stem", "what"), [
    ("10_lamdong_BC_CCHC2025", "Báo cáo của Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("21_lamdong_BC_quanlyhoi2025", "Báo cáo của Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("22_laocai_BC_khoangsan2025", "Báo cáo của Ủy ban nhân dân tỉnh Lào Cai"),
    ("23_laocai_SCT_BC_ATVSLD2026", "Báo cáo của Sở Công Thương"),
])
def test_a_real_report_is_checked_as_a_bao_cao(stem, what):
    """A report is a kind the checker knows, as a plan is: named as a Báo cáo, with no 'not a plan' aside,
    and the rules of every titled document run on it (its symbol's type, its trích yếu); only the plan's own
    (the TM. line of a UBND plan: real UBND reports sign 'KT. CHỦ TỊCH' straight) stays aside."""
    report = check_file(CORPUS / f"{stem}.docx")
    assert report.kind is not None and report.kind.drafted and not report.kind.is_ke_hoach
    assert report.what == what
    assert not {"ND30-R23", "ND30-R49"} & set(report.skipped)
    assert "ND30-R35" not in report.skipped and not any(f.code == "ND30-R35k" for f in report.findings)
    assert not any("Kế hoạch" in f.message for f in report.findings)


@pytest.mark.parametrize("stem", ["17_nd30_PhulucI", "18_nd30_PhulucIII"])
def test_the_decree_s_own_appendices_pass_the_appendix_rules(stem):
    """Phụ lục I and III of the decree are appendix files: heading, title and "Kèm theo" line as they
    prescribe, so none of the appendix rules fires on them."""
    report = check_file(CORPUS / f"{stem}.docx")
    assert report.kind is not None and report.kind.standalone_appendix
    assert not report.rules_fired() & {"ND30-R43", "ND30-R44", "ND30-R45"}
    assert {f.rule for f in report.errors} <= {"ND30-R07"}  # Phụ lục III has a few runs left in Calibri
