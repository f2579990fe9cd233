"""Appendix tables in `kehoach diff OLD NEW --docx` (the review copy with Word tracked changes).

Each case edits a plan of drafts/examples as a clerk would (a row deleted, inserted, reordered, a cell or a
column name edited, a column added, a whole appendix added or removed), runs the real command, and reads the
review copy back: the column-name row stays first, a deleted row is one tracked row deletion, an inserted
row one tracked row insertion, an edited cell is tracked inside its cell, and the count printed is the
number of changes a reader sees. LibreOffice then accepts or rejects everything and must show exactly the
new or the old plan.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLES, W, run_cli
from lxml import etree
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.render import docx as docx_render
from kehoach_gen.review.tracked import body_lines, resolve

pytestmark = pytest.mark.slow  # ten review copies built for the module, LibreOffice accepting them

HAU_GIANG = EXAMPLES / "hau-giang-2018.yaml"  # the example with an appendix table (TT + 5 columns, 6 rows)
LAI_CHAU = EXAMPLES / "lai-chau-2023.yaml"  # an example with none


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _rows(plan: CommentedMap) -> CommentedSeq:
    return plan["phu_luc"][0]["dong"]


def _renumber(plan: CommentedMap) -> None:
    for k, row in enumerate(_rows(plan), start=1):
        row[0] = k


def _flow(cells: list[object]) -> CommentedSeq:
    row = CommentedSeq(cells)
    row.fa.set_flow_style()
    return row


SINGAPORE = ["Khảo sát mô hình đô thị thông minh", "Cấp tỉnh", "Singapore", "Quý III/2018", "Ngân sách tỉnh"]


def delete_row(plan: CommentedMap) -> None:
    del _rows(plan)[2]  # Nam Phi; the numbers typed in the plan keep their gap


def delete_row_renumbered(plan: CommentedMap) -> None:
    del _rows(plan)[2]
    _renumber(plan)


def insert_row(plan: CommentedMap) -> None:
    _rows(plan).insert(3, _flow([0, *SINGAPORE]))
    _renumber(plan)


def edit_cell(plan: CommentedMap) -> None:
    _rows(plan)[2][3] = "Nam Phi và Ai Cập"


def reorder_rows(plan: CommentedMap) -> None:
    rows = _rows(plan)
    rows.insert(1, rows.pop(4))  # Úc moves up to second place
    _renumber(plan)


def keep_one_row(plan: CommentedMap) -> None:
    del _rows(plan)[1:]


def rename_column(plan: CommentedMap) -> None:
    plan["phu_luc"][0]["cot"][3] = "Quốc gia đến"


def add_column(plan: CommentedMap) -> None:
    plan["phu_luc"][0]["cot"].insert(5, "Số người")
    for row in _rows(plan):
        row.insert(5, 5)


def delete_appendix(plan: CommentedMap) -> None:
    del plan["phu_luc"]


def add_appendix(plan: CommentedMap) -> None:
    task = plan["phan"][1]["muc"][0]
    task["noi_dung"] = LiteralScalarString(task["noi_dung"] + "(Chi tiết tại Phụ lục kèm theo)\n")
    plan["phu_luc"] = [{"tieu_de": "Danh mục đoàn ra năm 2023",
                        "cot": _flow(["TT", "Nội dung", "Cấp đoàn", "Nước đến", "Thời gian", "Kinh phí"]),
                        "dong": [_flow([1, *SINGAPORE]), _flow([2, *SINGAPORE[:2], "Lào", *SINGAPORE[3:]])]}]


@dataclass(frozen=True)
class Case:
    example: Path
    edit: Callable[[CommentedMap], None]


CASES = {f.__name__: Case(LAI_CHAU if f is add_appendix else HAU_GIANG, f)
         for f in (delete_row, delete_row_renumbered, insert_row, edit_cell, reorder_rows, keep_one_row,
                   rename_column, add_column, delete_appendix, add_appendix)}


@dataclass(frozen=True)
class Review:
    old: Path
    new: Path
    out: Path
    count: int  # "N chỗ đánh dấu thay đổi", as printed


def _review(old: Path, new: Path, out: Path) -> Review:
    result = run_cli("diff", str(old), str(new), "--docx", str(out), "--tac-gia", "Chuyên viên A")
    assert result.returncode == 0, result.stderr
    found = re.search(r"(\d+) chỗ đánh dấu thay đổi", result.stdout)
    assert found, result.stdout
    return Review(old, new, out, int(found.group(1)))


@pytest.fixture(scope="module")
def reviews(tmp_path_factory) -> dict[str, Review]:
    tmp = tmp_path_factory.mktemp("review-tables")
    out = {}
    for name, case in CASES.items():
        plan = _yaml().load(case.example.read_text(encoding="utf-8"))
        case.edit(plan)
        new = tmp / f"{name}.yaml"
        with new.open("w", encoding="utf-8") as stream:
            _yaml().dump(plan, stream)
        out[name] = _review(case.example, new, tmp / f"{name}-duyet.docx")
    return out


# --- reading the review copy ---------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    mark: str  # "ins", "del" or "" (the row itself)
    header: bool  # a column-name row, repeated on every page
    cells: tuple[str, ...]  # each cell's text, deleted runs as [-x-] and inserted ones as {+x+}

    @property
    def plain(self) -> tuple[str, ...]:
        """The cells as the row's own version reads (its deleted text for a deleted row)."""
        return tuple(re.sub(r"\[-|-\]|\{\+|\+\}", "", c) for c in self.cells)


