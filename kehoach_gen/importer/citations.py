"""What an imported body cites: its appendices ("Phụ lục I, II và III" one by one, and a citation added where
the body names none) and its footnotes."""

from __future__ import annotations

import re
from typing import Any

from kehoach_gen.facts import nd30, vn
from kehoach_gen.importer.records import Source
from kehoach_gen.plan.compose import appendix_heading
from kehoach_gen.plan.dockind import for_data

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


_SHARED_CITE = re.compile(r"\b([Pp]hụ lục)\s+([IVXLC]+)((?:\s*(?:,|và|;|-)\s*[IVXLC]+\b)+)")


def cite_appendices(src: Source) -> None:
    """'chi tiết tại phụ lục I, II, III': ND30 (and `kehoach check`, ND30-R47) cite each appendix by its
    own name, so the shared word is repeated before each numeral."""
    if len(src.appendices) < 2:
        return
    for line in src.body:
        def spell(m: re.Match[str]) -> str:
            rest = re.sub(r"\b([IVXLC]+)\b", r"Phụ lục \1", m.group(3))
            return f"{m.group(1)} {m.group(2)}{rest}"

        new = _SHARED_CITE.sub(spell, line.text)
        if new != line.text:
            src.warn(line.where, "dẫn chiếu nhiều phụ lục chung một chữ 'phụ lục': ghi đủ 'Phụ lục' trước mỗi số")
            line.text = new


def cited_notes(plan: dict[str, Any], src: Source) -> dict[int, str]:
    """A footnote the text never cites has no place in the plan (the model refuses it): its words are
    kept in the note that says so."""
    text = " ".join(_strings([plan.get("can_cu"), plan.get("mo_dau"), plan.get("phan"), plan.get("ket_thuc")]))
    kept = {}
    for number, note in src.footnotes.items():
        if f"[^{number}]" in text:
            kept[number] = note
        else:
            src.warn(src.tail_where, f"chú thích ({number}) không được dẫn ở chỗ nào trong bản gốc: bỏ ra, nội dung là "
                                     f"'{note}'")
    return kept


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return []


def cite_missing_appendices(plan: dict[str, Any], src: Source) -> None:
    """ND30 (and `kehoach check`, ND30-R47) wants the plan's text to name each appendix; a copy that
    does not gets one sentence before its closing, said in a note."""
    count = len(plan["phu_luc"])
    body = " ".join(_strings([plan.get("can_cu"), plan.get("mo_dau"), plan.get("phan"), plan.get("ket_thuc")]))
    missing = [appendix_heading(i, count) for i in range(1, count + 1)
               if not nd30.cites_appendix(body, appendix_heading(i, count))]
    if not missing:
        return
    names = ", ".join(missing)
    sentence = f"Chi tiết tại {names} kèm theo {for_data(plan).name} này."
    plan["ket_thuc"] = [sentence, *plan.get("ket_thuc", [])]
    src.warn(src.tail_where, f"nội dung bản gốc không dẫn chiếu {names}: thêm câu '{sentence}' trước đoạn kết, "
                             "cần xem lại")


def say_reference_issuers(src: Source, issuer: str) -> None:
    """The model prints an appendix's "(Kèm theo ...)" line from the plan's own facts, naming the issuing
    body; a line printed for someone else ("... của Chủ tịch UBND tỉnh", which the spec accepts) is said,
    so that the change is never silent."""
    for number, appendix in enumerate(src.appendices, start=1):
        printed = re.sub(r"\)\s*$", "", appendix.reference).rsplit(" của ", 1)
        if len(printed) < 2:
            continue
        who = printed[1].strip()
        if _spelled_out(who) != _spelled_out(issuer):
            src.warn(appendix.where, f"dòng '(Kèm theo ...)' của phụ lục {number} in 'của {who}'; mẫu in dòng này theo "
                                     f"cơ quan ban hành: 'của {issuer}', cần xem lại")


def _spelled_out(name: str) -> str:
    """A body's name for comparing: 'UBND' written out, 'Uỷ' as 'Ủy', case ignored."""
    return vn.nfc(re.sub(rf"\b{nd30.UBND_ABBREVIATION}\b", nd30.UBND, name)).replace("Uỷ", "Ủy").casefold()
