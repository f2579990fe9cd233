"""Source -> plan data (the YAML's dict). Numbering becomes structure; what the source lacks becomes a
clearly marked placeholder and a warning with the source line; nothing is dropped silently."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kehoach_gen.facts import inline, nd30, vn
from kehoach_gen.importer import bases
from kehoach_gen.importer.citations import cite_appendices, cite_missing_appendices, cited_notes, say_reference_issuers
from kehoach_gen.importer.issuing import (
    capital_words,
    issuing_body,
    official_unit,
    read_issuer,
    read_signer,
    spell_unit_name,
    successor_unit,
)
from kehoach_gen.importer.notes import once_per_kind
from kehoach_gen.importer.records import AppendixSource, Line, Source
from kehoach_gen.plan.dockind import KE_HOACH, for_data
from kehoach_gen.plan.issuer import Issuer, parse_committee
from kehoach_gen.plan.taskfields import DEFAULT_LABELS, field_of

PLACEHOLDER_SECTION = "[CẦN BỔ SUNG TIÊU ĐỀ PHẦN]"
PLACEHOLDER_ITEM = "[Mục bị thiếu trong bản gốc: cần bổ sung]"
PLACEHOLDER_SUMMARY = "[Cần bổ sung trích yếu]"
PLACEHOLDER_RECIPIENT = "[Cần bổ sung nơi nhận]"

# "I.MỤC ĐÍCH" without its space is a part heading too: `kehoach check` (ND30-R30/R31) reads it so.
_LETTERED = re.compile(r"^([A-ZĐ])\.\s+(.+)$")
_DIEU = re.compile(r"^Điều \d+\.?\s")
_FIELD = re.compile(r"^- (?P<label>[^:]{2,60}?):\s*(?P<value>.*)$")
# A task's fields set out as points: the label of each point, and what follows its colon.
_FIELD_POINTS = {
    "noi_dung": re.compile(r"^(Nhiệm vụ|Nội dung(?: thực hiện| nhiệm vụ)?)\s*:\s*(.*)$", re.IGNORECASE),
    "co_quan": re.compile(r"^((?:Cơ quan|Đơn vị)(?: thực hiện| chủ trì)?)\s*:\s*(.*)$", re.IGNORECASE),
    "thoi_gian": re.compile(r"^(Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành)?)\s*:\s*(.*)$",
                            re.IGNORECASE),
}
_CLOSING = re.compile(r"^(Trên đây là|Trong quá trình thực hiện|Quá trình thực hiện)")


class Assembler:
    def __init__(self, src: Source, root: dict[str, Any] | None = None) -> None:
        """root: an appendix being read, which holds items and tables of its own outside any part (the plan's
        body has none: an item there needs a part, a table before part I stays text)."""
        self.src = src
        self.root = root
        self.phan: list[dict[str, Any]] = []
        self.preamble: list[str] = []
        self.bases: list[str] = []  # the opening's "Căn cứ ..." lines printed as the plan's bases
        self.muc: dict[str, Any] | None = None
        self.diem: dict[str, Any] | None = None
        self.task: dict[str, Any] | None = None
        self.task_state = "text"  # text -> fields (-> list while a label has its values on later lines)
        self.task_points = 0  # points a), b) so far under the current task
        self.titled_tasks: list[tuple[dict[str, Any], int]] = []  # tasks read with a title, and where
        self.noun = for_data({"ky_hieu": src.symbol or ""}).record.NOUN  # "kế hoạch", "báo cáo": in its notes
        self.open_table: dict[str, Any] | None = None  # the table the next paragraphs stand under

    def warn(self, where: int, message: str) -> None:
        self.src.warn(where, message)

    # --- body ----------------------------------------------------------------------------

    def _new_phan(self, title: str, where: int, guessed: bool) -> None:
        self.phan.append({"tieu_de": title, "noi_dung": [], "muc": [], "_guessed": guessed, "_where": where})
        self.muc = self.diem = self.task = None

    def _titled(self, line: Line, rest: str) -> bool:
        """A khoản is a title when the source prints it as one (Phụ lục I II.6, and `kehoach check`'s
        ND30-R30, go by the formatting shape: the whole line bold): a short line printed bold is a title
        even with a final period, a long bold sentence is not. With no formatting known (plain text), a
        line that does not end a sentence is a title."""
        rest = inline.plain(rest)
        sentence = rest.rstrip().endswith((".", ";"))
        if line.bold is None:
            return not sentence
        short = len(rest.split()) <= nd30.SHORT_TITLE_MAX_WORDS
        if line.bold:
            return short or not sentence
        # Printed regular: a title only when it has a title's shape (short, not a sentence or a lead-in),
        # which the source forgot to print bold (the checker asks for it, ND30-R30).
        return short and not rest.rstrip().endswith((".", ";", ":"))

    def _section(self) -> dict[str, Any]:
        """Where items go: the current part, or the appendix itself before its first part."""
        return self.phan[-1] if self.phan or self.root is None else self.root

    def item(self, line: Line, number: int, rest: str) -> None:
        if self.root is not None and not self.phan:
            pass  # an appendix's items need no part
        elif not self.phan or (number == 1 and self.phan[-1]["muc"]):
            if self.phan:
                self.warn(line.where, f"số thứ tự mục bắt đầu lại từ 1 ở '{rest[:30]}' mà không có tiêu đề phần La Mã: "
                                      "tạo phần mới, cần bổ sung tiêu đề")
            else:
                self.warn(line.where, "bản gốc thiếu tiêu đề phần La Mã (I., II.) trước mục 1: tạo phần mới")
            self._new_phan(PLACEHOLDER_SECTION, line.where, guessed=True)
        items = self._section()["muc"]
        expected = len(items) + 1
        if number > expected:
            missing = ", ".join(str(n) for n in range(expected, number))
            self.warn(line.where, f"bản gốc thiếu mục {missing} (số thứ tự nhảy lên {number}): thêm mục giữ chỗ để "
                                  "giữ đúng số thứ tự")
            for _ in range(expected, number):
                items.append({"tieu_de": PLACEHOLDER_ITEM, "noi_dung": [], "diem": [], "nhiem_vu": []})
        elif number < expected:
            self.warn(line.where, f"số thứ tự mục {number} lùi lại (đang chờ {expected}): đánh số lại theo thứ tự")
        entry: dict[str, Any] = {"noi_dung": [], "diem": [], "nhiem_vu": []}
        if self._titled(line, rest):
            entry["tieu_de"] = rest  # its weight its kind prints; a quotation in it keeps its italics
        else:
            entry["noi_dung"].append(rest)
        items.append(entry)
        self.muc, self.diem, self.task = entry, None, None

    def lettered(self, line: Line, letter: str, title: str, parts_below: bool) -> None:
        """'A. MỤC ĐÍCH, YÊU CẦU': a level above the Roman parts that ND30's Kế hoạch (and this tool's
        plan) does not have. Without Roman parts under them the lettered parts are the parts; with
        them the heading stays a paragraph where it stands, and the Roman parts number on."""
        if not parts_below:
            self.warn(line.where, f"phần đánh chữ cái '{letter}.' được đánh lại theo số La Mã (I., II.) của Nghị định 30")
            self._new_phan(title, line.where, guessed=False)
            return
        self.warn(line.where, f"phần chữ cái '{letter}. {title[:40]}' đứng trên các phần La Mã: giữ thành đoạn văn tại chỗ; "
                              "các phần La Mã bên dưới được đánh số tiếp nối, cần xem lại")
        # "C." (and I., V., X., L.) would read as a Roman numeral: the letter is then left out.
        self.para(Line(text=title if letter in "IVXLC" else line.text, where=line.where))

    def _ensure_muc(self, line: Line) -> dict[str, Any]:
        if self.muc is None:
            if not self.phan and self.root is None:
                self._new_phan(PLACEHOLDER_SECTION, line.where, guessed=True)
            self.muc = {"tieu_de": PLACEHOLDER_ITEM, "noi_dung": [], "diem": [], "nhiem_vu": []}
            self._section()["muc"].append(self.muc)
            self.warn(line.where, "điểm hoặc nhiệm vụ đứng ngoài mục đánh số: thêm mục giữ chỗ")
        return self.muc

    def _task_point(self, line: Line, letter: str, rest: str) -> bool:
        """'a) Nhiệm vụ: ...', 'b) Cơ quan thực hiện:', 'c) Thời gian thực hiện: ...': a task's fields set out
        as points, under its heading 1.1. or right under an item, read into the task's fields."""
        found = next(((kind, m) for kind, pattern in _FIELD_POINTS.items()
                      if (m := pattern.match(_unmarked(rest))) is not None), None)
        if found is None:
            return False
        kind, m = found
        label, value = m.group(1), m.group(2).strip()
        task = self.task
        if kind == "noi_dung":
            if letter != "a":
                return False
            if task is not None:
                # Its heading "1.1. ..." is all the task holds so far: the heading becomes its title.
                heading = ({"tieu_de"} if task.get("tieu_de") else set()) | {"noi_dung"}
                if task.get("dang_diem") or set(task) != heading or len(task["noi_dung"]) != (not task.get("tieu_de")):
                    return False
                if not task.get("tieu_de"):
                    task["tieu_de"] = task.pop("noi_dung")[0]
            else:
                if self.muc is None or self.muc["diem"] or self.muc["nhiem_vu"]:
                    return False
                task = self.task = {}
                self.muc["nhiem_vu"].append(task)
                self.diem = None
            task.update(dang_diem=True, noi_dung=[value] if value else [])
            if label != "Nhiệm vụ":
                task["nhan_nhiem_vu"] = label
            self.task_state, self.task_points = "point-text", 1
            return True
        if task is None or not task.get("dang_diem") or kind in task or (kind == "co_quan" and "chu_tri" in task):
            return False
        if kind == "co_quan":
            if label != "Cơ quan thực hiện":
                task["nhan_co_quan"] = label
            if value:  # "b) Cơ quan thực hiện: Sở Nội vụ": the lead agency under the point's own label
                task.update(chu_tri=value, nhan_chu_tri=label)
        elif value:
            task["thoi_gian"] = value
            if label != "Thời gian thực hiện":
                task["nhan_thoi_gian"] = label
        else:
            return False
        self.task_state = "fields"
        self.task_points += 1
        return True

    def point(self, line: Line, letter: str, rest: str) -> None:
        muc = self._ensure_muc(line)
        if self._task_point(line, letter, rest):
            return
        if self.task is not None:
            # Points under a task (1.1. then a), b)): the plan's points of a khoản are printed before its
            # tasks, so these stay with their task as paragraphs. A decimal heading divides the khoản
            # (II.6.c), so their letters restart under each task, as the source prints them.
            printed = vn.point_letter(self.task_points)
            self.task_points += 1
            if printed != letter:
                self.warn(line.where, f"điểm {letter}) dưới nhiệm vụ: các điểm được đánh lại từ a) dưới mỗi "
                                      f"nhiệm vụ, điểm này thành {printed})")
            # Kept as a line of text, its number and all: the weight it was printed in goes with it.
            self.task.setdefault("them", []).append(_weighted(f"{printed}) {rest}", line))
            self.task_state = "after"
            self.diem = None
            return
        printed = vn.point_letter(len(muc["diem"]))
        if printed != letter:
            # The model letters points by their place (a, b, c, d, đ, e, ...): a letter skipped or repeated in
            # the source ("d)" then "e)", without "đ)") prints as its place says, and is said.
            self.warn(line.where, f"điểm {letter}) của bản gốc không liền sau điểm trước (đang chờ {printed})): giữ "
                                  f"điểm, đánh lại thành {printed})")
        if line.bold and self._titled(line, rest):
            # A point printed bold with its text below (a heading of its own): its title keeps the weight
            # it was printed in (ND30-R30 only warns, as it does on the source).
            self.diem = {"tieu_de": _weighted(rest, line), "noi_dung": []}
        else:
            self.diem = {"noi_dung": [rest]}
        muc["diem"].append(self.diem)

    def new_task(self, line: Line, major: int, rest: str) -> None:
        muc = self._ensure_muc(line)
        if self._section()["muc"].index(muc) + 1 != major:
            self.warn(line.where, f"nhiệm vụ {major}.x nằm dưới mục {self._section()['muc'].index(muc) + 1}: "
                                  "đánh số lại theo mục chứa nó")
        # A heading printed as a title ("3.2. Bằng khen của Chủ tịch UBND tỉnh", the points below it) is the
        # task's title, printed as it stands; a sentence is its first paragraph, which carries the number.
        titled = self._titled(line, rest)
        self.task = {"tieu_de": _weighted(rest, line), "noi_dung": []} if titled else {"noi_dung": [_weighted(rest, line)]}
        if titled:
            self.titled_tasks.append((self.task, line.where))
        self.task_points = 0
        muc["nhiem_vu"].append(self.task)
        self.task_state = "text"
        self.diem = None

    def _task_line(self, text: str, weighted: str) -> None:
        task = self.task
        assert task is not None
        m = _FIELD.match(text) if self.task_state not in ("after", "point-text") else None
        kind = field_of(m.group("label")) if m else None
        if kind in task:
            kind = None  # a field said twice: the second line stays text
        if kind and m is not None:
            label, value = m.group("label").strip(), m.group("value").strip()
            if label != DEFAULT_LABELS[kind]:
                task[f"nhan_{kind}"] = label
            if value:
                task[kind] = value
                self.task_state = "fields"
            else:
                task[kind] = []
                self.task_state = f"list:{kind}"
            return
        if self.task_state.startswith("list:") and not text.startswith(("- ", "+ ")):
            task[self.task_state[5:]].append(text)
        elif self.task_state in ("text", "point-text"):
            task["noi_dung"].append(weighted)
        else:
            self.task_state = "after"
            task.setdefault("them", []).append(weighted)

    def table(self, line: Line) -> None:
        """A table among the paragraphs goes to the part, item, point or task it stands in, after its text;
        the paragraphs under it, up to the next heading, stay under it."""
        assert line.table is not None
        target = self.task or self.diem or self.muc or (self.phan[-1] if self.phan else self.root)
        if target is None:
            # Before the first part (the model's opening holds paragraphs only): its rows as paragraphs.
            rows = [" – ".join(c for c in row if c) for row in [line.table.columns, *line.table.rows] if any(row)]
            self.warn(line.where, f"bảng trước phần I ({len(rows)} dòng) được ghi thành đoạn văn, mỗi dòng bảng một "
                                  "đoạn, các ô nối bằng ' – ': cần xem lại")
            for row in ([line.text] if line.text else []) + rows:
                self.para(Line(text=row, where=line.where))
            return
        entry: dict[str, Any] = {"tieu_de": line.text} if line.text else {}
        entry.update(noi_dung=line.table.lead, cot=line.table.columns, dong=line.table.rows, ghi_chu=[])
        target.setdefault("bang", []).append(entry)
        self.open_table = entry

    def para(self, line: Line) -> None:
        text = _dieu_bold(line)
        if text.startswith(nd30.KINH_GUI):
            self.warn(line.where, f"dòng 'Kính gửi' trong {self.noun} (mẫu {self.noun} không có): giữ thành đoạn văn "
                                  "tại chỗ")
        # A paragraph printed wholly bold or italic (a note in brackets set in italics) keeps it: the plan's
        # paragraphs print upright and regular otherwise.
        weighted = text if _DIEU.match(line.text) else _weighted(text, line)
        if self.open_table is not None:
            self.open_table["ghi_chu"].append(weighted)
        elif self.task is not None:
            self._task_line(text, weighted)
        elif self.diem is not None:
            self.diem["noi_dung"].append(weighted)
        elif self.muc is not None:
            self.muc["noi_dung"].append(weighted)
        elif self.phan:
            self.phan[-1]["noi_dung"].append(weighted)
        elif not self.preamble and bases.is_basis(line):
            self.bases.append(bases.read(replace(line, text=text), self.src))  # before any other opening words
        else:
            self.preamble.append(weighted)

    def body(self, lines: list[Line]) -> tuple[list[str], list[dict[str, Any]], list[str]]:
        closing: list[str] = []
        last_numbered = max((k for k, ln in enumerate(lines) if _numbered(ln.text) or ln.table), default=-1)
        for k in range(last_numbered + 1, len(lines) if self.root is None else 0):
            if _CLOSING.match(lines[k].text):
                closing = [_weighted(ln.text, ln) for ln in lines[k:]]
                lines = lines[:k]
                break
        lettered = _lettered_parts(lines)
        for line in lines:
            if line.table is not None:
                self.table(line)
                continue
            # Paragraphs stay under a table until a heading or a numbered line opens something else.
            under, self.open_table = self.open_table, None
            if "*" in line.text and _numbered(_unmarked(line.text)):
                # A numbered line prints bold exactly when it is a title (ND30-R30), and a heading is
                # not italic: the emphasis of its number, or of the whole line, goes; a quotation or a
                # bold lead-in inside it stays as printed.
                line.text, bold, italic = _number_unmarked(line.text)
                line.bold, line.italic = True if bold else line.bold, True if italic else line.italic
            text = line.text
            if id(line) in lettered and (m := _LETTERED.match(text)) is not None:
                self.lettered(line, m.group(1), m.group(2), parts_below=lettered[id(line)])
            elif line.style == "phan" or (line.style is None and nd30.MUC.match(text)):
                # Any line opening with a Roman numeral reads as a part (ND30-R30/R31 read it so too).
                m = nd30.MUC.match(text)
                if m and not _upperish(text):
                    self.warn(line.where, f"tiêu đề phần '{text[:40]}' viết thường trong bản gốc: in hoa theo Nghị định 30")
                if m and vn.from_roman(m.group(1)) != len(self.phan) + 1:
                    self.warn(line.where, f"số La Mã {m.group(1)}. của bản gốc không liền sau phần trước (đang chờ "
                                          f"{vn.roman(len(self.phan) + 1)}.): giữ phần, đánh số lại liên tục")
                self._new_phan(_unmarked(m.group(2) if m else text), line.where, guessed=False)
            elif (m := nd30.TASK.match(text)) is not None and line.style != "muc":
                self.new_task(line, int(m.group(1)), m.group(3))
            elif (m := nd30.KHOAN.match(text)) is not None:
                self.item(line, int(m.group(1)), m.group(2))
            elif (m := nd30.DIEM.match(text)) is not None:
                self.point(line, m.group(1), m.group(2))
            else:
                self.open_table = under
                self.para(line)
        for section in self.phan:
            if section.pop("_guessed"):
                titles = [vn.upper(m.get("tieu_de", "")) for m in section["muc"]]
                if "MỤC ĐÍCH" in titles or "YÊU CẦU" in titles:
                    section["tieu_de"] = "MỤC ĐÍCH, YÊU CẦU"
                    self.warn(section["_where"], "tiêu đề phần 'MỤC ĐÍCH, YÊU CẦU' được khôi phục theo các mục bên dưới")
            section.pop("_where")
        for task, where in self.titled_tasks:
            self._settle_title(task, where)
        return self.preamble, self.phan, closing

    def _settle_title(self, task: dict[str, Any], where: int) -> None:
        """A titled task needs paragraphs of its own (the model's noi_dung): the lines after it are those when
        nothing stands between them and the title (no agency, no time line) and none of them is a point (a
        task's paragraphs print no number typed in them); else the title is the task's sentence again, which
        the model prints with a full stop, and that is said."""
        if task["noi_dung"] or task.get("dang_diem"):
            return
        after = task.get("them", [])
        if after and not any(task.get(k) for k in ("chu_tri", "phoi_hop", "thoi_gian")) and \
                not any(_numbered(inline.plain(t)) for t in after):
            task["noi_dung"] = task.pop("them")
            return
        title = task.pop("tieu_de")
        task["noi_dung"] = [title]
        if not inline.plain(title).rstrip().endswith((".", ";", ":", "!", "?")):
            self.warn(where, f"tiêu đề nhiệm vụ '{inline.plain(title)[:40]}' không có đoạn văn riêng bên dưới: in "
                             "thành câu mang số, thêm dấu chấm cuối")


