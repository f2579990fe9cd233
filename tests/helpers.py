"""Shared test helpers: the seed texts, text extraction from a .docx, the word-sequence match."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import unicodedata
import zipfile
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
