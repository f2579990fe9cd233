"""Review in Word: the tracked-changes copy (accept all = new, reject all = old), the structural diff,
and Word edits written back into the plan."""

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
from helpers import EXAMPLE_NAMES, EXAMPLES, run_cli

from kehoach_gen.build import build
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.render import docx as docx_render
from kehoach_gen.review.trackdocx import review_copy
from kehoach_gen.review.tracked import W, body_lines, resolve


def _lines(body) -> list[str]:
    return [t for t in body_lines(body) if t.strip()]


def _rendered(plan: Path):
    return docx.Document(io.BytesIO(docx_render.render(compose(load_plan(plan))))).element.body


def _revised(name: str, tmp: Path) -> Path:
    """The example with a section inserted, a paragraph removed, words changed, a recipient added and,
    where the plan has one, an appendix row removed."""
    text = (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    out: list[str] = []
    inserted = removed = edited = False
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)- tieu_de: (.+)$", line)
        if m and not inserted and i > 20 and "muc:" not in lines[i - 1]:
            pad = m.group(1)
            out += [f"{pad}- tieu_de: Hợp tác với các địa phương nước ngoài",
                    f"{pad}  noi_dung: |", f"{pad}    Mở rộng quan hệ với các địa phương của Lào và Campuchia."]
            inserted = True
        if not edited and len(line) > 200 and " tỉnh " in line:
            line = line.replace(" tỉnh ", " tỉnh nhà ", 1)
            edited = True
        elif not removed and edited and len(line) > 150 and lines[i - 1].strip() and \
                lines[i - 1].startswith(line[:len(line) - len(line.lstrip())]) and len(lines[i - 1]) > 150:
            removed = True
            continue
        out.append(line)
    new = tmp / f"{name}-moi.yaml"
    new.write_text("\n".join(out).replace("noi_nhan:\n", "noi_nhan:\n  - Sở Du lịch\n", 1) + "\n", encoding="utf-8")
    assert inserted and edited
    return new


@pytest.fixture(scope="module")
def reviews(tmp_path_factory) -> dict[str, tuple[Path, Path, bytes]]:
    tmp = tmp_path_factory.mktemp("review")
    out = {}
    for name in EXAMPLE_NAMES:
        old = EXAMPLES / f"{name}.yaml"
        new = _revised(name, tmp)
        data, count = review_copy(old, new, author="Chuyên viên A")
        assert count > 0
        out[name] = (old, new, data)
    return out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_accept_all_gives_new_and_reject_all_gives_old(reviews, name):
    old, new, data = reviews[name]
    body = docx.Document(io.BytesIO(data)).element.body
    assert _lines(resolve(body, accept=True)) == _lines(_rendered(new))
    assert _lines(resolve(body, accept=False)) == _lines(_rendered(old))
    marks = list(body.iter(f"{W}ins")) + list(body.iter(f"{W}del"))
    assert marks and all(m.get(f"{W}author") == "Chuyên viên A" and m.get(f"{W}date") for m in marks)
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))


def test_review_copy_marks_words_paragraphs_and_rows(tmp_path):
    old = EXAMPLES / "hau-giang-2018.yaml"
    text = old.read_text(encoding="utf-8")
    row = re.search(r"^\s*- \[.*\]$", text, re.M)
    assert row is not None
    new = tmp_path / "moi.yaml"
    text = text.replace(row.group(0) + "\n", "", 1).replace("trich_yeu: Công tác", "trich_yeu: Công tác cơ bản", 1)
    new.write_text(text, encoding="utf-8")
    data, _ = review_copy(old, new)
    body = docx.Document(io.BytesIO(data)).element.body
    inserted = ["".join(t.text or "" for t in m.iter(f"{W}t")) for m in body.iter(f"{W}ins")]
    assert any(s.strip() == "cơ bản" for s in inserted), inserted
    assert any(tr.find(f"{W}trPr/{W}del") is not None for tr in body.iter(f"{W}tr")), "a removed row is a deleted row"
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml")
    assert b"trackRevisions" in settings