def _lettered_parts(lines: list[Line]) -> dict[int, bool]:
    """Headings 'A. ...', 'B. ...', 'C. ...' in capitals, in alphabetical order from A (so that 'C.' after
    'B.' is a letter, not the Roman numeral 100), two at least; each with whether Roman parts stand
    under it."""
    found: dict[int, bool] = {}
    expected = "A"
    last: int | None = None
    for ln in lines:
        m = _LETTERED.match(ln.text)
        if m and m.group(1) == expected and _upperish(ln.text):
            last = id(ln)
            found[last] = False
            expected = chr(ord(expected) + 1)
        elif last is not None and nd30.MUC.match(ln.text) and _upperish(ln.text):
            found[last] = True
    return found if len(found) >= 2 else {}


def _dieu_bold(line: Line) -> str:
    """'Điều 2. ...' (a decision or a regulation copied into a plan) prints its word, number and title bold
    (Phụ lục I II.6.đ, ND30-R30). The source's whole-line bold is its paragraph formatting, which the
    plan's text keeps only as marks; with no bold known, the word and the number are marked."""
    text = line.text
    m = _DIEU.match(text)
    if m is None or text.startswith("**"):
        return text
    if line.bold:
        return f"**{text}**"
    return f"**{m.group(0).strip()}** {text[m.end():]}"


