"""The printed page, as LibreOffice lays it out: ND30 lines under their text (also after a LibreOffice
re-save), one-line header lines, headings kept with their text, the signature block on one page.

All LibreOffice work is batched: one run re-saves every document, one run makes every PDF."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import handmade
import pytest
import yaml
from docx.oxml.ns import qn
from helpers import EXAMPLE_NAMES, docx_text, run_cli

from kehoach_gen.build import build
from kehoach_gen.check.geometry import Pages, _rule_under, _width_mm, check_pdf
from kehoach_gen.facts import provinces
from kehoach_gen.render.pdf import convert
from kehoach_gen.start.starter import starter_text

pytestmark = pytest.mark.slow  # LibreOffice lays every page out

SIX_CITIES = ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh"]
FILLERS = range(15, 19)  # one-line paragraphs before a titled point: these put it on page 1's last lines


def _long_plan() -> dict:
    """A plan of a dozen pages: titled points, tasks, footnotes, a wide appendix with long names."""
    words = ("Tăng cường hợp tác, trao đổi đoàn, xúc tiến đầu tư, thương mại, du lịch với các đối tác truyền thống "
             "và tiềm năng, bảo đảm hiệu quả, thiết thực, đúng quy định của pháp luật về công tác đối ngoại")
    muc = []
    for k in range(1, 6):
        muc.append({
            "tieu_de": f"Lĩnh vực hợp tác số {k}",
            "noi_dung": "\n".join(f"- {words} ({k}.{n})." for n in range(1, 4)),
            "diem": [{"tieu_de": f"Hợp tác với các địa phương nước ngoài nhóm {n}",
                      "noi_dung": f"{words}; nhóm {n}[^1]." if n == 1 and k == 3 else f"{words}; nhóm {n}."}
                     for n in range(1, 4)],
        })
    tasks = [{"noi_dung": f"{words} ({n}).", "chu_tri": "Sở Ngoại vụ", "phoi_hop": ["Công an tỉnh", "Sở Tài chính"],
              "thoi_gian": f"Quý {['I', 'II', 'III', 'IV'][n % 4]}/2027"} for n in range(1, 7)]
    rows = [[str(n), "Cộng hòa Liên bang Đức", "Xúc tiến đầu tư, thương mại, du lịch và hợp tác giáo dục, y tế",
             "Phó Chủ tịch Ủy ban nhân dân tỉnh", "Quý IV/2027", str(5 + n), "Ngân sách tỉnh"] for n in range(1, 13)]
    return {
        "co_quan": "Ủy ban nhân dân tỉnh Tuyên Quang", "so": 125, "ngay": "2026-12-15",
        "trich_yeu": "Công tác đối ngoại, hội nhập quốc tế và hợp tác phát triển trên địa bàn tỉnh Tuyên Quang năm 2027",
        "can_cu": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025",
                   "Căn cứ Quy chế quản lý thống nhất các hoạt động đối ngoại"],
        "phan": [{"tieu_de": "Mục đích, yêu cầu", "muc": muc[:2]},
                 {"tieu_de": "Nhiệm vụ cụ thể", "muc": [*muc[2:], {"tieu_de": "Quản lý đoàn ra, đoàn vào",
                                                                  "nhiem_vu": tasks,
                                                                  "noi_dung": "(Chi tiết tại Phụ lục kèm theo)"}]},
                 {"tieu_de": "Tổ chức thực hiện", "muc": [f"{words} ({n})." for n in range(1, 4)]}],
        "noi_nhan": ["Bộ Ngoại giao", "TT. Tỉnh ủy (b/c)", "Các sở, ban, ngành tỉnh"], "luu": ["VT", "NC"],
        "nguoi_ky": {"chuc_vu": "Phó Chủ tịch", "ho_ten": "Nguyễn Văn An"},
        "chu_thich": {1: "Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị."},
        "phu_luc": [{"tieu_de": "Kế hoạch đoàn ra năm 2027",
                     "cot": ["TT", "Nước đến", "Nội dung", "Trưởng đoàn", "Thời gian", "Số người", "Kinh phí"],
                     "dong": rows}],
    }


def _filler_plan(fillers: int) -> dict:
    """A titled point preceded by `fillers` one-line paragraphs."""
    line = "- Thực hiện tốt công tác đối ngoại của địa phương năm 2027."
    block = "\n".join(f"{line[:-1]} ({n})." for n in range(fillers))
    return {
        "co_quan": "Ủy ban nhân dân tỉnh Lai Châu", "so": 15, "ngay": "2026-12-15",
        "trich_yeu": "Công tác đối ngoại năm 2027",
        "phan": [{"tieu_de": "Nhiệm vụ cụ thể", "muc": [{
            "tieu_de": "Công tác hội nhập", "noi_dung": block,
            "diem": [{"tieu_de": f"Hợp tác với các địa phương nước ngoài ({fillers})",
                      "noi_dung": "Duy trì quan hệ hữu nghị với các địa phương nước ngoài đã ký kết thỏa thuận "
                                  "hợp tác; mở rộng quan hệ với các đối tác mới có tiềm năng; tổ chức các đoàn "
                                  "công tác theo đúng quy định của pháp luật."}]}]}],
        "noi_nhan": ["Bộ Ngoại giao"], "luu": ["VT", "NC"],
        "nguoi_ky": {"chuc_vu": "Phó Chủ tịch", "ho_ten": "Hà Trọng Hải"},
    }


# Plans of bodies under a People's Committee: the parent's line upright above the body's bold name, the
# longest on two lines each (the HCM parent written in full, a three-part name).
DEPARTMENTS = {
    "so-ngoai-vu": ("UBND tỉnh Lào Cai", "Sở Ngoại vụ", "KH-SNgV"),
    "so-van-hoa-hcm": ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "Sở Văn hóa, Thể thao và Du lịch", "KH-SVHTTDL"),
}


def _department_plan(parent: str, name: str, symbol: str) -> dict:
    plan = _filler_plan(3)
    plan.update({"co_quan_chu_quan": parent, "co_quan": name, "ky_hieu": symbol})
    plan["nguoi_ky"] = {"chuc_vu": "Phó Giám đốc", "ho_ten": "Hà Trọng Hải"}
    return plan


def _write(plan: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(path, path.with_suffix(".docx")).output


def _without_keep(src: Path, dst: Path) -> Path:
    """The same document with the titled point's keep-with-next taken off."""
    document = docx.Document(str(src))
    document.styles["KH Điểm"].paragraph_format.keep_with_next = False
    document.save(str(dst))
    return dst


