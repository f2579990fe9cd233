"""JSON Schema of the plan YAML for editors (VS Code's YAML extension), with Vietnamese hints: the
hints, order and shapes are the model's own field declarations (kehoach_gen.plan.fields.spec)."""

from __future__ import annotations

from typing import Any

from kehoach_gen.plan.dockind import KE_HOACH, DocKind
from kehoach_gen.plan.fields import record_schema


def plan_schema(kind: DocKind = KE_HOACH) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **record_schema(kind.record, defs)}
    schema["$defs"] = dict(sorted(defs.items()))
    return schema
