"""The plan as typed classes. No I/O here: the loader feeds it, the renderer reads it.

Each field is declared with its kind (kehoach_gen.plan.fields), which reads it from YAML data and says what
is wrong with it; rules that span fields live in `check`.

Field names are the clerk's own words without diacritics, as in the YAML.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from kehoach_gen.errors import CONTROL_CHARS, INVISIBLE_CHARS, control_message
from kehoach_gen.facts import inline, nd30, sizes, vn
from kehoach_gen.plan.fields import (
    Block,
    Choice,
    FieldError,
    Flag,
    Integer,
    ListOf,
    Nested,
    Nullable,
    Numbered,
    Record,
    Text,
    TextOrList,
    spec,
    texts,
)

if TYPE_CHECKING:
    from kehoach_gen.plan.issuer import Issuer

# Hints shared by the records' titles and paragraphs (the editor shows them on hover).
_TITLE = "Tiêu đề (số thứ tự tự động, không gõ)"
_BODY = "Nội dung: mỗi dòng một đoạn; '- ' gạch đầu dòng, '+ ' ý nhỏ"
_MARKS = tuple(m for m in nd30.AUTHORITY_MARKS if m != "TM")

# What a line may not hold: invisible characters that reverse or hide text let a name read one way and say
# another; control characters (a YAML escape such as "\0", a web form, a library caller) cannot be printed,
# and dropping them would merge the words around them; lone surrogates cannot be written as UTF-8; a line
# or paragraph separator inside one line is a break the clerk cannot see.
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
_REFUSED = re.compile(f"[{INVISIBLE_CHARS}{CONTROL_CHARS}\x85\u2028\u2029\ud800-\udfff]")
_SPACES: dict[int, str | None] = {0x09: " ", 0x00A0: " "}


# Real trích yếu run to three or four lines ("... ban hành kèm theo Nghị quyết số ... của ..."); longer is a
# paragraph of the body. The .docx title property (255 characters at most) takes a visibly cut copy.
TRICH_YEU_MAX = 400


def unprintable(text: str) -> str | None:
    """Why the text cannot go into the document as it stands (an invisible or control character), or None:
    for the plan's fields and for anything else written into the document (`diff --tac-gia`)."""
    refused = _REFUSED.search(text)
    if refused is None:
        return None
    char, at = refused.group(), f" ở ký tự thứ {refused.start() + 1}"
    if INVISIBLE.match(char):
        return f"có ký tự vô hình U+{ord(char):04X}{at} (đổi chiều chữ hoặc độ rộng 0, thường lẫn vào khi sao chép); hãy xoá nó"
    if "\ud800" <= char <= "\udfff":  # bytes that were not UTF-8, kept by Python as lone surrogates
        return f"có chữ không phải mã Unicode{at} (gõ bằng bảng mã cũ như TCVN3, VNI?); hãy gõ lại bằng Unicode"
    return f"có {control_message(char, at)}"


def _clean_line(text: str) -> str:
    refused = unprintable(text)
    if refused:
        raise ValueError(refused)
    if len(text) > sizes.TEXT_CHARS:
        raise ValueError(f"một dòng dài {sizes.number(len(text))} ký tự, quá giới hạn {sizes.number(sizes.TEXT_CHARS)} "
                         "ký tự của một đoạn, một ô hay một tên; hãy tách thành nhiều đoạn (mỗi đoạn một dòng)")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # the common case skips the (slow, dict-driven) translate
        text = text.translate(_SPACES)
    if "  " in text:
        text = re.sub(r" {2,}", " ", text)
    return text.strip()


