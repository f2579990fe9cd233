"""What a request may send: bodies counted as they arrive (a chunked body has no Content-Length to trust),
and JSON read strictly, so that whatever a browser or a script sends is answered with a 4xx in
Vietnamese, never a 500 or the framework's English."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kehoach_gen.web.store import Refused

MAX_DEPTH = 64
"""The deepest the editor's own JSON goes is a plan's nesting (about 12); far deeper is no plan."""


def too_large(limit: int) -> Refused:
    return Refused(f"dữ liệu gửi lên quá lớn (giới hạn {limit // 1024 // 1024} MB); không có gì được ghi", 413)


class BodyLimit:
    """Refuses a body past the limit of its path: at once when Content-Length says so, else as soon as the
    bytes received pass it (the endpoint reading the body gets a Refused, answered 413 by the app)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app, self.limit_for = app, limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared and (not declared.isdigit() or int(declared) > limit):
            refused = too_large(limit) if declared.isdigit() else Refused(
                "độ dài dữ liệu gửi lên (Content-Length) không hợp lệ", 400)
            # The body is not wanted: the connection closes after the answer instead of reading it on.
            await JSONResponse({"message": str(refused)}, status_code=refused.status,
                               headers={"connection": "close"})(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, counted, send)


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _depth(value: Any, limit: int) -> bool:
    """Whether the value nests no deeper than the limit (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def parse_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a Refused (400) saying in Vietnamese what is wrong with it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("dữ liệu gửi lên không phải văn bản UTF-8", 400) from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's parser goes
        raise Refused("dữ liệu gửi lên không đọc được (không phải JSON hợp lệ)", 400) from None
    if not isinstance(value, dict):
        raise Refused("dữ liệu gửi lên không đúng dạng (cần một đối tượng JSON {...})", 400)
    if not _depth(value, MAX_DEPTH):
        raise Refused(f"dữ liệu gửi lên lồng nhau quá sâu (quá {MAX_DEPTH} tầng)", 400)
    return value
