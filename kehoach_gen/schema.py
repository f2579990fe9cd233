"""JSON Schema of the plan YAML for editors (VS Code's YAML extension), with Vietnamese hints."""

from __future__ import annotations

from typing import Any

from .model import KeHoach

HINTS: dict[str, str] = {
    "co_quan": "Cơ quan ban hành: 'Ủy ban nhân dân tỉnh <Tên>' hoặc 'Ủy ban nhân dân thành phố <Tên>'",
    "dia_danh": "Địa danh ở dòng ngày tháng (mặc định: tên tỉnh, thành phố)",
    "so": "Số văn bản; để trống khi còn là dự thảo",
    "ky_hieu": "Ký hiệu, mặc định KH-UBND",
    "ngay": "Ngày ban hành: 2026-12-15, hoặc 2026-12 khi chưa có ngày",
    "trich_yeu": "Trích yếu nội dung, viết thường (hoa chữ đầu)",
    "can_cu": "Các dòng căn cứ (in nghiêng; dấu ';' và '.' tự động)",
    "mo_dau": "Đoạn mở đầu; mỗi dòng một đoạn",
    "phan": "Các phần I., II. ... (đánh số tự động)",
    "ket_thuc": "Đoạn kết thúc; dấu './.' tự động",
    "noi_nhan": "Nơi nhận, mỗi mục một dòng (dấu '-' và ';' tự động)",
    "luu": "Dòng Lưu, bắt đầu bằng VT: [VT, NC]",
    "nguoi_ky": "Người ký: họ tên, chức vụ, thẩm quyền (TM./KT.)",
    "chu_thich": "Chú thích cuối trang, dẫn trong văn bản bằng [^1]",
    "phu_luc": "Phụ lục I, II ...: mỗi phụ lục một bảng",
    "tieu_de": "Tiêu đề",
    "noi_dung": "Nội dung: mỗi dòng một đoạn; '- ' gạch đầu dòng, '+ ' ý nhỏ",
    "muc": "Các mục 1., 2. ...",
    "diem": "Các điểm a), b), c) ...",
    "nhiem_vu": "Các nhiệm vụ 1.1., 1.2. ... có cơ quan chủ trì, phối hợp, thời gian",
    "chu_tri": "Cơ quan chủ trì",
    "phoi_hop": "Cơ quan phối hợp",
    "thoi_gian": "Thời gian thực hiện",
    "ho_ten": "Họ tên người ký (không kèm học hàm, học vị)",
    "chuc_vu": "Chức vụ: Chủ tịch, Phó Chủ tịch ...",
    "thay_mat": "Có dòng 'TM. ỦY BAN NHÂN DÂN' (mặc định: có)",
    "quyen_han": "KT, TL, TUQ hoặc Q (mặc định KT khi người ký là cấp phó)",
    "cot": "Tên các cột của bảng",
    "dong": "Các dòng của bảng, mỗi dòng một danh sách ô",
    "ngang": "In trang ngang (mặc định: khi bảng có hơn 5 cột)",
}


BLOCKS = {"noi_dung", "mo_dau", "ket_thuc", "them", "ghi_chu"}
SHORTHAND = {"muc", "diem", "nhiem_vu"}
_BLOCK = {"anyOf": [{"type": "string"}, {"type": "null"},
                    {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}]}}]}
_DATE = {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$|^(\d{1,2}/)?\d{1,2}/\d{4}$"},
                   {"type": "integer"}, {"type": "null"}]}


def _loosen(node: Any) -> None:
    """The YAML accepts shorter forms than the model stores: a text block as one multi-line string,
    an untitled item as a bare string, a date as text. Say so, or editors flag good plans."""
    if isinstance(node, dict):
        props = node.get("properties", {})
        for key, sub in props.items():
            if key in BLOCKS:
                props[key] = {**_BLOCK, **{k: v for k, v in sub.items() if k in ("title", "default")}}
            elif key == "ngay":
                props[key] = {**_DATE, "title": "Ngay", "default": None}
            elif key in SHORTHAND and isinstance(sub, dict) and sub.get("type") == "array":
                sub["items"] = {"anyOf": [{"type": "string"}, sub["items"]]}
            elif key == "dong":
                props[key] = {"type": "array", "items": {"type": "array", "items": {
                    "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]}}, "default": []}
            elif key in ("noi_nhan", "luu") and isinstance(sub, dict) and sub.get("type") == "array":
                # "- TT: TU, HĐND" unquoted is a one-pair mapping to YAML; the loader reads it as text.
                sub["items"] = {"anyOf": [{"type": "string"}, {"type": "object", "maxProperties": 1}]}
        for value in node.values():
            _loosen(value)
    elif isinstance(node, list):
        for value in node:
            _loosen(value)


def _annotate(node: Any) -> None:
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            if key in HINTS and isinstance(sub, dict):
                sub.setdefault("description", HINTS[key])
        for value in node.values():
            _annotate(value)
    elif isinstance(node, list):
        for value in node:
            _annotate(value)


def plan_schema() -> dict[str, Any]:
    schema = KeHoach.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = "Kế hoạch của Ủy ban nhân dân tỉnh, thành phố (kehoach-gen)"
    _loosen(schema)
    _annotate(schema)
    return schema
