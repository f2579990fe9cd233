"""The everyday commands as a Windows PC runs them: in a Python without the POSIX-only modules and
functions (fixtures/windows_like/sitecustomize.py takes them away), in folders and files named in
Vietnamese with spaces, on YAML saved with CRLF line ends, and with the output going through a pipe in
the code page Windows gives a redirected output (cp1258), which must still arrive as UTF-8.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import EXAMPLES, REPO, docx_text
from serving import free_port

WINDOWS_LIKE = Path(__file__).parent / "fixtures" / "windows_like"
FAKE_BROWSER = Path(__file__).parent / "fixtures" / "fake_browser.py"
GENERIC = "lỗi không mong đợi"
PLAN = "hậu giang 2018.yaml"


def windows_env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(WINDOWS_LIKE), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONWARNDEFAULTENCODING": "1", **extra}


def kehoach(*args: str, cwd: Path, encoding: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command in the Windows-like Python; its output must be UTF-8 (decoded strictly here),
    never a traceback, never escaped Vietnamese, never a file opened in the locale's encoding."""
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    run = subprocess.run([sys.executable, "-m", "kehoach_gen", *args], capture_output=True, cwd=cwd,
                         env=windows_env(**env), stdin=subprocess.DEVNULL, timeout=300)
    out, err = run.stdout.decode("utf-8"), run.stderr.decode("utf-8")
    assert "Traceback" not in err and GENERIC not in err, err
    assert not re.search(r"kehoach_gen\S*:\d+: EncodingWarning", err), err
    assert not re.search(r"\\u1[0-9a-f]{3}|\\x[0-9a-f]{2}", out + err), out + err  # Vietnamese shown escaped
    return subprocess.CompletedProcess(run.args, run.returncode, out, err)


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A clerk's folder: a Vietnamese name with spaces, the plan saved by a Windows editor (CRLF)."""
    folder = tmp_path / "Kế hoạch phòng Ngoại vụ"
    folder.mkdir()
    (folder / PLAN).write_bytes(_crlf((EXAMPLES / "hau-giang-2018.yaml").read_text(encoding="utf-8")))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("encoding", [None, "cp1258"], ids=["console", "cp1258-pipe"])
def test_everyday_commands_run_without_posix_and_print_utf8(office, encoding):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return kehoach(*args, cwd=office, encoding=encoding)

    done = run("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", "lai châu 2027.yaml")
    assert done.returncode == 0 and "lai châu 2027.yaml" in done.stdout and "sửa nội dung" in done.stdout
    assert "Lai Châu" in (office / "lai châu 2027.yaml").read_text(encoding="utf-8")

    done = run("validate", PLAN)
    assert done.returncode == 0 and f"{PLAN}: hợp lệ" in done.stdout

    done = run("new", "--from", PLAN, "--nam", "2019")
    rolled = (office / "hậu giang 2019.yaml").read_bytes()
    assert done.returncode == 0 and "-> 'năm 2019'" in done.stdout
    assert rolled.count(b"\n") == rolled.count(b"\r\n") > 100  # the clerk's line ends kept

    done = run("render", PLAN, "-o", "văn bản/hậu giang 2018.docx")
    docx = office / "văn bản" / "hậu giang 2018.docx"
    assert done.returncode == 0 and "hậu giang 2018.docx" in done.stdout
    assert "ỦY BAN NHÂN DÂN" in docx_text(docx) and "TỈNH HẬU GIANG" in docx_text(docx)
    shutil.copy(EXAMPLES / "hau-giang-2018.yaml", office / "lf.yaml")
    assert run("render", "lf.yaml").returncode == 0
    with zipfile.ZipFile(docx) as a, zipfile.ZipFile(office / "lf.docx") as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")  # CRLF changes nothing printed

    done = run("check", "văn bản/hậu giang 2018.docx")
    assert done.returncode == 0 and "hậu giang 2018.docx: 0 lỗi" in done.stdout

    done = run("import", "văn bản/hậu giang 2018.docx", "-o", "nhập lại.yaml")
    assert done.returncode == 0 and "Hậu Giang" in (office / "nhập lại.yaml").read_text(encoding="utf-8")

    done = run("diff", PLAN, "hậu giang 2019.yaml")
    assert done.returncode == 0 and "Hậu Giang năm [-2018-] {+2019+}" in done.stdout and "thay đổi" in done.stdout

    done = run("preview", PLAN, "--chi-html", "-o", "xem trước")
    assert done.returncode == 0 and "Hậu Giang" in (office / "xem trước" / "hậu giang 2018.html").read_text("utf-8")

    done = run("schema")
    schema = json.loads(done.stdout)
    assert done.returncode == 0 and "Trích yếu" in json.dumps(schema, ensure_ascii=False)

    # An office's own template runs in the sandbox's child process, which has no rlimits here.
    shutil.copytree(REPO / "templates", office / "mẫu riêng")
    done = run("render", PLAN, "-o", "riêng.docx", "--templates", "mẫu riêng")
    assert done.returncode == 0 and "TỈNH HẬU GIANG" in docx_text(office / "riêng.docx")

    done = run("validate", "không có.yaml")
    assert done.returncode == 1 and done.stderr.startswith("không có.yaml: lỗi: không tìm thấy tệp")
    (office / "sai.yaml").write_bytes(_crlf((EXAMPLES / "hau-giang-2018.yaml").read_text(encoding="utf-8")
                                           .replace("trich_yeu:", "trich_yue:", 1)))
    done = run("validate", "sai.yaml")
    assert done.returncode == 1 and re.search(r"sai\.yaml:\d+:1: lỗi: trich_yue: .*'trich_yeu'\?", done.stderr)