@pytest.mark.slow
def test_cli_writes_review_copy_that_checks_and_converts(tmp_path, reviews):
    old, new, _ = reviews["lai-chau-2023"]
    out = tmp_path / "duyet.docx"
    result = run_cli("diff", str(old), str(new), "--docx", str(out))
    assert result.returncode == 0, result.stderr
    assert "chỗ đánh dấu thay đổi" in result.stdout
    check = run_cli("check", str(out))
    assert " 0 lỗi" in check.stdout, check.stdout
    again = run_cli("diff", str(old), str(new), "--docx", str(out))
    assert again.returncode != 0 and "không ghi đè" in again.stderr
    same = run_cli("diff", str(old), str(new), "--docx", str(new))
    assert same.returncode != 0 and "trùng" in same.stderr
    # LibreOffice reads the revisions: the PDF of the review copy shows the inserted section.
    from kehoach_gen.render import pdf

    (pdf_path,) = pdf.convert([out])
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Hợp tác với các địa phương nước ngoài" in text


@pytest.mark.slow
def test_diff_aligns_an_inserted_section_instead_of_rewriting_the_rest(reviews):
    old, new, _ = reviews["lai-chau-2023"]
    result = run_cli("diff", str(old), str(new), "--khong-mau")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^[IVX]+\.\d+: thêm 'Hợp tác với các địa phương nước ngoài", out, re.M), out
    assert "[-3.-]" not in out and "(trước là" in out
    assert int(re.search(r"(\d+) thay đổi", out).group(1)) <= 5


@pytest.mark.slow
def test_diff_reports_a_moved_section(tmp_path):
    text = (EXAMPLES / "lai-chau-2023.yaml").read_text(encoding="utf-8")
    block = re.search(r"(      - tieu_de: Công tác đối ngoại nhân dân\n(?:        .*\n|\n)+?)(?=      - tieu_de)", text)
    assert block is not None
    moved = text.replace(block.group(1), "", 1)
    moved = moved.replace("      - tieu_de: Nâng cao hiệu quả ngoại giao kinh tế\n",
                          block.group(1) + "      - tieu_de: Nâng cao hiệu quả ngoại giao kinh tế\n", 1)
    new = tmp_path / "moi.yaml"
    new.write_text(moved, encoding="utf-8")
    result = run_cli("diff", str(EXAMPLES / "lai-chau-2023.yaml"), str(new), "--khong-mau")
    assert "chuyển chỗ, nội dung giữ nguyên" in result.stdout, result.stdout
    assert "1 thay đổi" in result.stdout


