"""How the plan's typed text is read and what it may hold: one line or a block of paragraphs, titles without a
final stop, the characters refused (invisible, control), and the header's values (the issuing body, the number,
the symbol, the trích yếu, the Lưu line, the drafter's tag). The records of `model` declare their fields with
these; nothing here knows a record."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from kehoach_gen.errors import CONTROL_CHARS, INVISIBLE_CHARS, control_message
from kehoach_gen.facts import provinces, sizes, vn
from kehoach_gen.plan.fields import Block, Text
from kehoach_gen.plan.issuer import head_title, organ_case, parse_committee

# What a line may not hold: invisible characters that reverse or hide text let a name read one way and say
# another; control characters (a YAML escape such as "\0", a web form, a library caller) cannot be printed,
# and dropping them would merge the words around them; lone surrogates cannot be written as UTF-8; a line
# or paragraph separator inside one line is a break the clerk cannot see.
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")


REFUSED = re.compile(f"[{INVISIBLE_CHARS}{CONTROL_CHARS}\x85\u2028\u2029\ud800-\udfff]")


SPACES: dict[int, str | None] = {0x09: " ", 0x00A0: " "}


# Real trích yếu run to three or four lines ("... ban hành kèm theo Nghị quyết số ... của ..."); longer is a
# paragraph of the body. The .docx title property (255 characters at most) takes a visibly cut copy.
TRICH_YEU_MAX = 400


def unprintable(text: str) -> str | None:
    """Why the text cannot go into the document as it stands (an invisible or control character), or None:
    for the plan's fields and for anything else written into the document (`diff --tac-gia`)."""
    refused = REFUSED.search(text)
    if refused is None:
        return None
    char, at = refused.group(), f" ở ký tự thứ {refused.start() + 1}"
    if INVISIBLE.match(char):
        return f"có ký tự vô hình U+{ord(char):04X}{at} (đổi chiều chữ hoặc độ rộng 0, thường lẫn vào khi sao chép); hãy xoá nó"
    if "\ud800" <= char <= "\udfff":  # bytes that were not UTF-8, kept by Python as lone surrogates
        return f"có chữ không phải mã Unicode{at} (gõ bằng bảng mã cũ như TCVN3, VNI?); hãy gõ lại bằng Unicode"
    return f"có {control_message(char, at)}"


def clean_line(text: str) -> str:
    refused = unprintable(text)
    if refused:
        raise ValueError(refused)
    if len(text) > sizes.TEXT_CHARS:
        raise ValueError(f"một dòng dài {sizes.number(len(text))} ký tự, quá giới hạn {sizes.number(sizes.TEXT_CHARS)} "
                         "ký tự của một đoạn, một ô hay một tên; hãy tách thành nhiều đoạn (mỗi đoạn một dòng)")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # the common case skips the (slow, dict-driven) translate
        text = text.translate(SPACES)
    if "  " in text:
        text = re.sub(r" {2,}", " ", text)
    return text.strip()


