"""The history of a folder of plans: every version of every plan, who made it, when, and one line saying
what changed, kept in a standard git repository inside the folder (FOLDER/.kehoach/lich-su, a bare
repository: the plans themselves stay plain files that Notepad, `render` and `import --into` edit as before).

Written with dulwich, pure Python, so a clerk's Windows machine needs no Git installed, while office IT
backs the repository up and reads it with any git (`git -C .kehoach/lich-su log`). History is only ever
added to: restoring an old version, approving a plan, an edit seen on disk are each a new commit.

One commit may carry several plans (a first look at a folder records every plan at once); each plan it
concerns is named by a trailer `Ke-hoach: NAME: SUMMARY`. A plan's status lives in the tree beside it
(`.trang-thai/NAME`, JSON), so the status of every plan is read from one tree.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import decode, load_plan_text
from kehoach_gen.portable import hide
from kehoach_gen.render.package import atomic_write
from kehoach_gen.review.diff import changes

HIDDEN = ".kehoach"
"""The office's own files inside a plans folder (accounts, the login secret, the history); a name the plan
list never shows, since plan names never start with a dot."""
REPOSITORY = "lich-su"
OUTSIDE = "ngoài hệ thống"
"""The author of a change seen on disk that no one made through `kehoach serve` or `kehoach lich-su`."""
BRANCH = b"refs/heads/main"
STATUS_TREE = b".trang-thai"
APPROVED = "da-duyet"  # the status that makes a plan read-only (web/status.py has the others)
TRAILER = "Ke-hoach: "
FILE_MODE, TREE_MODE = 0o100644, 0o040000


@dataclass(frozen=True)
class Author:
    name: str  # as shown: "Nguyễn Văn An", or OUTSIDE
    login: str = ""  # the account, "" when there is none

    def ident(self) -> bytes:
        clean = " ".join(self.name.replace("<", "").replace(">", "").split()) or OUTSIDE
        return f"{clean} <{self.login}>".encode()

    @staticmethod
    def parse(ident: bytes) -> Author:
        text = ident.decode("utf-8", "replace")
        name, _, rest = text.partition(" <")
        return Author(name.strip(), rest.rstrip(">").strip())

    def shown(self) -> str:
        return f"{self.name} ({self.login})" if self.login else self.name


@dataclass(frozen=True)
class Version:
    number: int  # 1 for the oldest version of this plan
    commit: str
    when: dt.datetime  # local time
    author: Author
    summary: str

    def line(self) -> str:
        """The line `kehoach lich-su` prints: number, time, author, summary."""
        return f"{self.number}  {self.when:%d/%m/%Y %H:%M}  {self.author.shown()}  {self.summary}"


class HistoryError(KehoachError):
    """A version that does not exist, or a history that cannot be written."""


@dataclass
class _Entry:
    """One commit of the chain, as far as plan histories need it."""

    commit: bytes
    when: int
    author: bytes
    plans: dict[str, str]  # plan name -> summary


class History:
    """The repository of one folder, opened on first use and created when it is first written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / HIDDEN / REPOSITORY
        self._repo: Any = None
        self._lock = threading.RLock()  # sync holds it around the commit it makes
        self._chain: list[_Entry] = []  # newest first, as walked from the branch's head

    # ---- the repository
    def _open(self, create: bool) -> Any:
        from dulwich.repo import Repo

        if self._repo is None:
            if (self.path / "HEAD").is_file():
                self._repo = Repo(str(self.path))
            elif create:
                self.path.parent.mkdir(parents=True, exist_ok=True)

                hide(self.path.parent)
                try:
                    self._repo = Repo.init_bare(str(self.path), mkdir=True)
                except FileExistsError:  # another process created it meanwhile
                    self._repo = Repo(str(self.path))
                else:
                    self._repo.refs.set_symbolic_ref(b"HEAD", BRANCH)
        return self._repo

    def _head(self) -> bytes | None:
        repo = self._open(create=False)
        if repo is None:
            return None
        try:
            return repo.refs[BRANCH]  # type: ignore[no-any-return]
        except KeyError:
            return None

    def _tree(self, commit: bytes | None) -> dict[bytes, tuple[int, bytes]]:
        if commit is None:
            return {}
        repo = self._open(create=False)
        tree = repo[repo[commit].tree]
        return {entry.path: (entry.mode, entry.sha) for entry in tree.items()}

    def _subtree(self, entries: dict[bytes, tuple[int, bytes]], name: bytes) -> dict[bytes, tuple[int, bytes]]:
        if name not in entries:
            return {}
        repo = self._open(create=False)
        return {entry.path: (entry.mode, entry.sha) for entry in repo[entries[name][1]].items()}

    def blob_at(self, commit: bytes | None, name: str) -> bytes | None:
        """The plan's bytes in a commit (None: not there)."""
        entry = self._tree(commit).get(name.encode())
        return None if entry is None else self._open(create=False)[entry[1]].data  # type: ignore[no-any-return]

    def commit(self, author: Author, changes: dict[str, bytes | None], summaries: dict[str, str],
               statuses: dict[str, dict[str, Any]] | None = None, *, base: bytes | bool | None = True) -> bytes:
        """One new commit on the branch: each plan in `changes` set to its bytes (None: removed), each in
        `statuses` given that status. Safe against another process committing meanwhile: the branch moves
        only from the head this commit was built on (compare and swap), else it is built again; unless
        `base` names the head the changes were worked out from, when a moved head raises _Moved."""
        with self._lock:
            for _ in range(100):
                try:
                    made = self._attempt(author, changes, summaries, statuses, base)
                except _locked():  # another process writes the same file this instant
                    made = None
                if made is not None:
                    return made
                time.sleep(0.02)
        raise HistoryError(f"{self.path}: không ghi được lịch sử (kho đang bận, hoặc còn tệp .lock của một lần ghi bị "
                           "ngắt trong refs/heads: xoá tệp đó nếu không còn máy chủ nào chạy); thử lại sau")

    def _attempt(self, author: Author, changes: dict[str, bytes | None], summaries: dict[str, str],
                 statuses: dict[str, dict[str, Any]] | None, base: bytes | bool | None) -> bytes | None:
        from dulwich.objects import Blob, Commit, Tree

        repo = self._open(create=True)
        head = self._head()
        if base is not True and head != base:
            raise _Moved
        entries = self._tree(head)
        for name, raw in changes.items():
            if raw is None:
                entries.pop(name.encode(), None)
            else:
                blob = Blob.from_string(raw)
                repo.object_store.add_object(blob)
                entries[name.encode()] = (FILE_MODE, blob.id)
        if statuses:
            sub = self._subtree(entries, STATUS_TREE)
            for name, status in statuses.items():
                blob = Blob.from_string(json.dumps(status, ensure_ascii=False, sort_keys=True).encode())
                repo.object_store.add_object(blob)
                sub[name.encode()] = (FILE_MODE, blob.id)
            subtree = _tree_of(sub)
            repo.object_store.add_object(subtree)
            entries[STATUS_TREE] = (TREE_MODE, subtree.id)
        tree: Tree = _tree_of(entries)
        repo.object_store.add_object(tree)
        c = Commit()
        c.tree, c.parents = tree.id, [head] if head else []  # type: ignore[list-item]
        c.author = c.committer = author.ident()
        c.author_time = c.commit_time = int(time.time())
        c.author_timezone = c.commit_timezone = time.localtime().tm_gmtoff
        c.encoding = b"UTF-8"
        c.message = _message(summaries).encode()
        repo.object_store.add_object(c)
        if repo.refs.set_if_equals(BRANCH, head, c.id):
            return c.id  # type: ignore[no-any-return]
        return None

    # ---- reading
    def _entries(self) -> list[_Entry]:
        """Every commit of the branch, newest first; commits seen before are not read again."""
        head = self._head()
        if head is None:
            return []
        with self._lock:
            known = self._chain[0].commit if self._chain else None
            repo = self._open(create=False)
            fresh: list[_Entry] = []
            at: bytes | None = head
            while at is not None and at != known:
                c = repo[at]
                fresh.append(_Entry(at, c.author_time, c.author, _trailers(c.message.decode("utf-8", "replace"))))
                at = c.parents[0] if c.parents else None
            if at is None and known is not None:  # the branch was replaced: read it whole
                self._chain = []
            self._chain = fresh + self._chain
            return list(self._chain)

    def versions(self, name: str) -> list[Version]:
        """The plan's versions, oldest first."""
        mine = [e for e in reversed(self._entries()) if name in e.plans]
        return [Version(i, e.commit.decode(), dt.datetime.fromtimestamp(e.when), Author.parse(e.author), e.plans[name])
                for i, e in enumerate(mine, start=1)]

    def version(self, name: str, number: int) -> Version:
        found = self.versions(name)
        if not 1 <= number <= len(found):
            have = f"có các phiên bản 1 đến {len(found)}" if found else "chưa có phiên bản nào"
            raise HistoryError(f"{name}: không có phiên bản {number} ({have})")
        return found[number - 1]

    def text_of(self, name: str, number: int) -> bytes:
        raw = self.blob_at(self.version(name, number).commit.encode(), name)
        if raw is None:
            raise HistoryError(f"{name}: phiên bản {number} là lúc tệp bị xoá; không có nội dung để xem")
        return raw

    def statuses(self) -> dict[str, dict[str, Any]]:
        """Every plan's status, as recorded by its latest status change."""
        head = self._head()
        if head is None:
            return {}
        repo = self._open(create=False)
        out = {}
        for path, (_, sha) in self._subtree(self._tree(head), STATUS_TREE).items():
            try:
                out[path.decode()] = json.loads(repo[sha].data)
            except ValueError:
                continue
        return out

    def restore(self, name: str, number: int, author: Author) -> Version:
        """Version `number` written back to the plan's file and recorded as a new version: history is never
        rewritten. The caller has recorded any edit made outside first (sync), so nothing is lost."""

        raw = self.text_of(name, number)
        path = self.folder / name
        current = path.read_bytes() if path.is_file() else None
        if current == raw:
            raise HistoryError(f"{name}: nội dung hiện tại đã giống phiên bản {number}; không cần khôi phục")
        atomic_write(path, raw)
        self.commit(author, {name: raw}, {name: f"khôi phục phiên bản {number}: {summarize(current, raw, name)}"})
        return self.versions(name)[-1]

    # ---- changes made outside
    def sync(self, names: list[str], *, complete: bool = False) -> list[str]:
        """Record, as versions by OUTSIDE, the plans whose file differs from their latest version (edited in
        Notepad, written by `import --into`, copied in). With `complete`, `names` is the whole folder and a
        plan no longer there is recorded as removed. Returns the names recorded."""
        for _ in range(50):
            try:
                with self._lock:
                    return self._sync(names, complete)
            except _Moved:  # another process recorded meanwhile: look again
                time.sleep(0.02)
        raise HistoryError(f"{self.path}: không ghi được lịch sử (kho đang bận); thử lại sau ít phút")

    def _sync(self, names: list[str], complete: bool) -> list[str]:
        from dulwich.objects import Blob

        head = self._head()
        entries = self._tree(head)
        changes: dict[str, bytes | None] = {}
        for name in names:
            path = self.folder / name
            if path.is_symlink() or not path.is_file():  # what lies outside the folder is not its history
                continue
            try:
                raw = path.read_bytes()
            except OSError:
                continue
            known = entries.get(name.encode())
            if known is None or known[1] != Blob.from_string(raw).id:
                changes[name] = raw
        if complete:
            present = set(names)
            for key, (mode, _) in entries.items():
                name = key.decode("utf-8", "replace")
                if mode == FILE_MODE and name not in present and not (self.folder / name).is_file():
                    changes[name] = None
        if not changes:
            return []
        statuses = self.statuses()
        summaries = {}
        for name, now in changes.items():
            old = self.blob_at(head, name)
            summary = summarize(old, now, name, first="bản có sẵn trong thư mục, ghi vào lịch sử lần đầu")
            if statuses.get(name, {}).get("trang_thai") == APPROVED and now is not None:
                summary += " (sửa khi kế hoạch đang ở trạng thái Đã duyệt)"
            summaries[name] = summary
        self.commit(Author(OUTSIDE), changes, summaries, base=head)
        return sorted(changes)


