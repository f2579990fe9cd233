"""The plans of one folder, as the web editor sees them: names confined to the folder, a version token
for every file, saves that refuse to overwrite a version the clerk has not seen."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError, PlanInvalid, Problem
from kehoach_gen.plan import formspec, yamlsave
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import MAX_BYTES, Located, format_path, parse, read_text, validate
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.render import html as html_render
from kehoach_gen.render.package import atomic_write

NAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]{1,120}\.ya?ml$")


class NotFound(KehoachError):
    """No such plan in the folder (or a name that points outside it)."""


class Refused(KehoachError):
    """A save that cannot be written (the file is left as it was), with the HTTP status that says why."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Conflict(KehoachError):
    """The file changed since the browser loaded it."""

    def __init__(self, message: str, current: Snapshot) -> None:
        super().__init__(message)
        self.current = current


def version_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:20]


@dataclass
class Snapshot:
    name: str
    text: str
    version: str
    modified: float
    data: Any = None  # the editor's shape
    problems: list[Problem] = field(default_factory=list)
    unread: list[Problem] = field(default_factory=list)  # values the reader refused: not in `data`


@dataclass
class Checked:
    """A plan's data validated: the preview page when it is a plan, the problems (with field paths) when not."""

    problems: list[Problem]
    html: str | None = None
    plan: KeHoach | None = None


def check_data(plain: Any, name: str) -> Checked:
    try:
        plan = validate(Located(data=plain), name)
    except PlanInvalid as exc:
        return Checked(problems=exc.problems)
    page = compose(plan)
    return Checked(problems=content_problems(plan, plain, name) + review_notes(plan, name), plan=plan,
                   html=html_render.render(page, f"{page.kind.name}: {page.summary}"))


def content_problems(plan: KeHoach, plain: Any, name: str) -> list[Problem]:
    """The content checks (ND-C..) at the fields they concern, as the form shows validation problems:
    what a leader would send the draft back for, seen while typing."""
    from kehoach_gen.content import check_plan

    return [f.problem() for f in check_plan(plan, Located(data=plain), name, "")]


def review_notes(plan: KeHoach, name: str) -> list[Problem]:
    """A reviewer's comments and the conflicts of `import --into` (y_kien), shown at the field they concern."""
    out = []
    for i, note in enumerate(plan.y_kien):
        who = " ".join(x for x in (note.tac_gia or "", f"({note.ngay})" if note.ngay else "") if x)
        proposed = f" Bản lãnh đạo sửa: {note.sua_thanh}" if note.sua_thanh else ""
        out.append(Problem(f"Ý kiến {who}: {note.noi_dung}{proposed} (xử lý xong thì xoá mục y_kien[{i + 1}])",
                           file=name, path=note.truong or f"y_kien[{i + 1}]", severity="W"))
    return out


