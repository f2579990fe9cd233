"""What a clerk can check in the PDF that will be signed: fonts, page sizes, the PDF/A identification,
and the text of the header and the signature block. The same facts drive the PDF/A pre-flight.

pikepdf (qpdf) reads the structure: it opens damaged files that it can repair and rejects the rest with
an error we can word; pypdf extracts the text, keeping the layout of the two-column header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import nd30
from kehoach_gen.facts.wordml import MM_PER_INCH, PT_PER_INCH, mm_to_pt

_A4_PT = (mm_to_pt(nd30.PAPER_MM[0]), mm_to_pt(nd30.PAPER_MM[1]))
_SUBSET = re.compile(r"^[A-Z]{6}\+")
# Fonts with Times New Roman's metrics: a document set in them keeps every line break of Times.
_TIMES_METRIC = ("TimesNewRoman", "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "LiberationSerif",
                 "TeXGyreTermes", "Tinos")


class PdfUnreadable(KehoachError):
    """The file is not a PDF we can read (corrupt, truncated, encrypted with a password)."""


@dataclass(frozen=True)
class FontFact:
    name: str  # without the subset prefix
    kind: str  # TrueType, Type0, Type1, Type3 ...
    embedded: bool

    @property
    def times(self) -> bool:
        return nd30.FONT.replace(" ", "") in self.name.replace(" ", "")

    @property
    def times_metric(self) -> bool:
        return any(self.name.replace(" ", "").startswith(f) for f in _TIMES_METRIC)


@dataclass
class PdfFacts:
    path: Path
    pages: int
    page_sizes: list[tuple[float, float]]  # points, (width, height) as displayed (rotation applied)
    fonts: list[FontFact]
    encrypted: bool
    pdfa_part: str | None  # "2" from pdfaid:part
    pdfa_conformance: str | None  # "B"
    output_intent: bool  # a /GTS_PDFA1 output intent with an ICC profile
    transparency_groups: int  # pages and forms that open a transparency group
    blending_space: bool  # every transparency group names its colour space (or an output intent does)
    info: dict[str, str] = field(default_factory=dict)  # /Title, /Author, ... of the info dictionary
    xmp: dict[str, str] = field(default_factory=dict)  # dc:title, dc:creator, ... of the XMP packet

    @property
    def pdfa(self) -> str | None:
        """'2B' for PDF/A-2b, None when the file does not claim PDF/A."""
        return f"{self.pdfa_part}{self.pdfa_conformance or ''}".upper() if self.pdfa_part else None

    @property
    def unembedded(self) -> list[FontFact]:
        return [f for f in self.fonts if not f.embedded]


def _font_fact(font: Any) -> FontFact:
    import pikepdf

    kind = str(font.get("/Subtype", "/?"))[1:]
    name = _SUBSET.sub("", str(font.get("/BaseFont", "/(không tên)"))[1:])
    if kind == "Type3":  # glyphs drawn by the file itself
        return FontFact(name, kind, True)
    target = font
    if kind == "Type0":
        descendants = font.get("/DescendantFonts")
        target = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else font
    descriptor = target.get("/FontDescriptor")
    embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return FontFact(name, kind, embedded)


def _resources(pdf: Any) -> Iterator[tuple[Any, Any]]:
    """(resource dictionary, owner) of every page, form XObject and annotation appearance, each once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = []
    for page in pdf.pages:
        stack.append(page.obj)
        for annot in page.obj.get("/Annots", []):
            appearance = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
            if isinstance(appearance, pikepdf.Dictionary):
                stack += [v for v in appearance.values() if isinstance(v, pikepdf.Stream)]
    while stack:
        owner = stack.pop()
        if owner.is_indirect:
            if owner.objgen in seen:
                continue
            seen.add(owner.objgen)
        res = owner.get("/Resources")
        if not isinstance(res, pikepdf.Dictionary):
            continue
        yield res, owner
        xobjects = res.get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary):
            stack += [x for x in xobjects.values() if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Form"]


def _xmp_text(meta: Any, key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, set, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def pdf_facts(path: str | Path) -> PdfFacts:
    """Read the facts of a PDF; PdfUnreadable (with a Vietnamese message) when it cannot be read."""
    import pikepdf

    path = Path(path)
    if not path.is_file():
        raise PdfUnreadable(f"{path}: không có tệp này")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise PdfUnreadable(f"{path}: tệp PDF có mật khẩu; PDF/A và ký số cần tệp không mã hóa") from None
    except (pikepdf.PdfError, OSError, ValueError):
        # qpdf's reason is English and technical ("unable to find trailer dictionary"): the clerk is told
        # what it means and what to do.
        raise PdfUnreadable(f"{path}: không đọc được tệp PDF: tệp hỏng, chưa tải xong hoặc không phải PDF; "
                            "hãy tải hoặc xuất lại tệp PDF") from None
    with pdf:
        try:
            return _facts(pdf, path)
        except pikepdf.PdfError as exc:
            raise PdfUnreadable(f"{path}: tệp PDF hỏng ({str(exc).splitlines()[0]})") from None


def _facts(pdf: Any, path: Path) -> PdfFacts:
    import pikepdf

    fonts: dict[tuple[str, str], FontFact] = {}
    groups, blending = 0, True
    for res, owner in _resources(pdf):
        font_dict = res.get("/Font")
        if isinstance(font_dict, pikepdf.Dictionary):
            for font in font_dict.values():
                if isinstance(font, pikepdf.Dictionary):
                    fact = _font_fact(font)
                    key = (fact.name, fact.kind)
                    if key not in fonts or not fact.embedded:
                        fonts[key] = fact
        group = owner.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
            groups += 1
            blending = blending and "/CS" in group
    intents = pdf.Root.get("/OutputIntents", [])
    output_intent = any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents)
    sizes = []
    for page in pdf.pages:
        box = [float(v) for v in page.obj.get("/CropBox", page.mediabox)]
        w, h = abs(box[2] - box[0]), abs(box[3] - box[1])
        sizes.append((h, w) if int(page.obj.get("/Rotate", 0)) % 180 else (w, h))
    meta = pdf.open_metadata()
    info = {}
    if isinstance(pdf.trailer.get("/Info"), pikepdf.Dictionary):
        info = {str(k)[1:]: str(v) for k, v in pdf.docinfo.items() if isinstance(v, pikepdf.String)}
    xmp = {k: _xmp_text(meta, k) for k in ("dc:title", "dc:creator", "dc:description", "pdf:Keywords", "dc:subject",
                                           "pdfaid:part", "pdfaid:conformance")}
    return PdfFacts(
        path=path, pages=len(pdf.pages), page_sizes=sizes, fonts=sorted(fonts.values(), key=lambda f: f.name),
        encrypted=pdf.is_encrypted, pdfa_part=xmp["pdfaid:part"] or None,
        pdfa_conformance=xmp["pdfaid:conformance"] or None, output_intent=output_intent,
        transparency_groups=groups, blending_space=blending or output_intent, info=info, xmp=xmp)


def pdfa_problems(facts: PdfFacts, part: str = "2", conformance: str = "B") -> list[tuple[str, str]]:
    """What stands between this file and PDF/A-<part><conformance>: (kind, Vietnamese message) pairs,
    kind one of "id", "encryption", "font", "intent", "transparency"; empty when nothing."""
    problems = []
    if facts.pdfa_part != part or (facts.pdfa_conformance or "").upper() != conformance:
        found = f"đang: PDF/A-{facts.pdfa}" if facts.pdfa else "tệp không khai báo PDF/A"
        problems.append(("id", f"thiếu nhận dạng PDF/A-{part}{conformance.lower()} trong siêu dữ liệu XMP ({found})"))
    if facts.encrypted:
        problems.append(("encryption", "tệp bị mã hóa; PDF/A không cho phép mã hóa"))
    for font in facts.unembedded:
        problems.append(("font", f"phông {font.name} ({font.kind}) không được nhúng vào tệp"))
    if not facts.output_intent:
        problems.append(("intent", "thiếu OutputIntent (hồ sơ màu ICC) mà PDF/A yêu cầu"))
    if facts.transparency_groups and not facts.blending_space:
        problems.append(("transparency",
                         f"{facts.transparency_groups} nhóm trong suốt không có không gian màu hòa trộn"))
    return problems


def _close(a: tuple[float, float], b: tuple[float, float], tolerance: float = 2.0) -> bool:
    return abs(a[0] - b[0]) <= tolerance and abs(a[1] - b[1]) <= tolerance


def page_size_words(size: tuple[float, float]) -> str:
    w_mm, h_mm = (round(v / PT_PER_INCH * MM_PER_INCH) for v in size)
    if _close(size, _A4_PT):
        return f"A4 đứng ({w_mm} x {h_mm} mm)"
    if _close(size, (_A4_PT[1], _A4_PT[0])):
        return f"A4 ngang ({w_mm} x {h_mm} mm)"
    return f"{w_mm} x {h_mm} mm (không phải khổ A4)"


@dataclass
class PdfReport:
    """`kehoach check` on a PDF: facts, the texts a clerk reads, and problems (errors) and notes (warnings)."""

    facts: PdfFacts
    header: list[str]
    signature: list[str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        f = self.facts
        out = [f"số trang: {f.pages}"]
        sizes: dict[str, list[int]] = {}
        for i, size in enumerate(f.page_sizes, start=1):
            sizes.setdefault(page_size_words(size), []).append(i)
        for words, pages in sizes.items():
            out.append(f"khổ giấy: {words}, trang {_ranges(pages)}")
        out.append("PDF/A: " + (f"PDF/A-{f.pdfa[:-1]}{f.pdfa[-1].lower()}" if f.pdfa else "không khai báo"))
        for font in f.fonts:
            family = ("Times New Roman" if font.times else "cùng số đo với Times New Roman" if font.times_metric
                      else "không phải Times New Roman")
            out.append(f"phông: {font.name} ({family}; {'đã nhúng' if font.embedded else 'KHÔNG nhúng'})")
        if f.info.get("Title"):
            out.append(f"tiêu đề (Title): {f.info['Title']}")
        if f.info.get("Author"):
            out.append(f"tác giả (Author): {f.info['Author']}")
        out.append("phần đầu văn bản:")
        out += [f"  {line}" for line in self.header] or ["  (không đọc được chữ)"]
        out.append("phần ký:")
        out += [f"  {line}" for line in self.signature] or ["  (không tìm thấy 'Nơi nhận:')"]
        out += [f"lỗi: {m}" for m in self.errors] + [f"cảnh báo: {m}" for m in self.warnings]
        return out

    def as_dict(self) -> dict:
        f = self.facts
        return {"file": str(f.path), "errors": len(self.errors), "warnings": len(self.warnings), "pages": f.pages,
                "page_sizes_mm": [[round(v / PT_PER_INCH * MM_PER_INCH, 1) for v in s] for s in f.page_sizes],
                "pdfa": f.pdfa, "fonts": [{"name": x.name, "type": x.kind, "embedded": x.embedded} for x in f.fonts],
                "header": self.header, "signature": self.signature,
                "findings": [{"severity": "E", "message": m} for m in self.errors]
                + [{"severity": "W", "message": m} for m in self.warnings]}


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1-3, 5, 7-8'."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _page_lines(reader: Any, index: int) -> list[str]:
    try:
        text = reader.pages[index].extract_text(extraction_mode="layout")
    except Exception:  # a page whose content stream pypdf cannot follow: no text, not a failure
        return []
    return [line.rstrip() for line in text.splitlines()]


def _texts(path: Path) -> tuple[list[str], list[str]]:
    """The header (page 1 down to the trích yếu) and the signature block (from 'Nơi nhận:' to the signer)."""
    import logging

    import pypdf

    # pypdf logs every oddity of a damaged file; the clerk gets the facts and our messages instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path))
        count = len(reader.pages)
    except Exception:
        return [], []
    first = _page_lines(reader, 0) if count else []
    # The header ends with the trích yếu: the line after the document type's name ("KẾ HOẠCH").
    titles = {t.title for t in (*nd30.DOCUMENT_TYPES, nd30.CONG_VAN)}
    title = next((i for i, line in enumerate(first) if line.strip() in titles), None)
    if title is None:
        header = [line for line in first if line.strip()][:6]
    else:  # the trích yếu may wrap; a blank line (the short rule under it) ends it
        end = next((i for i in range(title + 1, len(first)) if not first[i].strip()), len(first))
        header = [line for line in first[:end] if line.strip()]
    signature: list[str] = []
    # From the end: the block closes the body, and only appendices follow it (text extraction costs
    # about a tenth of a second a page).
    for index in range(count - 1, -1, -1):
        lines = first if index == 0 else _page_lines(reader, index)
        at = next((i for i, line in enumerate(lines) if nd30.NOI_NHAN_LABEL in line), None)
        if at is not None:
            signature = [line for line in lines[at:] if line.strip()]
            break
    return _dedent(header), _dedent(signature)


def _dedent(lines: list[str]) -> list[str]:
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return [x[indent:] for x in lines]


def check_pdf(path: str | Path) -> PdfReport:
    facts = pdf_facts(path)
    header, signature = _texts(Path(path))
    report = PdfReport(facts, header, signature)
    for font in facts.unembedded:
        report.errors.append(f"phông {font.name} không được nhúng: máy khác sẽ hiển thị bằng phông khác")
    for font in facts.fonts:
        if not font.times_metric:
            report.warnings.append(f"phông {font.name} không phải Times New Roman (Phụ lục I, mục I.2)")
    for i, size in enumerate(facts.page_sizes, start=1):
        if not (_close(size, _A4_PT) or _close(size, (_A4_PT[1], _A4_PT[0]))):
            report.errors.append(f"trang {i}: khổ {page_size_words(size)}; Nghị định 30 dùng khổ A4")
    if facts.encrypted:
        report.errors.append("tệp bị mã hóa: không lưu trữ được dạng PDF/A")
    if facts.pdfa is None:
        report.warnings.append("tệp không khai báo PDF/A (tạo lại bằng: kehoach render ... --pdfa)")
    else:
        # Fonts and encryption are errors above whatever the file claims.
        report.warnings += [f"tệp khai báo PDF/A-{facts.pdfa} nhưng {message}" for kind, message
                            in pdfa_problems(facts, facts.pdfa_part or "2", facts.pdfa_conformance or "B")
                            if kind in ("intent", "transparency")]
    if not header:
        report.warnings.append("không đọc được chữ ở trang đầu (tệp quét thành ảnh?)")
    return report
