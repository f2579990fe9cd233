"""The words `kehoach check` prints for a report: what the file is, each finding, a count; and for a
folder, one summary line per file a clerk can read down. Pure functions: the CLI does the printing."""

from __future__ import annotations

from pathlib import Path

from kehoach_gen.check import Report


def short_kind(report: Report) -> str:
    kind = getattr(report, "kind", None)
    if not isinstance(report, Report):
        return "PDF"
    if kind is None:
        return "?"
    if kind.standalone_appendix:
        return "Phụ lục"
    if kind.type is None:
        return "không rõ loại"
    issuer = {"ubnd": "UBND", "other": kind.issuer_name or "cơ quan khác"}.get(kind.issuer, "")
    return f"{kind.type.name}" + (f" ({issuer})" if issuer else "")


def file_lines(report: Report, path: str | Path) -> list[str]:
    """What the file is (first), each finding with its place, then the count."""
    lines = [f"{path}: {report.what}"]
    lines += [f.render(str(path)) for f in report.findings]
    lines.append(f"{path}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo")
    return lines


def summary_lines(rows: list[tuple[str, Report | None, str]]) -> list[str]:
    """One line per file (name, kind, errors, warnings), for a folder; rows are (file, report, problem)."""
    if len(rows) < 2:
        return []
    width = min(max(len(Path(f).name) for f, _, _ in rows), 48)
    kinds = [short_kind(r) if r else "không đọc được" for _, r, _ in rows]
    kwidth = min(max(len(k) for k in kinds), 36)
    out = ["", f"Tổng hợp {len(rows)} tệp:",
           f"  {'tệp':<{width}}  {'loại văn bản':<{kwidth}}  {'lỗi':>4}  {'cảnh báo':>8}"]
    for (file, report, _problem), kind in zip(rows, kinds, strict=True):
        name = Path(file).name
        name = name if len(name) <= width else name[:width - 1] + "…"
        kind = kind if len(kind) <= kwidth else kind[:kwidth - 1] + "…"
        if report is None:
            out.append(f"  {name:<{width}}  {kind:<{kwidth}}  {'-':>4}  {'-':>8}")
        else:
            out.append(f"  {name:<{width}}  {kind:<{kwidth}}  {len(report.errors):>4}  {len(report.warnings):>8}")
    total_e = sum(len(r.errors) for _, r, _ in rows if r)
    total_w = sum(len(r.warnings) for _, r, _ in rows if r)
    out.append(f"  {'cộng':<{width}}  {'':<{kwidth}}  {total_e:>4}  {total_w:>8}")
    return out
