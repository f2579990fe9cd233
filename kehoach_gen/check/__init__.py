"""`kehoach check`: the ND30 layout rules over any .docx; findings are data, never exceptions.

The file's kind and issuer are decided first (check.kind); each rule runs only on the kinds it fits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kehoach_gen.check.kind import Kind, detect
from kehoach_gen.check.rules import RULES, SCOPE
from kehoach_gen.errors import display
from kehoach_gen.facts.findings import Family, Finding, Scope
from kehoach_gen.ooxml.docxio import DocxUnreadable, open_docx
from kehoach_gen.ooxml.layout import analyse, forget

__all__ = ["RULES", "DocxUnreadable", "Finding", "Kind", "Report", "check_file"]


_UNCHECKED = Family(
    "ND30-R00", "Không kiểm tra được một quy tắc", "Không thuộc Phụ lục I",
    Scope("mọi tệp .docx"), measured="quy tắc gặp một giá trị định dạng không đọc được khi chạy",
    tolerance="một văn bản lạ không được làm mất kết quả của các quy tắc khác, nên chỉ là cảnh báo").check(
    "", "W", "không kiểm tra được quy tắc {rule} ({title}): văn bản có giá trị định dạng không đọc được ({error})",
    title="không kiểm tra được một quy tắc",
    example={"where": "toàn văn bản", "rule": "ND30-R13", "title": "Quốc hiệu", "error": "ValueError"})


@dataclass
class Report:
    """The ND30 check of one file: its findings and the rules that do not apply."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    kind: Kind | None = None
    skipped: list[str] = field(default_factory=list)  # rule ids that do not fit this kind of document

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "E"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "W"]

    @property
    def what(self) -> str:
        """What the file is, in one Vietnamese phrase."""
        return self.kind.describe() if self.kind is not None else ""

    def rules_fired(self, severity: str | None = None) -> set[str]:
        return {f.rule for f in self.findings if severity is None or f.severity == severity}

    def as_dict(self) -> dict:
        return {"file": self.file, "kind": self.kind.type.name if self.kind and self.kind.type else None,
                "issuer": self.kind.issuer if self.kind else None, "what": self.what,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "findings": [f.as_dict() for f in self.findings]}


def check_file(path: str | Path) -> Report:
    """Check one .docx; raises DocxUnreadable when it cannot be read at all."""
    document, raw = open_docx(path)
    try:
        try:
            layout = analyse(document, raw)
            layout.kind = detect(layout)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            # A value Word would refuse (a size that is not a number ...): the file is malformed.
            raise DocxUnreadable(f"{display(path)}: không đọc được văn bản: có giá trị định dạng không hợp lệ "
                                 f"trong XML ({type(exc).__name__}); hãy mở bằng Word và lưu lại") from None
        report = Report(file=str(path), kind=layout.kind)
        for rule_id, title, fn in RULES:
            if not SCOPE[rule_id](layout.kind):
                report.skipped.append(rule_id)
                continue
            try:
                report.findings.extend(fn(layout))
            except Exception as exc:  # one odd document must not hide the other rules
                report.findings.append(_UNCHECKED("toàn văn bản", rule=rule_id, title=title, error=type(exc).__name__))
        return report
    finally:
        forget()