def _text(value: Any) -> Any:
    """A single-line text field: NFC, no doubled or non-breaking spaces."""
    if isinstance(value, dict) and len(value) == 1:
        # "- Lưu: VT" or "- Thời gian: Thường xuyên" unquoted is a one-pair mapping to YAML; in a text
        # position the clerk meant the words, colon included.
        ((key, val),) = value.items()
        if isinstance(key, str) and isinstance(val, (str, int)) and not isinstance(val, bool):
            return _clean_line(f"{key}: {val}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _clean_line(value.replace("\n", " "))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _block(value: Any) -> Any:
    """Paragraph lists. A multi-line string gives one paragraph per line; nested lists become
    '- ' bullets, and lists inside those '+ ' sub-bullets (the usual levels of a Kế hoạch)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [ln for ln in (_clean_line(x) for x in value.splitlines()) if ln]
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, list):
                for sub in item:
                    if isinstance(sub, list):
                        out.extend(_marked("+ ", s) for s in sub)
                    else:
                        out.append(_marked("- ", sub))
            elif isinstance(item, str):
                out.extend(_block(item))
            else:
                out.append(_text(item))
        return out
    return value


def _marked(mark: str, value: Any) -> Any:
    """A bullet ('- ') or sub-bullet ('+ ') given as a list item; a list deeper than those two levels has
    no printed form (it would print as Python's brackets)."""
    text = _text(value)
    if isinstance(value, list):
        raise ValueError("đoạn văn có hai mức gạch đầu dòng ('- ' và '+ '); danh sách lồng sâu hơn không in được, "
                         "hãy viết các ý đó thành dòng '+ ' riêng")
    return f"{mark}{text}" if isinstance(text, str) else text


_MARKS_AT_END = re.compile(r"(?:\[\^\d+\]|\*+|\s)*$")


def _title(v: str) -> str:
    """A heading has no final period, semicolon or './.' (a typed one would make it read as a sentence);
    a footnote reference or an emphasis mark after it stays where it is."""
    tail = _MARKS_AT_END.search(v)
    head, marks = (v[:tail.start()], v[tail.start():].rstrip()) if tail else (v, "")
    head = head.rstrip()
    while head.endswith((".", ";", "./")) and not head.endswith(".."):
        head = head[:-1].rstrip()
    if not any(c.isalnum() for c in head):
        raise ValueError(f"tiêu đề phải có chữ (đang: '{v}')")
    return head + marks


def _capital_first(v: str) -> str:
    """ND30 (Phụ lục I, II.5.b) opens the trích yếu with a capital letter; the clerk meant one."""
    for i, c in enumerate(v):
        if c.isalpha():
            return v[:i] + c.upper() + v[i + 1:]
    return v


TEXT = Text(before=_text)
BLOCK = Block(before=_block)
TITLE = Text(before=_text, after=_title)
CAPITALS = Text(before=_text, after=lambda v: vn.upper(_title(v)))


def _no_final_period(v: str | None) -> str | None:
    """The renderer adds the final period of a task line; storing it too would print it twice."""
    if v is None:
        return None
    v = v.rstrip()
    return v[:-1].rstrip() if v.endswith(".") and not v.endswith("..") else v


def _partners(v: str | list[str] | None) -> str | None:
    # Printed as one line "a, b, c."; kept as that line so a re-imported plan compares equal.
    if isinstance(v, list):
        v = ", ".join(v)
    return _no_final_period(v)


def _lead(v: str | list[str] | None) -> str | list[str] | None:
    return _no_final_period(v) if isinstance(v, str) else v


def _cells(v: Any) -> Any:
    if isinstance(v, list):
        return [[("" if c is None else c) for c in row] if isinstance(row, list) else row for row in v]
    return v


_ROWS_HINT = "Các dòng của bảng, mỗi dòng một danh sách ô; ô có dấu phẩy đặt trong \"...\""
_ROWS_SCHEMA = {"type": "array", "items": {"type": "array", "items": {"anyOf": [
    {"type": "string"}, {"type": "number"}, {"type": "null"}]}}}


def _rows_fit(cot: list[str], dong: list[list[str]]) -> Iterator[FieldError]:
    """Every row of a table has one cell a column."""
    for i, row in enumerate(dong):
        if len(row) != len(cot):
            why = ("; trong [...] dấu phẩy ngăn các ô, nên ô có dấu phẩy mà không đặt trong nháy kép bị tách "
                   "làm hai: đặt cả ô trong nháy kép, như \"Xúc tiến đầu tư, thương mại\""
                   if len(row) > len(cot) else "; thêm ô trống \"\" cho đủ")
            yield FieldError(("dong", i), f"dòng {i + 1} có {len(row)} ô nhưng bảng có {len(cot)} cột{why}")


@dataclass(kw_only=True)
class Bang(Record):
    """A table among the paragraphs (an indicator or a schedule table): its caption, column names and
    rows, and the paragraphs right under it."""

    DESCRIPTION: ClassVar[str] = "Bảng trong nội dung: tên bảng, tên cột, các dòng"
    NOUN: ClassVar[str] = "bảng"

    tieu_de: str | None = spec(Nullable(TEXT), None, hint="Tên bảng, in đậm trên bảng (nếu có)", markup=True)
    noi_dung: list[str] = spec(BLOCK, [], hint="Các đoạn văn giữa tên bảng và bảng (lưu ý, đơn vị tính)", markup=True)
    cot: list[str] = spec(ListOf(TEXT, min_items=1), hint="Tên các cột của bảng")
    dong: list[list[str]] = spec(ListOf(ListOf(TEXT), before=_cells), [], markup=True, hint=_ROWS_HINT,
                                 schema=_ROWS_SCHEMA)
    ghi_chu: list[str] = spec(BLOCK, [], hint="Các đoạn văn ngay dưới bảng", markup=True)

    def problems(self) -> Iterator[FieldError]:
        yield from _rows_fit(self.cot, self.dong)


_TABLES_HINT = "Các bảng, in sau các đoạn nội dung"


@dataclass(kw_only=True)
class Diem(Record):
    """A point: a), b), c), d), đ) ... The letter is derived."""

    SHORTHAND: ClassVar[str | None] = "noi_dung"
    DESCRIPTION: ClassVar[str] = "Điểm a), b), c) ...; một dòng chữ là một điểm không tiêu đề"

    tieu_de: str | None = spec(Nullable(TITLE), None, hint=_TITLE, markup=True)
    noi_dung: list[str] = spec(BLOCK, [], hint=_BODY, markup=True)
    bang: list[Bang] = spec(ListOf(Nested(Bang)), [], hint=_TABLES_HINT)

    def check(self) -> None:
        if not self.tieu_de and not self.noi_dung:
            raise ValueError("điểm phải có tiêu đề hoặc nội dung")
        if not self.tieu_de:
            _upright("noi_dung", self.noi_dung[0], "điểm")
        elif wholly_bold(self.tieu_de) and not self.noi_dung and not nd30.reads_as_bare_title(inline.plain(self.tieu_de)):
            # A bold point reads as a title only with its text below it (ND30-R30 then only warns, as Phụ lục I
            # gives points no title weight); a bold sentence on its own is a point printed bold.
            raise FieldError("tieu_de", "tiêu đề điểm in đậm cần có nội dung bên dưới (noi_dung); điểm không có "
                                        "tiêu đề in chữ thường, không đậm (Nghị định 30, Phụ lục I, II.6): bỏ dấu **")


def wholly_bold(text: str) -> bool:
    """Every printed word of the text is marked bold."""
    words = [s for s in inline.parse(text) if s.text.strip()]
    return bool(words) and all(s.bold for s in words)


def _upright(field: str, text: str, what: str) -> None:
    """An untitled numbered paragraph prints upright and regular (a bold lead-in, '3. **Sở Tư pháp:** ...',
    is the writer's, and only warned about by ND30-R30)."""
    if wholly_bold(text):
        raise FieldError((field, 0), f"đoạn mang số thứ tự {what} in chữ thường, không đậm (Nghị định 30, Phụ lục I, "
                                     "II.6); bỏ dấu ** ở đoạn này")


def _has_text(v: list[str]) -> list[str]:
    if not v:
        raise ValueError("nhiệm vụ phải có nội dung")
    return v


@dataclass(kw_only=True)
class NhiemVu(Record):
    """A task numbered 1.1., 1.2. ... with its lead agency, partners and time."""

    SHORTHAND: ClassVar[str | None] = "noi_dung"
    DESCRIPTION: ClassVar[str] = "Nhiệm vụ 1.1., 1.2. ... với cơ quan chủ trì, phối hợp, thời gian"

    noi_dung: list[str] = spec(Block(before=_block, after=_has_text), hint=_BODY, markup=True)
    tieu_de: str | None = spec(Nullable(TITLE), None, markup=True,
                               hint="Tiêu đề nhiệm vụ trên dòng số 1.1. riêng, trên nội dung (không có: đoạn đầu nội "
                                    "dung mang số; nhiệm vụ dạng điểm không có tiêu đề thì không đánh số, là chính mục "
                                    "chứa nó)")
    chu_tri: str | list[str] | None = spec(TextOrList(TEXT, after=_lead), None, hint="Cơ quan chủ trì",
                                           markup=True)
    nhan_chu_tri: str = spec(TEXT, "Cơ quan chủ trì", hint="Nhãn dòng cơ quan chủ trì")
    phoi_hop: str | None = spec(TextOrList(TEXT, after=_partners), None, hint="Cơ quan phối hợp", markup=True)
    nhan_phoi_hop: str = spec(TEXT, "Cơ quan phối hợp", hint="Nhãn dòng cơ quan phối hợp")
    thoi_gian: str | None = spec(Nullable(TEXT, after=_no_final_period), None, hint="Thời gian thực hiện",
                                 markup=True)
    nhan_thoi_gian: str = spec(TEXT, "Thời gian thực hiện", hint="Nhãn dòng thời gian")
    them: list[str] = spec(BLOCK, [], hint="Các đoạn thêm sau nhiệm vụ", markup=True)
    bang: list[Bang] = spec(ListOf(Nested(Bang)), [], hint="Các bảng, in cuối nhiệm vụ")
    dang_diem: bool = spec(Flag(), False, hint="In thành các điểm: a) Nhiệm vụ: nội dung; b) Cơ quan thực hiện: chủ "
                                               "trì, phối hợp; c) Thời gian thực hiện")
    nhan_nhiem_vu: str = spec(TEXT, "Nhiệm vụ", hint="Nhãn điểm nội dung (nhiệm vụ dạng điểm)")
    nhan_co_quan: str = spec(TEXT, "Cơ quan thực hiện", hint="Nhãn điểm cơ quan thực hiện (nhiệm vụ dạng điểm)")

    def field_points(self) -> int:
        """How many lettered points the task's own fields print as (a task set out as points)."""
        if not self.dang_diem:
            return 0
        return 1 + bool(self.chu_tri or self.phoi_hop) + bool(self.thoi_gian)

    def problems(self) -> Iterator[FieldError]:
        """Points typed under a task run a), b), c) ... (Phụ lục I, II.6.c): they restart under each task,
        after the points its fields print as."""
        expected = self.field_points()
        for i, line in enumerate(self.them):
            m = nd30.DIEM.match(inline.plain(line))
            if m is None:
                continue
            want = vn.point_letter(expected)
            if m.group(1) != want:
                yield FieldError(("them", i), f"điểm dưới nhiệm vụ đánh theo thứ tự a), b), c)...: ở đây là "
                                              f"{want}) (đang: {m.group(1)}))")
                return
            expected += 1


def _paragraph_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return value.splitlines()
    return list(value) if isinstance(value, list) else []


def _trailing_text(value: Any) -> Any:
    """A titled item's noi_dung written after its points or tasks ("(Chi tiết tại Phụ lục I ...)" under
    the tasks) is printed where the clerk put it: after them, as the last paragraphs of the last task
    (or point), which is also how the page reads back on import. An untitled item's noi_dung carries
    its number, so it always comes first."""
    if not isinstance(value, dict) or "noi_dung" not in value or not value.get("tieu_de"):
        return value
    keys = list(value)
    if not any(k in value and keys.index(k) < keys.index("noi_dung") for k in ("diem", "nhiem_vu")):
        return value
    tasks, points = value.get("nhiem_vu"), value.get("diem")
    out = dict(value)
    trailing = _paragraph_list(out.pop("noi_dung"))
    if isinstance(tasks, list) and tasks and isinstance(tasks[-1], dict):
        out["nhiem_vu"] = [*tasks[:-1], {**tasks[-1], "them": _paragraph_list(tasks[-1].get("them")) + trailing}]
    elif isinstance(points, list) and points and isinstance(points[-1], (dict, str)):
        last = points[-1] if isinstance(points[-1], dict) else {"noi_dung": points[-1]}
        out["diem"] = [*points[:-1], {**last, "noi_dung": _paragraph_list(last.get("noi_dung")) + trailing}]
    else:
        return value
    return out


@dataclass(kw_only=True)
class Muc(Record):
    """An item 1., 2. ...: titled (bold title line) or untitled (the number opens its first paragraph)."""

    SHORTHAND: ClassVar[str | None] = "noi_dung"
    DESCRIPTION: ClassVar[str] = "Mục 1., 2. ...; một dòng chữ là một mục không tiêu đề"

    tieu_de: str | None = spec(Nullable(TITLE), None, hint=_TITLE, markup=True)
    noi_dung: list[str] = spec(BLOCK, [], hint=_BODY, markup=True)
    bang: list[Bang] = spec(ListOf(Nested(Bang)), [], hint=_TABLES_HINT + ", trước các điểm")
    diem: list[Diem] = spec(ListOf(Nested(Diem)), [], hint="Các điểm a), b), c) ...")
    nhiem_vu: list[NhiemVu] = spec(ListOf(Nested(NhiemVu)), [],
                                   hint="Các nhiệm vụ 1.1., 1.2. ... có cơ quan chủ trì, phối hợp, thời gian")

    @classmethod
    def before(cls, value: Any) -> Any:
        return _trailing_text(value)

    def check(self) -> None:
        if not self.tieu_de and not self.noi_dung:
            raise ValueError("mục không có tiêu đề thì phải có nội dung (đoạn đầu mang số thứ tự)")
        if not self.tieu_de:
            _upright("noi_dung", self.noi_dung[0], "khoản không tiêu đề")

    def problems(self) -> Iterator[FieldError]:
        """A task set out as points without a title of its own is the item's only content in points: its
        a), b), c) are the item's, printed without a number 1.1."""
        for i, task in enumerate(self.nhiem_vu):
            if task.dang_diem and not task.tieu_de and (len(self.nhiem_vu) > 1 or self.diem):
                yield FieldError(("nhiem_vu", i, "tieu_de"), "nhiệm vụ dạng điểm không có tiêu đề chỉ dùng khi mục "
                                                             "không có điểm, nhiệm vụ nào khác: thêm tiêu đề (dòng 1.1.)")
                return


@dataclass(kw_only=True)
class Phan(Record):
    """A top-level section I., II. ...; the title is printed (and kept) in capitals."""

    DESCRIPTION: ClassVar[str] = "Phần I., II. ...; tiêu đề in hoa tự động"

    tieu_de: str = spec(CAPITALS, hint=_TITLE + " (in hoa tự động)", markup=True)
    noi_dung: list[str] = spec(BLOCK, [], hint=_BODY, markup=True)
    bang: list[Bang] = spec(ListOf(Nested(Bang)), [], hint=_TABLES_HINT + ", trước các mục")
    muc: list[Muc] = spec(ListOf(Nested(Muc)), [], hint="Các mục 1., 2. ...")


_TITLES = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.?\s|^(Giáo sư|Tiến sĩ|Thạc sĩ)\s")


@dataclass(kw_only=True)
class NguoiKy(Record):
    """Who signs, and in what capacity (ND30 Art. 13)."""

    DESCRIPTION: ClassVar[str] = "Người ký: họ tên, chức vụ, thẩm quyền (TM./KT.)"
    INSTEAD: ClassVar[dict[str, str]] = {
        "tham_quyen": "dòng 'TM. ỦY BAN NHÂN DÂN' có sẵn, bỏ đi thì viết 'thay_mat: false'",
        "ky_thay": "người ký là cấp phó thì tự có 'KT.'; thẩm quyền khác viết 'quyen_han: TL' (TUQ, Q)",
    }

    ho_ten: str = spec(TEXT, hint="Họ tên người ký (không kèm học hàm, học vị)")
    chuc_vu: str = spec(TEXT, "Phó Chủ tịch", hint="Chức vụ: Chủ tịch, Phó Chủ tịch ...; sở: Giám đốc, Phó Giám "
                                                  "đốc (mặc định: cấp phó của người đứng đầu)")
    thay_mat: bool = spec(Flag(), True, hint="Có dòng 'TM. ỦY BAN NHÂN DÂN' (mặc định: có với Ủy ban nhân dân; "
                                                 "sở, ban: không)")
    quyen_han: str | None = spec(Nullable(Choice(*_MARKS)), None,
                                 hint="KT, TL, TUQ hoặc Q (mặc định KT khi người ký là cấp phó)")
    thu_truong: str = spec(TEXT, "Chủ tịch", hint="Chức vụ người đứng đầu (dòng KT. ...): Chủ tịch; sở: Giám đốc, "
                                                   "ban: Trưởng ban (tự điền theo cơ quan)")
    tap_the: str | None = spec(Nullable(TEXT), None, hint="Tập thể ở dòng TM. (mặc định: ỦY BAN NHÂN DÂN)")

    def check(self) -> None:
        typed = re.match(r"^\s*(TM|KT|TL|TUQ|Q)\s*\.\s*(.*)$", self.chuc_vu, flags=re.IGNORECASE)
        if typed:
            mark = typed.group(1).upper()
            if mark == "KT":
                raise FieldError("chuc_vu", "chuc_vu chỉ ghi chức vụ của chính người ký, dòng "
                                            f"'KT. {vn.upper(self.thu_truong)}' máy tự thêm khi người ký là cấp phó: "
                                            f"viết 'chuc_vu: Phó {self.thu_truong}' (đang: '{self.chuc_vu}')")
            if mark == "TM":
                raise FieldError("chuc_vu", "dòng 'TM. ỦY BAN NHÂN DÂN' máy tự thêm (thay_mat); chuc_vu chỉ ghi "
                                            f"chức vụ của người ký, như 'Chủ tịch' (đang: '{self.chuc_vu}')")
            raise FieldError("chuc_vu", f"thẩm quyền ghi ở 'quyen_han: {mark}', chức vụ của người ký ở chuc_vu, "
                                        f"như 'Giám đốc Sở Ngoại vụ' (đang: '{self.chuc_vu}')")
        is_head = vn.upper(self.chuc_vu) == vn.upper(self.thu_truong)
        if self.quyen_han is None and not is_head:
            # A deputy signs in place of the head: KT. (Art. 13.1).
            self.quyen_han = "KT"
        if self.quyen_han == "KT" and is_head:
            raise ValueError(f"{self.thu_truong} không ký thay (KT.) chính mình; bỏ quyen_han hoặc sửa chuc_vu")
        from kehoach_gen.plan.issuer import known_head

        if self.quyen_han == "KT" and known_head(self.thu_truong) \
                and vn.upper(self.chuc_vu).startswith(vn.upper(self.thu_truong)):
            # "Chủ tịch UBND tỉnh", "Giám đốc Sở": the head, with the body's name that the header already prints.
            raise FieldError("chuc_vu", f"người ký là người đứng đầu: viết 'chuc_vu: {self.thu_truong}' "
                                        f"(đang: '{self.chuc_vu}'; tên cơ quan đã in ở phần đầu văn bản)")
        if self.quyen_han == "KT" and known_head(self.thu_truong) \
                and not vn.upper(self.chuc_vu).startswith(vn.upper(f"Phó {self.thu_truong}")):
            # Art. 13.1: who signs "KT. GIÁM ĐỐC" is a deputy of that head, printed as such below it.
            raise FieldError("chuc_vu", f"người ký thay (KT.) {self.thu_truong} là cấp phó: viết 'chuc_vu: Phó "
                                        f"{self.thu_truong}' (đang: '{self.chuc_vu}'); người đứng đầu cơ quan có chức "
                                        "danh khác thì ghi 'thu_truong: <chức danh>'; người giữ chức vụ khác ký thừa "
                                        "lệnh thì ghi 'quyen_han: TL' (hoặc TUQ)")
        if _TITLES.match(self.ho_ten):
            raise ValueError("họ tên người ký không kèm học hàm, học vị (ND30)")


@dataclass(kw_only=True)
class PhuLuc(Record):
    """An appendix: Phụ lục (I, II ...), a title, the reference line, and what it holds: a table (the usual
    case), or paragraphs, tables, items and parts as the body holds them (an outline of a report, a text
    with a table under it)."""

    DESCRIPTION: ClassVar[str] = "Phụ lục I, II ...: một bảng, hoặc đoạn văn, bảng, mục, phần như nội dung"

    tieu_de: str = spec(CAPITALS, hint="Tên phụ lục (in hoa tự động)")
    noi_dung: list[str] = spec(BLOCK, [], hint="Các đoạn văn đầu phụ lục, trước bảng", markup=True)
    cot: list[str] = spec(ListOf(TEXT), [], hint="Tên các cột của bảng (phụ lục không có bảng chính thì để trống)")
    dong: list[list[str]] = spec(ListOf(ListOf(TEXT), before=_cells), [], markup=True, new_year="empty",
                                 hint=_ROWS_HINT, schema=_ROWS_SCHEMA)
    ngang: bool | None = spec(Nullable(Flag()), None, hint="In trang ngang (mặc định: khi bảng có hơn 5 cột)")
    ghi_chu: list[str] = spec(BLOCK, [], hint="Ghi chú dưới bảng", markup=True)
    bang: list[Bang] = spec(ListOf(Nested(Bang)), [], hint="Các bảng khác (biểu mẫu), in sau bảng chính")
    muc: list[Muc] = spec(ListOf(Nested(Muc)), [], hint="Các mục 1., 2. ... của phụ lục (không thuộc phần nào)")
    phan: list[Phan] = spec(ListOf(Nested(Phan)), [], hint="Các phần I., II. ... của phụ lục (đề cương, báo cáo)")

    def check(self) -> None:
        if not (self.cot or self.noi_dung or self.ghi_chu or self.bang or self.muc or self.phan):
            raise ValueError("phụ lục cần có nội dung: một bảng (cot, dong), hoặc đoạn văn, bảng, mục, phần")

    def tables(self) -> Iterator[Bang]:
        """Every table the appendix holds besides its own, wherever it stands."""
        yield from self.bang
        for item in self.muc:
            yield from tables_in(item)
        for part in self.phan:
            yield from tables_in(part)

    def problems(self) -> Iterator[FieldError]:
        # A line that is only "Phụ lục (I)" opens an appendix to every reader of the page (and the check).
        if _appendix_heading(vn.nfc(self.tieu_de)):
            yield FieldError("tieu_de", f"dòng '{nd30.APPENDIX} I' máy tự ghi; tieu_de là tên phụ lục, như "
                                        f"'Kế hoạch đoàn ra năm 2027' (đang: '{self.tieu_de}')")
        elif self.tieu_de.strip().startswith("("):
            # The line in brackets under an appendix's title is its reference line "(Kèm theo ...)" (III.1.c).
            yield FieldError("tieu_de", "tên phụ lục không mở đầu bằng ngoặc: dòng trong ngoặc dưới tên là dòng "
                                        f"'(Kèm theo ...)' máy tự ghi (đang: '{self.tieu_de}')")
        for i, line in enumerate(self.ghi_chu):
            if _appendix_heading(inline.plain(line)):
                yield FieldError(("ghi_chu", i), f"một đoạn chỉ có chữ '{line}' đọc như đầu một phụ lục mới; "
                                                 "viết đủ câu, như '(Chi tiết tại Phụ lục I)'")
        yield from _rows_fit(self.cot, self.dong)

    @property
    def landscape(self) -> bool:
        # A table of more than five columns does not fit 165 mm of portrait text width legibly.
        return self.ngang if self.ngang is not None else max([len(self.cot), *(len(b.cot) for b in self.tables())]) > 5


def tables_in(record: Phan | Muc | Diem | NhiemVu) -> Iterator[Bang]:
    """The tables of a part, item, point or task and of everything under it, in reading order."""
    yield from record.bang
    for child in [*getattr(record, "muc", []), *getattr(record, "diem", []), *getattr(record, "nhiem_vu", [])]:
        yield from tables_in(child)


_DATE_SCHEMA = {"anyOf": [{"type": "string", "pattern": r"^\s*(\d{4}(-\d{1,2}(-\d{1,2})?)?|(\d{1,2}/)?\d{1,2}/\d{4})?\s*$"},
                          {"type": "integer"}, {"type": "null"}]}


@dataclass(kw_only=True)
class NgayThang(Record):
    """Issue date; a draft leaves the day (and possibly the month) blank."""

    nam: int | None = spec(Nullable(Integer(1945, 2200)), None)
    thang: int | None = spec(Nullable(Integer(1, 12)), None)
    ngay: int | None = spec(Nullable(Integer(1, 31)), None)

    @classmethod
    def before(cls, value: Any) -> Any:
        v = value
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date):
            return {"nam": v.year, "thang": v.month, "ngay": v.day}
        if isinstance(v, int) and not isinstance(v, bool):
            return {"nam": v}
        if isinstance(v, str):
            s = v.strip()
            m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s) or None
            if m:
                y, mo, d = m.groups()
                return {"nam": int(y), "thang": int(mo) if mo else None, "ngay": int(d) if d else None}
            m = re.fullmatch(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})", s)
            if m:
                d, mo, y = m.groups()
                return {"nam": int(y), "thang": int(mo), "ngay": int(d) if d else None}
            raise ValueError(f"không hiểu ngày '{s}': viết 2024-03-11, 2024-03 (chưa có ngày) hoặc bỏ trống")
        return v

    def check(self) -> None:
        if self.ngay is not None and (self.thang is None or self.nam is None):
            raise ValueError("có ngày thì phải có tháng và năm")
        if self.ngay is not None:
            try:
                dt.date(self.nam or 2000, self.thang or 1, self.ngay)
            except ValueError:
                raise ValueError(f"ngày {self.ngay}/{self.thang}/{self.nam} không có trên lịch") from None

    @property
    def complete(self) -> bool:
        return self.ngay is not None

    def as_date(self) -> dt.date | None:
        if self.nam and self.thang and self.ngay:
            return dt.date(self.nam, self.thang, self.ngay)
        return None

    def yaml_value(self) -> Any:
        if self.ngay is not None:
            return self.as_date()
        if self.thang is not None:
            return f"{self.nam}-{self.thang:02d}"
        return self.nam