def _numbered(text: str) -> bool:
    return bool(nd30.MUC.match(text) or nd30.TASK.match(text) or nd30.KHOAN.match(text) or nd30.DIEM.match(text))


def _unmarked(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"(?<!\\)\*+", "", text)).strip()


_LABEL = re.compile(r"^\s*(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\))\s*")


def _number_unmarked(text: str) -> tuple[str, bool, bool]:
    """A numbered line without the emphasis of its number and of its whole self (the heading's own weight,
    which its kind prints), with any other emphasis kept; and whether the whole line was bold, italic."""
    spans = inline.parse(text)
    label = _LABEL.match("".join(s.text for s in spans))
    cut = label.end() if label else 0
    pieces: list[tuple[bool, inline.Span]] = []  # (part of the number, span)
    at = 0
    for s in spans:
        if s.footnote is None and at < cut < at + len(s.text):
            pieces += [(True, replace(s, text=s.text[:cut - at])), (False, replace(s, text=s.text[cut - at:]))]
        else:
            pieces.append((at < cut, s))
        at += len(s.text)
    words = [s for number, s in pieces if not number and s.text.strip()]
    whole_bold = bool(words) and all(s.bold for s in words)
    whole_italic = bool(words) and all(s.italic for s in words)
    kept = [replace(s, bold=s.bold and not number and not whole_bold, italic=s.italic and not number and not whole_italic)
            for number, s in pieces]
    return re.sub(r"\s+", " ", inline.write(kept)).strip(), whole_bold, whole_italic


