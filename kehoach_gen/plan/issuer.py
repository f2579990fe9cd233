"""Who issues the plan, as its header prints it: a People's Committee, a province's or a commune's
("ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI"), or a body under a parent (a Sở, a Ban under the committee; a Chi cục
under a Sở) printed below its parent's line ("UBND TỈNH LÀO CAI", upright) in bold ("SỞ CÔNG THƯƠNG");
Phụ lục I, II.2. The model, the page, the importer and the checker all read a header through this module."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach_gen.facts import nd30, vn
from kehoach_gen.facts.metrics import text_width_mm

# Who heads a body of each kind, by the first words of its name. A deputy signs "KT. <HEAD>" /
# "PHÓ <HEAD>"; the head signs under the head's title (Art. 13).
_HEADS: tuple[tuple[str, str], ...] = (
    ("Sở", "Giám đốc"),
    ("Ban", "Trưởng ban"),
    ("Văn phòng", "Chánh Văn phòng"),
    ("Thanh tra", "Chánh Thanh tra"),
    ("Chi cục", "Chi cục trưởng"),
    ("Trung tâm", "Giám đốc"),
    ("Công an", "Giám đốc"),
    ("Bộ Chỉ huy", "Chỉ huy trưởng"),
    ("Bệnh viện", "Giám đốc"),
    ("Đài Phát thanh", "Giám đốc"),
    ("Báo", "Tổng Biên tập"),
    ("Trường", "Hiệu trưởng"),
    ("Kho bạc", "Giám đốc"),
    ("Quỹ", "Giám đốc"),
    ("Đoàn", "Trưởng đoàn"),
    ("Phòng", "Trưởng phòng"),
    ("Hội", "Chủ tịch"),
)

# The widest a line of the issuing body's name may be (13 pt): the header's left column widens to it, the
# table reaching a few millimetres into the margins as the decree's own Mẫu 1.4 does; a longer name runs
# onto more lines with single spacing (Phụ lục I, II.2.b).
NAME_LINE_MM = 74.0

_UBND_WORDS = re.compile(r"^\s*(?:(?:Ủy|Uỷ|ỦY|UỶ)\s+(?:ban|BAN)\s+(?:nhân|NHÂN)\s+(?:dân|DÂN)|UBND)\b\s*")


def parse_committee(text: str) -> vn.IssuingBody | None:
    """A People's Committee, written in full or as "UBND" (the abbreviation a parent line may use, Phụ lục I,
    II.2.a): "UBND tỉnh Lào Cai", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"."""
    m = _UBND_WORDS.match(text)
    if not m:
        return None
    return vn.parse_issuing_body(f"Ủy ban nhân dân {text[m.end():]}")


def head_title(name: str) -> str | None:
    """The title of the body's head ("Giám đốc" for a Sở), when its kind is one this table knows; the name in
    any case and spacing ("SỞ  CÔNG THƯƠNG")."""
    key = vn.upper(" ".join(name.split()))
    for start, head in _HEADS:
        if key == vn.upper(start) or key.startswith(f"{vn.upper(start)} "):
            return head
    return None


def _width(text: str, bold: bool = True) -> float:
    return text_width_mm(text, nd30.SIZE["co_quan"].high, bold=bold)


def _break_tier(words: list[str], k: int) -> int:
    """How natural a line break before words[k] is: 0 after a comma or before "VÀ" (between the parts of
    the name), 1 before the unit or a body named inside it ("TỈNH", "ỦY BAN"), 2 anywhere else."""
    if words[k - 1].endswith(",") or words[k] == "VÀ":
        return 0
    if words[k] in ("TỈNH", "THÀNH", "ỦY", "UBND"):
        return 1
    return 2


def body_kinds() -> list[str]:
    """The first words of the names of every kind of body the table knows ("Sở", "Văn phòng" ...)."""
    return [start for start, _ in _HEADS]


def heads() -> list[str]:
    """Every head's title the table knows, for reading a signature block."""
    return sorted({head for _, head in _HEADS})


# Heads of central bodies whose documents reach a province (read in a signature, never issued here).
_CENTRAL_HEADS = ("Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Chủ nhiệm", "Tổng cục trưởng", "Cục trưởng", "Vụ trưởng",
                  "Thống đốc", "Tổng Giám đốc")

# A signature's capacity line in capitals: a head's title or its deputy's ("PHÓ GIÁM ĐỐC", "CHỦ TỊCH").
POSITION_LINE = r"(?:PHÓ\s+)?(?:" + "|".join(
    sorted({"CHỦ TỊCH", *(vn.upper(h).replace(" ", r"\s+") for h in [*(h for _, h in _HEADS), *_CENTRAL_HEADS])},
           key=len, reverse=True)) + r")(?:\s+THƯỜNG\s+TRỰC)?"


