"""A review copy for Word: the new document, with its differences from the old one as tracked changes.

The body of each document is read as Word shows it (paragraphs, tables, rows, cells), aligned with
align.py, and written as the new document in which removed text stands in w:del and added text in
w:ins, at word level inside a paragraph and whole paragraphs or table rows where those were added or
removed. Word's "Accept all" then gives exactly the new text and "Reject all" exactly the old.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from lxml import etree

from kehoach_gen.facts import nd30
from kehoach_gen.facts.wordml import W
from kehoach_gen.review.align import EDIT_SIMILARITY, Op, align, similarity

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_WORD = re.compile(r"\s+|[^\s]+")
# Children of w:p that hold no text of their own and are dropped from a rebuilt paragraph.
_MARKERS = {f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}proofErr", f"{W}permStart", f"{W}permEnd"}
# Order of the children of w:pPr that must follow its w:rPr (ECMA-376 CT_PPr).
_AFTER_PARA_RPR = (f"{W}sectPr", f"{W}pPrChange")


@dataclass
class Revisions:
    """Stamps every w:ins / w:del with a unique id, the reviewer's name and one date."""

    author: str
    date: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    next_id: int = 1
    count: int = 0

    def mark(self, tag: str) -> etree._Element:
        el = etree.Element(f"{W}{tag}")
        el.set(f"{W}id", str(self.next_id))
        el.set(f"{W}author", self.author)
        el.set(f"{W}date", self.date)
        self.next_id += 1
        self.count += 1
        return el

    @contextmanager
    def one_change(self) -> Iterator[None]:
        """The marks made inside are one change to the reader: a replaced word, a whole paragraph, row or
        table (whose runs, paragraph marks and row marks each need a w:ins/w:del of their own)."""
        count, first = self.count, self.next_id
        yield
        self.count = count + (1 if self.next_id > first else 0)


# --- reading text as Word shows it (pending revisions accepted) ---------------------------------

def _visible(el: etree._Element) -> Iterator[etree._Element]:
    """Text-bearing elements of a paragraph or cell, skipping deleted runs."""
    for child in el.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}del"):
        if any(a.tag == f"{W}del" for a in child.iterancestors()) or child.tag == f"{W}del":
            continue
        yield child


def para_text(p: etree._Element) -> str:
    out = []
    for el in _visible(p):
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag == f"{W}tc"]


def row_text(tr: etree._Element) -> str:
    return " | ".join("\n".join(para_text(p) for p in tc.iter(f"{W}p")) for tc in _row_cells(tr))


def _rows(tbl: etree._Element) -> list[etree._Element]:
    return [r for r in tbl if r.tag == f"{W}tr"]


def block_key(el: etree._Element) -> str:
    if el.tag == f"{W}tbl":
        return "\x00table\n" + "\n".join(row_text(r) for r in _rows(el))
    return para_text(el)


def blocks(container: etree._Element) -> list[etree._Element]:
    return [c for c in container if c.tag in (f"{W}p", f"{W}tbl")]


# --- tokens of a paragraph -----------------------------------------------------------------------

@dataclass
class Token:
    key: str  # what is compared: a word, a space, or a tag for a non-text object
    rpr: etree._Element | None  # the run properties of the run it came from
    el: etree._Element | None = None  # the object itself (tab, break, footnote reference, drawing ...)
    text: str = ""


def _run_tokens(run: etree._Element) -> Iterator[Token]:
    rpr = run.find(f"{W}rPr")
    for child in run:
        if child.tag == f"{W}rPr":
            continue
        if child.tag in (f"{W}t", f"{W}delText"):
            for m in _WORD.finditer(child.text or ""):
                yield Token(m.group(0), rpr, text=m.group(0))
        elif child.tag == f"{W}footnoteReference":
            yield Token(f"\x00fn{child.get(f'{W}id')}", rpr, child)
        else:
            yield Token(f"\x00{etree.QName(child).localname}", rpr, child)


def tokens(p: etree._Element) -> list[Token]:
    out: list[Token] = []
    for child in p:
        if child.tag == f"{W}r":
            out += _run_tokens(child)
        elif child.tag == f"{W}ins" or child.tag not in (f"{W}pPr", f"{W}del", *_MARKERS):
            # Runs inside an earlier insertion, a hyperlink, a smart tag or a content control.
            for run in child.iter(f"{W}r"):
                if not any(a.tag == f"{W}del" for a in run.iterancestors()):
                    out += _run_tokens(run)
    return out


