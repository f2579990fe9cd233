"""A copy of a .docx that names nothing outside itself, for LibreOffice to lay out (`check --trang`).

Checking another office's document must make no request: a Word file can name an image on a web server
(a tracking beacon), a template or an OLE source on a Windows share (`\\\\host\\share`, which leaks the
clerk's credentials), or pull text in through a field (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE). LibreOffice
follows such links while it converts. The copy drops every relationship whose target is external (and
the attributes that point at it), blanks the instruction of every field that reads another file, and
removes VML addresses and the mail-merge data source; what is printed from the file itself is kept."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_O = "urn:schemas-microsoft-com:office:office"

# Fields that read a file or an address when they are updated or laid out; a HYPERLINK's address is only
# followed on a click, but it goes too: nothing of the copy names a place outside.
_FETCHING = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|HYPERLINK|RD)\b", re.IGNORECASE)
# An address in an attribute: a URL of any scheme, or a Windows share.
_ADDRESS = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
# Settings that name an outside source: the mail-merge data source, the attached template.
_SETTINGS_LINKS = (f"{_W}mailMerge", f"{_W}attachedTemplate")


def _rels_part(name: str) -> str | None:
    """The part a .rels file describes ('word/_rels/document.xml.rels' -> 'word/document.xml')."""
    m = re.fullmatch(r"(?P<dir>.*?)_rels/(?P<part>[^/]*)\.rels", name)
    return None if m is None else f"{m.group('dir')}{m.group('part')}"


def _drop_external(data: bytes) -> tuple[bytes, set[str]]:
    root = etree.fromstring(data)
    gone: set[str] = set()
    for rel in list(root):
        target = rel.get("Target") or ""
        if (rel.get("TargetMode") or "").lower() == "external" or _ADDRESS.match(target):
            gone.add(rel.get("Id") or "")
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), gone


def _blank_fields(root: etree._Element) -> int:
    """Blank the instructions of fields that read something outside; their last printed result stays."""
    count = 0
    for simple in root.iter(f"{_W}fldSimple"):
        if _FETCHING.match(simple.get(f"{_W}instr") or ""):
            simple.set(f"{_W}instr", "")
            count += 1
    codes: list[etree._Element] = []
    depth = 0
    for el in root.iter(f"{_W}fldChar", f"{_W}instrText"):
        if el.tag == f"{_W}instrText":
            if depth:
                codes.append(el)
            continue
        kind = el.get(f"{_W}fldCharType")
        if kind == "begin":
            depth += 1
            codes = [] if depth == 1 else codes
        elif kind in ("separate", "end") and codes:
            if _FETCHING.match("".join(c.text or "" for c in codes)):
                for c in codes:
                    c.text = ""
                count += 1
            codes = []
        if kind == "end":
            depth = max(depth - 1, 0)
    return count


def _neutralise(data: bytes, gone: set[str], name: str) -> tuple[bytes, int]:
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return data, 0  # not XML the layout reads: LibreOffice will not find a link in it either
    count = _blank_fields(root)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in list(el.attrib.items()):
            linked = attr.startswith(f"{{{_R}}}") and value in gone
            # VML names an image or a linked object by address (v:imagedata src, o:href).
            address = attr in ("src", f"{{{_O}}}href", "href") and _ADDRESS.match(value or "")
            if linked or address:
                del el.attrib[attr]
                count += 1
        if name == "word/settings.xml" and el.tag in _SETTINGS_LINKS and el.getparent() is not None:
            el.getparent().remove(el)
            count += 1
    if not count:
        return data, 0
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), count


def offline_copy(source: Path, target: Path) -> int:
    """Write target: source without any link to a place outside it. Returns how many links were cut."""
    with zipfile.ZipFile(source) as zin:
        names = zin.namelist()
        gone: dict[str, set[str]] = {}
        rels: dict[str, bytes] = {}
        for name in names:
            part = _rels_part(name)
            if part is not None:
                try:
                    rels[name], gone[part] = _drop_external(zin.read(name))
                except etree.XMLSyntaxError:
                    rels[name], gone[part] = b"", set()  # unreadable relationships: none are followed
        cut = sum(len(ids) for ids in gone.values())
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                if item.filename in rels:
                    data = rels[item.filename]
                elif item.filename.endswith((".xml", ".vml")):
                    data, n = _neutralise(zin.read(item.filename), gone.get(item.filename, set()), item.filename)
                    cut += n
                else:
                    data = zin.read(item.filename)
                zout.writestr(item, data)
    return cut
