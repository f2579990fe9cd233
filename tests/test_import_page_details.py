"""Import keeps what the page showed, the finer points: weight in appendix cells, tables a text copy
wrote one cell a line, a trích yếu in a one-cell table, empty cells of pipe tables, an appendix of
several forms, the drafter's tag as printed, "Kính gửi", the legal bases, notes grouped per block, and
appendix part titles in the source's case. Each case on a minimal file built here and on the real
document of the corpus that shows it; everything through the real `kehoach` command."""

from __future__ import annotations

from pathlib import Path

import docx
import handmade
import pytest
from helpers import body_of, emphasis, run_cli

from kehoach_gen.loader import load_plan

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
B, I = (True, False), (False, True)  # noqa: E741 (bold, italic)


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


def appendix_weight_kept(source: Path, out: Path) -> tuple[int, int]:
    """The bold and italic words of the appendix tables' cells the render keeps, of the source's; the render
    emphasises none the source did not."""
    src, got = body_of(source), body_of(out)
    assert src is not None and got is not None
    kept = []
    for which in (1, 2):
        measured = emphasis(src, got, which, appendices=True)
        assert measured.added == 0, measured.added_words
        kept.append(measured.source - measured.kept)
    return kept[0], kept[1]


# --- 1. weight inside appendix table cells --------------------------------------------------------

WEIGHTED_ROWS = [["TT", "Nhiệm vụ", "Thời gian"],
                 [("I", *B), ("Cải cách thể chế", *B), ""],
                 ["1", "Rà soát văn bản quy phạm pháp luật", "Quý I"],
                 [("1.1", *I), ("Văn bản cấp tỉnh", *I), ("Quý II", *I)]]
WEIGHTED_APPENDIX = [("PHỤ LỤC", True), ("PHÂN CÔNG NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", True), ("table", WEIGHTED_ROWS)]


def test_weight_inside_appendix_cells_is_kept_through_import_and_render(tmp_path):
    body = [*handmade.BODY[:-1], ("2. Sở Nội vụ theo dõi, báo cáo theo Phụ lục kèm theo./.", False)]
    source = handmade.build(tmp_path / "pl.docx", body=body, after_signature=WEIGHTED_APPENDIX)
    plan_path, _ = imported(source, tmp_path)
    (appendix,) = load_plan(plan_path).phu_luc
    assert appendix.cot == ["TT", "Nhiệm vụ", "Thời gian"]
    assert appendix.dong == [["**I**", "**Cải cách thể chế**", ""], ["1", "Rà soát văn bản quy phạm pháp luật", "Quý I"],
                             ["*1.1*", "*Văn bản cấp tỉnh*", "*Quý II*"]]
    out = rendered(plan_path)
    assert appendix_weight_kept(source, out) == (0, 0)
    group = next(c for t in docx.Document(str(out)).tables for c in t._cells if c.text == "Cải cách thể chế")
    assert all(r.bold for p in group.paragraphs for r in p.runs)


@pytest.mark.parametrize("name", ["01_lamdong_KH_CCHC2026.docx", "02_lamdong_KH_CCHC2026_duthao.docx",
                                  "10_lamdong_BC_CCHC2025.docx"])
def test_real_appendix_tables_keep_their_bold_groups_and_italic_sub_rows(tmp_path, name):
    """docx/01 and 02: the group rows 'I Cải cách thể chế' ... printed bold; docx/10: the sub-rows 1.4.1.,
    3.1.1. ... printed italic."""
    source = CORPUS / "docx" / name
    plan_path, _ = imported(source, tmp_path)
    rows = [row for ap in load_plan(plan_path).phu_luc for row in [*ap.dong, *(r for t in ap.tables() for r in t.dong)]]
    if name.startswith("10"):
        assert ["*1.4.1.*", "*Số TTHC cấp tỉnh*", "*Thủ tục*", "*1.946*", ""] in rows
    else:
        assert ["**I**", "**Cải cách thể chế**", "", "", "", "", ""] in rows
    assert appendix_weight_kept(source, rendered(plan_path)) == (0, 0)
