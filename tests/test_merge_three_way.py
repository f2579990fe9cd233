"""`kehoach import EDITED.docx --into PLAN.yaml`: nothing the clerk or the leader typed is lost.

Every test runs the real commands on a plan rendered by `kehoach render`, edits the .docx the way Word
stores an edit (python-docx on the real file), and reads back what the merge wrote with the loader."""

from __future__ import annotations

import copy
import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph
from helpers import EXAMPLES, run_cli

from kehoach_gen.basecopy import read_base
from kehoach_gen.loader import load_plan, parse, read_text
from kehoach_gen.model import KeHoach
from kehoach_gen.web import formspec
from kehoach_gen.web.store import check_data

SENTENCE = "Tiếp tục hoàn thiện, ban hành các văn bản"


def _rendered(tmp_path: Path, name: str = "hau-giang-2018") -> tuple[Path, Path]:
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(EXAMPLES / f"{name}.yaml", plan)
    result = run_cli("render", str(plan))
    assert result.returncode == 0, result.stderr
    return plan, plan.with_suffix(".docx")


def _paragraph(document, start: str) -> Paragraph:
    return next(p for p in document.paragraphs if start in p.text)


def _merge(edited: Path, plan: Path):
    return run_cli("import", str(edited), "--into", str(plan))


def _ins(paragraph: Paragraph, text: str) -> None:
    """A tracked insertion at the paragraph's end, as Word writes it."""
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph._p.append(parse_xml(
        f'<w:ins xmlns:w="{w}" w:id="901" w:author="Lãnh đạo" w:date="2026-12-04T09:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'))


@pytest.mark.slow
def test_render_carries_its_plan_and_renders_byte_identically(tmp_path):
    plan, out = _rendered(tmp_path)
    first = out.read_bytes()
    parts = {n: zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist()}
    assert read_base(parts) == {k: v for k, v in parse(read_text(plan), "x").data.items()}
    assert not any(b"y_kien" in v for n, v in parts.items() if n.startswith("word/"))
    out.unlink()
    assert run_cli("render", str(plan)).returncode == 0
    assert out.read_bytes() == first


@pytest.mark.slow
@pytest.mark.parametrize("tracked", [False, True])
def test_a_sentence_added_at_a_paragraphs_end_is_merged(tmp_path, tracked):
    plan, out = _rendered(tmp_path)
    document = docx.Document(out)
    para = _paragraph(document, SENTENCE)
    if tracked:
        _ins(para, " Câu lãnh đạo thêm vào cuối.")
    else:
        para.add_run(" Câu lãnh đạo thêm vào cuối.")
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    result = _merge(edited, plan)
    assert result.returncode == 0, result.stderr
    text = plan.read_text(encoding="utf-8")
    assert "trên địa bàn tỉnh. Câu lãnh đạo thêm vào cuối." in text
    assert "đã đưa vào 1 chỗ sửa" in result.stdout


@pytest.mark.slow
def test_the_clerks_later_edit_is_kept_and_the_leaders_applied(tmp_path):
    plan, out = _rendered(tmp_path)
    # The clerk goes on editing the YAML after sending the .docx ...
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Tăng cường tính chủ động", "Tăng cường hơn nữa tính chủ động"), encoding="utf-8")
    # ... while the leader edits another paragraph in Word.
    document = docx.Document(out)
    para = _paragraph(document, SENTENCE)
    para.runs[0].text = para.runs[0].text.replace("Tiếp tục hoàn thiện", "Khẩn trương hoàn thiện")
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    result = _merge(edited, plan)
    assert result.returncode == 0, result.stderr
    after = plan.read_text(encoding="utf-8")
    assert "Tăng cường hơn nữa tính chủ động" in after  # not reverted
    assert "Khẩn trương hoàn thiện" in after
    assert "so ba chiều" in result.stdout