def _locked() -> type[Exception]:
    from dulwich.file import FileLocked

    return FileLocked


class _Moved(Exception):
    """The branch moved while changes were being worked out from it."""


def _tree_of(entries: dict[bytes, tuple[int, Any]]) -> Any:
    from dulwich.objects import Tree

    tree = Tree()
    for path, (mode, sha) in entries.items():
        tree.add(path, mode, sha)
    return tree


def _message(summaries: dict[str, str]) -> str:
    """The subject says what changed (the summary, for one plan); a trailer per plan names it."""
    subject = next(iter(summaries.values())) if len(summaries) == 1 else f"{len(summaries)} kế hoạch"
    trailers = "".join(f"{TRAILER}{name}: {' '.join(s.split())}\n" for name, s in summaries.items())
    return f"{' '.join(subject.split())}\n\n{trailers}"


def _trailers(message: str) -> dict[str, str]:
    out = {}
    for line in message.splitlines():
        if line.startswith(TRAILER):
            name, _, summary = line[len(TRAILER):].partition(": ")
            out[name] = summary
    return out


SUMMARY_PLACES = 3
SUMMARY_QUOTE = 40


def summarize(old: bytes | None, new: bytes | None, name: str, *, first: str = "tạo kế hoạch") -> str:
    """One line saying what changed between two versions of a plan, place by place as `kehoach diff` sees
    it ("II.3: sửa; Nơi nhận: thêm 'Sở Du lịch'"); when either version is not a valid plan, what changed in
    the YAML text."""
    if old is None:
        return first
    if new is None:
        return "xoá tệp khỏi thư mục"
    if old == new:
        return "nội dung không đổi"

    try:
        old_text, new_text = decode(old, name), decode(new, name)
    except KehoachError:
        return "sửa tệp (không đọc được nội dung)"
    try:
        found = list(changes(compose(load_plan_text(old_text, name)), compose(load_plan_text(new_text, name))))
    except KehoachError:
        return _lines_changed(old_text, new_text)
    if not found:
        return "sửa lời chú thích hoặc cách viết trong tệp YAML; văn bản in ra không đổi"
    parts = []
    for c in found[:SUMMARY_PLACES]:
        if c.what in ("thêm", "bỏ"):
            parts.append(f"{c.where}: {c.what} '{_short(c.new or c.old)}'")
        else:
            parts.append(f"{c.where}: {_edit(c.what, c.old, c.new)}")
    more = f"; và {len(found) - SUMMARY_PLACES} chỗ khác" if len(found) > SUMMARY_PLACES else ""
    return "; ".join(parts) + more


def _edit(what: str, old: str, new: str) -> str:
    """The first words that differ: "sửa 'Tổ chức' thành 'Triển khai'"."""
    import difflib

    a, b = old.split(), new.split()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            return f"{what} '{_short(' '.join(a[i1:i2]))}' thành '{_short(' '.join(b[j1:j2]))}'"
        if op == "delete":
            return f"{what}, bỏ '{_short(' '.join(a[i1:i2]))}'"
        if op == "insert":
            return f"{what}, thêm '{_short(' '.join(b[j1:j2]))}'"
    return "chuyển chỗ" if what == "chuyển" else what


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_QUOTE else text[:SUMMARY_QUOTE - 1].rstrip() + "…"


def _lines_changed(old: str, new: str) -> str:
    import difflib

    count = sum(1 for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---")))
    return f"sửa {count} dòng trong tệp YAML (tệp đang có lỗi nên không so được theo nội dung)"