def _runs(toks: list[Token], deleted: bool) -> list[etree._Element]:
    """Runs for consecutive tokens, one run per stretch of the same run properties."""
    runs: list[etree._Element] = []
    current: etree._Element | None = None
    current_rpr: etree._Element | None = None
    text_el: etree._Element | None = None
    for tok in toks:
        if current is None or tok.rpr is not current_rpr:
            current = etree.Element(f"{W}r")
            if tok.rpr is not None:
                current.append(copy.deepcopy(tok.rpr))
            current_rpr = tok.rpr
            runs.append(current)
            text_el = None
        if tok.el is None:
            if text_el is None:
                text_el = etree.SubElement(current, f"{W}delText" if deleted else f"{W}t")
                text_el.set(XML_SPACE, "preserve")
                text_el.text = ""
            text_el.text = (text_el.text or "") + tok.text
        else:
            obj = copy.deepcopy(tok.el)
            if deleted and obj.tag == f"{W}t":
                obj.tag = f"{W}delText"
            if deleted and obj.tag == f"{W}instrText":
                obj.tag = f"{W}delInstrText"
            current.append(obj)
            text_el = None
    return runs


def _wrapped(revs: Revisions, tag: str, toks: list[Token]) -> etree._Element | None:
    if not toks:
        return None
    box = revs.mark(tag)
    for run in _runs(toks, deleted=tag == "del"):
        box.append(run)
    return box


# --- paragraphs ----------------------------------------------------------------------------------

