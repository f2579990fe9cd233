"""A plan's review status: Dự thảo → Chờ duyệt → Đã duyệt, who moved it and when. An approved plan is
read-only (saves and restores refused) until someone reopens it; every move is a version in the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kehoach_gen.web.store import Refused
from kehoach_gen.web.versions import APPROVED, Author, History

DRAFT, WAITING = "du-thao", "cho-duyet"
NAMES = {DRAFT: "Dự thảo", WAITING: "Chờ duyệt", APPROVED: "Đã duyệt"}
MOVES = {(DRAFT, WAITING): "Gửi duyệt", (WAITING, APPROVED): "Duyệt", (WAITING, DRAFT): "Trả lại để sửa",
         (APPROVED, DRAFT): "Mở lại để sửa"}
"""The moves allowed, each with the words of its button and of its line in the history."""
LOCKED = 423


def current(history: History, name: str, statuses: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    status = (history.statuses() if statuses is None else statuses).get(name) or {}
    state = str(status.get("trang_thai", ""))
    state = state if state in NAMES else DRAFT
    by, at = str(status.get("ten", "")), str(status.get("luc", ""))
    return {"trang_thai": state, "ten_trang_thai": NAMES[state], "ten": by, "luc": at,
            "nhan": label(state, by, at),
            "buoc": [{"den": to, "nut": words} for (frm, to), words in MOVES.items() if frm == state]}


def label(state: str, by: str, at: str) -> str:
    """"Đã duyệt (Trần Thị B, 14:05 12/05/2026)"; a draft never moved is just "Dự thảo"."""
    return f"{NAMES[state]} ({by}, {_when(at)})" if by else NAMES[state]


def _when(at: str) -> str:
    try:
        return dt.datetime.fromisoformat(at).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return at


def refuse_if_approved(history: History, name: str, doing: str = "lưu") -> None:
    status = current(history, name)
    if status["trang_thai"] == APPROVED:
        raise Refused(f"Chưa {doing}: kế hoạch {name} đã được duyệt ({status['ten']}, {_when(status['luc'])}) "
                      "nên chỉ xem được, không sửa được. Muốn sửa thì bấm \"Mở lại để sửa\" (việc mở lại được ghi vào lịch sử).", LOCKED)


def move(history: History, name: str, to: str, author: Author) -> dict[str, Any]:
    state = current(history, name)["trang_thai"]
    words = MOVES.get((state, to))
    if words is None:
        allowed = ", ".join(NAMES[t] for (f, t) in MOVES if f == state)
        raise Refused(f"{name}: đang ở trạng thái {NAMES[state]}, không chuyển sang "
                      f"'{NAMES.get(to, to)}' được (chỉ sang: {allowed})", 409)
    status = {"trang_thai": to, "ten": author.name, "tai_khoan": author.login,
              "luc": dt.datetime.now().replace(microsecond=0).isoformat()}
    history.commit(author, {}, {name: f"{words} (trạng thái: {NAMES[to]})"}, {name: status})
    return current(history, name)
