"""`kehoach tai-khoan` and `kehoach lich-su` through the real command, and the history underneath them:
accounts kept only as scrypt hashes in a private file, versions recorded by whoever made them (edits made
outside as "ngoài hệ thống"), restores that add a version, and a repository git itself reads."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import EXAMPLES
from serving import KEHOACH

from kehoach_gen.web import status
from kehoach_gen.web.accounts import Accounts, verify
from kehoach_gen.web.versions import OUTSIDE, Author, History, summarize

pytestmark = pytest.mark.slow  # runs the real `kehoach`
PLAN = "phu-tho-2022.yaml"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([KEHOACH, *args], input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / PLAN, tmp_path / PLAN)
    return tmp_path


def test_accounts_are_added_listed_changed_and_removed_and_only_hashes_are_kept(folder):
    done = run("tai-khoan", "them", str(folder), "An.NV", "--ho-ten", "  Nguyễn  Văn An ", stdin="mot-mat-khau-dai\n")
    assert done.returncode == 0, done.stderr
    assert "đã tạo tài khoản an.nv (Nguyễn Văn An)" in done.stdout and "phải đăng nhập" in done.stdout
    path = folder / ".kehoach" / "tai-khoan.json"
    raw = path.read_text(encoding="utf-8")
    assert "mot-mat-khau-dai" not in raw and "mot-mat-khau-dai" not in done.stdout + done.stderr
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(raw)["tai_khoan"]["an.nv"]
    assert stored["mat_khau"].startswith("scrypt$32768$8$1$") and verify(stored["mat_khau"], "mot-mat-khau-dai")
    assert not verify(stored["mat_khau"], "mot-mat-khau-dai ")

    listed = run("tai-khoan", "danh-sach", str(folder))
    assert listed.returncode == 0 and listed.stdout.startswith("an.nv  Nguyễn Văn An  (tạo lúc ")

    again = run("tai-khoan", "them", str(folder), "an.nv", "--ho-ten", "Ai đó", stdin="mat-khau-khac\n")
    assert again.returncode == 1 and "tài khoản 'an.nv' đã có" in again.stderr and "Traceback" not in again.stderr
    short = run("tai-khoan", "them", str(folder), "binh", "--ho-ten", "Trần Thị Bình", stdin="ngan\n")
    assert short.returncode == 1 and "mật khẩu cần từ 8 đến 256 ký tự" in short.stderr
    accented = run("tai-khoan", "them", str(folder), "bình", "--ho-ten", "Trần Thị Bình", stdin="mat-khau-binh\n")
    assert accented.returncode == 1 and "chữ cái không dấu" in accented.stderr
    assert set(Accounts(folder).all()) == {"an.nv"}

    stamp = Accounts(folder).all()["an.nv"].stamp
    changed = run("tai-khoan", "doi-mat-khau", str(folder), "an.nv", stdin="mat-khau-moi-123\n")
    assert changed.returncode == 0 and "phải đăng nhập lại" in changed.stdout
    account = Accounts(folder).all()["an.nv"]
    assert account.checks("mat-khau-moi-123") and not account.checks("mot-mat-khau-dai") and account.stamp != stamp

    gone = run("tai-khoan", "xoa", str(folder), "an.nv")
    assert gone.returncode == 0 and "không cần đăng nhập" in gone.stdout
    assert not Accounts(folder).active()
    missing = run("tai-khoan", "xoa", str(folder), "an.nv")
    assert missing.returncode == 1 and "không có tài khoản 'an.nv'" in missing.stderr
    nowhere = run("tai-khoan", "danh-sach", str(folder / "khong-co"))
    assert nowhere.returncode != 0 and "Traceback" not in nowhere.stderr


def _at_terminal(args: list[str], answers: list[str]) -> tuple[int, str]:
    """Run the command on a terminal of its own (a pseudo-terminal), answering each password prompt."""
    import pty  # POSIX only: imported here so that the module loads on Windows too
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal is the pty
        os.execv(KEHOACH, [KEHOACH, *args])
    seen, answered = b"", 0
    prompt = "khẩu: ".encode()  # "Mật khẩu: ", "Nhập lại mật khẩu: "
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed its terminal
            break
        if not chunk:
            break
        seen += chunk
        if answered < len(answers) and seen.count(prompt) > answered:  # each prompt answered once it is shown
            os.write(fd, (answers[answered] + "\n").encode())
            answered += 1
    for _ in range(300):
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:  # still waiting for an answer: end it rather than the test run
        os.kill(pid, 9)
        _, code = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(code), seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's; Windows asks through its console")
def test_at_a_terminal_the_password_is_asked_twice_without_echo(folder):
    code, shown = _at_terminal(["tai-khoan", "them", str(folder), "an", "--ho-ten", "Nguyễn Văn An"],
                               ["mat-khau-mot", "mat-khau-hai"])
    assert code == 1 and "Nhập lại mật khẩu:" in shown and "không giống nhau" in shown
    assert "mat-khau-mot" not in shown and not Accounts(folder).active()
    code, shown = _at_terminal(["tai-khoan", "them", str(folder), "an", "--ho-ten", "Nguyễn Văn An"],
                               ["mat-khau-mot", "mat-khau-mot"])
    assert code == 0 and "đã tạo tài khoản an" in shown and Accounts(folder).get("an") is not None


def test_lich_su_records_outside_edits_and_restores_as_a_new_version(folder):
    plan = folder / PLAN
    original = plan.read_bytes()
    first = run("lich-su", str(plan))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0].startswith("1  ") and f"{OUTSIDE}  bản có sẵn" in first.stdout

    # Notepad: the summary line changed by hand, then seen by lich-su.
    plan.write_bytes(original.replace("trich_yeu: Hoạt động đối ngoại tỉnh Phú Thọ giai đoạn 2022 - 2025".encode(),
                                      "trich_yeu: Hoạt động đối ngoại tỉnh Phú Thọ giai đoạn 2022 - 2030".encode()))
    lines = run("lich-su", str(plan)).stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith("2  ")
    _, day, clock, *_ = lines[1].split()
    assert len(day.split("/")) == 3 and ":" in clock
    assert f"{OUTSIDE}  Trích yếu: sửa '2025' thành '2030'" in lines[1]
    assert run("lich-su", str(plan)).stdout.splitlines() == lines  # nothing new: nothing recorded

    restored = run("lich-su", str(plan), "--khoi-phuc", "1", "--tac-gia", "Lê Văn Cường")
    assert restored.returncode == 0, restored.stderr
    assert "đã khôi phục phiên bản 1 thành phiên bản mới 3" in restored.stdout
    assert plan.read_bytes() == original
    last = restored.stdout.splitlines()[-1]
    assert last.startswith("3  ") and "Lê Văn Cường  khôi phục phiên bản 1: Trích yếu: sửa '2030' thành '2025'" in last

    again = run("lich-su", str(plan), "--khoi-phuc", "1")
    assert again.returncode == 1 and "đã giống phiên bản 1" in again.stderr
    beyond = run("lich-su", str(plan), "--khoi-phuc", "9")
    assert beyond.returncode == 1 and "không có phiên bản 9 (có các phiên bản 1 đến 3)" in beyond.stderr

    history = History(folder)
    status.move(history, PLAN, status.WAITING, Author("Trần Thị Bình", "binh"))
    status.move(history, PLAN, "da-duyet", Author("Nguyễn Văn An", "an"))
    locked = run("lich-su", str(plan), "--khoi-phuc", "2")
    assert locked.returncode == 1 and "Chưa khôi phục" in locked.stderr and "đã được duyệt (Nguyễn Văn An" in locked.stderr
    assert plan.read_bytes() == original

    # The repository is plain git: office IT reads it with the standard tool.
    repo = folder / ".kehoach" / "lich-su"
    log = subprocess.run(["git", "-C", str(repo), "log", "--format=%an|%s"], capture_output=True, text=True, check=True)
    assert log.stdout.splitlines()[0] == "Nguyễn Văn An|Duyệt (trạng thái: Đã duyệt)"
    shown = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{PLAN}"], capture_output=True, check=True)
    assert shown.stdout == original
    assert subprocess.run(["git", "-C", str(repo), "fsck", "--strict"], capture_output=True).returncode == 0


def test_lich_su_refuses_what_is_not_a_plan_of_a_folder(folder):
    for target, said in ((folder / "khong-co.yaml", "không có tệp này"), (folder / "ghi-chu.txt", "cần một tệp kế hoạch .yaml")):
        done = run("lich-su", str(target))
        assert done.returncode == 1 and said in done.stderr and "Traceback" not in done.stderr


def test_two_writers_at_once_lose_no_version(folder):
    """Two processes (the server and `lich-su`) each with their own view of the repository: every commit
    lands, one after the other, none over another."""
    histories = [History(folder), History(folder)]
    histories[0].sync([PLAN])

    def write(h: History, who: str) -> None:
        for i in range(10):
            h.commit(Author(who), {f"{who}.yaml": f"so: {i}\n".encode()}, {f"{who}.yaml": f"lần {i}"})

    threads = [threading.Thread(target=write, args=(h, who)) for h, who in zip(histories, ("a", "b"), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fresh = History(folder)
    assert [v.summary for v in fresh.versions("a.yaml")] == [f"lần {i}" for i in range(10)]
    assert [v.summary for v in fresh.versions("b.yaml")] == [f"lần {i}" for i in range(10)]
    assert len(fresh.versions(PLAN)) == 1


def test_a_summary_says_what_changed_in_one_line():
    text = (EXAMPLES / PLAN).read_bytes()
    edited = text.replace("Phan Trọng Tấn".encode(), "Hồ Đại Dũng".encode())
    assert summarize(text, edited, PLAN) == "Người ký: sửa 'Phan Trọng Tấn' thành 'Hồ Đại Dũng'"
    assert summarize(None, text, PLAN) == "tạo kế hoạch"
    assert summarize(text, None, PLAN) == "xoá tệp khỏi thư mục"
    commented = text.replace(b"\nso:", b"\n# ghi chu\nso:", 1)
    assert summarize(text, commented, PLAN).startswith("sửa lời chú thích")
    broken = text + b"\n  khong: [dong\n"
    assert summarize(text, broken, PLAN).startswith("sửa 2 dòng trong tệp YAML (tệp đang có lỗi")
    many = text.replace("đối ngoại".encode(), "đối ngoại, hợp tác".encode())
    line = summarize(text, many, PLAN)
    assert line.startswith("Trích yếu: sửa 'ngoại' thành 'ngoại, hợp tác'; ") and line.count(";") == 3
    assert "\n" not in line and line.endswith("chỗ khác")