def _mark_paragraph(p: etree._Element, revs: Revisions, tag: str) -> None:
    """Mark the paragraph mark itself as inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    rpr = ppr.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.Element(f"{W}rPr")
        later = [c for c in ppr if c.tag in _AFTER_PARA_RPR]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, revs.mark(tag))


def _rebuild(p: etree._Element, parts: list[etree._Element]) -> etree._Element:
    out = etree.Element(p.tag, attrib=dict(p.attrib))
    ppr = p.find(f"{W}pPr")
    if ppr is not None:
        out.append(copy.deepcopy(ppr))
    for part in parts:
        out.append(part)
    return out


def whole_paragraph(p: etree._Element, revs: Revisions, tag: str, *, keep_section: bool = True) -> etree._Element:
    """The paragraph with all its content and its mark inserted or deleted."""
    with revs.one_change():
        box = _wrapped(revs, tag, tokens(p))
        out = _rebuild(p, [box] if box is not None else [])
        if not keep_section:
            ppr = out.find(f"{W}pPr")
            sect = ppr.find(f"{W}sectPr") if ppr is not None else None
            if ppr is not None and sect is not None:
                ppr.remove(sect)
        _mark_paragraph(out, revs, tag)
    return out


def edited_paragraph(old: etree._Element, new: etree._Element, revs: Revisions) -> etree._Element:
    """The new paragraph with word-level revisions against the old one."""
    a, b = tokens(old), tokens(new)
    parts: list[etree._Element] = []
    matcher = difflib.SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts += _runs(b[j1:j2], deleted=False)
            continue
        with revs.one_change():
            gone = _wrapped(revs, "del", a[i1:i2])
            came = _wrapped(revs, "ins", b[j1:j2])
        parts += [x for x in (gone, came) if x is not None]
    return _rebuild(new, parts)


# --- tables --------------------------------------------------------------------------------------

def _mark_row(tr: etree._Element, revs: Revisions, tag: str) -> None:
    trpr = tr.find(f"{W}trPr")
    if trpr is None:
        trpr = etree.Element(f"{W}trPr")
        prex = tr.find(f"{W}tblPrEx")
        if prex is not None:
            prex.addnext(trpr)
        else:
            tr.insert(0, trpr)
    change = trpr.find(f"{W}trPrChange")
    if change is not None:
        change.addprevious(revs.mark(tag))
    else:
        trpr.append(revs.mark(tag))


def whole_row(tr: etree._Element, revs: Revisions, tag: str) -> etree._Element:
    """The row marked inserted or deleted as Word marks one: w:trPr/w:ins|w:del, and every cell's runs and
    paragraph marks in w:ins|w:del too (ECMA-376 17.13.5.13: the row mark says nothing of the cells'
    content, which is marked on its own). One change to the reader."""
    out = copy.deepcopy(tr)
    with revs.one_change():
        for tc in _row_cells(out):
            merged = merge_blocks([], blocks(tc), revs) if tag == "ins" else merge_blocks(blocks(tc), [], revs)
            _replace_blocks(tc, merged)
        _mark_row(out, revs, tag)
    return out


def edited_row(old: etree._Element, new: etree._Element, revs: Revisions) -> list[etree._Element]:
    old_cells, new_cells = _row_cells(old), _row_cells(new)
    if len(old_cells) != len(new_cells):
        return [whole_row(old, revs, "del"), whole_row(new, revs, "ins")]
    out = copy.deepcopy(new)
    for oc, nc in zip(old_cells, _row_cells(out), strict=True):
        before, after = blocks(oc), blocks(nc)
        if len(before) == len(after) == 1 and before[0].tag == after[0].tag == f"{W}p":
            # A cell of one paragraph is the same cell edited, however short ("Nam Phi" -> "Nam Phi, Ai Cập"
            # is below the similarity that pairs two paragraphs of running text).
            _replace_blocks(nc, [edited_paragraph(before[0], after[0], revs)])
        else:
            _replace_blocks(nc, merge_blocks(before, after, revs))
    return [out]


def _replace_blocks(container: etree._Element, merged: list[etree._Element]) -> None:
    old = blocks(container)
    anchor = old[0] if old else None
    for el in merged:
        if anchor is not None:
            anchor.addprevious(el)
        else:
            container.append(el)
    for el in old:
        container.remove(el)


def whole_table(tbl: etree._Element, revs: Revisions, tag: str) -> etree._Element:
    """Every row of the table inserted or deleted: one change to the reader."""
    out = copy.deepcopy(tbl)
    with revs.one_change():
        for tr in _rows(out):
            tr.addprevious(whole_row(tr, revs, tag))
            out.remove(tr)
    return out


def _is_header(tr: etree._Element) -> bool:
    mark = tr.find(f"{W}trPr/{W}tblHeader")
    return mark is not None and mark.get(f"{W}val", "true") not in ("false", "0", "off")


def _header_rows(rows: list[etree._Element]) -> int:
    """How many rows open the table as its column names (repeated on every page)."""
    return next((k for k, tr in enumerate(rows) if not _is_header(tr)), len(rows))


def _grid(tbl: etree._Element) -> list[str]:
    return [col.get(f"{W}w", "") for col in tbl.iterfind(f"{W}tblGrid/{W}gridCol")]


def _columns(tbl: etree._Element) -> int:
    return len(_grid(tbl)) or max((len(_row_cells(r)) for r in _rows(tbl)), default=0)


def _cell_texts(tr: etree._Element) -> list[str]:
    return ["\n".join(para_text(p) for p in tc.iter(f"{W}p")) for tc in _row_cells(tr)]


def _row_keys(tbl: etree._Element, rows: list[etree._Element]) -> list[str]:
    """What rows are matched on: their text, less the running number when the first column is the TT
    column, so that a row removed or added above does not make every renumbered row below a different
    row (the changed numbers are still tracked, inside their cells)."""
    first = _rows(tbl)[:1]
    heading = _cell_texts(first[0])[:1] if first else []
    numbered = bool(heading) and re.match(nd30.ORDINAL_COLUMN, heading[0]) is not None
    keys = []
    for tr in rows:
        cells = _cell_texts(tr)
        keys.append(" | ".join(cells[1:] if numbered else cells))
    return keys


def _fit_to_grid(tr: etree._Element, grid: list[str]) -> etree._Element:
    """A deleted row stands in the new table: its cells take the new grid's widths (columns are sized by
    their content, so an edit elsewhere in the table may have moved them)."""
    cells = _row_cells(tr)
    if len(cells) == len(grid) and all(w.isdigit() for w in grid) and \
            not any(tc.find(f"{W}tcPr/{W}gridSpan") is not None for tc in cells):
        for tc, width in zip(cells, grid, strict=True):
            tcw = tc.find(f"{W}tcPr/{W}tcW")
            if tcw is not None:
                tcw.set(f"{W}w", width)
                tcw.set(f"{W}type", "dxa")
    return tr


def _changed_row(old: etree._Element, new: etree._Element, revs: Revisions) -> list[etree._Element]:
    return [new] if row_text(old) == row_text(new) else edited_row(old, new, revs)


def edited_table(old: etree._Element, new: etree._Element, revs: Revisions) -> list[etree._Element]:
    """The new table with its rows' differences from the old one tracked: the column-name rows stay first
    and are compared place by place; the other rows are matched by content (align.py), a removed row is
    one deleted row, an added row one inserted row, an edited cell is tracked inside its cell."""
    if _columns(old) != _columns(new):
        # A column added or removed. Word can mark inserted and deleted cells (w:cellIns, w:cellDel), but
        # LibreOffice (7.4) rejects only their text and keeps the cells, an empty column the old table
        # never had; and old rows of one grid in a table of another come out ragged. So the old table is
        # deleted and the new one inserted, each whole: two changes, and "Accept all" / "Reject all" give
        # exactly one table or the other in either program.
        return [whole_table(old, revs, "del"), whole_table(new, revs, "ins")]
    out = copy.deepcopy(new)
    old_rows, new_rows = _rows(old), _rows(out)
    grid = _grid(out)
    old_heads, new_heads = _header_rows(old_rows), _header_rows(new_rows)
    merged: list[etree._Element] = []
    for k in range(max(old_heads, new_heads)):
        if k < old_heads and k < new_heads:
            merged += _changed_row(old_rows[k], new_rows[k], revs)
        elif k < new_heads:
            merged.append(whole_row(new_rows[k], revs, "ins"))
        else:
            merged.append(_fit_to_grid(whole_row(old_rows[k], revs, "del"), grid))
    old_body, new_body = old_rows[old_heads:], new_rows[new_heads:]
    for op in align(_row_keys(old, old_body), _row_keys(out, new_body), moves=False):
        if op.kind in ("equal", "edit") and op.old is not None and op.new is not None:
            merged += _changed_row(old_body[op.old], new_body[op.new], revs)
        elif op.kind == "insert" and op.new is not None:
            merged.append(whole_row(new_body[op.new], revs, "ins"))
        elif op.old is not None:
            merged.append(_fit_to_grid(whole_row(old_body[op.old], revs, "del"), grid))
    # The rows go where the new table's rows stood, in the merged order (after w:tblPr and w:tblGrid).
    at = out.index(new_rows[0]) if new_rows else len(out)
    for tr in new_rows:
        out.remove(tr)
    for k, tr in enumerate(merged):
        out.insert(at + k, tr)
    return [out]


def _header_text(tbl: etree._Element) -> str:
    rows = _rows(tbl)
    return row_text(rows[0]) if rows else ""


def _same_tables(ops: list[Op], old: list[etree._Element], new: list[etree._Element]) -> list[Op]:
    """A table that lost or gained most of its rows is too unlike its old self to be paired as an edited
    block, and would be deleted and inserted whole. Within a stretch of removed and added blocks, an old
    and a new table whose column names agree are the same table, edited."""
    out: list[Op] = []
    stretch: list[Op] = []

    def flush() -> None:
        gone = [op for op in stretch if op.kind == "delete" and op.old is not None and old[op.old].tag == f"{W}tbl"]
        paired: dict[int, int] = {}  # new index -> old index
        for op in stretch:
            if op.kind != "insert" or op.new is None or new[op.new].tag != f"{W}tbl":
                continue
            for d in gone:
                if d.old is not None and d.old not in paired.values() and \
                        similarity(_header_text(old[d.old]), _header_text(new[op.new])) >= EDIT_SIMILARITY:
                    paired[op.new] = d.old
                    break
        for op in stretch:
            if op.kind == "delete" and op.old in paired.values():
                continue
            out.append(Op("edit", old=paired[op.new], new=op.new) if op.new in paired else op)
        stretch.clear()

    for op in ops:
        if op.kind in ("delete", "insert"):
            stretch.append(op)
        else:
            flush()
            out.append(op)
    flush()
    return out


# --- the body ------------------------------------------------------------------------------------

def merge_blocks(old: list[etree._Element], new: list[etree._Element], revs: Revisions) -> list[etree._Element]:
    """The new blocks, with the old ones' differences as revisions, in reading order."""
    out: list[etree._Element] = []
    ops = align([block_key(b) for b in old], [block_key(b) for b in new], moves=False)
    for op in _same_tables(ops, old, new):
        a = old[op.old] if op.old is not None else None
        b = new[op.new] if op.new is not None else None
        if op.kind == "equal" and b is not None:
            out.append(copy.deepcopy(b))
        elif op.kind == "edit" and a is not None and b is not None and a.tag == b.tag:
            out += edited_table(a, b, revs) if b.tag == f"{W}tbl" else [edited_paragraph(a, b, revs)]
        else:
            if a is not None:
                out.append(whole_table(a, revs, "del") if a.tag == f"{W}tbl"
                           else whole_paragraph(a, revs, "del", keep_section=False))
            if b is not None:
                out.append(whole_table(b, revs, "ins") if b.tag == f"{W}tbl" else whole_paragraph(b, revs, "ins"))
    return out


