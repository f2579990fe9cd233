"""What an e-office system receives from a build besides the .docx: the PDF's metadata and the record
files (ND30 Phụ lục VI as JSON, the edXML header), all from the outgoing record of metadata.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kehoach_gen.render.package import atomic_write

if TYPE_CHECKING:
    from kehoach_gen.build import BuildResult
    from kehoach_gen.plan.compose import Page
    from kehoach_gen.plan.model import KeHoach
    from kehoach_gen.render.pdfa import PdfMetadata


def finish_pdfa(result: BuildResult) -> None:
    """Write the document's metadata into the PDF/A LibreOffice made, then check the file."""
    from kehoach_gen.render import pdfa

    assert result.pdf is not None and result.plan is not None and result.page is not None
    pdfa.write_metadata(result.pdf, pdf_metadata(result.plan, result.page))
    pdfa.preflight(result.pdf)


def pdf_metadata(plan: KeHoach, page: Page) -> PdfMetadata:
    """Title = trích yếu, author = issuing body, subject = the document's name, keywords from the record."""
    from kehoach_gen.eoffice.metadata import outgoing
    from kehoach_gen.render.pdfa import PdfMetadata

    record = outgoing(plan, page, page_amount=None, organ=None)
    # The blanks a draft leaves for the number and day are for a pen, not for a metadata field.
    return PdfMetadata(title=record.subject, author=record.organ_name, subject=" ".join(record.identity.split()),
                       keywords=record.keywords)


def write_records(result: BuildResult, *, organ: str | None, record_json: bool, edxml: bool,
                  electronic: bool = False) -> tuple[list[Path], list[str]]:
    """NAME.json (ND30 Phụ lục VI) and NAME.edxml beside the .docx, as asked; the page count is the PDF's.
    Also returns the values longer than Phụ lục VI allows (warnings: the files are still written)."""
    from kehoach_gen.eoffice import metadata

    assert result.plan is not None and result.page is not None
    pages = None
    if result.pdf is not None:
        from kehoach_gen.check.pdf import pdf_facts

        pages = pdf_facts(result.pdf).pages
    record = metadata.outgoing(result.plan, result.page, page_amount=pages, organ=organ, electronic=electronic)
    written = []
    if record_json:
        written.append(result.output.with_suffix(".json"))
        metadata.write_json(written[-1], record)
    if edxml:
        from kehoach_gen.eoffice.edxml import to_bytes

        written.append(result.output.with_suffix(".edxml"))
        atomic_write(written[-1], to_bytes(record))
    return written, metadata.too_long(record)
