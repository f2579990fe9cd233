"""Names the editor gives new plans in the folder, and the name of an uploaded file as it is shown.

A browser sends whatever name the clerk's file had: hundreds of bytes, a line break, characters Windows
refuses. A new plan's file name must be one the folder can hold on every system the office uses, and one
the editor lists and opens again (store.NAME); the uploaded name is shown on one line (it is written into
the plan's comment header, where a line break would start YAML of its own)."""

from __future__ import annotations

import re
import unicodedata

MAX_STEM_CHARS = 100
"""store.NAME allows 120 characters with ".yaml"; a "-99" may follow when the name is taken."""
MAX_STEM_BYTES = 200
"""Most file systems allow 255 bytes in a name (ext4, and NTFS's 255 UTF-16 units hold more); Vietnamese
letters take 2 or 3 bytes each in UTF-8."""
MAX_SHOWN = 120
DEFAULT_STEM = "ke-hoach"
# Device names Windows reserves whatever the extension ("con.yaml" cannot be created there).
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)
# Control and format characters, line and paragraph separators: nothing a clerk can see or type in a name.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def _cut(text: str, chars: int, max_bytes: int) -> str:
    """At most `chars` characters and `max_bytes` UTF-8 bytes, never splitting a letter from its marks."""
    text = text[:chars]
    while len(text.encode("utf-8")) > max_bytes or (text and unicodedata.combining(text[-1])):
        text = text[:-1]
    return text


def shown(name: str) -> str:
    """The uploaded file's name as messages and the plan's header show it: NFC, on one line, shortened
    (keeping its extension)."""
    name = "".join(" " if unicodedata.category(c) in _INVISIBLE else c for c in unicodedata.normalize("NFC", name))
    name = " ".join(name.split())
    if len(name) <= MAX_SHOWN:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        return name[:MAX_SHOWN - 1] + "…"
    return f"{stem[:MAX_SHOWN - len(suffix) - 2]}….{suffix}"


def stem(text: str) -> str:
    """A file stem any system holds and the editor lists: letters (Vietnamese ones too), digits, '.', '-'
    and '_', within MAX_STEM_CHARS characters and MAX_STEM_BYTES bytes, never a Windows device name."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[^\w.-]+", "-", text).strip("-.")
    text = _cut(text, MAX_STEM_CHARS, MAX_STEM_BYTES).rstrip("-.")
    if not text:
        return DEFAULT_STEM
    return f"{text}-1" if _RESERVED.match(text.split(".")[0]) else text