def track_changes(old_body: etree._Element, new_body: etree._Element, revs: Revisions) -> None:
    """Rewrite new_body in place: the new content with the old one's differences as tracked changes."""
    merged = merge_blocks(blocks(old_body), blocks(new_body), revs)
    _replace_blocks(new_body, merged)
    _drop_dangling_footnotes(new_body)


def _drop_dangling_footnotes(body: etree._Element) -> None:
    """A deleted reference to a footnote the new document no longer has would point at nothing."""
    ids = {r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")
           if not any(a.tag == f"{W}del" for a in r.iterancestors())}
    for ref in list(body.iter(f"{W}footnoteReference")):
        if ref.get(f"{W}id") not in ids:
            parent = ref.getparent()
            if parent is not None:
                parent.remove(ref)


# --- accepting and rejecting (what Word does), for reading edited files and for proof ------------

def _merge_marked_paragraphs(body: etree._Element, tag: str) -> None:
    """A paragraph whose mark goes away joins the next paragraph, as in Word."""
    for p in list(body.iter(f"{W}p")):
        ppr = p.find(f"{W}pPr")
        rpr = ppr.find(f"{W}rPr") if ppr is not None else None
        if rpr is None or rpr.find(f"{W}{tag}") is None:
            continue
        following = p.getnext()
        while following is not None and following.tag != f"{W}p":
            following = following.getnext() if following.tag not in (f"{W}tbl", f"{W}sectPr") else None
        content = [c for c in p if c.tag != f"{W}pPr"]
        if following is not None:
            anchor = following.find(f"{W}pPr")
            for c in reversed(content):
                if anchor is not None:
                    anchor.addnext(c)
                else:
                    following.insert(0, c)
            p.getparent().remove(p)
        elif all(c.tag == f"{W}{tag}" for c in content):
            p.getparent().remove(p)  # nothing left of it, and no paragraph after it to join
        else:
            rpr.remove(rpr.find(f"{W}{tag}"))


