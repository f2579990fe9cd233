"""What a reviewer's .docx says besides its text: Word comments (who, when, what) and who saved it last.

Read for `import --into` (merge_back.py), which keeps comments in the plan's y_kien list.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from kehoach_gen.review.tracked import W, para_text


def comments(xml: bytes | None) -> dict[str, tuple[str, str, str]]:
    """Word comments by id: (author, date, text)."""
    if not xml:
        return {}
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return {}
    out = {}
    for c in root.iter(f"{W}comment"):
        text = " ".join(para_text(p) for p in c.iter(f"{W}p")).strip()
        out[c.get(f"{W}id", "")] = (c.get(f"{W}author", ""), c.get(f"{W}date", ""), text)
    return out


def word_time(stamp: str) -> str:
    """A Word date (2026-12-04T09:30:00Z) as a clerk writes it."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.strftime("%d/%m/%Y %H:%M")


def modified_by(core: bytes | None) -> tuple[str, str]:
    if not core:
        return "", ""
    try:
        root = etree.fromstring(core, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return "", ""
    who = next((el.text or "" for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("}lastModifiedBy")), "")
    when = next((el.text or "" for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("}modified")), "")
    return who.strip(), word_time(when.strip()) if when.strip() else ""