def _body_paragraphs(document) -> list[Paragraph]:
    return [p for p in document.paragraphs
            if len(p.text) > 60 and not re.match(r"^(\d|[IVX]+\.|[a-zđ]\)|KẾ HOẠCH|- [^:]{1,40}:)", p.text)]


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_word_edits_go_back_into_the_plan(tmp_path, name):
    plan = tmp_path / f"{name}.yaml"
    shutil.copy(EXAMPLES / f"{name}.yaml", plan)
    before = plan.read_text(encoding="utf-8")
    rendered = build(plan, check=False).output
    document = docx.Document(rendered)
    paras = _body_paragraphs(document)
    assert len(paras) >= 3
    first, middle, last = paras[0], paras[len(paras) // 2], paras[len(paras) * 3 // 4]
    run = next(r for r in first.runs if len(r.text.split()) > 3)
    words = run.text.split(" ")
    words.insert(2, "cơ bản")
    run.text = " ".join(words)
    extra = copy.deepcopy(middle._p)
    middle._p.addnext(extra)
    added = Paragraph(extra, middle._parent)
    for r in added.runs[1:]:
        r._r.getparent().remove(r._r)
    added.runs[0].text = "Đoạn mới do lãnh đạo thêm vào khi duyệt."
    last._p.getparent().remove(last._p)
    edited = tmp_path / "da-sua.docx"
    document.save(edited)

    result = run_cli("import", str(edited), "--into", str(plan))
    assert result.returncode == 0, result.stderr
    assert "sửa thành" in result.stdout and "thêm đoạn" in result.stdout
    after = plan.read_text(encoding="utf-8")
    # Comments the clerk wrote in the plan survive.
    comments = [ln.strip() for ln in before.splitlines() if ln.strip().startswith("#")]
    assert all(c in after for c in comments)
    import difflib

    touched = [ln for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert len(touched) <= 6, touched  # one line changed, one added, one removed: nothing else rewritten
    again = build(plan, tmp_path / "lai.docx", check=False).output
    assert _lines(docx.Document(again).element.body) == _lines(docx.Document(edited).element.body)


@pytest.mark.slow
def test_pending_tracked_changes_and_comments_import(tmp_path):
    old = EXAMPLES / "lai-chau-2023.yaml"
    text = old.read_text(encoding="utf-8")
    new = tmp_path / "moi.yaml"
    new.write_text(text.replace("đảm bảo tiết kiệm, hiệu quả", "đảm bảo tiết kiệm, thật sự hiệu quả"), encoding="utf-8")
    data, count = review_copy(old, new, author="Lãnh đạo")
    assert count >= 1
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(old, plan)
    edited = tmp_path / "cho-duyet.docx"
    # As if the leader had typed the tracked changes into the document rendered from `old`.
    edited.write_bytes(_with_comment(_carrying(data, old), "Đề nghị bổ sung thời gian thực hiện"))
    result = run_cli("import", str(edited), "--into", str(plan))
    assert result.returncode == 0, result.stderr
    assert "ý kiến Lãnh đạo: Đề nghị bổ sung thời gian thực hiện" in result.stdout
    assert re.search(r"ke-hoach\.yaml:\d+: ý kiến", result.stdout)
    again = build(plan, tmp_path / "lai.docx", check=False).output
    assert _lines(docx.Document(again).element.body) == _lines(_rendered(new))


@pytest.mark.slow
def test_a_new_section_typed_in_word_is_listed_not_dropped(tmp_path, reviews):
    old, _, data = reviews["lai-chau-2023"]
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(old, plan)
    edited = tmp_path / "cho-duyet.docx"
    edited.write_bytes(_carrying(data, old))  # the leader's tracked edits on the document of `old`
    result = run_cli("import", str(edited), "--into", str(plan))
    assert result.returncode == 0, result.stderr
    assert "Hợp tác với các địa phương nước ngoài" in result.stdout + result.stderr


def _carrying(data: bytes, plan: Path) -> bytes:
    """The document with `plan` as the base it carries (basecopy.py), as if rendered from it."""
    from kehoach_gen.ooxml.basecopy import ITEM, item_xml
    from kehoach_gen.plan.loader import parse, read_text

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in source.infolist():
            blob = item_xml(parse(read_text(plan), str(plan)).data) if info.filename == ITEM else source.read(info)
            dst.writestr(info, blob)
    return out.getvalue()


def _with_comment(data: bytes, text: str) -> bytes:
    """The document with one Word comment anchored on its 30th paragraph."""
    document = docx.Document(io.BytesIO(data))
    para = [p for p in document.paragraphs if len(p.text) > 60][5]
    document.add_comment(para.runs, text=text, author="Lãnh đạo")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.slow
def test_libreoffice_resave_imports_back(tmp_path):
    import subprocess

    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "lai-chau-2023.yaml", plan)
    rendered = build(plan, check=False).output
    document = docx.Document(rendered)
    para = _body_paragraphs(document)[3]
    para.runs[0].text = para.runs[0].text.replace(" ", " thật sự ", 1)
    edited = tmp_path / "sua.docx"
    document.save(edited)
    out = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "docx", "--outdir", str(out), str(edited)], capture_output=True, timeout=120, check=True)
    result = run_cli("import", str(out / "sua.docx"), "--into", str(plan))
    assert result.returncode == 0, result.stderr
    assert "thật sự" in plan.read_text(encoding="utf-8")