def _cell(tc: etree._Element) -> str:
    out = []
    for el in tc.iter(f"{W}t", f"{W}delText"):
        inserted = any(a.tag == f"{W}ins" for a in el.iterancestors())
        deleted = el.tag == f"{W}delText"
        assert deleted == any(a.tag == f"{W}del" for a in el.iterancestors()), "deleted text outside w:del"
        out.append(f"[-{el.text}-]" if deleted else f"{{+{el.text}+}}" if inserted else el.text or "")
    return re.sub(r"-\]\[-|\+\}\{\+", "", "".join(out))


def _table(tbl: etree._Element) -> list[Row]:
    rows = []
    for tr in tbl.iterfind(f"{W}tr"):
        marks = [m for m in ("ins", "del") if tr.find(f"{W}trPr/{W}{m}") is not None]
        assert len(marks) <= 1
        rows.append(Row(marks[0] if marks else "", tr.find(f"{W}trPr/{W}tblHeader") is not None,
                        tuple(_cell(tc) for tc in tr.iterfind(f"{W}tc"))))
    return rows


def _appendix_tables(path: Path) -> list[list[Row]]:
    """The tables after the signature block (the header table and the Nơi nhận table come first)."""
    tables = docx.Document(str(path)).tables
    return [_table(t._tbl) for t in tables[2:]]


def _rendered_table(plan: Path) -> etree._Element:
    return docx.Document(io.BytesIO(docx_render.render(compose(load_plan(plan))))).tables[-1]._tbl


def _rendered_rows(plan: Path) -> list[tuple[str, ...]]:
    return [row.plain for row in _table(_rendered_table(plan))]


def _rendered_grid(plan: Path) -> list[etree._Element]:
    return list(_rendered_table(plan).iter(f"{W}gridCol"))


HEADER = ("TT", "Nội dung", "Cấp đoàn", "Nước đến", "Thời gian", "Kinh phí")


def _row_marks(rows: list[Row]) -> list[str]:
    return [r.mark for r in rows]


def _changed_cells(rows: list[Row]) -> list[tuple[int, int, str]]:
    """(row, column, cell) of every cell holding a tracked edit inside a row that is itself unmarked."""
    return [(i, j, c) for i, r in enumerate(rows) if not r.mark for j, c in enumerate(r.cells) if "[-" in c or "{+" in c]


# --- the cases -------------------------------------------------------------------------------------

def test_a_deleted_row_is_one_deleted_row_and_the_column_names_stay_first(reviews):
    review = reviews["delete_row"]
    (table,) = _appendix_tables(review.out)
    assert table[0] == Row("", True, HEADER)
    assert _row_marks(table) == ["", "", "", "del", "", "", ""]
    deleted = table[3]
    assert all(c.startswith("[-") and c.endswith("-]") for c in deleted.cells), deleted
    assert deleted.plain[3] == "Nam Phi"
    assert _changed_cells(table) == []
    assert review.count == 1
    # As Word marks a deleted row: the row mark, and each cell's paragraph mark deleted with its text.
    tr = docx.Document(str(review.out)).tables[-1]._tbl.findall(f"{W}tr")[3]
    paragraphs = list(tr.iter(f"{W}p"))
    assert len(paragraphs) == 6 and all(p.find(f"{W}pPr/{W}rPr/{W}del") is not None for p in paragraphs)
    marks = [m for m in tr.iter(f"{W}del") if m.get(f"{W}author") == "Chuyên viên A" and m.get(f"{W}date")]
    assert len(marks) == len({m.get(f"{W}id") for m in marks}) == 13  # one row, six texts, six marks


