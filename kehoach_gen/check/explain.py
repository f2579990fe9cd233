"""The checks explained to the clerk, from the one table (findings.py): `docs/quy-tac.md` and
`kehoach check --giai-thich CODE` print the same words. Pure text; the CLI prints.

Regenerate the page after changing a check: `make quy-tac` (`python -m kehoach_gen.check.explain docs/quy-tac.md`);
tests/test_explain.py fails while the page in the repository is stale.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from kehoach_gen.facts.findings import CODES, FAMILIES, SEVERITY_WORDS, Check, Family, canonical, load_all, sort_key

DOC = Path("docs") / "quy-tac.md"

_SEVERITY_WHY = {
    "E": "lỗi: trái điều Phụ lục I quy định; bản trình ký phải sửa",
    "W": "cảnh báo: thông lệ, bản dự thảo, hoặc điều Phụ lục I không nói rõ; nên xem lại",
}
_CONTENT_SEVERITY_WHY = {
    "E": "lỗi: không thể đúng; bản trình ký (--ban-chinh-thuc) không được tạo khi còn",
    "W": "cảnh báo: nên xem lại; bản dự thảo vẫn được tạo",
}
_GROUPS = (
    ("ND30-R", "Thể thức văn bản .docx (ND30-R..)",
     "Máy đọc tệp .docx như Word hiển thị (kiểu chữ, số tự động, bảng, đầu trang) và đo từng thành phần theo "
     "Phụ lục I Nghị định 30/2020/NĐ-CP. Chạy khi `kehoach check`, và tự chạy trên mọi văn bản `kehoach render` "
     "tạo ra. Loại văn bản và cơ quan ban hành được nhận ra trước; quy tắc nào không hợp loại văn bản thì bỏ qua."),
    ("ND30-G", "Trang in (ND30-G.., `kehoach check --trang`)",
     "LibreOffice dựng trang in thành PDF, máy đo trên chính bản PDF đó: đúng những gì văn thư thấy khi in."),
    ("ND-C", "Nội dung (ND-C..)",
     "Những chỗ lãnh đạo hay trả lại mà thể thức không thấy: năm, ngày, thời hạn, chỗ chưa điền, nơi nhận. Chạy "
     "khi `validate`, `render`, `watch` và trên trang soạn thảo (báo đúng dòng, cột trong tệp YAML, kèm gợi ý "
     "sửa); các kiểm tra trên từng đoạn văn cũng chạy khi `kehoach check` một tệp .docx. Bản trình ký "
     "(`--ban-chinh-thuc`) không được tạo khi còn lỗi hoặc chỗ chưa điền."),
)


def families() -> list[Family]:
    load_all()
    return sorted(FAMILIES.values(), key=lambda f: sort_key(f.code))


def _tolerance(check: Check) -> str:
    return check.tolerance or "không có: căn cứ nêu rõ điều này."


def severity_why(check: Check) -> str:
    return (_CONTENT_SEVERITY_WHY if check.code.startswith("ND-C") else _SEVERITY_WHY)[check.severity]


def sample_line(check: Check) -> str:
    """The line the clerk sees for the check's example: a .docx finding as `check` prints it, a plan's
    finding as `validate` prints it (at a sample line of the YAML file)."""
    finding = check.sample()
    if check.code.startswith("ND-C"):
        return str(finding.located(file="ke-hoach.yaml", line=12, column=5, where=finding.where))
    return finding.render("van-ban.docx")


def _fields(check: Check, family: Family) -> list[tuple[str, str]]:
    rows = [("Mức", severity_why(check))]
    if check.clause != family.clause:
        rows.append(("Căn cứ", check.clause))
    if check.scope != family.scope:
        rows.append(("Áp dụng cho", check.scope.words))
    rows += [("Đo gì", check.measured), ("Dung sai", _tolerance(check))]
    if check.fix:
        rows.append(("Gợi ý sửa", check.fix.format(**{k: v for k, v in check.example.items()})))
    rows.append(("Ví dụ máy báo", sample_line(check)))
    return rows


def explain(text: str) -> list[str] | None:
    """`kehoach check --giai-thich`: the lines explaining one code ('R13d') or a whole rule ('R13');
    None when no check has that code."""
    code = canonical(text)
    load_all()
    if code in CODES:
        check = CODES[code]
        family = FAMILIES[check.family]
        lines = [f"{check.code}: {check.title} ({SEVERITY_WORDS[check.severity]})",
                 f"Thuộc quy tắc {family.code}: {family.title}",
                 f"Căn cứ: {family.clause}", f"Áp dụng cho: {family.scope.words}"]
        lines += [f"{name}: {value}" for name, value in _fields(check, family)]
        return lines
    if code in FAMILIES:
        family = FAMILIES[code]
        lines = [f"{family.code}: {family.title}", f"Căn cứ: {family.clause}", f"Áp dụng cho: {family.scope.words}",
                 "Các kiểm tra:"]
        lines += [f"  {c.code} ({SEVERITY_WORDS[c.severity]}): {c.title}" for c in family.checks]
        if len(family.checks) > 1:
            lines.append(f"Xem từng kiểm tra: kehoach check --giai-thich {family.checks[0].code}")
        else:
            lines += [f"{name}: {value}" for name, value in _fields(family.checks[0], family)]
        return lines
    return None


def close_codes(text: str, limit: int = 8) -> list[str]:
    """Codes the clerk may have meant: spelled alike, or a rule whose name contains the words typed."""
    load_all()
    known = sorted([*FAMILIES, *CODES], key=sort_key)
    code = canonical(text)
    near = difflib.get_close_matches(code, known, n=limit, cutoff=0.75)
    words = " ".join(text.split()).casefold()
    if words and not near:
        near = [f.code for f in families() if words in f.title.casefold()]
    return sorted(dict.fromkeys(near), key=sort_key)[:limit]


def unknown(text: str) -> str:
    """The message for a code no check has."""
    near = close_codes(text)
    hint = f"; có phải ý bạn là: {', '.join(near)}?" if near else ""
    return (f"không có mã kiểm tra '{text.strip()}'{hint} Danh sách mọi mã: docs/quy-tac.md "
            "(mã có dạng ND30-R13d, ND30-G01a, ND-C03; gõ R13d, g1a, c3 cũng được)")


def markdown() -> str:
    """docs/quy-tac.md: every code, its clause, what it checks, severity and an example."""
    all_families = families()
    out = ["# Các quy tắc kiểm tra của kehoach", "",
           "<!-- Tệp này được tạo từ bảng quy tắc trong mã nguồn (kehoach_gen/facts/findings.py và các tệp khai báo "
           "từng quy tắc): đừng sửa tay; chạy `make quy-tac` để tạo lại. -->", "",
           "Mỗi chỗ máy báo có một **mã**, ví dụ `[ND30-R13d]`: `ND30-R13` là quy tắc (Quốc hiệu), chữ `d` là "
           "kiểm tra cụ thể trong quy tắc đó (Quốc hiệu in đậm). Một mã là một kiểm tra, một mức:",
           "", f"- **lỗi** ({_SEVERITY_WHY['E'].split(': ', 1)[1]});",
           f"- **cảnh báo** ({_SEVERITY_WHY['W'].split(': ', 1)[1]}).", "",
           "Giải thích một mã ngay trên máy: `kehoach check --giai-thich ND30-R13d` (hoặc `R13d`; cả quy tắc: "
           "`R13`).", "",
           f"Có {len(CODES)} kiểm tra trong {len(all_families)} quy tắc.", ""]
    for prefix, title, intro in _GROUPS:
        group = [f for f in all_families if f.code.startswith(prefix)]
        out += [f"## {title}", "", intro, "", "| Mã | Mức | Kiểm tra |", "|---|---|---|"]
        out += [f"| [{c.code}](#{_anchor(c.code)}) | {SEVERITY_WORDS[c.severity]} | {_cell(c.title)} |"
                for f in group for c in f.checks]
        out.append("")
        for family in group:
            out += [f"### {family.code}: {family.title}", "", _sentence(f"Căn cứ: {family.clause}"), "",
                    _sentence(f"Áp dụng cho: {family.scope.words}"), ""]
            for check in family.checks:
                out += [f"#### {check.code}", "", f"**{check.title}** ({SEVERITY_WORDS[check.severity]}).", ""]
                for name, value in _fields(check, family)[1:]:
                    if name == "Ví dụ máy báo":
                        out += [f"- {name}:", "", "  ```", f"  {value}", "  ```"]
                    else:
                        out.append(f"- {name}: {value}")
                out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def _anchor(code: str) -> str:
    return code.lower()


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    """`python -m kehoach_gen.check.explain [docs/quy-tac.md]`: write the page (default: the repository's)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DOC
    target.write_text(markdown(), encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
