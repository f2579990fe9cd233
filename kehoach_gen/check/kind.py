"""What the file is, before any rule: the document's kind (Kế hoạch, Quyết định, Công văn ...) from its
title line and its symbol, and its issuer (a UBND, or a Sở or other body under a parent line) from the
header. Rules that belong to one kind or one issuer are applied only where they fit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach_gen.facts import nd30, vn
from kehoach_gen.ooxml.layout import DocxPara, Layout, text_runs
from kehoach_gen.plan.dockind import by_type
from kehoach_gen.plan.issuer import organ_case, parse_committee, split_header

_LEVELS = "|".join(nd30.UNIT_LEVELS)
_UBND = re.compile(rf"^({nd30.UBND_NAME}|{nd30.UBND_ABBREVIATION})( ({_LEVELS}) .+)?$")
_PLACE = re.compile(r"\b(TỈNH|THÀNH PHỐ) (?P<name>[^,;]+)$")


@dataclass(frozen=True)
class Kind:
    """What kind of document a .docx is, and who issues it."""

    type: nd30.DocumentType | None  # None: not an administrative document this checker knows
    issuer: str  # "ubnd", "other" (a Sở, a Ban ...), "" when unknown
    issuer_name: str  # the issuing body as printed, lines joined
    parent: str  # the parent body's line(s) joined ("UBND TỈNH LÀO CAI"), "" if none
    province: str  # "Lào Cai", from the issuer or parent line, "" if none
    standalone_appendix: bool = False  # the file is only an appendix (Phụ lục ... Kèm theo ...)
    symbol: str = ""
    parent_count: int = 0  # how many of the header's name lines are the parent's

    @property
    def is_ke_hoach(self) -> bool:
        return self.type is not None and self.type.abbreviation == nd30.KE_HOACH.abbreviation

    @property
    def drafted(self) -> bool:
        """A kind this tool drafts (a Kế hoạch, a Báo cáo): the checker knows its whole form."""
        # Imported here: the plan's records cost `kehoach check` time only once a file's kind is known.

        return by_type(self.type) is not None

    @property
    def is_cong_van(self) -> bool:
        return self.type is not None and self.type.name == nd30.CONG_VAN.name

    @property
    def is_ubnd(self) -> bool:
        return self.issuer == "ubnd"

    @property
    def issuer_abbreviation(self) -> str:
        """The issuer's part of the symbol (Phụ lục III): 'SCT' of a Kế hoạch's 'KH-SCT', 'UBND' of a Công
        văn's 'UBND-VX'; 'UBND' for a People's Committee whose symbol does not say; '' when unknown."""
        parts = self.symbol.split("-") if self.symbol else []
        abbr = self.type.abbreviation if self.type is not None else ""
        if abbr and len(parts) > 1:  # "QĐ-SCT" on a Kế hoạch: the type is wrong (R49), the issuer is not
            return "-".join(parts[1:])
        if self.type is not None and not abbr and parts and parts[0]:  # a Công văn: the issuer comes first
            return parts[0]
        return nd30.UBND_ABBREVIATION if self.is_ubnd else ""

    def describe(self) -> str:
        """One Vietnamese line saying what the file is."""
        if self.standalone_appendix:
            return "phụ lục (văn bản kèm theo, không có phần đầu văn bản)"
        if self.type is None:
            return "không nhận ra loại văn bản (không có tên loại, không có số, ký hiệu): chỉ kiểm tra quy định chung"
        who = ""
        if self.issuer_name:
            who = f" của {self.issuer_name}"
        kind = self.type.name
        tail = "" if self.drafted else " (không phải Kế hoạch: bỏ qua các quy tắc riêng của Kế hoạch)"
        return f"{kind}{who}{tail}"


def _committee(words: str) -> vn.IssuingBody | None:
    """The People's Committee a header's capitals name ('ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH', 'UBND TỈNH
    LÀO CAI', 'THÀNH PHỐ HỒ CHÍ MINH'), read by the code that also prints the name."""
    return parse_committee(words) or parse_committee(f"{nd30.UBND_NAME} {words}")


def name_paras(lay: Layout) -> list[DocxPara]:
    """The issuing body's lines (parent line first, if any): the left block above "Số"/"V/v"."""
    out = []
    for p in lay.header_left:
        if nd30.opens_number_line(p.text) or p.text.startswith(nd30.CONG_VAN_SUMMARY_MARK):
            break
        if p.text:
            out.append(p)
    return out


def name_lines(lay: Layout) -> list[str]:
    return [p.text.upper() for p in name_paras(lay)]


def _bold(lay: Layout, p: DocxPara) -> bool:
    runs = p.runs if p.runs is not None else text_runs(p.el)
    return bool(runs) and all(lay.resolver.run(r, p.el).bold for r in runs)


def detect(lay: Layout) -> Kind:
    names = name_lines(lay)
    so = next((p.text for p in lay.header_left if nd30.opens_number_line(p.text)), "")
    m = nd30.NUMBER_LINE.match(so)
    symbol = m.group("sym") if m else ""
    by_title = nd30.type_by_title(lay.title.text) if lay.title is not None else None
    by_symbol = None
    if symbol:
        first = symbol.split("-")[0]
        by_symbol = nd30.type_by_abbreviation(first)
        if by_symbol is None and "-" in symbol and not by_title:
            by_symbol = nd30.CONG_VAN  # "12/UBND-VX": the issuer's abbreviation first, no type
    vv = any(p.text.startswith(nd30.CONG_VAN_SUMMARY_MARK) for p in lay.header_left)
    kinh_gui = any(p.text.startswith(nd30.KINH_GUI) for p in lay.body[:12])
    doc_type = by_title or by_symbol or (nd30.CONG_VAN if vv or (kinh_gui and lay.header is not None) else None)

    issuer, parent, issuer_name = "", "", ""
    parent_count = 0
    paras = name_paras(lay)
    if names:
        joined = " ".join(names)
        # II.2.b: the parent body's line is upright, the issuer's bold; the parent is often a UBND.
        parent_lines, own = split_header(names, [_bold(lay, p) for p in paras])
        if parent_lines:
            parent, issuer, issuer_name = " ".join(parent_lines), "other", " ".join(own)
            parent_count = len(parent_lines)
        elif _UBND.match(joined) or joined.startswith(nd30.UBND_NAME) or f"CHỦ TỊCH {nd30.UBND_NAME}" in joined:
            issuer, issuer_name = "ubnd", joined
        else:
            issuer, issuer_name = "other", joined
    province = ""
    for line in (issuer_name, parent):
        pm = _PLACE.search(line)
        body = _committee(pm.group(0)) if pm else None
        if body is not None and not body.name.startswith("["):  # "TỈNH [TÊN TỈNH]": a draft's blank, no place
            province = body.place
            break
    standalone = lay.header is None and lay.title is None and bool(lay.appendices) and not lay.body
    # The name as the document's own sentences write it ("Sở Công Thương"), else cased by rule.
    name_vi = organ_case(issuer_name, "\n".join(p.text for p in lay.body))[0] if issuer_name else ""
    if issuer == "ubnd":  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...": the committee's name from where it starts
        at = max(issuer_name.find(nd30.UBND_NAME), 0)
        committee = _committee(issuer_name[at:])
        name_vi = committee.full_name if committee is not None else "Ủy ban nhân dân"
    return Kind(type=doc_type, issuer=issuer, issuer_name=name_vi.strip(), parent=parent, province=province,
                standalone_appendix=standalone, symbol=symbol, parent_count=parent_count)
