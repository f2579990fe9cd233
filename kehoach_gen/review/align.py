"""Align two sequences of text units (sections, paragraphs, table rows) before comparing their words.

Positions alone mislead: a section inserted in the middle renumbers every later one, so comparing
"II.3" with "II.3" reports rewritten text that only moved. Units are matched by content instead:
identical units first, then, inside each stretch that differs, the most similar pairs in order
(edited units), and last, units removed in one place and added in another (moved units).
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Literal

Kind = Literal["equal", "edit", "insert", "delete", "move"]

# Below this word similarity two units are a removal and an addition, not one edited unit.
EDIT_SIMILARITY = 0.5
# Above this many unit pairs a stretch is not paired by similarity (quadratic time).
_PAIRED = 40_000
# A removed unit and an added one this similar are one unit that moved.
MOVE_SIMILARITY = 0.9


@dataclass(frozen=True)
class Op:
    kind: Kind
    old: int | None = None  # index into the old sequence
    new: int | None = None  # index into the new sequence


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return 0.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def _pair(old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int) -> list[Op]:
    """Order-keeping best pairing of the old units i1..i2 with the new units j1..j2 (dynamic programming
    over similarities above EDIT_SIMILARITY), the rest inserted or deleted, in document order."""
    n, m = i2 - i1, j2 - j1
    if n * m > _PAIRED:  # a rewrite of hundreds of units: pairing them all is not worth quadratic time
        return [Op("delete", old=i) for i in range(i1, i2)] + [Op("insert", new=j) for j in range(j1, j2)]
    sim = [[similarity(old[i1 + a], new[j1 + b]) for b in range(m)] for a in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            s = sim[a][b]
            take = s + best[a + 1][b + 1] if s >= EDIT_SIMILARITY else -1.0
            best[a][b] = max(take, best[a + 1][b], best[a][b + 1])
    ops: list[Op] = []
    a = b = 0
    while a < n and b < m:
        s = sim[a][b]
        if s >= EDIT_SIMILARITY and best[a][b] == s + best[a + 1][b + 1]:
            ops.append(Op("equal" if old[i1 + a] == new[j1 + b] else "edit", old=i1 + a, new=j1 + b))
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            ops.append(Op("delete", old=i1 + a))
            a += 1
        else:
            ops.append(Op("insert", new=j1 + b))
            b += 1
    ops += [Op("delete", old=i1 + k) for k in range(a, n)]
    ops += [Op("insert", new=j1 + k) for k in range(b, m)]
    return ops


Opcode = tuple[str, int, int, int, int]


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs increasing in both positions (pairs come sorted by the first)."""
    tails: list[int] = []  # index into pairs of the smallest tail of each run length
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back[k] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    out = []
    k = tails[-1] if tails else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def _opcodes(old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int) -> list[Opcode]:
    """Matching stretches, patience style: units that occur once in both sides (a task's title, a heading)
    anchor the alignment, and the stretches between anchors are aligned on their own. A plan repeats
    lines ("- Cơ quan chủ trì: Sở Ngoại vụ.") under each task: matched by longest block alone, an edit
    to one of them shifts whole groups of such lines onto the wrong task."""
    if i1 == i2 and j1 == j2:
        return []
    if i1 == i2:
        return [("insert", i1, i2, j1, j2)]
    if j1 == j2:
        return [("delete", i1, i2, j1, j2)]
    count_old = Counter(old[i1:i2])
    count_new = Counter(new[j1:j2])
    where_new = {new[j]: j for j in range(j1, j2) if count_new[new[j]] == 1}
    pairs = [(i, where_new[old[i]]) for i in range(i1, i2) if count_old[old[i]] == 1 and old[i] in where_new]
    anchors = _lis(pairs)
    if not anchors and (i2 - i1) * (j2 - j1) <= _PAIRED:
        return [("replace", i1, i2, j1, j2)]  # _pair aligns it best by similarity, equal units included
    if not anchors:
        matcher = difflib.SequenceMatcher(None, old[i1:i2], new[j1:j2], autojunk=False)
        return [(tag, a1 + i1, a2 + i1, b1 + j1, b2 + j1) for tag, a1, a2, b1, b2 in matcher.get_opcodes()]
    out: list[Opcode] = []
    pi, pj = i1, j1
    for ai, aj in anchors:
        out += _opcodes(old, new, pi, ai, pj, aj)
        out.append(("equal", ai, ai + 1, aj, aj + 1))
        pi, pj = ai + 1, aj + 1
    return out + _opcodes(old, new, pi, i2, pj, j2)


def align(old: list[str], new: list[str], *, moves: bool = True) -> list[Op]:
    """Operations in the new document's reading order; a deleted unit stands where it stood in the old
    one. With moves, a deleted and an inserted unit of (nearly) the same text become one 'move', placed
    where the unit now stands."""
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in _opcodes(old, new, 0, len(old), 0, len(new)):
        if tag == "equal":
            ops += [Op("equal", old=i1 + k, new=j1 + k) for k in range(i2 - i1)]
        else:
            ops += _pair(old, new, i1, i2, j1, j2)
    if not moves:
        return ops
    deleted = [op for op in ops if op.kind == "delete"]
    moved_from: dict[int, int] = {}
    for op in ops:
        if op.kind != "insert" or op.new is None:
            continue
        for d in deleted:
            if d.old is not None and d.old not in moved_from.values() and \
                    similarity(old[d.old], new[op.new]) >= MOVE_SIMILARITY:
                moved_from[op.new] = d.old
                break
    if not moved_from:
        return ops
    gone = set(moved_from.values())
    out: list[Op] = []
    for op in ops:
        if op.kind == "delete" and op.old in gone:
            continue
        if op.kind == "insert" and op.new in moved_from:
            out.append(Op("move", old=moved_from[op.new], new=op.new))
        else:
            out.append(op)
    return out