def text_value(value: Any) -> Any:
    """A single-line text field: NFC, no doubled or non-breaking spaces."""
    if isinstance(value, dict) and len(value) == 1:
        # "- Lưu: VT" or "- Thời gian: Thường xuyên" unquoted is a one-pair mapping to YAML; in a text
        # position the clerk meant the words, colon included.
        ((key, val),) = value.items()
        if isinstance(key, str) and isinstance(val, (str, int)) and not isinstance(val, bool):
            return clean_line(f"{key}: {val}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return clean_line(value.replace("\n", " "))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def block_value(value: Any) -> Any:
    """Paragraph lists. A multi-line string gives one paragraph per line; nested lists become
    '- ' bullets, and lists inside those '+ ' sub-bullets (the usual levels of a Kế hoạch)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [ln for ln in (clean_line(x) for x in value.splitlines()) if ln]
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, list):
                for sub in item:
                    if isinstance(sub, list):
                        out.extend(marked("+ ", s) for s in sub)
                    else:
                        out.append(marked("- ", sub))
            elif isinstance(item, str):
                out.extend(block_value(item))
            else:
                out.append(text_value(item))
        return out
    return value


def marked(mark: str, value: Any) -> Any:
    """A bullet ('- ') or sub-bullet ('+ ') given as a list item; a list deeper than those two levels has
    no printed form (it would print as Python's brackets)."""
    text = text_value(value)
    if isinstance(value, list):
        raise ValueError("đoạn văn có hai mức gạch đầu dòng ('- ' và '+ '); danh sách lồng sâu hơn không in được, "
                         "hãy viết các ý đó thành dòng '+ ' riêng")
    return f"{mark}{text}" if isinstance(text, str) else text


MARKS_AT_END = re.compile(r"(?:\[\^\d+\]|\*+|\s)*$")


def title_value(v: str) -> str:
    """A heading has no final period, semicolon or './.' (a typed one would make it read as a sentence);
    a footnote reference or an emphasis mark after it stays where it is."""
    tail = MARKS_AT_END.search(v)
    head, marks = (v[:tail.start()], v[tail.start():].rstrip()) if tail else (v, "")
    head = head.rstrip()
    while head.endswith((".", ";", "./")) and not head.endswith(".."):
        head = head[:-1].rstrip()
    if not any(c.isalnum() for c in head):
        raise ValueError(f"tiêu đề phải có chữ (đang: '{v}')")
    return head + marks


def capital_first(v: str) -> str:
    """ND30 (Phụ lục I, II.5.b) opens the trích yếu with a capital letter; the clerk meant one."""
    for i, c in enumerate(v):
        if c.isalpha():
            return v[:i] + c.upper() + v[i + 1:]
    return v


TEXT = Text(before=text_value)


BLOCK = Block(before=block_value)


TITLE = Text(before=text_value, after=title_value)


CAPITALS = Text(before=text_value, after=lambda v: vn.upper(title_value(v)))


def no_final_period(v: str | None) -> str | None:
    """The renderer adds the final period of a task line; storing it too would print it twice."""
    if v is None:
        return None
    v = v.rstrip()
    return v[:-1].rstrip() if v.endswith(".") and not v.endswith("..") else v


def partners_value(v: str | list[str] | None) -> str | None:
    # Printed as one line "a, b, c."; kept as that line so a re-imported plan compares equal.
    if isinstance(v, list):
        v = ", ".join(v)
    return no_final_period(v)


def lead_value(v: str | list[str] | None) -> str | list[str] | None:
    return no_final_period(v) if isinstance(v, str) else v


def cells_value(v: Any) -> Any:
    if isinstance(v, list):
        return [[("" if c is None else c) for c in row] if isinstance(row, list) else row for row in v]
    return v


def noi_nhan_entry(value: Any) -> Any:
    value = text_value(value)
    if isinstance(value, str):
        value = re.sub(r"^[-–]\s*", "", value).rstrip(";").rstrip()
        if not any(c.isalnum() for c in value):
            raise ValueError("nơi nhận trống: mỗi dòng ghi tên một cơ quan, đơn vị (dấu '-' và ';' tự động)")
    return value


def number_value(v: Any) -> Any:
    if isinstance(v, str):
        s = v.strip()
        if s == "":
            return None
        if not s.isdigit():
            raise ValueError(f"số văn bản chỉ gồm chữ số (đang: '{s}'); ký hiệu để ở ky_hieu")
        # Written with more leading zeros than ND30 asks ("0125", as some registers number): kept as written.
        return vn.DocumentNumber(s) if s.zfill(2) != vn.two_digits_below_ten(int(s)) else int(s)
    return v


def body_name(v: str) -> str:
    """A People's Committee in full, or the name of a body under one (whose parent line is checked with
    the rest of the plan); never an abbreviation, never in capitals (the page capitalises it)."""
    if vn.parse_issuing_body(v) is not None:
        return v

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


def parent_name(v: str) -> str:
    """A People's Committee ("UBND tỉnh Lào Cai"), or a body of a kind the program knows under which the
    issuer works ("Sở Công Thương" above its Chi cục)."""

    if parse_committee(v) is not None:
        return v
    if head_title(v) is None:
        raise ValueError("cơ quan chủ quản là Ủy ban nhân dân tỉnh, thành phố ('UBND tỉnh <Tên>' hoặc 'Ủy ban nhân "
                         f"dân tỉnh <Tên>') hoặc một sở, ban ('Sở Công Thương') (đang: '{v}')")
    if vn.all_capitals(v):
        raise ValueError("tên cơ quan viết chữ thường, hoa chữ đầu và tên riêng (phần đầu văn bản tự in hoa), "
                         f"ví dụ '{organ_case(v)[0]}' (đang: '{v}')")
    return v


def symbol_value(v: str) -> str:
    # Letters of any Vietnamese kind ("KH-BCHTƯ"), groups joined by '-', capital first letters.
    if not re.fullmatch(r"[^\W\d_]+(-[^\W_]+)+", v) or not all(g[:1].isupper() for g in v.split("-")):
        raise ValueError(f"ký hiệu viết hoa, nối bằng '-', không có khoảng trắng, như KH-UBND (đang: '{v}')")
    return v


def summary_length(v: str) -> str:
    if len(v) > TRICH_YEU_MAX:
        raise ValueError(f"trích yếu dài {len(v)} ký tự, tối đa {TRICH_YEU_MAX}; hãy rút gọn (trích yếu "
                         "chỉ nêu tóm tắt nội dung, thường dưới 150 ký tự)")
    return v


def summary_value(v: str) -> str:
    v = capital_first(v)
    if vn.all_capitals(v):
        raise ValueError("trích yếu viết chữ thường, chỉ hoa chữ đầu và tên riêng (Nghị định 30, Phụ lục I), "
                         f"ví dụ '{vn.sentence_case(v)[:60]}' (đang: toàn chữ in hoa)")
    return summary_length(v)


def archive_value(v: list[str]) -> list[str]:
    if not v or v[0] != "VT":
        raise ValueError("danh sách lưu bắt đầu bằng VT (Văn thư), như [VT, NC]")
    return v


def drafter_value(v: str) -> str:
    """The drafter's tag printed small after the Lưu line's units, before its full stop ('- Lưu: VT, NC₍Châu₎.');
    '.Châu' when the office prints a full stop between the units and the tag ('- Lưu: VT, NC.₍Châu₎.')."""
    v = v.rstrip(".;, ").strip()
    if not any(c.isalnum() for c in v):
        raise ValueError(f"ký hiệu người soạn thảo phải có chữ (đang: '{v}')")
    return v


def notes_value(v: dict[int, str]) -> dict[int, str]:
    for k in v:
        if k < 1:
            raise ValueError(f"số chú thích bắt đầu từ 1 (đang: {k})")
    return dict(sorted(v.items()))
