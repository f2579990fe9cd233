"""JSON Schema of the plan YAML for editors (VS Code's YAML extension), with Vietnamese hints."""

from __future__ import annotations

from typing import Any

from .fields import record_schema
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
    "quyen_han": "Thẩm quyền ký: KT, TL, TUQ hoặc Q (mặc định KT khi người ký là cấp phó)",
    "thu_truong": "Chức vụ người đứng đầu (mặc định: Chủ tịch)",
    "tap_the": "Tập thể lãnh đạo ký thay mặt (nếu có)",
    "nhan_chu_tri": "Nhãn dòng chủ trì (mặc định: Cơ quan chủ trì)",
    "nhan_phoi_hop": "Nhãn dòng phối hợp (mặc định: Cơ quan phối hợp)",
    "nhan_thoi_gian": "Nhãn dòng thời gian (mặc định: Thời gian thực hiện)",
    "them": "Đoạn thêm sau nhiệm vụ: mỗi dòng một đoạn",
    "ghi_chu": "Ghi chú dưới bảng: mỗi dòng một đoạn",
    "cot": "Tên các cột của bảng",
    "dong": "Các dòng của bảng, mỗi dòng một danh sách ô",
    "ngang": "In trang ngang (mặc định: khi bảng có hơn 5 cột)",
}


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
    defs: dict[str, Any] = {}
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **record_schema(KeHoach, defs)}
    schema["$defs"] = dict(sorted(defs.items()))
    _annotate(schema)
    return schema