def resolve(body: etree._Element, accept: bool) -> etree._Element:
    """A copy of the body with every revision accepted (Word's "Accept all") or rejected ("Reject all")."""
    out = copy.deepcopy(body)
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    for tr in list(out.iter(f"{W}tr")):
        trpr = tr.find(f"{W}trPr")
        if trpr is not None and trpr.find(f"{W}{drop}") is not None:
            tr.getparent().remove(tr)
    _merge_marked_paragraphs(out, drop)
    for el in list(out.iter(f"{W}{drop}")):
        parent = el.getparent()
        if parent is not None and parent.tag != f"{W}rPr" and parent.tag != f"{W}trPr":
            parent.remove(el)
    for el in list(out.iter(f"{W}{keep}")):
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag in (f"{W}rPr", f"{W}trPr"):
            parent.remove(el)
            continue
        for child in el:
            for t in child.iter(f"{W}delText"):
                t.tag = f"{W}t"
            for t in child.iter(f"{W}delInstrText"):
                t.tag = f"{W}instrText"
            el.addprevious(child)
        parent.remove(el)
    for el in list(out.iter(f"{W}{drop}")):
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return out


def body_lines(body: etree._Element) -> list[str]:
    """Every paragraph's text in reading order (table cells included): what a reader sees."""
    return [para_text(p) for p in body.iter(f"{W}p")]