def _weighted(text: str, line: Line) -> str:
    """The text with the weight its whole line was printed in (a decimal heading '3.1. ...' set bold or
    italic keeps it: ND30 gives that level no weight of its own)."""
    if not (line.bold or line.italic):
        return text
    bullet = text[:2] if text.startswith(("- ", "+ ")) else ""  # a bullet stands outside the marks
    spans = [replace(s, bold=s.bold or bool(line.bold), italic=s.italic or bool(line.italic))
             for s in inline.parse(text[len(bullet):])]
    return bullet + inline.write(spans)


def _upperish(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ([], None, "", {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _shorthand(entries: list[dict[str, Any]]) -> list[Any]:
    """An entry that is only one paragraph is written as that paragraph (the YAML's short form)."""
    return [e["noi_dung"][0] if set(e) == {"noi_dung"} and len(e["noi_dung"]) == 1 else e for e in entries]


def assemble(src: Source) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    # A document of a kind this tool writes (a Báo cáo) is imported as that kind; any other as a plan.
    kind = for_data({"ky_hieu": src.symbol or ""})
    noun = kind.record.NOUN
    body = issuing_body(src)
    place = None
    year = month = day = None
    if src.date_text:
        line = nd30.read_date_line(src.date_text, whole=False)
        if line:
            place, day, month, year = line.place or None, line.day, line.month, line.year
    if (year is None or day is None) and "Ngày ban hành" in src.meta:
        mm = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", src.meta["Ngày ban hành"])
        if mm and src.date_text is None:
            day, month, year = int(mm.group(1)), int(mm.group(2)), int(mm.group(3))
            src.warn(src.header_where, "ngày ban hành lấy từ bảng thông tin của trang web")
    official = official_unit(body, year, month, day)
    if official is None and not body.name.startswith("[") and (moved := successor_unit(body, year, month, day)):
        # A unit merged since, on a copy whose date was not read: today's unit, so that the plan renders;
        # the clerk who imports an old plan writes its date and the old name back.
        when = ("bản gốc không có ngày ban hành đọc được" if year is None
                else "ngày ban hành của bản gốc là sau ngày đó")
        src.warn(src.header_where, f"{body.unit} đã nhập vào {moved.unit} từ 01/7/2025 và {when}: ghi "
                                   f"'{moved.full_name}'; {noun} cũ thì ghi đúng 'ngay:' rồi sửa lại tên")
        body = moved
    if official is not None and official.full_name != body.full_name:
        src.warn(src.header_where, f"tên cơ quan ban hành '{body.full_name}' ghi theo tên chính thức "
                                   f"'{official.full_name}'")
        body = official
    issuer = read_issuer(src, body)
    doc_type = kind.document_type
    own = nd30.symbol(doc_type)
    if not issuer.is_committee and src.symbol == own and issuer.parent and parse_committee(issuer.parent):
        # The symbol printed is the committee's own: a printed symbol is never traded for a guess, so the
        # plan is the committee's, and the line read under its name is said.
        src.warn(src.header_where, f"ký hiệu {own} in trong bản gốc là của {nd30.UBND}: nhập thành {noun} của "
                                   f"{body.full_name}; dòng '{vn.upper(issuer.department or '')}' đọc được dưới tên "
                                   "Ủy ban không được ghi, cần xem lại")
        issuer = Issuer(unit=body)
    if issuer.parent is not None:
        plan["co_quan_chu_quan"] = issuer.parent
        if parse_committee(issuer.parent) is None:
            plan["dia_danh"] = issuer.place  # a parent that is a body names no province: the date line does
    plan["co_quan"] = issuer.full_name
    if place and place != body.place:
        # ND30 (and `kehoach check`, ND30-R20) date a provincial plan at the province's name.
        src.warn(src.header_where, f"địa danh '{place}' ở dòng ngày tháng khác tên tỉnh, thành phố: ghi "
                                   f"'{body.place}' theo Nghị định 30, cần xem lại")
    number = src.number
    if number is None and "Số hiệu" in src.meta:
        number = src.meta["Số hiệu"].split("/")[0].strip()
        src.warn(src.header_where, "số văn bản lấy từ bảng thông tin của trang web")
    if number is None:
        src.warn(src.header_where, "không thấy dòng 'Số: .../KH-UBND': để trống (dự thảo)")
    plan["so"] = None
    if number and number.isdigit() and int(number) > 0:
        # As printed: '0125' stays '0125' (Phụ lục I, II.3 forbids no zero); only a number below 10
        # printed without its zero gains one.
        plan["so"] = int(number) if str(int(number)) == number else number
        if len(number) < 2:
            src.warn(src.header_where, f"số văn bản '{number}' viết theo Nghị định 30 (số dưới 10 thêm số 0): "
                                       f"{vn.two_digits_below_ten(int(number))}")
    # ND30 gives a People's Committee's plan the symbol KH-UBND (and `kehoach check`, ND30-R49, wants it),
    # a Sở's plan KH- and the Sở's own abbreviation: any other is the copy of another kind of document, or
    # of another body's plan, and is said so.
    if not issuer.is_committee:
        parts = (src.symbol or "").split("-")
        if len(parts) >= 2 and src.symbol != own:
            plan["ky_hieu"] = "-".join([doc_type.abbreviation, *parts[1:]])
            if parts[0] != doc_type.abbreviation:
                src.warn(src.header_where, f"bản gốc có ký hiệu {src.symbol}, không phải Kế hoạch: nhập thành Kế hoạch, "
                                           f"ký hiệu {plan['ky_hieu']}; cần xem lại")
        else:
            plan["ky_hieu"] = issuer.symbol_hint(doc_type)
            src.warn(src.header_where, f"không thấy ký hiệu của {issuer.full_name}: tạm ghi {plan['ky_hieu']} theo chữ "
                                       "đầu tên cơ quan, cần sửa theo chữ viết tắt cơ quan đã quy định")
    elif kind is not KE_HOACH:
        plan["ky_hieu"] = own  # the file's symbol says its kind: never left to the plan's default
    elif src.symbol and src.symbol.split("-")[0] != "KH":
        src.warn(src.header_where, f"bản gốc có ký hiệu {src.symbol}, không phải Kế hoạch: nhập thành Kế hoạch, "
                                   "ký hiệu KH-UBND; cần xem lại")
    elif src.symbol and src.symbol != nd30.symbol(nd30.KE_HOACH):
        below = f" ({' / '.join(src.body_lines)})" if src.body_lines else ""
        src.warn(src.header_where, f"bản gốc là văn bản của cơ quan khác Ủy ban nhân dân{below}, ký hiệu {src.symbol}, "
                                   "mà không nhận ra là sở, ban thuộc Ủy ban nhân dân: nhập thành Kế hoạch của "
                                   f"'{plan['co_quan']}', ký hiệu KH-UBND; kế hoạch của sở, ban thì ghi "
                                   "co_quan_chu_quan, co_quan và ky_hieu (xem README), cần xem lại người ký")
    if year is None:
        src.warn(src.header_where, "không thấy ngày ban hành: để trống (dự thảo)")
        plan["ngay"] = None
    elif day is None:
        plan["ngay"] = f"{year}-{month:02d}" if month else str(year)
    else:
        plan["ngay"] = f"{year}-{month:02d}-{day:02d}"
    if src.summary:
        plan["trich_yeu"] = src.summary
        if src.summary[:1].islower():
            plan["trich_yeu"] = src.summary[:1].upper() + src.summary[1:]
            src.warn(src.summary_where or src.header_where, "trích yếu bắt đầu bằng chữ thường (có thể thiếu phần đầu): "
                                                            "viết hoa chữ đầu, cần xem lại")
        if vn.all_capitals(src.summary):
            plan["trich_yeu"] = vn.sentence_case(src.summary, (body.place, body.name, *capital_words(src)))
            src.warn(src.summary_where or src.header_where,
                     "trích yếu trong bản gốc viết hoa toàn bộ; Nghị định 30 viết chữ thường (hoa chữ đầu và tên "
                     "riêng): đã chuyển, cần xem lại chữ hoa của tên riêng")
    else:
        plan["trich_yeu"] = PLACEHOLDER_SUMMARY
        src.warn(src.header_where, "bản gốc không có trích yếu: điền chỗ trống cần bổ sung")
    cite_appendices(src)
    spell_unit_name(src, body)
    assembler = Assembler(src)
    preamble, phan, closing = assembler.body(src.body)
    plan["can_cu"], plan["mo_dau"] = assembler.bases, preamble
    for section in phan:
        section["muc"] = _shaped(section["muc"])
    plan["phan"] = phan or [{"tieu_de": PLACEHOLDER_SECTION, "noi_dung": [PLACEHOLDER_ITEM]}]
    if not phan:
        src.warn(src.header_where, f"không thấy nội dung {noun}: tạo phần giữ chỗ")
    plan["ket_thuc"] = closing
    if src.recipients:
        plan["noi_nhan"] = src.recipients
    else:
        plan["noi_nhan"] = [PLACEHOLDER_RECIPIENT]
        src.warn(src.tail_where, "bản gốc không có Nơi nhận: điền chỗ trống cần bổ sung")
    plan["luu"] = [p.strip() for p in src.archive.split(",")] if src.archive else ["VT"]
    if src.archive and plan["luu"][0] != "VT":
        plan["luu"] = ["VT", *plan["luu"]]
    plan["nguoi_soan"] = src.drafter
    plan["nguoi_ky"] = read_signer(src, issuer)
    plan["chu_thich"] = cited_notes(plan, src)
    last = plan["phan"][-1]["muc"][-1] if plan["phan"] and plan["phan"][-1].get("muc") else None
    _untitle_bare_items(plan["phan"], last if not plan.get("ket_thuc") else None)
    once_per_kind(src, 0, "văn bản")  # the appendices' notes are each their own block
    plan["phu_luc"] = [_appendix(a, src, k) for k, a in enumerate(src.appendices, start=1)]
    say_reference_issuers(src, plan["co_quan"])
    cite_missing_appendices(plan, src)
    return _prune(plan) | {"so": plan["so"], "ngay": plan["ngay"]}


def _shaped(items: list[dict[str, Any]]) -> list[Any]:
    """Items as the YAML writes them: a bold point with nothing under it printed regular (ND30 prints points
    so), a point or task that is one paragraph in its short form, empty fields left out."""
    for item in items:
        for point in item["diem"]:
            if point.get("tieu_de") and not point["noi_dung"] and not point.get("bang") and \
                    not nd30.reads_as_bare_title(inline.plain(point["tieu_de"])):
                point["noi_dung"] = [_unmarked(point.pop("tieu_de"))]
        item["diem"] = _shorthand(item["diem"])
        item["nhiem_vu"] = _shorthand(item["nhiem_vu"])
    return _shorthand(_prune(items))


def _untitle_bare_items(sections: list[dict[str, Any]], last: Any) -> None:
    """A titled khoản with nothing under it reads as a title only while it is short and does not end
    like a sentence (nd30.reads_as_bare_title); otherwise, and when it stands last (last: the plan's last
    paragraph ends './.'), it would print as a sentence in bold (ND30-R30): it is written untitled."""
    for section in sections:
        for item in section.get("muc", []):
            if not isinstance(item, dict) or not item.get("tieu_de") or \
                    item.get("noi_dung") or item.get("diem") or item.get("nhiem_vu") or item.get("bang"):
                continue
            if item is last or not nd30.reads_as_bare_title(item["tieu_de"]):
                item["noi_dung"] = [item.pop("tieu_de")]


def _appendix(a: AppendixSource, src: Source, number: int) -> dict[str, Any]:
    out: dict[str, Any] = {"tieu_de": a.title}
    if a.table:
        out["cot"] = a.table.columns
        out["dong"] = a.table.rows
    if a.notes:
        out["ghi_chu"] = a.notes
    if a.body:
        # Not one table: read as the body is (parts, items, paragraphs, tables); each kind of note once.
        root: dict[str, Any] = {"muc": [], "bang": []}
        notes = len(src.notes)
        preamble, phan, _ = Assembler(src, root=root).body(a.body)
        once_per_kind(src, notes, f"phụ lục {number}")
        for section in phan:
            section["muc"] = _shaped(section["muc"])
        out.update(noi_dung=preamble, bang=_prune(root["bang"]), muc=_shaped(root["muc"]), phan=phan)
        _untitle_bare_items([root, *phan], None)
    if not (a.table or a.notes or a.body):
        out["noi_dung"] = [PLACEHOLDER_ITEM]
        src.warn(a.where, f"phụ lục {number} '{a.title[:40]}' không có nội dung: điền chỗ trống cần bổ sung")
    widest = max([len(out.get("cot", [])), *(len(b.get("cot", [])) for b in _dicts_with(out, "cot"))])
    if a.landscape is not None and a.landscape != (widest > 5):
        out["ngang"] = a.landscape
    return _prune(out)


def _dicts_with(value: Any, key: str) -> list[dict[str, Any]]:
    """Every mapping under value that holds key (the tables of an appendix, wherever they stand)."""
    if isinstance(value, dict):
        return [*([value] if key in value else []), *(d for v in value.values() for d in _dicts_with(v, key))]
    if isinstance(value, list):
        return [d for v in value for d in _dicts_with(v, key)]
    return []