_KNOWN_HEADS = frozenset(vn.upper(h) for h in ("Chủ tịch", *(h for _, h in _HEADS)))


def known_head(title: str) -> bool:
    """Whether the title heads a kind of body this program issues plans for (its deputy is 'Phó ...')."""
    return vn.upper(title) in _KNOWN_HEADS


def name_lines(name: str, width_mm: float = NAME_LINE_MM, *, bold: bool = True) -> list[str]:
    """The name in capitals, in as few lines as fit the column, broken where the name's parts meet
    ("SỞ VĂN HÓA, THỂ THAO" / "VÀ DU LỊCH", "VĂN PHÒNG ỦY BAN NHÂN DÂN" / "TỈNH X"), as offices break it;
    evenly when no such place fits."""
    capitals = vn.upper(" ".join(name.split()))
    if _width(capitals, bold) <= width_mm:
        return [capitals]
    words = capitals.split(" ")
    fitting = [k for k in range(1, len(words)) if _width(" ".join(words[:k]), bold) <= width_mm] or [1]
    tier = min(_break_tier(words, k) for k in fitting)
    if tier < 2:  # where the name's parts meet: the first line as full as it may be
        k = max(k for k in fitting if _break_tier(words, k) == tier)
    else:  # inside a part: two even lines rather than a lone word below ("... CÔNG" / "NGHIỆP")
        k = min(fitting, key=lambda k: abs(_width(" ".join(words[:k]), bold) - _width(" ".join(words[k:]), bold)))
    return [" ".join(words[:k]), *name_lines(" ".join(words[k:]), width_mm, bold=bold)]


@dataclass(frozen=True)
class Issuer:
    """The issuing body with every form of its name the page needs."""

    unit: vn.IssuingBody  # the province: its People's Committee issues the plan, or is the parent body
    department: str | None = None  # "Sở Công Thương": a body under the committee; None: the committee itself
    parent: str | None = None  # the parent line as written in the plan ("UBND tỉnh Lào Cai")

    @property
    def is_committee(self) -> bool:
        return self.department is None

    @property
    def full_name(self) -> str:
        """The name a text gives the issuer: 'Ủy ban nhân dân tỉnh Lào Cai', 'Sở Công Thương'."""
        return self.department or self.unit.full_name

    @property
    def organ_name(self) -> str:
        """The name that identifies the issuer among all the country's (e-office records, PDF author):
        'Sở Công Thương tỉnh Lào Cai'."""
        if self.department is None:
            return self.unit.full_name
        if self.unit.name in self.department:
            return self.department
        return f"{self.department} {self.unit.unit}"

    @property
    def parent_lines(self) -> list[str]:
        """The parent body's line, upright, above the issuer's name; none for a People's Committee."""
        return [] if self.parent is None else name_lines(self.parent, bold=False)

    @property
    def header_lines(self) -> list[str]:
        """The issuer's name in bold capitals, one list item a line."""
        return self.unit.header_lines if self.department is None else name_lines(self.department)

    @property
    def collective(self) -> str:
        """The collective of a TM. line: 'ỦY BAN NHÂN DÂN', or the body itself."""
        return self.unit.collective if self.department is None else vn.upper(self.department)

    @property
    def head(self) -> str | None:
        """The head's title ('Chủ tịch', 'Giám đốc'), None when the body's kind is not known."""
        return "Chủ tịch" if self.department is None else head_title(self.department)

    @property
    def place(self) -> str:
        return self.unit.place

    def symbol_hint(self) -> str:
        """A likely symbol for the issuer's plan, from the initials of its name ("KH-SCT" for Sở Công
        Thương); each body fixes its own abbreviation, so this is offered, never assumed."""
        if self.department is None:
            return nd30.symbol(nd30.KE_HOACH)
        initials = "".join(w[0] for w in re.findall(r"\w+", self.department) if w[0].isalpha())
        return nd30.symbol(nd30.KE_HOACH, vn.upper(initials))


