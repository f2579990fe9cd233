"""The bodies a task names: who leads it (chủ trì) and who co-operates (phối hợp), read from a task's own
fields ("Văn phòng Ủy ban nhân dân tỉnh chủ trì, phối hợp với Sở Tài chính") or from a sentence of prose
("Giao Sở Ngoại vụ theo dõi, đôn đốc ...", "...: Sở Tài chính chủ trì.").

A body's name runs from a word that opens the names of bodies ("Sở", "Văn phòng", "Ủy ban nhân dân", "các
sở" ...) to the first verb of what it is asked to do ("hướng dẫn", "theo dõi" ...), which is written in lower
case where a name's own words are capitalised ("Ban Chỉ đạo" is a name, "chỉ đạo" a verb)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach_gen.facts import inline, vn
from kehoach_gen.plan.issuer import body_kinds

# Names of bodies open with one of these, besides the kinds whose head issuer.py knows.
_MORE_KINDS = (
    "Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "Ủy ban Mặt trận", "Ủy ban MTTQ", "Mặt trận", "UBMTTQ", "Liên hiệp",
    "Liên đoàn", "Tỉnh đoàn", "Thành đoàn", "Tỉnh ủy", "Thành ủy", "Đảng ủy", "Hội đồng nhân dân", "HĐND",
    "Bộ đội Biên phòng", "Bộ Chỉ huy", "Cục", "Bảo hiểm xã hội", "Ngân hàng", "Đài", "Viện", "Tòa án", "Cơ quan",
    "Ngân hàng Nhà nước", "Cảng vụ", "Tổng công ty", "Địa phương",
)
# Groups of bodies, written in lower case inside a sentence ("phối hợp với các sở, ban, ngành"); the other
# kinds' words are capitalised in a name, and in lower case are common nouns ("sở, ban, ngành").
_GROUPS = ("sở", "ban", "cơ quan", "đơn vị", "địa phương", "huyện", "xã", "tổ chức", "hội", "doanh nghiệp", "ngành",
           "sở, ban, ngành", "Sở, ban, ngành")
_KINDS = sorted({*body_kinds(), *_MORE_KINDS, *(f"{c} {g}" for g in _GROUPS for c in ("Các", "các"))},
                key=len, reverse=True)
_KIND = "(?:" + "|".join(re.escape(k) for k in _KINDS) + r")(?![^\W\d_])"
_KIND_AT_START = re.compile("^" + _KIND)
_BETWEEN_NAMES = re.compile(r"\s*[,;]\s*|\s+và\s+(?=" + _KIND + ")")
_BEFORE_A_NAME = re.compile(r"[:,]\s*(?=" + _KIND + ")")

# What a body is asked to do: the first of these words ends its name.
_VERBS = (
    "chủ trì", "phối hợp", "thực hiện", "tham mưu", "chỉ đạo", "triển khai", "hướng dẫn", "theo dõi", "tổ chức",
    "báo cáo", "xây dựng", "chủ động", "là", "căn cứ", "có trách nhiệm", "trình", "tổng hợp", "thẩm định", "khi",
    "để", "trong", "với", "cử", "nghiên cứu", "rà soát", "kiểm tra", "đôn đốc", "quán triệt", "tiếp tục", "tăng cường",
    "đẩy mạnh", "bố trí", "cân đối", "lập", "cấp", "giao", "đề xuất", "phụ trách", "làm", "đảm bảo", "bảo đảm",
    "tuyên truyền", "quản lý", "thông tin", "hỗ trợ", "đón tiếp", "tiếp nhận", "gửi", "sơ kết", "tổng kết",
    "ban hành", "theo", "nhằm", "trên cơ sở", "được", "cần", "phải", "sẽ", "đã", "đang",
)
_VERB = re.compile(r"\s+(?:" + "|".join(re.escape(v) for v in _VERBS) + r")(?![^\W\d_])")
# "Giao Sở Ngoại vụ ...", "... yêu cầu các sở, ban, ngành ...": the bodies come right after.
_ASSIGN = re.compile(r"(?:^|[.;:]\s*)[Gg]iao(?:\s+cho)?\s+|\s(?:giao(?:\s+cho)?|yêu cầu|đề nghị)\s+")
_LEADS = re.compile(r"(?P<who>[^.;:()]*?)\s+(?:làm\s+)?chủ trì\b")
_WITH = re.compile(r"phối hợp(?:\s+với)?\s+(?P<who>[^.;:()]+)")
_COLON = re.compile(r":\s+")
_SENTENCES = re.compile(r"(?<=[.;])\s+(?=[^\W\d_])")
_UBND = re.compile(r"\b(?:UBND|Uỷ ban nhân dân)\b")


@dataclass(frozen=True)
class Bodies:
    lead: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()


def clean(text: str) -> str:
    """A field's or a sentence's plain words: no marks, no footnote references, single spaces."""
    return " ".join(inline.plain(text).split())


def is_body(text: str) -> bool:
    return bool(_KIND_AT_START.match(text.strip()))


def body_key(name: str) -> str:
    """The same body however it is written: "Văn phòng UBND tỉnh" is "Văn phòng Ủy ban nhân dân tỉnh"."""
    text = _UBND.sub("Ủy ban nhân dân", vn.nfc(name))
    return " ".join(text.split()).strip(" .,;:").casefold()


def display_name(name: str) -> str:
    name = name.strip(" .,;:-–")
    return name[:1].upper() + name[1:]


def names(text: str) -> list[str]:
    """The bodies a stretch of text lists, each cut before the first verb that follows it. Commas and 'và'
    separate bodies only before a word that opens a body's name: "Sở Văn hóa, Thể thao và Du lịch" and "các
    sở, ban, ngành" are one name each."""
    out: list[str] = []
    for piece in _BETWEEN_NAMES.split(text.strip()):
        piece = piece.strip(" .:-–")
        if not piece:
            continue
        verb = _VERB.search(" " + piece)
        head = piece[:max(0, verb.start() - 1)] if verb else piece
        if _KIND_AT_START.match(piece):
            out.append(head)
        elif out and head:
            out[-1] = f"{out[-1]}, {head}"
        if verb or not (out and head):
            break  # the list has ended; what follows is what the bodies are asked to do
    return _unique([display_name(n) for n in out if n.strip(" .,;:-–")])


