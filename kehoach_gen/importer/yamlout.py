"""Plan data -> YAML text written the way the examples are: block scalars for paragraphs, warnings as
comments. Scalars are quoted only where YAML would misread them."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from kehoach_gen.plan.fields import field_names
from kehoach_gen.plan.model import KeHoach

ORDER = field_names(KeHoach)  # the plan's keys in the order its model declares them
BLOCKS = {"mo_dau", "noi_dung", "ket_thuc", "them", "ghi_chu"}
_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |\s#|:$|\s$|^(true|false|null|~|yes|no|on|off)$|^[-+]?\d+([.:]\d*)*$|^\d{4}-\d{2}(-\d{2})?$""",
                           re.IGNORECASE)
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def scalar(value: Any, *, flow: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    text = str(value)
    if not text:
        return '""'
    if _PLAIN_UNSAFE.search(text) or (flow and _FLOW_UNSAFE.search(text)) or "\n" in text:
        return json.dumps(text, ensure_ascii=False)
    return text


def _date(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return scalar(value)


KEY_ORDER = ["tieu_de", "dang_diem", "nhan_nhiem_vu", "noi_dung", "nhan_co_quan", "nhan_chu_tri", "chu_tri", "nhan_phoi_hop", "phoi_hop", "nhan_thoi_gian",
             "thoi_gian", "them", "cot", "dong", "ngang", "ghi_chu", "bang", "diem", "nhiem_vu", "muc", "phan", "thay_mat", "tap_the",
             "quyen_han", "thu_truong", "chuc_vu", "ho_ten"]


def _ordered(d: dict[str, Any]) -> list[tuple[str, Any]]:
    rank = {k: i for i, k in enumerate(KEY_ORDER)}
    return sorted(d.items(), key=lambda kv: rank.get(kv[0], len(rank)))


def _block(key: str, lines: list[str], prefix: str, indent: str) -> list[str]:
    if len(lines) == 1 and not _PLAIN_UNSAFE.search(lines[0]) and len(lines[0]) < 120:
        return [f"{prefix}{key}: {lines[0]}"]
    return [f"{prefix}{key}: |", *(f"{indent}  {ln}" for ln in lines)]


def _flow_list(key: str, items: list[Any], prefix: str, indent: str) -> list[str]:
    parts = [scalar(i, flow=True) for i in items]
    line = f"{prefix}{key}: [{', '.join(parts)}]"
    if len(line) <= 110:
        return [line]
    return [f"{prefix}{key}:", *(f"{indent}  - {scalar(i)}" for i in items)]


def _mapping(d: dict[str, Any], indent: str, first_prefix: str | None = None) -> list[str]:
    out: list[str] = []
    for n, (key, value) in enumerate(_ordered(d)):
        pad = first_prefix if (n == 0 and first_prefix is not None) else indent
        if key in BLOCKS and isinstance(value, list):
            out += _block(key, value, pad, indent)
        elif (isinstance(value, list) and key in ("cot", "luu", "phoi_hop")) or (
                isinstance(value, list) and value and all(isinstance(v, list) for v in value)):
            if key == "dong":
                out.append(f"{pad}dong:")
                out += [f"{indent}  - [{', '.join(scalar(c, flow=True) for c in row)}]" for row in value]
            else:
                out += _flow_list(key, value, pad, indent)
        elif isinstance(value, list):
            out.append(f"{pad}{key}:")
            out += _sequence(value, indent + "  ")
        elif isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out += _mapping(value, indent + "  ")
        else:
            out.append(f"{pad}{key}: {scalar(value)}".rstrip())
    return out


def _sequence(items: list[Any], indent: str) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            out += _mapping(item, indent + "  ", first_prefix=indent + "- ")
        else:
            out.append(f"{indent}- {scalar(item)}")
    return out


def dump(plan: dict[str, Any], comments: list[str]) -> str:
    out = [f"# {c}" for c in comments]
    if comments:
        out.append("")
    for key in ORDER:
        if key not in plan:
            continue
        value = plan[key]
        if key == "ngay":
            out.append(f"ngay: {_date(value)}".rstrip())
        elif key == "chu_thich":
            out.append("chu_thich:")
            out += [f"  {k}: {scalar(v)}" for k, v in value.items()]
        elif key in ("phan", "phu_luc", "noi_nhan"):
            out.append("")
            out.append(f"{key}:")
            out += _sequence(value, "  ")
        else:
            out += _mapping({key: value}, "")
    return "\n".join(out) + "\n"