@pytest.mark.slow
def test_every_module_imports_without_posix(tmp_path):
    """Nothing POSIX-only is loaded at import time, anywhere (uno_worker runs in LibreOffice's Python,
    __main__ is the command itself)."""
    code = ("import importlib, pkgutil, kehoach_gen\n"
            "names = [m.name for m in pkgutil.walk_packages(kehoach_gen.__path__, 'kehoach_gen.')\n"
            "         if not m.name.endswith(('uno_worker', '__main__'))]\n"
            "for name in names:\n    importlib.import_module(name)\n"
            "print(len(names))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=windows_env(), timeout=300,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 60


POSIX_ONLY = re.compile(r"\b(os\.(fork|forkpty|register_at_fork|killpg|getuid|geteuid|setsid|getpgid|setpgid|"
                        r"fchmod|fchown|chown|mkfifo|WIFSIGNALED|WTERMSIG)|signal\.(SIGKILL|SIGALRM|SIGXCPU|"
                        r"SIGHUP|alarm|setitimer))\b|^\s*(import|from)\s+(resource|fcntl|termios|pwd|grp|pty)\b",
                        re.M)
# Where a POSIX-only name may be written: the one module that chooses per system, and a guarded call.
ALLOWED = {("portable.py", "os.killpg"), ("portable.py", "signal.SIGKILL"), ("portable.py", "os.getuid"),
           ("render/package.py", "os.fchmod"), ("render/limits.py", "import resource")}


def test_posix_only_names_are_confined_to_the_portable_module():
    pkg = REPO / "kehoach_gen"
    found = {(p.relative_to(pkg).as_posix(), " ".join(m.group(0).split()))
             for p in pkg.rglob("*.py") for m in POSIX_ONLY.finditer(p.read_text(encoding="utf-8"))}
    assert found <= ALLOWED, found - ALLOWED


@pytest.mark.slow
def test_sandbox_wall_clock_and_caps_where_the_system_has_them():
    code = ("import time\nfrom pathlib import Path\nfrom kehoach_gen.render.limits import run_limited, _cap\n"
            "start = time.monotonic()\n"
            "try:\n    run_limited(time.sleep, 60, template=Path('mẫu riêng/kehoach.docx'), seconds=2)\n"
            "except Exception as exc:\n    print(exc)\n"
            "print(round(time.monotonic() - start))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, env=windows_env(), timeout=120)
    said, seconds = run.stdout.decode("utf-8").splitlines()
    assert said.startswith("mẫu riêng/kehoach.docx: mẫu chạy quá 2 giây nên bị dừng") and int(seconds) < 15
    caps = "from kehoach_gen.render.limits import _cap; print(_cap(3, 1 << 30))"
    without = subprocess.run([sys.executable, "-c", caps], capture_output=True, text=True, env=windows_env())
    with_rlimits = subprocess.run([sys.executable, "-c", caps], capture_output=True, text=True)
    assert (without.stdout.strip(), with_rlimits.stdout.strip()) == ("False", "True")


def _wait_for(path: Path, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.stat().st_size:
            return path.read_text(encoding="utf-8")
        time.sleep(0.1)
    raise AssertionError(f"{path} never written")


def _serve(args: list[str], record: Path, **env: str) -> subprocess.Popen[bytes]:
    browser = f'"{sys.executable}" "{FAKE_BROWSER}" %s "{record}"'
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=windows_env(BROWSER=browser, **env))


@pytest.mark.slow
def test_serve_starts_and_opens_the_browser_once_listening(office, tmp_path):
    record = tmp_path / "trình duyệt.txt"
    port = free_port()
    proc = _serve([sys.executable, "-m", "kehoach_gen", "serve", str(office), "--port", str(port),
                   "--mo-trinh-duyet"], record, PYTHONIOENCODING="cp1258")
    try:
        seen = _wait_for(record)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=60)
    status, page = seen.split("\n", 1)
    assert status == f"200 http://127.0.0.1:{port}/"  # the browser's first request was answered
    assert PLAN in page and "Kế hoạch phòng Ngoại vụ" in page
    assert f"mở: http://127.0.0.1:{port}/" in out.decode("utf-8") and GENERIC not in err.decode("utf-8")


@pytest.mark.slow
def test_shortcut_bat_starts_the_editor_with_a_double_click(office, tmp_path):
    desktop = tmp_path / "Màn hình nền"
    desktop.mkdir()
    port = free_port()
    done = kehoach("serve", str(office), "--port", str(port), "--tao-loi-tat", str(desktop), cwd=tmp_path)
    bat = desktop / "kehoach-soan-thao.bat"
    assert done.returncode == 0 and str(bat) in done.stdout
    raw = bat.read_bytes()
    assert raw.startswith(b"@chcp 65001 >nul\r\n")  # ASCII until cmd.exe reads UTF-8
    assert raw.count(b"\n") == raw.count(b"\r\n")
    lines = raw.decode("utf-8").splitlines()
    command = next(line for line in lines if " -m kehoach_gen serve " in line)
    assert f'"{office}"' in command and f'"{sys.executable}"' in command and command.endswith(f"--port {port}")
    # Written again by the command, but never over a file it did not write.
    assert kehoach("serve", str(office), "--tao-loi-tat", str(desktop), cwd=tmp_path).returncode == 0
    foreign = desktop / "khác.bat"
    foreign.write_text("@echo off\r\n", encoding="utf-8")
    refused = kehoach("serve", str(office), "--tao-loi-tat", str(foreign), cwd=tmp_path)
    assert refused.returncode == 1 and "không ghi đè" in refused.stderr
    assert foreign.read_bytes() == b"@echo off\r\n"
    # What the double click runs (cmd.exe's quoting is the shell's for these paths).
    bat.write_bytes(raw)
    args = re.findall(r'"([^"]*)"|(\S+)', command.replace("%%", "%"))
    record = tmp_path / "mở.txt"
    proc = _serve([quoted or bare for quoted, bare in args], record)
    try:
        status = _wait_for(record).split("\n", 1)[0]
    finally:
        proc.terminate()
        proc.communicate(timeout=60)
    assert status == f"200 http://127.0.0.1:{port}/"
