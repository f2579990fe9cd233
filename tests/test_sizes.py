"""What validates renders, however large: a plan at every size limit renders, passes its own check and
reads back through every .docx reader; one unit past a limit is refused by `validate` at the place it goes
past, naming the limit; a 5,000-row appendix goes through the real command and the browser's button."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from helpers import EXAMPLES, run_cli
from serving import start_server, stop_server
from test_serve_data import _call
from test_validation import MINIMAL

from kehoach_gen.build import build
from kehoach_gen.check import check_file
from kehoach_gen.errors import PlanInvalid
from kehoach_gen.facts import sizes, vn
from kehoach_gen.importer import import_file
from kehoach_gen.plan import fields
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.render.docx import render

pytestmark = pytest.mark.slow  # plans at every size limit rendered, read back and downloaded in Chromium


def _tags(data: bytes | Path) -> tuple[int, int]:
    """XML tags ('<') and bytes in all the XML parts of a .docx, as the reader counts them."""
    tags = size = 0
    with zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                part = z.read(name)
                tags, size = tags + part.count(b"<"), size + len(part)
    return tags, size


def _plan(*, cells: int = 0, columns: int = 1, paragraphs: int = 0, marks: int = 0, appendices: int = 1) -> str:
    """MINIMAL grown to the given counts: appendix cells (column names included) shared by the appendices,
    more mo_dau paragraphs, and *emphasis* marks (two a paragraph) in them."""
    refs = " ".join(f"Phụ lục {vn.roman(i)};" for i in range(1, appendices + 1))
    lines = []
    for i in range(paragraphs):
        lines.append(f"  - Câu *{i}*.\n" if marks - 2 * i >= 2 else f"  - Câu {i}.\n")
    text = MINIMAL.replace("noi_nhan:", f"ket_thuc: Chi tiết tại {refs}\nnoi_nhan:")
    if lines:
        text += "mo_dau:\n" + "".join(lines)
    text += "phu_luc:\n"
    per, extra = divmod(cells, appendices)
    for a in range(appendices):
        rows = (per + (1 if a < extra else 0)) // columns - 1
        row = "      - [" + ", ".join(["x"] * columns) + "]\n"
        text += (f"  - tieu_de: Bảng {a + 1}\n    cot: [{', '.join(['Cột'] * columns)}]\n    dong:\n" + row * rows)
    return text


def test_the_unit_costs_bound_what_the_renderer_writes():
    """Each TAGS_PER_* is at least what one more unit of that kind adds to a rendered plan, in the shape
    that costs most (a one-column table, one-word paragraphs, a footnote's reference and note)."""
    def tags(text: str) -> int:
        return _tags(render(compose(load_plan_text(text))))[0]

    base = tags(_plan(cells=2))
    assert tags(_plan(cells=2 + 400)) - base <= 400 * sizes.TAGS_PER_CELL
    assert tags(_plan(cells=2, paragraphs=400)) - base <= 400 * sizes.TAGS_PER_PARAGRAPH
    assert tags(_plan(cells=2, paragraphs=200, marks=400)) - tags(_plan(cells=2, paragraphs=200)) \
        <= 400 * sizes.TAGS_PER_MARK
    notes = MINIMAL.replace("noi_dung: Nội dung.", 'noi_dung: "' + " ".join(f"a[^{i}]" for i in range(1, 201)) + '"')
    notes += "chu_thich:\n" + "".join(f"  {i}: Chú thích {i}\n" for i in range(1, 201))
    assert tags(notes) - tags(MINIMAL) <= 200 * (sizes.TAGS_PER_MARK + sizes.TAGS_PER_PARAGRAPH)
    assert tags(_plan(cells=40 * 2, appendices=40)) - tags(_plan(cells=2)) <= 39 * (
        sizes.TAGS_PER_APPENDIX + sizes.TAGS_PER_PARAGRAPH + 2 * sizes.TAGS_PER_CELL)
    assert base <= sizes.TAGS_TEMPLATE


def test_a_plan_at_every_limit_renders_and_every_reader_opens_it(tmp_path):
    # The texts outside the tables that the plan has anyway (co_quan, trich_yeu, each appendix's title ...).
    fixed = sum(1 for _ in fields.texts(load_plan_text(_plan(cells=2 * sizes.APPENDICES, appendices=sizes.APPENDICES))))
    fixed -= 2 * sizes.APPENDICES
    plan = tmp_path / "lon.yaml"
    plan.write_text(_plan(cells=sizes.CELLS, paragraphs=sizes.PARAGRAPHS - fixed, marks=sizes.MARKS,
                          appendices=sizes.APPENDICES), encoding="utf-8")
    result = build(plan)  # the self-check reads the file it wrote through the bounded reader
    assert not result.errors and result.report is not None
    tags, size = _tags(result.output)
    assert sizes.MAX_TAGS * 0.8 < tags <= sizes.MAX_TAGS and size <= sizes.MAX_XML
    assert check_file(result.output).kind is not None
    imported = import_file(result.output)
    assert sum(len(a.dong) + 1 for a in imported.plan.phu_luc) == sizes.CELLS


@pytest.mark.parametrize(("grow", "path", "said"), [
    ({"cells": sizes.CELLS + 1}, "phu_luc[1].dong", f"quá giới hạn {sizes.number(sizes.CELLS)} ô"),
    ({"cells": 2, "paragraphs": sizes.PARAGRAPHS}, "mo_dau", f"quá giới hạn {sizes.number(sizes.PARAGRAPHS)} đoạn"),
    ({"cells": 2, "paragraphs": sizes.MARKS // 2 + 1, "marks": sizes.MARKS + 2}, "mo_dau",
     f"quá giới hạn {sizes.number(sizes.MARKS)}"),
    ({"cells": 2 * (sizes.APPENDICES + 1), "appendices": sizes.APPENDICES + 1}, f"phu_luc[{sizes.APPENDICES + 1}]",
     f"quá giới hạn {sizes.APPENDICES} phụ lục"),
], ids=["cells", "paragraphs", "marks", "appendices"])
def test_one_past_a_limit_is_refused_where_it_goes_past(grow, path, said):
    with pytest.raises(PlanInvalid) as caught:
        load_plan_text(_plan(**grow), "lon.yaml")
    message = str(caught.value)
    assert said in message and f"lỗi: {path}" in message and "lon.yaml:" in message, message


def test_a_line_longer_than_a_paragraph_may_be_is_refused_at_its_field():
    with pytest.raises(PlanInvalid) as caught:
        load_plan_text(MINIMAL.replace("ho_ten: Trần Văn Bình", "ho_ten: " + "Bình " * 2001), "p.yaml")
    assert "p.yaml:10:11: lỗi: nguoi_ky.ho_ten: một dòng dài" in str(caught.value)
    assert f"giới hạn {sizes.number(sizes.TEXT_CHARS)} ký tự" in str(caught.value)


@pytest.fixture(scope="module")
def long_appendix(tmp_path_factory) -> Path:
    """Hậu Giang's plan with its appendix grown to 5,000 rows of six columns."""
    data = yaml.safe_load((EXAMPLES / "hau-giang-2018.yaml").read_text(encoding="utf-8"))
    data["phu_luc"][0]["dong"] = [[i, f"Tìm hiểu thị trường và xúc tiến đầu tư số {i}", "Cấp tỉnh", "Hàn Quốc",
                                   "Năm 2018", "Ngân sách tỉnh"] for i in range(1, 5001)]
    folder = tmp_path_factory.mktemp("dai")
    plan = folder / "phu-luc-dai.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return plan


def test_a_5000_row_appendix_validates_renders_and_checks_through_the_command(long_appendix):
    assert run_cli("validate", str(long_appendix)).returncode == 0
    result = run_cli("render", str(long_appendix))
    assert result.returncode == 0, result.stderr
    output = long_appendix.with_suffix(".docx")
    result = run_cli("check", str(output))
    assert result.returncode == 0 and "0 lỗi" in result.stdout, result.stdout + result.stderr
    rows = docx.Document(str(output)).tables[-1].rows
    assert len(rows) == 5001 and rows[-1].cells[1].text == "Tìm hiểu thị trường và xúc tiến đầu tư số 5000"


def test_a_5000_row_appendix_downloads_from_the_browser(long_appendix, tmp_path):
    (tmp_path / long_appendix.name).write_bytes(long_appendix.read_bytes())
    proc, base = start_server(tmp_path)
    try:
        status, reply = _call(f"{base}/api/ke-hoach/{long_appendix.name}/tao/docx", b"{}", {"X-Kehoach": "1"})
        assert status == 200, reply
        assert json.loads(reply)["url"].endswith("/docx")
    finally:
        stop_server(proc)
