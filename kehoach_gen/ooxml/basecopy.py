"""The plan a .docx was rendered from, carried inside the .docx: the base of a three-way merge.

A leader edits the .docx in Word while the clerk goes on editing the YAML. To take back only what the
leader changed, `import --into` needs the version both started from. It travels in a custom XML part
(customXml/itemN.xml, the place Word keeps a document's data store items and LibreOffice keeps on
save), so it survives the trip without showing anywhere in the document.

What is stored is the plan's data as the loader read it (values only: no YAML comments, no layout of
the file, no `y_kien` notes), compressed, so the clerk's private remarks never leave with the document.
The encoding is deterministic, so one plan still renders to the same bytes on every run.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import zlib
from typing import Any

from lxml import etree

NAMESPACE = "urn:kehoach-gen:ban-goc:1"
ITEM = "customXml/item1.xml"
_PROPS = "customXml/itemProps1.xml"
_ITEM_RELS = "customXml/_rels/item1.xml.rels"
_CUSTOM_XML_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_PROPS_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
# A fixed data store id: the part is ours in every document, and a fixed id keeps renders byte-identical.
_ITEM_ID = "{5E1B8C3A-7D2F-4B6E-9A41-0C8D2E7F6B19}"
MAX_BASE = 4 * 1024 * 1024
"""An inflated base larger than this is not one of ours (a plan's YAML is capped at 2 MB)."""

# Fields that never reach the page and stay with the clerk's file.
_NOT_CARRIED = ("y_kien",)


def _encode(value: Any) -> Any:
    """Plain data -> JSON data, losslessly: dates tagged, mappings as pairs (a footnote key is a number)."""
    if isinstance(value, dict):
        return {"m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "m" in value:
            return {_decode(k): _decode(v) for k, v in value["m"]}
        if "dt" in value:
            return dt.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
        raise ValueError("unknown tagged value")
    return value


def carried(data: dict[str, Any]) -> dict[str, Any]:
    """The part of a plan's data that travels in its documents."""
    return {k: v for k, v in data.items() if k not in _NOT_CARRIED}


def item_xml(data: dict[str, Any]) -> bytes:
    payload = json.dumps(_encode(carried(data)), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = base64.b64encode(zlib.compress(payload, 9)).decode("ascii")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<banGoc xmlns="{NAMESPACE}" nen="zlib+base64">{packed}</banGoc>').encode()


def add_to_package(parts: dict[str, bytes], names: list[str], data: dict[str, Any]) -> None:
    """Add the base part (and its relationships and content type) to a package being written."""
    parts[ITEM] = item_xml(data)
    parts[_PROPS] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{_ITEM_ID}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>').encode()
    parts[_ITEM_RELS] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_PROPS_RT}" Target="itemProps1.xml"/></Relationships>').encode()
    for name in (ITEM, _PROPS, _ITEM_RELS):
        if name not in names:
            names.append(name)
    ct = parts["[Content_Types].xml"].decode("utf-8")
    if 'PartName="/customXml/itemProps1.xml"' not in ct:
        ct = ct.replace("</Types>", f'<Override PartName="/{_PROPS}" ContentType="{_PROPS_CT}"/></Types>')
    if not re.search(r'Extension="xml"', ct, flags=re.IGNORECASE):
        ct = ct.replace("</Types>", '<Default Extension="xml" ContentType="application/xml"/></Types>')
    parts["[Content_Types].xml"] = ct.encode("utf-8")
    rels_name = "word/_rels/document.xml.rels"
    rels = parts[rels_name].decode("utf-8")
    if _CUSTOM_XML_RT not in rels:
        ids = {int(n) for n in re.findall(r'Id="rId(\d+)"', rels)}
        rels = rels.replace("</Relationships>", f'<Relationship Id="rId{max(ids, default=0) + 1}" '
                            f'Type="{_CUSTOM_XML_RT}" Target="../{ITEM}"/></Relationships>')
        parts[rels_name] = rels.encode("utf-8")


def is_base_part(name: str) -> bool:
    """A data store item that may hold the base (Word renumbers the items when it saves)."""
    return bool(re.fullmatch(r"customXml/item\d+\.xml", name))


def read_base(parts: dict[str, bytes]) -> dict[str, Any] | None:
    """The plan data carried by a .docx's parts (those is_base_part accepts), or None when there is none
    or it is not readable (a document made elsewhere, or damaged: the merge then works two ways)."""
    for name in sorted(n for n in parts if is_base_part(n)):
        try:
            root = etree.fromstring(parts[name], etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        if root.tag != f"{{{NAMESPACE}}}banGoc":
            continue
        try:
            packed = base64.b64decode("".join((root.text or "").split()), validate=True)
            inflater = zlib.decompressobj()
            raw = inflater.decompress(packed, MAX_BASE)
            if inflater.unconsumed_tail:
                return None
            data = _decode(json.loads(raw.decode("utf-8")))
        except (ValueError, zlib.error, UnicodeDecodeError, TypeError, KeyError):
            return None
        return data if isinstance(data, dict) else None
    return None
