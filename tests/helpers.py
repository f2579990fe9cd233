"""Shared test helpers: the seed texts, text extraction from a .docx, the word-sequence match."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "drafts" / "examples"
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
EXAMPLE_NAMES = ["phu-tho-2022", "hau-giang-2018", "lai-chau-2023", "kon-tum-2022", "binh-thuan-2023"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Web-page debris around each seed's document text: (drop lines matching, cut from the first line matching).
_DEBRIS = {
    "phu-tho-2022": (r"^(Kế hoạch 1966/KH-UBND năm 2022|Số hiệu|Ngày ban hành|Ngày có hiệu lực|Loại văn bản|"
                     r"Cơ quan ban hành|Người ký|Lĩnh vực)", None),
    "hau-giang-2018": (r"^(</xml|KH hoat dong doi ngoai 2018)", None),
    "lai-chau-2023": (None, None),
    "kon-tum-2022": (None, r"^Ý kiến bạn đọc"),
    "binh-thuan-2023": (r"^Hệ thống pháp luật", r"^HIỆU LỰC VĂN BẢN"),
}


def seed_document_text(name: str) -> str:
    drop, cut = _DEBRIS[name]
    out = []
    for line in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if cut and re.match(cut, line.strip()):
            break
        if drop and re.match(drop, line.strip()):
            continue
        out.append(line)
    return unicodedata.normalize("NFC", "\n".join(out))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def in_order_ratio(expected: list[str], actual: list[str]) -> float:
    """Share of the expected words found in the actual text in the same order."""
    if not expected:
        return 1.0
    sm = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / len(expected)


def _para_text(p: etree._Element) -> str:
    out = []
    for el in p.iter(f"{W}t", f"{W}footnoteReference", f"{W}tab"):
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
            out.append(" ")
        else:
            out.append(f"({el.get(qn('w:id'))})")
    return "".join(out)


def docx_text(path: Path) -> str:
    """The reading order of a rendered plan: body (tables cell by cell), then the footnotes."""
    document = docx.Document(str(path))
    lines = [_para_text(p) for p in document.element.body.iter(f"{W}p")]
    with zipfile.ZipFile(path) as z:
        if "word/footnotes.xml" in z.namelist():
            root = etree.fromstring(z.read("word/footnotes.xml"))
            for fn in root.findall(f"{W}footnote"):
                if fn.get(qn("w:type")):
                    continue
                lines.append(f"({fn.get(qn('w:id'))}) " + " ".join(_para_text(p) for p in fn.iter(f"{W}p")))
    return "\n".join(lines)


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach_gen", *args], capture_output=True, text=True,
                          cwd=cwd, input=input, timeout=300)


# --- what a body keeps: its tables and the emphasis of its words --------------------------------

_WORD = re.compile(r"\w+")


@dataclass
class Body:
    tables: int  # tables holding text between the title and the signature
    marked: list[tuple[str, bool, bool]]  # (word, bold, italic) of the body's paragraphs and table cells
    appendix_tables: int = 0  # tables after the signature


def _marked_words(lay, p: etree._Element) -> list[tuple[str, bool, bool]]:
    """Each word of a paragraph with its emphasis as Word resolves it (bold only if all of it is)."""
    chars: list[tuple[str, bool, bool]] = []
    for r in p.iter(f"{W}r"):
        text = unicodedata.normalize("NFC", "".join(t.text or "" for t in r.findall(f"{W}t")))
        if text:
            props = lay.resolver.run(r, p)
            chars += [(c, props.bold, props.italic) for c in text]
    line = "".join(c for c, _, _ in chars)
    out = []
    for m in _WORD.finditer(line):
        span = chars[m.start():m.end()]
        out.append((m.group().lower(), all(b for _, b, _ in span), all(i for _, _, i in span)))
    return out


def body_of(path: Path) -> Body | None:
    """The body of a .docx from the first paragraph after its title to its signature, as Word shows it."""
    from kehoach_gen.ooxml.docxio import open_docx
    from kehoach_gen.ooxml.layout import _blocks, analyse, forget, norm, para_text

    try:
        document, raw = open_docx(path)
        lay = analyse(document, raw)
        if not lay.body:
            return None
        blocks = _blocks(document.element.body)
        at = {id(b): k for k, b in enumerate(blocks)}
        first = at[id(lay.body[0].el)]
        end = at.get(id(lay.sig), len(blocks)) if lay.sig is not None else len(blocks)
        if lay.sig is None and lay.appendices and lay.appendices[0].paras:
            end = at.get(id(lay.appendices[0].paras[0].el), end)
        tables = 0
        marked: list[tuple[str, bool, bool]] = []
        after = at.get(id(lay.sig), len(blocks)) + 1 if lay.sig is not None else len(blocks)
        appendix_tables = sum(1 for b in blocks[after:] if b.tag == f"{W}tbl"
                              and any(norm(para_text(p)) for p in b.iter(f"{W}p")))
        for b in blocks[first:end]:
            if b.tag == f"{W}tbl":
                tables += any(norm(para_text(p)) for p in b.iter(f"{W}p"))
                for p in b.iter(f"{W}p"):
                    marked += _marked_words(lay, p)
            else:
                marked += _marked_words(lay, b)
        return Body(tables, marked, appendix_tables)
    finally:
        forget()


@dataclass
class Emphasis:
    kept: int  # emphasised words of the source that the render emphasises alike
    source: int  # emphasised words of the source
    added: int  # words the render emphasises and the source did not
    added_words: list[str]


def emphasis(source: Body, render: Body, which: int) -> Emphasis:
    """Words matched in order between source and render (which: 1 bold, 2 italic)."""
    a, b = [w for w, *_ in source.marked], [w for w, *_ in render.marked]
    kept = 0
    added: list[str] = []
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            was, now = source.marked[block.a + k][which], render.marked[block.b + k][which]
            kept += was and now
            if now and not was:
                added.append(b[block.b + k])
    return Emphasis(kept, sum(1 for m in source.marked if m[which]), len(added), added)
