"""The kind of document a plan file makes: its ND30 type (title, symbol), the model that reads it, the
templates that lay it out and start it. Load, compose and render take the kind from here, so a second
kind is one more DocKind, not a change to each of them."""

from __future__ import annotations

from dataclasses import dataclass

from kehoach_gen.facts import nd30
from kehoach_gen.plan.fields import Record, field_names
from kehoach_gen.plan.model import KeHoach


@dataclass(frozen=True)
class DocKind:
    """One kind of document: its ND30 type, its record (the YAML's shape), its template and starter."""

    document_type: nd30.DocumentType
    record: type[Record]
    template: str  # the .docx template in the template search path
    starter: str  # the commented YAML `kehoach new` fills in

    @property
    def name(self) -> str:
        """"Kế hoạch": as the type is written inside a sentence ("Kèm theo Kế hoạch số ...")."""
        return self.document_type.name

    @property
    def title(self) -> str:
        """"KẾ HOẠCH": the type's name printed in ô 5a."""
        return self.document_type.title

    @property
    def symbol(self) -> str:
        return nd30.symbol(self.document_type)

    @property
    def fields(self) -> tuple[str, ...]:
        """The model's YAML keys in the order a plan file writes them."""
        return field_names(self.record)


KE_HOACH = DocKind(nd30.KE_HOACH, KeHoach, template="kehoach.docx", starter="ke-hoach-moi.yaml.j2")

KINDS: tuple[DocKind, ...] = (KE_HOACH,)


def of(plan: Record) -> DocKind:
    """The kind a model object belongs to."""
    return next(k for k in KINDS if isinstance(plan, k.record))
