"""PDF/A-2b for signing and archiving: LibreOffice's export options, then the document's metadata
written into both the info dictionary and the XMP packet, then a pre-flight check of the written file.

LibreOffice (7.4 and later) takes the export filter's options as JSON after the filter name. It takes
the title, author, subject and keywords from the .docx core properties, but splits the keywords at
every space ("Kế hoạch" becomes "Kế, hoạch"), so the metadata are set afterwards with pikepdf, whose
metadata editor keeps the info dictionary and the XMP packet in step as PDF/A requires."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from kehoach_gen.check.pdf import pdf_facts, pdfa_problems
from kehoach_gen.errors import KehoachError
from kehoach_gen.render.package import atomic_write
from kehoach_gen.render.pdf import PLAIN_FILTER

PART, CONFORMANCE = "2", "B"

# SelectPdfVersion 2 is PDF/A-2b; fonts are always embedded in PDF/A mode. Tagged PDF keeps the reading
# order for screen readers at no cost.
_OPTIONS = {"SelectPdfVersion": {"type": "long", "value": "2"},
            "UseTaggedPDF": {"type": "boolean", "value": "true"}}
FILTER = f"{PLAIN_FILTER}:{json.dumps(_OPTIONS, separators=(',', ':'))}"


class PdfaFailed(KehoachError):
    """The written PDF does not pass the PDF/A pre-flight."""


@dataclass(frozen=True)
class PdfMetadata:
    title: str  # the trích yếu
    author: str  # the issuing body
    subject: str  # "Kế hoạch số 33/KH-UBND ngày 13 tháng 3 năm 2018 của Ủy ban nhân dân tỉnh Hậu Giang"
    keywords: tuple[str, ...]
    language: str = "vi-VN"


def write_metadata(path: Path, meta: PdfMetadata) -> None:
    """Set the metadata in place; the file stays PDF/A (pikepdf re-reads the claimed conformance)."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
            xmp["dc:title"] = meta.title
            xmp["dc:creator"] = [meta.author]
            xmp["dc:description"] = meta.subject
            xmp["dc:subject"] = set(meta.keywords)
            xmp["dc:language"] = [meta.language]
            xmp["pdf:Keywords"] = "; ".join(meta.keywords)
        # The first /ID element stays; qpdf derives the second from the new content, as an update should.
        pdf.save(out)
    atomic_write(path, out.getvalue())


def preflight(path: Path) -> None:
    """Raise PdfaFailed naming every problem of the written file."""
    problems = pdfa_problems(pdf_facts(path), PART, CONFORMANCE)
    if problems:
        raise PdfaFailed(f"{path}: tệp PDF chưa đạt PDF/A-2b: " + "; ".join(message for _, message in problems)
                         + ". Hãy cập nhật LibreOffice (cần bản 7.4 trở lên) rồi tạo lại.")


def finish(path: Path, meta: PdfMetadata) -> None:
    write_metadata(path, meta)
    preflight(path)