def split_header(lines: list[str], bold: list[bool] | None = None) -> tuple[list[str], list[str]]:
    """The header's left lines (above "Số:") as (the parent body's lines, the issuer's lines). A People's
    Committee prints its name on two bold lines ("ỦY BAN NHÂN DÂN" / "TỈNH X"); a body under one prints its
    parent first, upright (on two lines when written in full), then its own name in bold (Phụ lục I, II.2.b)."""
    if len(lines) == 1:
        run_together = _run_together(lines[0])
        if run_together is not None:  # "UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG": a web copy's one line
            return [run_together[0]], [run_together[1]]
    if len(lines) < 2:
        return [], lines
    if bold is not None and len(bold) == len(lines) and not bold[0] and any(bold):
        k = bold.index(True)
        # "ỦY BAN NHÂN DÂN" upright above a bold "TỈNH X" is still one name, carelessly formatted.
        if all(bold[k:]) and not vn.upper(lines[k]).startswith(tuple(f"{u} " for u in nd30.UNIT_LEVELS)):
            return lines[:k], lines[k:]
    caps = [vn.upper(t) for t in lines]
    if len(lines) >= 2 and all(head_title(t) is not None for t in caps[:2]):
        return lines[:1], lines[1:]  # "SỞ CÔNG THƯƠNG" above "CHI CỤC QUẢN LÝ THỊ TRƯỜNG"
    splits = [k for k in range(1, len(lines))
              # "ỦY BAN NHÂN DÂN" / "TỈNH X": the unit is still being named
              if not caps[k].startswith(tuple(f"{u} " for u in nd30.UNIT_LEVELS))
              and parse_committee(" ".join(caps[:k])) is not None]
    # "UBND THÀNH PHỐ HÀ" / "NỘI" / "TRUNG TÂM ...": the split before a body's kind; else before a line under
    # a province's committee that the list of units knows ("ỦY BAN NHÂN DÂN" / "TỈNH NGHỆ" / "AN" is one
    # name wrapped, not a body "AN" under a "TỈNH NGHỆ").
    named = [k for k in splits if head_title(caps[k]) is not None]
    known = [k for k in splits if _is_known_province(parse_committee(" ".join(caps[:k])))]
    if named or known:
        k = (named or known)[0]
        return lines[:k], lines[k:]
    return [], lines


def _is_known_province(body: vn.IssuingBody | None) -> bool:
    """A province's or a centrally-run city's committee the list of units knows, of any period."""
    if body is None or not body.is_provincial:
        return False
    from kehoach_gen.facts import provinces

    return provinces.ever(body.name) is not None


def _run_together(line: str) -> tuple[str, str] | None:
    """A committee's name and a body's run into one line, split where the body's kind starts."""
    caps = vn.upper(" ".join(line.split()))
    for start, _ in _HEADS:
        at = caps.find(f" {vn.upper(start)} ")
        if at > 0 and _is_known_province(parse_committee(caps[:at])):
            return caps[:at], caps[at + 1:]
    return None


def _kind_words(name: str) -> int:
    """How many words name the body's kind ("Văn phòng" 2, "Sở" 1); 0 when not a known kind."""
    key = vn.upper(name)
    for start, _ in _HEADS:
        if key == vn.upper(start) or key.startswith(f"{vn.upper(start)} "):
            return len(start.split())
    return 0


def organ_case(capitals: str, text: str = "") -> tuple[str, bool]:
    """A body's name printed in capitals ("SỞ CÔNG THƯƠNG"), as the plan's own sentences write it
    ("Sở Công Thương"); else capitalised by rule: the kind, the first word of each part (after the kind,
    after "và" and after a comma) and the unit's name after "tỉnh"/"thành phố". The flag says the casing
    was found in the text."""
    name = " ".join(capitals.split())
    if text:
        pattern = r"\s+".join(re.escape(w) for w in name.split(" "))
        forms: dict[str, int] = {}
        for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, flags=re.IGNORECASE):
            form = " ".join(m.group(0).split())
            if form[:1].isupper() and not vn.all_capitals(form):
                forms[form] = forms.get(form, 0) + 1
        if forms:
            return max(forms, key=lambda f: forms[f]), True
    words = name.lower().split(" ")
    cased = vn.upper(words[0][:1]) + words[0][1:]
    kind = _kind_words(" ".join([cased, *words[1:]]))
    out: list[str] = []
    in_unit = False
    for k, w in enumerate(words):
        start = k == 0 or k == kind or (k > 0 and (words[k - 1] in ("và", "-") or words[k - 1].endswith(","))) \
            or in_unit
        if w in ("tỉnh", "thành") and k + 1 < len(words):
            in_unit = w == "tỉnh" or words[k + 1] == "phố"
            start = False
        elif w == "phố" and k > 0 and words[k - 1] == "thành":
            start = False
        out.append(vn.upper(w[:1]) + w[1:] if start and w != "và" and w != "-" else w)
    # The kind as the table writes it ("Bộ Chỉ huy", "Văn phòng").
    out[:kind] = next((st.split() for st, _ in _HEADS if len(st.split()) == kind
                       and vn.upper(" ".join(out[:kind])) == vn.upper(st)), out[:kind])
    # A code in the name ("1050/QĐ-SCT") keeps its capitals.
    printed = name.split(" ")
    out = [p if any(c.isdigit() or c in "/-" for c in p) and len(p) > 1 else w for p, w in zip(printed, out, strict=True)]
    return " ".join(out), False