@pytest.fixture(scope="session")
def pages(rendered, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (.docx, .pdf) for every document; 're:' names are the LibreOffice re-saves."""
    work = tmp_path_factory.mktemp("pages")
    docs: dict[str, Path] = {name: rendered[name] for name in EXAMPLE_NAMES}
    docs["long"] = _write(_long_plan(), work / "long.yaml")
    for i, unit in enumerate(provinces.current()):
        plan = work / f"unit{i:02d}.yaml"
        plan.write_text(starter_text(unit.name, 2027, plan.name), encoding="utf-8")
        docs[unit.name] = build(plan, plan.with_suffix(".docx")).output
    docs["tay"] = handmade.build(work / "tay.docx")
    for name, (parent, body, symbol) in DEPARTMENTS.items():
        docs[name] = _write(_department_plan(parent, body, symbol), work / f"{name}.yaml")
    resaved = {f"re:{name}": work / "re" / f"{path.stem}.docx" for name, path in docs.items()}
    convert(list(docs.values()), list(resaved.values()), to="docx")
    docs.update(resaved)
    for n in FILLERS:
        kept = _write(_filler_plan(n), work / f"keep{n}.yaml")
        docs[f"keep{n}"] = kept
        docs[f"loose{n}"] = _without_keep(kept, work / f"loose{n}.docx")
    pdfs = convert(list(docs.values()), [work / "pdf" / f"{i:03d}.pdf" for i in range(len(docs))])
    return {name: (path, pdf) for (name, path), pdf in zip(docs.items(), pdfs, strict=True)}


def _findings(pages, name: str, max_pages: int | None = None) -> list[str]:
    path, pdf = pages[name]
    return [f"{f.rule} {f.where}: {f.message} ({f.found})" for f in check_pdf(path, pdf, max_pages).findings]


@pytest.mark.parametrize("name", [*EXAMPLE_NAMES, "long", *SIX_CITIES, *DEPARTMENTS])
@pytest.mark.parametrize("resaved", [False, True], ids=["as-written", "after-libreoffice-save"])
def test_printed_pages_meet_nd30(pages, name, resaved):
    assert _findings(pages, f"re:{name}" if resaved else name) == []


def test_every_unit_header_on_page_one(pages):
    """All 34 units: lines under the text, Quốc hiệu, Tiêu ngữ and date line each on one line."""
    bad = {}
    for unit in provinces.current():
        for name in (unit.name, f"re:{unit.name}"):
            found = _findings(pages, name, max_pages=1)
            if found:
                bad[name] = found
    assert bad == {}


def _line_under(pages, name: str, text: str) -> tuple[float, float]:
    """(gap between the glyphs' bottom and the line, in pt; line length in mm) under text on page 1."""
    doc = Pages(pages[name][1], 1)
    hit = doc.find(text)
    assert hit is not None
    last = hit[0].lines[-1]
    under, above = _rule_under(doc, last)
    assert under is not None and above is None
    return under.y - max(g.bottom for g in last), under.length_mm


def test_lines_keep_their_place_and_length_after_a_libreoffice_save(pages):
    for text in ("Độc lập - Tự do - Hạnh phúc", "TỈNH HẬU GIANG", "Công tác đối ngoại trên địa bàn tỉnh Hậu Giang"):
        gap, length = _line_under(pages, "hau-giang-2018", text)
        assert 0 < gap <= 12
        assert _line_under(pages, "re:hau-giang-2018", text) == pytest.approx((gap, length), abs=0.2)
    _, motto = _line_under(pages, "hau-giang-2018", "Độc lập - Tự do - Hạnh phúc")
    assert motto == pytest.approx(60.0, abs=1.5)  # the motto's own width at 14 pt


def test_a_department_header_prints_its_parent_upright_and_the_line_under_its_own_name(pages):
    for name, parent, own in (("so-ngoai-vu", ["UBND TỈNH LÀO CAI"], ["SỞ NGOẠI VỤ"]),
                              ("so-van-hoa-hcm", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
                               ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"])):
        for version in (name, f"re:{name}"):
            doc = Pages(pages[version][1], 1)
            spans = [doc.find(text) for text in [*parent, *own]]
            assert all(hit is not None and len(hit[0].lines) == 1 for hit in spans), version
            tops = [hit[0].first.top for hit in spans if hit is not None]
            assert tops == sorted(tops)  # the parent above, the name below, in order
            letters = [[g for g in hit[0].glyphs if g.text.isalpha()] for hit in spans if hit is not None]
            assert [all(g.bold for g in line) for line in letters] == [False] * len(parent) + [True] * len(own)
            widest = max(_width_mm(hit[0].lines[0]) for hit in spans[len(parent):] if hit is not None)
            _, length = _line_under(pages, version, own[-1])
            assert widest / 3 - 0.5 <= length <= widest / 2 + 0.5, (version, length, widest)


def test_drawn_lines_that_jump_above_their_text_are_reported(pages):
    """The old form (a drawn shape anchored to the text line) moves above the text when LibreOffice saves
    it; the page check sees it, the XML check cannot."""
    assert not [f for f in _findings(pages, "tay") if f.startswith(("ND30-G01", "ND30-G02", "ND30-G03"))]
    moved = [f for f in _findings(pages, "re:tay") if "phía trên chữ" in f]
    assert {f.split()[0] for f in moved} >= {"ND30-G01", "ND30-G02", "ND30-G03"}


def test_titled_points_stay_with_their_text(pages):
    loose = [f for n in FILLERS for f in _findings(pages, f"loose{n}") if f.startswith("ND30-G08")]
    assert loose, "no filler count put the titled point on a page's last line: the test lost its teeth"
    assert all("Hợp tác với các địa phương" in f for f in loose)
    assert [f for n in FILLERS for f in _findings(pages, f"keep{n}")] == []


def test_appendix_columns_fit_their_content(pages):
    path, pdf = pages["long"]
    document = docx.Document(str(path))
    table = document.tables[-1]
    widths = [int(c.get(qn("w:w"))) * 25.4 / 1440 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] < 12 and max(widths) == widths[2]  # TT narrow, the long text widest
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    for row in table.rows[1:]:
        assert row.cells[0].paragraphs[0].alignment == 1 and row.cells[5].paragraphs[0].alignment == 1  # centred
        assert row.cells[2].paragraphs[0].alignment is None
    doc = Pages(pdf)
    for text in ("Cộng hòa Liên bang Đức", "Quý IV/2027"):
        hit = doc.find(text, doc.text.find("Kèmtheo"))
        assert hit is not None and len(hit[0].lines) == 1, text


def test_text_after_tasks_prints_after_them(pages):
    text = docx_text(pages["long"][0])
    assert text.index("(Chi tiết tại Phụ lục kèm theo)") > text.index("4.6.")
    starter = docx_text(pages["Hà Nội"][0])
    assert starter.index("(Chi tiết tại Phụ lục I và Phụ lục II kèm theo)") > starter.index("2.2.")


def test_app_properties_name_kehoach_gen(pages):
    with zipfile.ZipFile(pages["long"][0]) as z:
        app = z.read("docProps/app.xml").decode()
    assert "<Application>kehoach-gen/" in app and "Microsoft" not in app


def test_header_table_reaches_into_margins_only_when_needed(pages):
    for name, wide in (("Hồ Chí Minh", True), ("Huế", False)):
        tbl = docx.Document(str(pages[name][0])).tables[0]._tbl
        indent = int(tbl.tblPr.find(qn("w:tblInd")).get(qn("w:w"))) * 25.4 / 1440
        assert (indent < 0) == wide and indent > -5


def test_check_trang_on_the_command_line(pages, tmp_path):
    moved = tmp_path / "moved.docx"
    shutil.copyfile(pages["re:tay"][0], moved)
    good = tmp_path / "good.docx"
    shutil.copyfile(pages["re:hau-giang-2018"][0], good)
    result = run_cli("check", "--trang", str(moved), str(good))
    assert result.returncode == 3, result.stderr
    out = result.stdout
    assert "[ND30-G01a]" in out and "đường kẻ nằm phía trên chữ" in out
    assert not [ln for ln in out.splitlines() if ln.startswith(str(good)) and "ND30-G" in ln]