def test_renumbered_rows_below_a_deletion_change_only_their_number(reviews):
    review = reviews["delete_row_renumbered"]
    (table,) = _appendix_tables(review.out)
    assert table[0] == Row("", True, HEADER)
    assert _row_marks(table) == ["", "", "", "del", "", "", ""]
    assert table[3].plain[3] == "Nam Phi"
    assert _changed_cells(table) == [(4, 0, "[-4-]{+3+}"), (5, 0, "[-5-]{+4+}"), (6, 0, "[-6-]{+5+}")]
    assert review.count == 4  # the row, and three numbers


def test_an_inserted_row_is_one_inserted_row(reviews):
    review = reviews["insert_row"]
    (table,) = _appendix_tables(review.out)
    assert table[0] == Row("", True, HEADER)
    assert _row_marks(table) == ["", "", "", "", "ins", "", "", ""]
    inserted = table[4]
    assert all(c.startswith("{+") and c.endswith("+}") for c in inserted.cells), inserted
    assert inserted.plain == ("4", *SINGAPORE)
    assert [(i, j) for i, j, _ in _changed_cells(table)] == [(5, 0), (6, 0), (7, 0)]
    assert review.count == 4


def test_a_cell_edit_is_tracked_inside_its_cell(reviews):
    review = reviews["edit_cell"]
    (table,) = _appendix_tables(review.out)
    assert table[0] == Row("", True, HEADER)
    assert _row_marks(table) == [""] * 7
    assert _changed_cells(table) == [(3, 3, "Nam Phi{+ và Ai Cập+}")]
    assert review.count == 1


def test_reordered_rows_keep_the_others_in_place(reviews):
    review = reviews["reorder_rows"]
    (table,) = _appendix_tables(review.out)
    assert table[0] == Row("", True, HEADER)
    places = [(r.mark, r.plain[3]) for r in table[1:]]
    assert places == [("", "Hàn Quốc"), ("ins", "Úc"), ("", "Nhật Bản"), ("", "Nam Phi"),
                      ("", "Israel, Ấn Độ"), ("del", "Úc"), ("", "Theo thư mời")]
    assert [(i, j) for i, j, _ in _changed_cells(table)] == [(3, 0), (4, 0), (5, 0)]  # renumbered
    assert review.count == 5


