"""`kehoach diff OLD NEW --docx OUT.docx`: the new document with Word tracked changes against the old.

OLD and NEW are plans (.yaml, rendered in memory) or Word files. The review copy is the new file
with its body rewritten by tracked.py; its other parts (styles, headers, footnotes) are the new file's.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document
from lxml import etree

from kehoach_gen.errors import KehoachError
from kehoach_gen.review.tracked import Revisions, W, blocks, merge_blocks, track_changes

DEFAULT_AUTHOR = "kehoach-gen"


def document_of(path: Path) -> Document:
    """A plan rendered in memory, or a Word file read through the bounded reader."""
    if path.suffix.lower() in (".yaml", ".yml"):
        from kehoach_gen.plan.compose import compose
        from kehoach_gen.plan.loader import parse, read_text, validate
        from kehoach_gen.render import docx as docx_render

        # The review copy carries the plan it shows, as `render` does: the base of `import --into`.
        located = parse(read_text(path), str(path))
        plan = validate(located, str(path))
        return docx.Document(io.BytesIO(docx_render.render(compose(plan), base=located.data)))
    if path.suffix.lower() == ".docx":
        from kehoach_gen.ooxml.docxio import open_docx

        document, _ = open_docx(path)
        return document
    raise KehoachError(f"{path}: cần tệp kế hoạch .yaml hoặc văn bản .docx")


def _track_in_settings(document: Document) -> None:
    """Further edits in Word are tracked too: the copy is for review."""
    settings = document.settings.element
    if settings.find(f"{W}trackRevisions") is None:
        mark = etree.Element(f"{W}trackRevisions")
        # CT_Settings order: trackRevisions follows the view/zoom/print group and precedes doNotTrackMoves.
        successors = {f"{W}{n}" for n in ("doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
                                         "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
                                         "defaultTabStop")}
        later = [c for c in settings if c.tag in successors]
        if later:
            later[0].addprevious(mark)
        else:
            settings.append(mark)


_FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _footnotes_part(document: Document) -> object | None:
    return next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == _FOOTNOTES_RT and not rel.is_external), None)


def _track_footnotes(old: Document, new: Document, revs: Revisions) -> None:
    """Footnote text edited between the versions is tracked too (footnotes kept by both, by number)."""
    old_part, new_part = _footnotes_part(old), _footnotes_part(new)
    if old_part is None or new_part is None:
        return
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    old_root = etree.fromstring(old_part.blob, parser)  # type: ignore[attr-defined]
    new_root = etree.fromstring(new_part.blob, parser)  # type: ignore[attr-defined]
    old_notes = {n.get(f"{W}id"): n for n in old_root.iter(f"{W}footnote") if n.get(f"{W}type") is None}
    changed = False
    for note in new_root.iter(f"{W}footnote"):
        before = old_notes.get(note.get(f"{W}id"))
        if note.get(f"{W}type") is not None or before is None:
            continue
        merged = merge_blocks(blocks(before), blocks(note), revs)
        if [etree.tostring(b) for b in merged] != [etree.tostring(b) for b in blocks(note)]:
            for b in blocks(note):
                note.remove(b)
            for b in merged:
                note.append(b)
            changed = True
    if changed:
        new_part._blob = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[attr-defined]


def review_copy(old: Path, new: Path, *, author: str = DEFAULT_AUTHOR) -> tuple[bytes, int]:
    """The review copy's bytes and the number of revisions in it."""
    old_doc, new_doc = document_of(old), document_of(new)
    revs = Revisions(author=author)
    track_changes(old_doc.element.body, new_doc.element.body, revs)
    _track_footnotes(old_doc, new_doc, revs)
    _track_in_settings(new_doc)
    buffer = io.BytesIO()
    new_doc.save(buffer)
    return buffer.getvalue(), revs.count
