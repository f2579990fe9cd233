"""Electronic issuance (`--dien-tu`): the document the văn thư signs digitally in the e-office system.

- The number and the issue date are given by the system at signing (ND30 Art. 15.3), so the number,
  the day and the month are left blank, as a draft leaves them; the year stays, since the numbering
  runs by year. The same blanks reach the appendices' reference lines, whose other words (type, symbol,
  issuing body) come from the plan as the metadata record does (Phụ lục I, III.1.c lets an electronic
  document leave the number and date of that line unfilled).
- The space between the authority lines and the signer's name holds the signature image and the seal
  image at its real size (Phụ lục I, II.7.d and II.8.a): nd30.SIGNATURE_ZONE_MM.
- It is not a draft: the file's properties do not say "Dự thảo"."""

from __future__ import annotations

import dataclasses
import io
import zipfile

from lxml import etree

from kehoach_gen.facts import nd30
from kehoach_gen.facts.wordml import W_NS, W, mm_to_twips
from kehoach_gen.plan.compose import Page
from kehoach_gen.plan.model import KeHoach, NgayThang
from kehoach_gen.render.package import write_package

_NAME_STYLE = "KHNguoiKy"  # the signer's name paragraph of the bundled template
_AFTER_SPACING = {"ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                  "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
                  "pPrChange"}


def for_electronic(plan: KeHoach) -> KeHoach:
    year = plan.ngay.nam if plan.ngay else None
    return dataclasses.replace(plan, so=None, ngay=NgayThang(nam=year) if year else None)


def not_a_draft(page: Page) -> Page:
    return dataclasses.replace(page, draft=False)


def _twips(mm: float) -> int:
    return round(mm_to_twips(mm))


def size_signature_zone(data: bytes) -> bytes:
    """Set the space above the signer's name to the signature zone; returns the package unchanged when
    the template has no name paragraph of the bundled style (an office's own template decides itself)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(name, z.read(name)) for name in z.namelist()]
    parts = dict(entries)
    root = etree.fromstring(parts["word/document.xml"])
    ns = {"w": W_NS}
    names = root.xpath(f'//w:p[w:pPr/w:pStyle/@w:val="{_NAME_STYLE}"]', namespaces=ns)
    if not names:
        return data
    ppr = names[-1].find(f"{W}pPr")
    spacing = ppr.find(f"{W}spacing")
    if spacing is None:
        spacing = etree.SubElement(ppr, f"{W}spacing")
        # Word rejects paragraph properties out of schema order: spacing goes before ind, jc, rPr ...
        later = [c for c in ppr if etree.QName(c).localname in _AFTER_SPACING]
        if later:
            later[0].addprevious(spacing)
    spacing.set(f"{W}before", str(_twips(nd30.SIGNATURE_ZONE_MM)))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_package([(name, parts[name]) for name, _ in entries if name != "docProps/custom.xml"])
