"""Property: a plan rendered to .docx, to a plain text copy (one paragraph a line, tables one cell a line,
as LibreOffice exports them) and to a Markdown web copy (emphasis markers, lone '|' cells, hard wraps
at 78 columns) imports back to an equal plan."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_gen.build import build
from kehoach_gen.facts import inline, provinces
from kehoach_gen.importer import import_file
from kehoach_gen.importer.yamlout import dump
from kehoach_gen.plan.compose import MUC, PHAN, Page, compose
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.plan.model import KeHoach

POOL = ("công tác đối ngoại tỉnh hợp quốc tế triển khai nhiệm vụ kế hoạch thực hiện đơn vị sở ngành địa "
        "phương năm hội nghị đoàn vào ra tuyên truyền nâng cao hiệu quả bảo đảm an ninh kinh phí và các của "
        "với trong quan hệ hữu nghị đầu tư xúc tiến thương mại văn hóa du lịch").split()
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Hoàng Đức Dũng"]

phrase = st.lists(st.sampled_from(POOL), min_size=2, max_size=9).map(" ".join)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


sentence = phrase.map(lambda p: _cap(p) + ".")
title = phrase.map(_cap)


@st.composite
def muc(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["tieu_de"] = draw(title)
        out["noi_dung"] = draw(st.lists(sentence, max_size=2))
    else:
        out["noi_dung"] = draw(st.lists(sentence, min_size=1, max_size=2))
    out["diem"] = draw(st.lists(sentence, max_size=2))
    return out


# Bodies under a People's Committee whose names the rule cases right without the text's help.
DEPARTMENTS = [("Sở Ngoại vụ", "KH-SNgV", "Giám đốc"), ("Sở Văn hóa, Thể thao và Du lịch", "KH-SVHTTDL", "Giám đốc"),
               ("Ban Quản lý các khu công nghiệp", "KH-BQL", "Trưởng ban")]


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, KeHoach]:
    """A plan as a clerk writes it (YAML text) and as the loader reads it."""
    numbered = draw(st.booleans())
    month = draw(st.integers(1, 12))
    issued = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    # A unit that exists on the plan's date (a province merged in 2025 before it, a new one after).
    span = provinces.period(issued.year, issued.month, issued.day) if numbered else provinces.period(2026, month)
    assert span is not None
    province = draw(st.sampled_from([u for u in provinces.all_units() if u.exists(*span)]))
    department = draw(st.sampled_from([None, None, *DEPARTMENTS]))
    data: dict[str, Any] = {
        "co_quan": province.body.full_name,
        "so": draw(st.one_of(st.integers(1, 999), st.sampled_from(["0125", "007"]))) if numbered else None,
        "ngay": issued.isoformat() if numbered else f"2026-{month:02d}",
        "trich_yeu": draw(title),
        "mo_dau": ["Thực hiện " + draw(sentence).lower()] if draw(st.booleans()) else [],
        "phan": [{"tieu_de": draw(phrase).upper(), "noi_dung": draw(st.lists(sentence, max_size=1)),
                  "muc": draw(st.lists(muc(), max_size=3))} for _ in range(draw(st.integers(1, 3)))],
        "noi_nhan": draw(st.lists(title, min_size=1, max_size=3)),
        "luu": draw(st.sampled_from([["VT"], ["VT", "NC"]])),
        "nguoi_ky": {"ho_ten": draw(st.sampled_from(NAMES)),
                     "chuc_vu": draw(st.sampled_from(["Phó Chủ tịch", "Chủ tịch"]))},
    }
    if department is not None:  # a Sở's plan: its parent line, its own name, symbol and head
        name, symbol, head = department
        data = {"co_quan_chu_quan": draw(st.sampled_from([f"UBND {province.unit}", province.body.full_name])),
                **data, "co_quan": name, "ky_hieu": symbol}
        data["nguoi_ky"]["chuc_vu"] = draw(st.sampled_from([head, f"Phó {head}"]))
    closing = "Trên đây là " + draw(phrase)
    notes = draw(st.lists(sentence, max_size=2))
    if notes:
        data["chu_thich"] = {n: text for n, text in enumerate(notes, start=1)}
        closing += "".join(f" {w}[^{n}]" for n, w in enumerate(draw(st.lists(
            st.sampled_from(POOL), min_size=len(notes), max_size=len(notes))), start=1))
    if draw(st.booleans()):
        rows = draw(st.lists(st.tuples(title, title), min_size=1, max_size=3))
        data["phu_luc"] = [{"tieu_de": draw(phrase).upper(), "cot": ["STT", "Nội dung", "Đơn vị thực hiện"],
                            "dong": [[str(k), a, b] for k, (a, b) in enumerate(rows, start=1)]}]
        closing += " (chi tiết tại Phụ lục kèm theo)"
    data["ket_thuc"] = [closing + "."]
    text = dump(_pruned(data), [])
    return text, load_plan_text(text, name="sinh.yaml")


def _pruned(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v != [] or k in ("so", "ngay")}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _footnoted(text: str) -> str:
    """The words as printed, a footnote reference as a web copy writes it: [1]."""
    return "".join(s.text if s.footnote is None else f"[{s.footnote}]" for s in inline.parse(text))


def _tail(page: Page) -> list[str]:
    return ["Nơi nhận:", *page.recipients]


def as_plain_text(page: Page) -> str:
    """As LibreOffice exports a .docx to text: a line per paragraph, per table cell."""
    out = [*page.header_parent, *page.header_body, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
           page.number_line, page.place_date, "", page.title, page.summary, ""]
    out += [_footnoted(p.text) for p in page.body]
    out += ["", *_tail(page), *page.authority, "", page.signer, ""]
    out += [f"[{n}] {inline.plain(t)}" for n, t in page.footnotes.items()]
    for a in page.appendices:
        out += ["", a.heading.upper(), a.title, a.reference, "", *a.columns, *(c for row in a.rows for c in row)]
    return "\n".join(out) + "\n"


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, 78, break_long_words=False, break_on_hyphens=False)


def as_markdown(page: Page) -> str:
    """As a web-text extractor writes a legal-document page: bold and italic markers, the header and
    signature tables one cell per line between lone '|' lines, hard wraps mid-phrase."""
    names = ([*page.header_parent, *(f"**{b}**" for b in page.header_body)] if page.header_parent
             else [f"**{page.header_body[0]}**", page.header_body[1]])
    out = ["|", *names, "-------", "|",
           "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "Độc lập - Tự do - Hạnh phúc", "---------------", "|", "|",
           *_wrapped(page.number_line), "|", *_wrapped(f"*{page.place_date}*"), "|", "", "**KẾ HOẠCH**", "",
           *_wrapped(page.summary), ""]
    for p in page.body:
        text = _footnoted(p.text)
        if p.kind in (PHAN, MUC):
            text = f"**{text}**"
        elif m := re.match(r"^(\d+\.)\s", text):
            text = f"**{m.group(1)}** {text[m.end():]}"
        out += [*_wrapped(text), ""]
    out += ["|", *_tail(page), "|", *(f"**{a}**" for a in page.authority), f"**{page.signer}**", "|", ""]
    for n, t in page.footnotes.items():
        out += [*_wrapped(f"[{n}] {inline.plain(t)}"), ""]
    for a in page.appendices:
        out += [f"**{a.heading.upper()}**", "", *_wrapped(a.title), "", f"*{a.reference}*", ""]
        for row in [a.columns, *a.rows]:
            for cell in row:
                out += ["|", *_wrapped(cell)]
            out.append("|")
        out.append("")
    return "\n".join(out) + "\n"


SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@SETTINGS
@given(plans())
def test_plan_rendered_to_docx_imports_back_equal(drawn):
    text, plan = drawn
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.yaml"
        path.write_text(text, encoding="utf-8")
        built = build(path, Path(tmp) / "k.docx")
        assert built.errors == []
        back = import_file(built.output).plan
        assert back == plan
        assert compose(back).number_line == compose(plan).number_line  # '0125' stays as written


@pytest.mark.slow
@pytest.mark.parametrize("copy", [as_plain_text, as_markdown], ids=["plain-text", "markdown-web-copy"])
@SETTINGS
@given(drawn=plans())
def test_plan_as_a_text_copy_imports_back_equal(copy, drawn):
    _, plan = drawn
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.txt"
        path.write_text(copy(compose(plan)), encoding="utf-8")
        back = import_file(path).plan
        assert back == plan
        assert compose(back).number_line == compose(plan).number_line