@pytest.mark.slow
def test_both_edited_the_same_paragraph_the_clerks_stays_the_leaders_is_a_conflict(tmp_path):
    plan, out = _rendered(tmp_path)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Tiếp tục hoàn thiện, ban hành", "Tiếp tục rà soát, ban hành"), encoding="utf-8")
    document = docx.Document(out)
    para = _paragraph(document, SENTENCE)
    para.runs[0].text = para.runs[0].text.replace("Tiếp tục hoàn thiện", "Khẩn trương hoàn thiện")
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    result = _merge(edited, plan)
    assert result.returncode == 3, result.stderr
    assert "xung đột" in result.stderr
    loaded = load_plan(plan)
    body = plan.read_text(encoding="utf-8")
    assert "Tiếp tục rà soát, ban hành" in body.split("y_kien:")[0]
    assert len(loaded.y_kien) == 1
    conflict = loaded.y_kien[0]
    assert conflict.sua_thanh and "Khẩn trương hoàn thiện" in conflict.sua_thanh
    assert conflict.truong and conflict.truong.startswith("phan[2]")
    # A y_kien entry is never printed.
    assert run_cli("render", str(plan), "--force").returncode in (0, 3)
    rendered = "\n".join(p.text for p in docx.Document(plan.with_suffix(".docx")).paragraphs)
    assert "Khẩn trương" not in rendered


@pytest.mark.slow
def test_a_document_of_another_plan_is_refused_and_the_file_untouched(tmp_path):
    plan, _ = _rendered(tmp_path)
    other_dir = tmp_path / "khac"
    other_dir.mkdir()
    _, other = _rendered(other_dir, "lai-chau-2023")
    before = plan.read_bytes()
    result = _merge(other, plan)
    assert result.returncode == 1
    assert "kế hoạch khác" in result.stderr
    assert plan.read_bytes() == before


def _strip_base(path: Path) -> None:
    """A document made elsewhere (or by an older version): no base inside."""
    data = path.read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                blob = re.sub(rb'<Relationship [^>]*customXml[^>]*/>', b"", blob)
            if not info.filename.startswith("customXml/"):
                dst.writestr(info, blob)
    path.write_bytes(out.getvalue())


@pytest.mark.slow
def test_a_document_without_base_merges_two_ways_with_a_notice(tmp_path):
    plan, out = _rendered(tmp_path)
    document = docx.Document(out)
    _paragraph(document, SENTENCE).add_run(" Thêm.")
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    _strip_base(edited)
    result = _merge(edited, plan)
    assert result.returncode == 0, result.stderr
    assert "không mang theo bản kế hoạch" in result.stderr
    assert "trên địa bàn tỉnh. Thêm." in plan.read_text(encoding="utf-8")


def _table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text.strip() == "TT")


@pytest.mark.slow
def test_appendix_rows_deleted_inserted_and_edited_merge(tmp_path):
    plan, out = _rendered(tmp_path)
    document = docx.Document(out)
    table = _table(document)
    rows = table.rows
    rows[2].cells[3].paragraphs[0].runs[0].text = "Hàn Quốc, Nhật Bản"  # a cell edit
    tr = rows[3]._tr
    tr.getparent().remove(tr)  # row 3 (Nam Phi) deleted
    new = copy.deepcopy(rows[1]._tr)
    rows[-1]._tr.addnext(new)  # a row added at the end
    from docx.table import _Row

    added = _Row(new, table)
    for cell, text in zip(added.cells, ["7", "Khảo sát thị trường", "Cấp sở", "Lào", "Quý III", "Doanh nghiệp"],
                          strict=True):
        cell.paragraphs[0].runs[0].text = text
        for r in cell.paragraphs[0].runs[1:]:
            r._r.getparent().remove(r._r)
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    result = _merge(edited, plan)
    assert result.returncode == 0, result.stderr
    assert "(sau khi" not in result.stdout + result.stderr
    loaded = load_plan(plan)
    dong = loaded.phu_luc[0].dong
    assert [r[3] for r in dong] == ["Hàn Quốc", "Hàn Quốc, Nhật Bản", "Israel, Ấn Độ", "Úc", "Theo thư mời", "Lào"]
    assert dong[-1] == ["7", "Khảo sát thị trường", "Cấp sở", "Lào", "Quý III", "Doanh nghiệp"]
    assert loaded.phu_luc[0].cot[0] == "TT"