class Folder:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def path(self, name: str) -> Path:
        """The file for a plan name; never a path outside the folder."""
        if not NAME.match(name) or name.startswith("."):
            raise NotFound(f"'{name}': tên kế hoạch không hợp lệ")
        path = (self.root / name).resolve()
        if path.parent != self.root:
            raise NotFound(f"'{name}': không thuộc thư mục đang mở")
        return path

    def sibling(self, name: str, suffix: str) -> Path:
        """The .docx or .pdf beside a plan."""
        return self.path(name).with_suffix(suffix)

    def lock(self, name: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    def names(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir()
                      if p.is_file() and NAME.match(p.name) and not p.name.startswith("."))

    def version(self, name: str) -> str:
        path = self.path(name)
        if not path.is_file():
            raise NotFound(f"{name}: không còn trong thư mục (đã bị xóa hoặc đổi tên?)")
        return version_of(path.read_bytes())

    def open(self, name: str) -> Snapshot:
        path = self.path(name)
        if not path.is_file():
            raise NotFound(f"{name}: không có kế hoạch này trong thư mục")
        raw = path.read_bytes()
        text = read_text(path)
        snap = Snapshot(name=name, text=text, version=version_of(raw), modified=path.stat().st_mtime)
        try:
            located = parse(text, name)
        except PlanInvalid as exc:
            snap.problems = exc.problems  # not YAML the editor can show: the problems say where
            return snap
        # The form shows what the page prints: a Sở's signer under its head (no TM., KT. GIÁM ĐỐC), as the
        # model reads a plan that leaves those fields out, not the committee's defaults of the field list.
        snap.data = formspec.to_editor(KeHoach, KeHoach.before(located.data))
        snap.unread = located.problems
        try:
            validate(located, name)
        except PlanInvalid as exc:
            snap.problems = exc.problems
        return snap

    def save(self, name: str, data: Any, version: str) -> Snapshot:
        """Write the editor's data into the plan's YAML, if the file is still the version the browser had.
        Whatever cannot be written is refused before the file is touched."""
        path = self.path(name)
        if not isinstance(data, dict):
            raise Refused("Chưa lưu: dữ liệu gửi lên không phải một kế hoạch; tệp chưa bị sửa.", 400)
        plain = _typed(formspec.from_editor(KeHoach, data), ())
        with self.lock(name):
            current = self.open(name)
            if current.version != version:
                when = dt.datetime.fromtimestamp(current.modified).strftime("%H:%M:%S ngày %d/%m/%Y")
                raise Conflict(
                    f"Chưa lưu: tệp {name} đã được lưu bởi người khác (hoặc sửa ngoài trình duyệt) lúc {when}, "
                    "sau khi bạn mở. Bản đó được hiện bên dưới; hãy tải bản đó rồi sửa lại, hoặc ghi đè bằng "
                    "bản của bạn.", current)
            if current.data is None:
                raise Refused(f"Chưa lưu: {name}: tệp YAML đang có lỗi cú pháp; sửa trong trình soạn thảo văn bản "
                              "trước khi sửa ở đây.", 409)
            if current.unread:
                # The form never held these values: writing it would drop them without a word.
                raise Refused(f"Chưa lưu: {current.unread[0]}; máy chưa đọc được chỗ này nên không ghi đè tệp. "
                              "Hãy sửa chỗ đó bằng trình soạn thảo văn bản trước khi sửa ở đây.", 409)
            text = yamlsave.updated_text(KeHoach, current.text, plain, name)
            _reads_back(text, plain, name)
            raw = text.encode("utf-8")
            if len(raw) > MAX_BYTES:
                raise Refused(f"Chưa lưu: {name} sẽ thành tệp quá lớn ({len(raw) / 1024 / 1024:.1f} MB, giới hạn "
                              f"{MAX_BYTES // 1024 // 1024} MB) mà máy không mở lại được; tệp chưa bị sửa. Hãy bớt "
                              "nội dung (bảng phụ lục rất dài nên để ở tệp riêng).", 413)
            if text != current.text:
                atomic_write(path, raw)
        return self.open(name)

    def summary(self, name: str) -> dict[str, Any]:
        """One row of the plan list: trích yếu, number, date, last change, problems."""
        path = self.path(name)
        row: dict[str, Any] = {"name": name, "trich_yeu": "", "so": "", "ngay": "", "errors": 0, "warnings": 0,
                               "modified": dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y %H:%M")}
        try:
            located = parse(read_text(path), name)
            data = located.data
            row["trich_yeu"] = formspec.scalar_text(data.get("trich_yeu"))
            row["so"] = formspec.scalar_text(data.get("so"))
            row["ngay"] = formspec.scalar_text(data.get("ngay"))
            validate(located, name)
        except PlanInvalid as exc:
            row["errors"] = sum(p.severity == "E" for p in exc.problems)
            row["warnings"] = sum(p.severity != "E" for p in exc.problems)
            row["first"] = str(exc.problems[0]) if exc.problems else ""
        return row

    def free_name(self, stem: str) -> Path:
        """A new file name in the folder that does not overwrite anything: stem.yaml, stem-2.yaml ..."""
        stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "ke-hoach"
        n = 1
        while True:
            candidate = self.root / (f"{stem}.yaml" if n == 1 else f"{stem}-{n}.yaml")
            if not candidate.exists():
                return candidate
            n += 1


def _typed(value: Any, path: tuple[str | int, ...]) -> Any:
    """The form's text as the loader will read it back: NFC (the loader normalises every file), and no
    half of a UTF-16 pair, which no file can hold."""
    if isinstance(value, str):
        if re.search("[\ud800-\udfff]", value):
            raise Refused(f"Chưa lưu: {format_path(path)}: có ký tự hỏng (nửa cặp UTF-16, thường do dán từ chương "
                          "trình khác); hãy gõ lại chỗ đó. Tệp chưa bị sửa.", 400)
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: _typed(v, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v, (*path, i)) for i, v in enumerate(value)]
    return value


def _reads_back(text: str, plain: Any, name: str) -> None:
    """The written text must read back as exactly what the clerk sees in the form."""
    try:
        located = parse(text, name)
    except PlanInvalid as exc:
        located = Located(data=None, problems=exc.problems)
    if located.problems or formspec.canonical(KeHoach, located.data) != formspec.canonical(KeHoach, plain):
        raise Refused(f"Chưa lưu: {name}: không ghi được thay đổi này vào YAML mà giữ nguyên nghĩa; tệp chưa bị "
                      "sửa. Hãy báo lỗi kèm tệp.", 500)
