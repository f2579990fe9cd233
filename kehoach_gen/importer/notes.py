"""The import's notes, one a kind in each block of the plan (the body, each appendix): a copy that types
forty numbers by hand, or wraps every heading, gets one note with how many places share it and where the
first of them are, not forty notes."""

from __future__ import annotations

import re

from kehoach_gen.importer.records import Source

_SHOWN = 5  # the places listed after the first


def once_per_kind(src: Source, start: int, block: str, end: int | None = None) -> None:
    """The notes made from start to end, one a kind (the same words but for what they quote): the first,
    and how many more places of the block have the same, with the first of their lines."""
    stop = len(src.notes) if end is None else end
    made = src.notes[start:stop]
    kinds: dict[str, list[tuple[int, str]]] = {}
    for where, message in made:
        kinds.setdefault(re.sub(r"'[^']*'", "'…'", message), []).append((where, message))
    grouped = []
    unit = "đoạn" if src.name.lower().endswith(".docx") else "dòng"
    for same in kinds.values():
        where, message = same[0]
        if len(same) > 1:
            first = _quoted(message)
            # Each place with what it quotes, where that differs from the first ('Lào Cài' after 'Lao Cai').
            # A place the source could not number (0) goes by what it quotes only.
            places = [f"{w or ''}{'' if _quoted(m) == first and w else ' ' + _quoted(m)}".strip() for w, m in same[1:]]
            places = [p for p in places if p]
            shown = f": {unit} {', '.join(places[:_SHOWN])}{', ...' if len(places) > _SHOWN else ''}" if places else ""
            message += f" (cùng loại ở {len(same) - 1} chỗ khác trong {block}{shown})"
        grouped.append((where, message))
    src.notes[start:stop] = grouped


def _quoted(message: str) -> str:
    found = re.search(r"'([^']*)'", message)
    return f"'{found.group(1)[:30]}'" if found else ""