@pytest.mark.slow
def test_literal_asterisks_from_word_stay_literal(tmp_path):
    plan, out = _rendered(tmp_path)
    document = docx.Document(out)
    _paragraph(document, SENTENCE).add_run(" Kinh phí 5*3*2 triệu, mục **A**.")
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    assert _merge(edited, plan).returncode == 0
    assert run_cli("render", str(plan), "--force").returncode in (0, 3)
    rendered = "\n".join(p.text for p in docx.Document(plan.with_suffix(".docx")).paragraphs)
    assert "Kinh phí 5*3*2 triệu, mục **A**." in rendered


@pytest.mark.slow
def test_word_comments_are_kept_in_the_plan_and_never_printed(tmp_path):
    plan, out = _rendered(tmp_path)
    document = docx.Document(out)
    para = _paragraph(document, SENTENCE)
    document.add_comment(para.runs, text="Đề nghị nêu rõ thời hạn", author="Nguyễn Văn B")
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    result = _merge(edited, plan)
    assert result.returncode == 0, result.stderr
    loaded = load_plan(plan)
    (note,) = loaded.y_kien
    assert (note.tac_gia, note.noi_dung) == ("Nguyễn Văn B", "Đề nghị nêu rõ thời hạn")
    assert note.doan and SENTENCE in note.doan
    assert note.truong and note.truong.startswith("phan[2].muc[1]")
    # Merging the same document again does not repeat the comment.
    assert "không có phần sửa" in _merge(edited, plan).stdout
    assert len(load_plan(plan).y_kien) == 1
    assert run_cli("validate", str(plan)).returncode == 0
    assert run_cli("render", str(plan), "--force").returncode in (0, 3)
    rendered = "\n".join(p.text for p in docx.Document(plan.with_suffix(".docx")).paragraphs)
    assert "Đề nghị nêu rõ thời hạn" not in rendered
    # The browser editor shows it under the field it concerns.
    from kehoach_gen.web.store import Folder

    snap = Folder(tmp_path).open(plan.name)
    shown = [p for p in check_data(formspec.from_editor(KeHoach, snap.data), plan.name).problems
             if "Đề nghị nêu rõ thời hạn" in p.message]
    assert [p.path for p in shown] == [note.truong]


@pytest.mark.slow
def test_an_edit_that_would_break_the_plan_is_kept_aside_and_the_rest_applied(tmp_path):
    plan, out = _rendered(tmp_path)
    document = docx.Document(out)
    _paragraph(document, SENTENCE).add_run(" Câu được giữ.")
    table = _table(document)
    # A merged-looking row: one cell removed from a row of the plan's table.
    tc = table.rows[2]._tr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")[-1]
    tc.getparent().remove(tc)
    edited = tmp_path / "da-sua.docx"
    document.save(edited)
    result = _merge(edited, plan)
    assert "(sau khi" not in result.stdout + result.stderr
    assert "Câu được giữ." in plan.read_text(encoding="utf-8")
    assert run_cli("validate", str(plan)).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("command", [["new", "--tinh", "Lai Châu", "--nam", "2027"], ["import", "NGUON"]])
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_yaml_is_never_written_over_a_word_or_pdf_file(tmp_path, command, suffix):
    source = tmp_path / "nguon.txt"
    source.write_text((EXAMPLES.parent.parent / "README.md").read_text(encoding="utf-8")[:10], encoding="utf-8")
    target = tmp_path / f"van-ban{suffix}"
    target.write_bytes(b"PK\x03\x04 not yaml")
    args = [str(source) if a == "NGUON" else a for a in command]
    result = run_cli(*args, "-o", str(target), "--force")
    assert result.returncode != 0
    assert target.read_bytes() == b"PK\x03\x04 not yaml"
    assert ".yaml" in result.stderr


@pytest.mark.slow
def test_import_of_a_text_with_line_separators_reads_back(tmp_path):
    source = tmp_path / "ke-hoach.txt"
    text = (EXAMPLES.parent.parent / "tests" / "fixtures" / "seeds" / "hau-giang-2018.txt").read_text(encoding="utf-8")
    source.write_text(text.replace("Triển khai các hoạt động", "Triển khai\u2028các hoạt động", 1), encoding="utf-8")
    result = run_cli("import", str(source))
    assert result.returncode == 0, result.stderr
    assert run_cli("validate", str(source.with_suffix(".yaml"))).returncode in (0, 3)