def only_names(text: str) -> list[str]:
    """The bodies a text lists when it is nothing else (an item titled "Sở Ngoại vụ" or "Các sở, ban, ngành;
    UBND các huyện" under TỔ CHỨC THỰC HIỆN); none when it says anything more."""
    text = clean(text)
    if not is_body(text) or _VERB.search(text) or len(text) > 200:
        return []
    return names(text)


def _unique(found: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in found:
        if body_key(name) not in seen:
            seen.add(body_key(name))
            out.append(name)
    return out


def from_fields(lead: str | list[str] | None, partners: str | list[str] | None) -> Bodies:
    """The bodies of a task's chu_tri and phoi_hop fields. A chu_tri line that also says who co-operates
    ("... chủ trì, phối hợp với ...") gives both; a second sentence that says 'phối hợp' names partners."""
    leads: list[str] = []
    others: list[str] = []
    for line in ([lead] if isinstance(lead, str) else lead or []):
        for k, sentence in enumerate(_SENTENCES.split(clean(line))):
            before, _, after = sentence.partition("phối hợp")
            if k == 0 or not after:
                found = names(before)  # "X chủ trì, ": the name ends at its verb
                leads += found
                if after:
                    others += names(_partners(after))
                if not found and k == 0:
                    leads.append(display_name(sentence))
            else:
                others += names(before) + names(_partners(after))
    for line in ([partners] if isinstance(partners, str) else partners or []):
        found = names(clean(line))
        others += found or [display_name(clean(line))]
    lead_keys = {body_key(n) for n in leads}
    return Bodies(tuple(_unique(leads)), tuple(n for n in _unique(others) if body_key(n) not in lead_keys))


def _partners(after: str) -> str:
    """What follows 'phối hợp': the partners, after an optional 'với'."""
    return re.sub(r"^\s*với\s+", "", after)


def from_prose(text: str) -> Bodies:
    """The bodies a sentence of a plan assigns: "X chủ trì", "Giao X ...", "... yêu cầu X ...", a sentence
    or a clause after ':' that opens with a body's name ("Sở Tài chính hướng dẫn ..."); "phối hợp với Y"
    names a partner, and a body whose verb is 'phối hợp' is one."""
    plain = clean(text)
    leads: list[str] = []
    for m in _LEADS.finditer(plain):
        who = _BEFORE_A_NAME.split(m.group("who"))[-1]
        leads += names(who) if is_body(who) else []
    if not leads:
        assigned = _ASSIGN.search(plain)
        clauses = [plain[assigned.end():]] if assigned else [plain, *(plain[m.end():] for m in _COLON.finditer(plain))]
        for clause in clauses:
            if not is_body(clause):
                continue
            found = names(clause)
            if found and re.match(r"(?:\S+\s+)?phối hợp\b", _tail_after(clause, found[-1])):
                return Bodies((), tuple(found))
            leads += found
            break
    partners = [n for m in _WITH.finditer(plain) for n in names(m.group("who"))]
    lead_keys = {body_key(n) for n in leads}
    return Bodies(tuple(_unique(leads)), tuple(n for n in _unique(partners) if body_key(n) not in lead_keys))


def _tail_after(clause: str, name: str) -> str:
    """What the clause says after a name it lists (found by all but its first letter, which names() capitalises)."""
    at = clause.find(name[1:])
    return clause[at + len(name) - 1:].lstrip(" ,") if at >= 0 else ""