def test_a_table_that_lost_most_rows_is_still_the_same_table(reviews):
    review = reviews["keep_one_row"]
    (table,) = _appendix_tables(review.out)
    assert table[0] == Row("", True, HEADER)
    assert _row_marks(table) == ["", "", "del", "del", "del", "del", "del"]
    assert review.count == 5
    # The columns were sized again without the long rows; the deleted rows take the new widths.
    tbl = docx.Document(str(review.out)).tables[-1]._tbl
    grid = [col.get(f"{W}w") for col in tbl.iter(f"{W}gridCol")]
    assert grid != [col.get(f"{W}w") for col in _rendered_grid(review.old)]
    assert all([tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w") for tc in tr.iterfind(f"{W}tc")] == grid
               for tr in tbl.iterfind(f"{W}tr"))


def test_a_renamed_column_stays_the_column_name_row(reviews):
    review = reviews["rename_column"]
    (table,) = _appendix_tables(review.out)
    assert table[0].header and table[0].mark == ""
    assert table[0].cells[3] in ("[-Nước-]{+Quốc gia+} đến", "{+Quốc gia+}[-Nước-] đến")
    assert _row_marks(table) == [""] * 7
    assert review.count == 1


def test_an_added_column_replaces_the_table_as_one_deletion_and_one_insertion(reviews):
    review = reviews["add_column"]
    old, new = _appendix_tables(review.out)
    assert _row_marks(old) == ["del"] * 7 and _row_marks(new) == ["ins"] * 7
    assert old[0].header and new[0].header
    assert [r.plain for r in old] == _rendered_rows(review.old)
    assert [r.plain for r in new] == _rendered_rows(review.new)
    assert new[0].plain[5] == "Số người"
    assert review.count == 2


def _whole_paragraph_marks(path: Path, mark: str) -> int:
    """Paragraphs outside tables whose own mark is inserted or deleted."""
    body = docx.Document(str(path)).element.body
    return sum(1 for p in body.iterfind(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}{mark}") is not None)


def test_a_deleted_appendix_is_one_deleted_table(reviews):
    review = reviews["delete_appendix"]
    (table,) = _appendix_tables(review.out)
    assert _row_marks(table) == ["del"] * 7
    assert [r.plain for r in table] == _rendered_rows(review.old)
    # The appendix's heading lines are deleted paragraphs, one change each; the table is one change.
    assert review.count == _whole_paragraph_marks(review.out, "del") + 1


def test_an_added_appendix_is_one_inserted_table(reviews):
    review = reviews["add_appendix"]
    (table,) = _appendix_tables(review.out)
    assert _row_marks(table) == ["ins"] * 3
    assert table[0].header
    assert [r.plain for r in table] == _rendered_rows(review.new)
    assert review.count == _whole_paragraph_marks(review.out, "ins") + 1


def test_a_row_deleted_in_the_docx_itself(tmp_path):
    """OLD and NEW as Word files: the leader deleted a row of the rendered plan in Word (untracked)."""
    old = tmp_path / "cu.docx"
    old.write_bytes(docx_render.render(compose(load_plan(HAU_GIANG))))
    document = docx.Document(str(old))
    rows = document.tables[-1]._tbl.findall(f"{W}tr")
    rows[5].getparent().remove(rows[5])  # "5 | ... | Úc"
    new = tmp_path / "moi.docx"
    document.save(str(new))
    review = _review(old, new, tmp_path / "duyet.docx")
    (table,) = _appendix_tables(review.out)
    assert table[0] == Row("", True, HEADER)
    assert [(r.mark, r.plain[3]) for r in table[4:]] == [("", "Israel, Ấn Độ"), ("del", "Úc"), ("", "Theo thư mời")]
    assert review.count == 1


@pytest.mark.parametrize("name", CASES)
def test_accept_all_gives_the_new_plan_and_reject_all_the_old(reviews, name):
    """The same proof through tracked.resolve (what `import --into` reads a reviewed copy with)."""
    review = reviews[name]
    body = docx.Document(str(review.out)).element.body

    def lines(root: etree._Element) -> list[str]:
        return [t for t in body_lines(root) if t.strip()]

    def plan_lines(plan: Path) -> list[str]:
        return lines(docx.Document(io.BytesIO(docx_render.render(compose(load_plan(plan))))).element.body)

    assert lines(resolve(body, accept=True)) == plan_lines(review.new)
    assert lines(resolve(body, accept=False)) == plan_lines(review.old)


def test_libreoffice_accept_all_gives_the_new_plan_and_reject_all_the_old(tmp_path, reviews):
    """LibreOffice's own Accept All / Reject All (tests/lo_revisions.py, Debian's python3-uno) on every
    case: exactly the new plan's text, tables included, or exactly the old one's."""
    jobs: list[str] = []
    plans = {p for r in reviews.values() for p in (r.old, r.new)}
    for k, plan in enumerate(sorted(plans)):
        (tmp_path / f"plan{k}.docx").write_bytes(docx_render.render(compose(load_plan(plan))))
        jobs += ["keep", str(tmp_path / f"plan{k}.docx"), str(tmp_path / f"plan{k}.txt")]
    text_of = {plan: tmp_path / f"plan{k}.txt" for k, plan in enumerate(sorted(plans))}
    for name, review in reviews.items():
        shutil.copy(review.out, tmp_path / f"{name}.docx")
        jobs += ["accept", str(tmp_path / f"{name}.docx"), str(tmp_path / f"{name}-accept.txt"),
                 "reject", str(tmp_path / f"{name}.docx"), str(tmp_path / f"{name}-reject.txt")]
    script = Path(__file__).with_name("lo_revisions.py")
    subprocess.run(["/usr/bin/python3", str(script), str(tmp_path / "profile"), *jobs], check=True, timeout=600)

    def lines(path: Path) -> list[str]:
        return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]

    for name, review in reviews.items():
        assert lines(tmp_path / f"{name}-accept.txt") == lines(text_of[review.new]), name
        assert lines(tmp_path / f"{name}-reject.txt") == lines(text_of[review.old]), name