@pytest.mark.slow
def test_libreoffice_accept_all_and_reject_all(tmp_path, reviews):
    """LibreOffice's own "Accept All" / "Reject All" commands (through its UNO API, with Debian's python3-uno)
    give exactly the new and the old text on every example."""
    import subprocess

    jobs: list[str] = []
    for name, (old, new, data) in reviews.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
        for label, plan in (("old", old), ("new", new)):
            (tmp_path / f"{name}-{label}.docx").write_bytes(docx_render.render(compose(load_plan(plan))))
        jobs += ["accept", str(tmp_path / f"{name}.docx"), str(tmp_path / f"{name}-accept.txt"),
                 "reject", str(tmp_path / f"{name}.docx"), str(tmp_path / f"{name}-reject.txt"),
                 "keep", str(tmp_path / f"{name}-new.docx"), str(tmp_path / f"{name}-new.txt"),
                 "keep", str(tmp_path / f"{name}-old.docx"), str(tmp_path / f"{name}-old.txt")]
    script = Path(__file__).with_name("lo_revisions.py")
    subprocess.run(["/usr/bin/python3", str(script), str(tmp_path / "profile"), *jobs], check=True, timeout=300)

    def text(path: Path) -> list[str]:
        return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]

    for name in reviews:
        assert text(tmp_path / f"{name}-accept.txt") == text(tmp_path / f"{name}-new.txt"), name
        assert text(tmp_path / f"{name}-reject.txt") == text(tmp_path / f"{name}-old.txt"), name


def test_footnote_edits_are_tracked(tmp_path):
    old = EXAMPLES / "kon-tum-2022.yaml"
    text = old.read_text(encoding="utf-8")
    note = re.search(r"chu_thich:\n\s+1: (.*)", text)
    assert note is not None
    new = tmp_path / "moi.yaml"
    new.write_text(text.replace(note.group(1), note.group(1).replace(" ", " sửa đổi ", 1), 1), encoding="utf-8")
    data, _ = review_copy(old, new)
    package = zipfile.ZipFile(io.BytesIO(data))
    from lxml import etree

    root = etree.fromstring(package.read("word/footnotes.xml"))
    assert root.find(f".//{W}ins") is not None
    accepted = " ".join(_lines(resolve(root, accept=True)))
    rejected = " ".join(_lines(resolve(root, accept=False)))
    assert "sửa đổi" in accepted and "sửa đổi" not in rejected


@pytest.mark.slow
def test_number_and_date_written_in_word_go_to_so_and_ngay(tmp_path):
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "lai-chau-2023.yaml", plan)  # a draft: blank number and day
    document = docx.Document(build(plan, check=False).output)
    for p in document.element.body.iter(f"{W}p"):
        para = Paragraph(p, document)
        if para.text.startswith("Số:"):
            para.runs[0].text = "Số: 07/KH-UBND"
            for r in para.runs[1:]:
                r.text = ""
        elif ", ngày" in para.text:
            para.runs[0].text = "Lai Châu, ngày 15 tháng 12 năm 2022"
            for r in para.runs[1:]:
                r.text = ""
    edited = tmp_path / "da-ky.docx"
    document.save(edited)
    result = run_cli("import", str(edited), "--into", str(plan))
    assert result.returncode == 0, result.stderr
    text = plan.read_text(encoding="utf-8")
    assert re.search(r"^so: 7\b", text, re.M) and re.search(r"^ngay: 2022-12-15\b", text, re.M), text[:800]
    page = compose(load_plan(plan))
    assert page.number_line == "Số: 07/KH-UBND" and page.place_date == "Lai Châu, ngày 15 tháng 12 năm 2022"


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_an_unedited_document_leaves_the_plan_byte_for_byte(tmp_path, name):
    plan = tmp_path / f"{name}.yaml"
    shutil.copy(EXAMPLES / f"{name}.yaml", plan)
    rendered = build(plan, check=False).output
    result = run_cli("import", str(rendered), "--into", str(plan))
    assert result.returncode == 0, result.stderr
    assert "không có phần sửa" in result.stdout
    assert plan.read_bytes() == (EXAMPLES / f"{name}.yaml").read_bytes()
    assert not plan.with_name(f"{name}.yaml.bak").exists()