def _noi_nhan_entry(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        value = re.sub(r"^[-–]\s*", "", value).rstrip(";").rstrip()
        if not any(c.isalnum() for c in value):
            raise ValueError("nơi nhận trống: mỗi dòng ghi tên một cơ quan, đơn vị (dấu '-' và ';' tự động)")
    return value


def _number(v: Any) -> Any:
    if isinstance(v, str):
        s = v.strip()
        if s == "":
            return None
        if not s.isdigit():
            raise ValueError(f"số văn bản chỉ gồm chữ số (đang: '{s}'); ký hiệu để ở ky_hieu")
        # Written with more leading zeros than ND30 asks ("0125", as some registers number): kept as written.
        return vn.DocumentNumber(s) if s.zfill(2) != vn.two_digits_below_ten(int(s)) else int(s)
    return v


def _body(v: str) -> str:
    """A People's Committee in full, or the name of a body under one (whose parent line is checked with
    the rest of the plan); never an abbreviation, never in capitals (the page capitalises it)."""
    if vn.parse_issuing_body(v) is not None:
        return v
    from kehoach_gen.facts import provinces
    from kehoach_gen.plan.issuer import organ_case

    rest = re.sub(r"^\s*(?:(?:Ủy|Uỷ|ỦY|UỶ)\s+ban\s+nhân\s+dân|UBND)\s*", "", v, flags=re.IGNORECASE)
    # Any unit of any date: the date is checked with the rest of the plan.
    unit = provinces.ever(rest) if rest != v else None
    if unit is not None:
        raise ValueError(f"viết đủ tên cơ quan: '{unit.body.full_name}' (đang: '{v}')")
    local = vn.parse_issuing_body(f"Ủy ban nhân dân {rest}") if rest != v else None
    if local is not None:  # "UBND xã Tả Van"
        raise ValueError(f"viết đủ tên cơ quan: '{local.full_name}' (đang: '{v}')")
    if vn.all_capitals(v) and len(v) > 3:
        raise ValueError("tên cơ quan viết chữ thường, hoa chữ đầu và tên riêng (phần đầu văn bản tự in hoa), "
                         f"ví dụ '{organ_case(v)[0]}' (đang: '{v}')")
    return v


def _parent(v: str) -> str:
    """A People's Committee ("UBND tỉnh Lào Cai"), or a body of a kind the program knows under which the
    issuer works ("Sở Công Thương" above its Chi cục)."""
    from kehoach_gen.plan.issuer import head_title, organ_case, parse_committee

    if parse_committee(v) is not None:
        return v
    if head_title(v) is None:
        raise ValueError("cơ quan chủ quản là Ủy ban nhân dân tỉnh, thành phố ('UBND tỉnh <Tên>' hoặc 'Ủy ban nhân "
                         f"dân tỉnh <Tên>') hoặc một sở, ban ('Sở Công Thương') (đang: '{v}')")
    if vn.all_capitals(v):
        raise ValueError("tên cơ quan viết chữ thường, hoa chữ đầu và tên riêng (phần đầu văn bản tự in hoa), "
                         f"ví dụ '{organ_case(v)[0]}' (đang: '{v}')")
    return v


def _symbol(v: str) -> str:
    # Letters of any Vietnamese kind ("KH-BCHTƯ"), groups joined by '-', capital first letters.
    if not re.fullmatch(r"[^\W\d_]+(-[^\W_]+)+", v) or not all(g[:1].isupper() for g in v.split("-")):
        raise ValueError(f"ký hiệu viết hoa, nối bằng '-', không có khoảng trắng, như KH-UBND (đang: '{v}')")
    return v


def _summary_length(v: str) -> str:
    if len(v) > TRICH_YEU_MAX:
        raise ValueError(f"trích yếu dài {len(v)} ký tự, tối đa {TRICH_YEU_MAX}; hãy rút gọn (trích yếu "
                         "chỉ nêu tóm tắt nội dung, thường dưới 150 ký tự)")
    return v


def _summary(v: str) -> str:
    v = _capital_first(v)
    if vn.all_capitals(v):
        raise ValueError("trích yếu viết chữ thường, chỉ hoa chữ đầu và tên riêng (Nghị định 30, Phụ lục I), "
                         f"ví dụ '{vn.sentence_case(v)[:60]}' (đang: toàn chữ in hoa)")
    return _summary_length(v)


def _archive(v: list[str]) -> list[str]:
    if not v or v[0] != "VT":
        raise ValueError("danh sách lưu bắt đầu bằng VT (Văn thư), như [VT, NC]")
    return v


def _drafter(v: str) -> str:
    """The drafter's tag printed small after the Lưu line's units, before its full stop ('- Lưu: VT, NC₍Châu₎.')."""
    v = v.rstrip(".;, ").strip()
    if not any(c.isalnum() for c in v):
        raise ValueError(f"ký hiệu người soạn thảo phải có chữ (đang: '{v}')")
    return v


def _notes(v: dict[int, str]) -> dict[int, str]:
    for k in v:
        if k < 1:
            raise ValueError(f"số chú thích bắt đầu từ 1 (đang: {k})")
    return dict(sorted(v.items()))


@dataclass(kw_only=True)
class YKien(Record):
    """A reviewer's remark kept with the plan until the clerk has dealt with it: a comment a leader left
    in Word, or an edit of theirs that met an edit of the clerk's (`sua_thanh`). Never printed."""

    DESCRIPTION: ClassVar[str] = "Ý kiến góp ý (không in ra văn bản); xử lý xong thì xoá"
    NOUN: ClassVar[str] = "ý kiến"

    tac_gia: str | None = spec(Nullable(TEXT), None, hint="Người góp ý")
    ngay: str | None = spec(Nullable(TEXT), None, hint="Thời điểm góp ý")
    truong: str | None = spec(Nullable(TEXT), None, hint="Trường của kế hoạch mà ý kiến nói tới, như phan[2].muc[1]")
    doan: str | None = spec(Nullable(TEXT), None, hint="Đoạn văn mà ý kiến gắn vào")
    noi_dung: str = spec(TEXT, hint="Nội dung ý kiến")
    sua_thanh: str | None = spec(Nullable(TEXT), None,
                                 hint="Bản lãnh đạo sửa mà chưa đưa vào được (bạn cũng đã sửa chỗ này)")


@dataclass(kw_only=True)
class KeHoach(Record):
    """A Kế hoạch of a provincial People's Committee."""

    DESCRIPTION: ClassVar[str] = "Kế hoạch của Ủy ban nhân dân tỉnh, thành phố (kehoach-gen)"
    NOUN: ClassVar[str] = "kế hoạch"
    DOCUMENT_TYPE: ClassVar[nd30.DocumentType] = nd30.KE_HOACH

    co_quan_chu_quan: str | None = spec(Nullable(Text(before=_text, after=_parent)), None,
                                        hint="Cơ quan chủ quản, chỉ khi cơ quan ban hành là sở, ban: 'UBND tỉnh <Tên>' "
                                             "(in chữ đứng trên tên sở, ban)")
    co_quan: str = spec(Text(before=_text, after=_body),
                        hint="Cơ quan ban hành: 'Ủy ban nhân dân tỉnh <Tên>', 'Ủy ban nhân dân thành phố <Tên>' "
                             "(hoặc xã, phường, đặc khu), hoặc tên sở, ban (như 'Sở Ngoại vụ') kèm co_quan_chu_quan")
    dia_danh: str | None = spec(Nullable(TEXT), None,
                                hint="Địa danh ở dòng ngày tháng (mặc định và chỉ nhận: tên tỉnh, thành phố)")
    so: int | None = spec(Nullable(Integer(1, 99999), before=_number), None, new_year="blank",
                          hint="Số văn bản; để trống khi còn là dự thảo; \"0125\" (trong ngoặc kép) được in đúng như vậy",
                          schema={"anyOf": [{"type": "integer", "minimum": 1, "maximum": 99999},
                                            {"type": "string", "pattern": r"^\s*\d*\s*$"}, {"type": "null"}]})
    ky_hieu: str = spec(Text(before=_text, after=_symbol), nd30.symbol(nd30.KE_HOACH),
                        hint=f"Ký hiệu: {nd30.symbol(nd30.KE_HOACH)} (mặc định) cho Kế hoạch của Ủy ban nhân dân; "
                             "sở, ban ghi ký hiệu của mình, như KH-SNgV")
    ngay: NgayThang | None = spec(Nullable(Nested(NgayThang), before=lambda v: None if v == "" else v), None,
                                  new_year="month",
                                  hint="Ngày ban hành: 2026-12-15, hoặc 2026-12 khi chưa có ngày", schema=_DATE_SCHEMA)
    trich_yeu: str = spec(Text(before=_text, after=_summary), hint="Trích yếu nội dung, viết thường (hoa chữ đầu)")
    can_cu: list[str] = spec(ListOf(TEXT), [], hint="Các dòng căn cứ (in nghiêng; dấu ';' và '.' tự động)", markup=True)
    mo_dau: list[str] = spec(BLOCK, [], hint="Đoạn mở đầu; mỗi dòng một đoạn", markup=True)
    phan: list[Phan] = spec(ListOf(Nested(Phan), min_items=1), hint="Các phần I., II. ... (đánh số tự động)")
    ket_thuc: list[str] = spec(BLOCK, [], hint="Đoạn kết thúc; dấu './.' tự động", markup=True)
    noi_nhan: list[str] = spec(ListOf(Text(before=_noi_nhan_entry), min_items=1),
                               hint="Nơi nhận, mỗi mục một dòng (dấu '-' và ';' tự động)")
    luu: list[str] = spec(ListOf(TEXT, after=_archive), ["VT"], hint="Dòng Lưu, bắt đầu bằng VT: [VT, NC]")
    nguoi_soan: str | None = spec(Nullable(Text(before=_text, after=_drafter)), None,
                                  hint="Ký hiệu người soạn thảo in nhỏ (chỉ số dưới) sau dòng Lưu, như Châu hoặc (Trung)")
    nguoi_ky: NguoiKy = spec(Nested(NguoiKy), hint="Người ký: họ tên, chức vụ, thẩm quyền (TM./KT.)")
    chu_thich: dict[int, str] = spec(Numbered(TEXT, after=_notes), {},
                                     hint="Chú thích cuối trang, dẫn trong văn bản bằng [^1]", markup=True)
    phu_luc: list[PhuLuc] = spec(ListOf(Nested(PhuLuc)), [], hint="Phụ lục I, II ...: mỗi phụ lục một bảng")
    y_kien: list[YKien] = spec(ListOf(Nested(YKien)), [], printed=False, new_year="empty",
                               hint="Ý kiến của lãnh đạo (từ Word) chưa xử lý; không in ra văn bản")

    @classmethod
    def before(cls, value: Any) -> Any:
        """A body under a People's Committee signs under its head's regime: no TM. line, and its head
        ("Giám đốc" for a Sở) instead of the committee's Chủ tịch, unless the plan says otherwise."""
        if not (isinstance(value, dict) and isinstance(value.get("co_quan"), str)
                and value.get("co_quan_chu_quan") and isinstance(value.get("nguoi_ky"), dict)):
            return value
        from kehoach_gen.plan.issuer import head_title

        if vn.parse_issuing_body(value["co_quan"]) is not None:
            return value
        signer = dict(value["nguoi_ky"])
        signer.setdefault("thay_mat", False)
        head = head_title(value["co_quan"])
        if head is not None:
            signer.setdefault("thu_truong", head)
            signer.setdefault("chuc_vu", f"Phó {head}")
        return {**value, "nguoi_ky": signer}

    @property
    def issuer(self) -> Issuer:
        from kehoach_gen.plan.issuer import Issuer, parse_committee

        committee = vn.parse_issuing_body(self.co_quan)
        if committee is not None:
            return Issuer(unit=committee)
        # Without a parent the plan does not validate; a placeholder unit keeps the page printable.
        unit = parse_committee(self.co_quan_chu_quan or "") or self._unit_of_place()
        return Issuer(unit=unit or vn.IssuingBody(kind="tỉnh", name="[Tên tỉnh]"),
                      department=" ".join(self.co_quan.split()), parent=self.co_quan_chu_quan)

    def _unit_of_place(self) -> vn.IssuingBody | None:
        """The province of a body whose parent is not a People's Committee (a Chi cục under a Sở): the one
        its date line names."""
        from kehoach_gen.errors import KehoachError
        from kehoach_gen.facts import provinces

        if not self.dia_danh:
            return None
        d = self.ngay
        try:
            return provinces.lookup(self.dia_danh, provinces.period(d.nam, d.thang, d.ngay) if d else None).body
        except KehoachError:
            return None

    @property
    def body(self) -> vn.IssuingBody:
        """The province: the committee that issues the plan, or the one above the body that does."""
        return self.issuer.unit

    @property
    def is_draft(self) -> bool:
        return self.so is None or self.ngay is None or not self.ngay.complete

    def problems(self) -> Iterator[FieldError]:
        """What the page would print wrong: an issuer the header cannot print (a body without its parent,
        a committee under one), a unit that does not exist on the plan's date (or is misspelt), a place or a
        symbol the decree does not allow for this issuer."""
        issuer_ok = True
        for problem in self._issuer_problems():
            issuer_ok = False
            yield problem
        if issuer_ok:
            yield from self._unit_problems()
            yield from self._symbol_problems()
        yield from self._appendices_cited()

    def _issuer_problems(self) -> Iterator[FieldError]:
        from kehoach_gen.plan.issuer import parse_committee

        committee = vn.parse_issuing_body(self.co_quan)
        if committee is not None and self.co_quan_chu_quan is not None:
            yield FieldError("co_quan_chu_quan", f"{self.co_quan} không ghi cơ quan chủ quản ở phần đầu văn bản "
                                                 "(chỉ sở, ban ghi dòng cơ quan chủ quản); bỏ dòng co_quan_chu_quan")
        elif committee is None and self.co_quan_chu_quan is None:
            from kehoach_gen.facts import provinces

            rest = re.sub(r"^\s*(?:tỉnh|thành phố)\s+", "", self.co_quan, flags=re.IGNORECASE)
            unit = provinces.ever(rest)
            if unit is not None:
                yield FieldError("co_quan", f"viết đủ tên cơ quan: '{unit.body.full_name}' (đang: '{self.co_quan}')")
            else:
                yield FieldError("co_quan", "cần dạng 'Ủy ban nhân dân tỉnh <Tên>' hoặc 'Ủy ban nhân dân thành phố "
                                            f"<Tên>' (đang: '{self.co_quan}'); kế hoạch của sở, ban thì ghi thêm "
                                            "dòng cơ quan chủ quản: co_quan_chu_quan: UBND tỉnh <Tên>")
        elif (committee is None and self.co_quan_chu_quan is not None and parse_committee(self.co_quan_chu_quan) is None
              and self._unit_of_place() is None):
            yield FieldError("dia_danh" if self.dia_danh else "co_quan_chu_quan",
                             f"cơ quan chủ quản '{self.co_quan_chu_quan}' không phải Ủy ban nhân dân: ghi 'dia_danh:' là "
                             "tên tỉnh, thành phố nơi cơ quan đóng trụ sở, như 'dia_danh: Lào Cai'"
                             + (f" (đang: '{self.dia_danh}')" if self.dia_danh else ""))
        elif committee is None and self.nguoi_ky.thay_mat and self.nguoi_ky.tap_the is None:
            yield FieldError(("nguoi_ky", "thay_mat"), f"{self.co_quan} làm việc theo chế độ thủ trưởng: người ký "
                                                       "không ký 'TM.'; bỏ dòng thay_mat (hoặc ghi tap_the khi ký "
                                                       "thay mặt một tập thể)")

    def _symbol_problems(self) -> Iterator[FieldError]:
        issuer = self.issuer
        want = nd30.symbol(self.DOCUMENT_TYPE)
        if issuer.is_committee and self.ky_hieu != want:
            yield FieldError("ky_hieu", f"{self.DOCUMENT_TYPE.name} của {nd30.UBND} có ký hiệu {want} "
                                        f"(đang: {self.ky_hieu}); ký hiệu của sở, ban dùng cho văn bản sở, ban "
                                        "ban hành. Bỏ dòng ky_hieu để dùng mặc định")
        elif not issuer.is_committee and self.ky_hieu == want:
            # Left out, the symbol is the committee's: the clerk is sent to the body's name, where it is decided.
            yield FieldError("co_quan", f"{self.DOCUMENT_TYPE.name} của {issuer.full_name} ghi ký hiệu của chính cơ "
                                        f"quan, không dùng {want}: thêm dòng 'ky_hieu: {issuer.symbol_hint()}' (hoặc "
                                        "chữ viết tắt cơ quan đã quy định; Nghị định 30, Phụ lục I, II.3)")
        elif not issuer.is_committee and not self.ky_hieu.startswith(f"{self.DOCUMENT_TYPE.abbreviation}-"):
            yield FieldError("ky_hieu", f"ký hiệu {self.DOCUMENT_TYPE.name} mở đầu bằng "
                                        f"{self.DOCUMENT_TYPE.abbreviation}- rồi đến chữ viết tắt tên cơ quan, như "
                                        f"{issuer.symbol_hint()} (đang: {self.ky_hieu})")

    def _unit_problems(self) -> Iterator[FieldError]:
        from kehoach_gen.errors import KehoachError
        from kehoach_gen.facts import provinces
        from kehoach_gen.plan.issuer import parse_committee

        typed = self.body
        where = "co_quan" if self.issuer.is_committee else "co_quan_chu_quan"
        if where == "co_quan_chu_quan" and parse_committee(self.co_quan_chu_quan or "") is None:
            # The province is the one the date line names (looked up already): written as the list writes it.
            if self.dia_danh != typed.place:
                yield FieldError("dia_danh", f"viết đúng tên tỉnh, thành phố: '{typed.place}' (đang: '{self.dia_danh}')")
            return
        if re.fullmatch(r"\[[^\]]*\]", typed.name.strip()):
            # A placeholder an import left ("[Tên tỉnh]"): the content check reports it as a leftover and
            # the final mode refuses it; a draft still renders.
            return
        if not typed.is_provincial:
            # A commune's or a district's committee: no list of those units to hold it to; its date line
            # names the unit itself (Phụ lục I, II.4.a).
            if self.dia_danh is not None and self.dia_danh != typed.place:
                yield FieldError("dia_danh", f"địa danh của {typed.full_name} là '{typed.place}' (tên đơn vị hành "
                                             f"chính nơi cơ quan đóng trụ sở); bỏ dòng dia_danh để máy tự ghi "
                                             f"(đang: '{self.dia_danh}')")
            return
        d = self.ngay
        when = provinces.period(d.nam, d.thang, d.ngay) if d else None
        try:
            unit = provinces.lookup(typed.name, when)
        except KehoachError as exc:
            undated = "" if when else "; kế hoạch trước ngày 01/7/2025 thì ghi ngày ban hành ở 'ngay:' để dùng tên lúc ấy"
            yield FieldError(where, f"{exc}{undated}")
            return
        if (unit.kind, unit.name) != (typed.kind, typed.name):
            right = unit.body.full_name
            written = self.co_quan if where == "co_quan" else self.co_quan_chu_quan
            if where == "co_quan_chu_quan" and written and written.lstrip().startswith("UBND"):
                right = f"UBND {unit.body.unit}"
            yield FieldError(where, f"viết đúng tên đơn vị: '{right}' (đang: '{written}')")
            return
        if self.dia_danh is not None and self.dia_danh != unit.body.place:
            yield FieldError("dia_danh", f"địa danh của {self.issuer.full_name} là '{unit.body.place}' "
                                         f"(tên tỉnh, thành phố nơi cơ quan đóng trụ sở, Nghị định 30); "
                                         f"bỏ dòng dia_danh để máy tự ghi (đang: '{self.dia_danh}')")

    def _appendices_cited(self) -> Iterator[FieldError]:
        """The body names each appendix it sends the reader to (Phụ lục I, III.1): "Phụ lục I" ..."""
        if not self.phu_luc:
            return
        body = " ".join(inline.plain(t) for loc, t, _ in texts(self) if loc[0] in _BODY_FIELDS)
        for i in range(1, len(self.phu_luc) + 1):
            heading = nd30.appendix_heading(i, len(self.phu_luc))
            if not nd30.cites_appendix(body, heading):
                yield FieldError(("phu_luc", i - 1), f"nội dung kế hoạch chưa dẫn chiếu '{heading}'; thêm vào mục có "
                                                     f"liên quan một câu như '(Chi tiết tại {heading} kèm theo)'")


_BODY_FIELDS = ("can_cu", "mo_dau", "phan", "ket_thuc")


def _appendix_heading(text: str) -> bool:
    """A line that is only 'Phụ lục (I)' (a full stop after it too) opens an appendix to every reader."""
    return nd30.APPENDIX_HEADING.match(text.strip().removesuffix(".")) is not None
