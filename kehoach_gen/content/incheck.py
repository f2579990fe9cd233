"""A content finding as `kehoach check` reports it beside the layout rules' findings. Apart from
findings.py so that loading a plan does not import the layout checker (its rules and the .docx reader)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..check.rules import Finding as LayoutFinding


@dataclass(frozen=True, eq=False)
class InCheck(LayoutFinding):
    """A content finding in `kehoach check`'s report: printed and counted like a layout finding, with its
    own fields (title, suggestion, leftover) kept in the JSON."""

    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {**super().as_dict(), **self.details}
