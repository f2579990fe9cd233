"""Getting kehoach onto a clerk's PC: LibreOffice found where the Windows and macOS installers put it (fake
install trees here, with Vietnamese names and spaces), and the wheel, built quietly, holding everything,
installed into a fresh environment and rendering a plan outside the source tree.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import types
import zipfile
from pathlib import Path

import pytest
from helpers import EXAMPLES, REPO, docx_text

from kehoach_gen.render import soffice

PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
# What a build backend says about the project (setuptools' "Package would be ignored", "Editable
# installation", Python warnings by class name); pip's own "WARNING:" lines are about the machine's indexes.
BUILD_WARNING = re.compile(r"Warning\b|would be ignored|Editable installation")


def _program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.fixture
def disk(tmp_path: Path) -> Path:
    """A drive with room for install trees, under a folder a Vietnamese user name with a space gives."""
    root = tmp_path / "Người dùng Nguyễn"
    root.mkdir()
    return root


@pytest.mark.slow
def test_windows_program_files(disk):
    exe = _program(disk / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    env = {"ProgramFiles": str(disk / "Program Files"), "PATH": ""}
    assert soffice.find(env, "win32", registry=list) == str(exe)


@pytest.mark.slow
def test_windows_older_versioned_folder_and_32_bit_and_per_user_installs(disk):
    old = _program(disk / "Program Files (x86)" / "LibreOffice 5" / "program" / "soffice.exe")
    env = {"ProgramFiles": str(disk / "Program Files"), "ProgramFiles(x86)": str(disk / "Program Files (x86)"),
           "PATH": ""}
    assert soffice.find(env, "win32", registry=list) == str(old)
    mine = _program(disk / "AppData" / "Local" / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    assert soffice.find({"LOCALAPPDATA": str(disk / "AppData" / "Local"), "PATH": ""}, "win32",
                        registry=list) == str(mine)


@pytest.mark.slow
def test_windows_registry_install_path_comes_first(disk):
    elsewhere = _program(disk / "Ổ D" / "Phần mềm" / "LibreOffice" / "program" / "soffice.exe")
    _program(disk / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    env = {"ProgramFiles": str(disk / "Program Files"), "PATH": ""}
    assert soffice.find(env, "win32", registry=lambda: [str(elsewhere.parent)]) == str(elsewhere)
    assert soffice.find(env, "win32", registry=lambda: [str(elsewhere)]) == str(elsewhere)  # App Paths: the .exe


@pytest.mark.slow
def test_registry_keys_read(monkeypatch, disk):
    """The keys the LibreOffice installer writes, read through winreg (a stand-in module here)."""
    values = {(1, r"SOFTWARE\LibreOffice\UNO\InstallPath", ""): str(disk / "LibreOffice" / "program"),
              (2, r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", ""): '"%LO_DIR%\\soffice.exe"'}

    class Key:
        def __init__(self, hive: int, key: str) -> None:
            self.hive, self.key = hive, key

        def __enter__(self) -> Key:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    def open_key(hive: int, key: str) -> Key:
        if not any(h == hive and k == key for h, k, _ in values):
            raise FileNotFoundError(key)
        return Key(hive, key)

    def query(handle: Key, name: str) -> tuple[str, int]:
        if (handle.hive, handle.key, name) not in values:
            raise FileNotFoundError(name)
        return values[handle.hive, handle.key, name], 1

    fake = types.SimpleNamespace(HKEY_LOCAL_MACHINE=1, HKEY_CURRENT_USER=2, OpenKey=open_key, QueryValueEx=query)
    monkeypatch.setitem(sys.modules, "winreg", fake)
    monkeypatch.setenv("LO_DIR", "C:\\Chương trình")
    assert soffice.registry_install_paths() == [str(disk / "LibreOffice" / "program"), "C:\\Chương trình\\soffice.exe"]


@pytest.mark.slow
def test_macos_applications(disk):
    app = _program(disk / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert soffice.find({"HOME": str(disk), "PATH": ""}, "darwin") == str(app)
    assert soffice.find({"HOME": str(disk), "PATH": ""}, "win32", registry=list) is None  # not where Windows looks


@pytest.mark.slow
def test_the_path_and_the_variable_come_before_the_install_folders(disk):
    _program(disk / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    on_path = _program(disk / "bin dùng chung" / "soffice")
    env = {"ProgramFiles": str(disk / "Program Files"), "PATH": str(on_path.parent)}
    assert soffice.find(env, "linux", registry=list) == str(on_path)
    app = _program(disk / "Ứng dụng" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    for named in (app, app.parent.parent.parent, app.parent):  # the program, the .app, its folder
        assert soffice.find({**env, soffice.ENV_VAR: str(named)}, "darwin") == str(app)
    program = _program(disk / "Cài riêng" / "LibreOffice" / "program" / "soffice.exe")
    assert soffice.find({**env, soffice.ENV_VAR: f'"{program.parent.parent}"'}, "win32", registry=list) == str(program)
    # A variable naming nothing is not replaced by a guess: the message says what is wrong with it.
    missing = {**env, soffice.ENV_VAR: str(disk / "không có")}
    assert soffice.find(missing, "win32", registry=list) is None
    assert "KEHOACH_SOFFICE chỉ tới" in soffice.install_hint(missing, "win32")


@pytest.mark.slow
@pytest.mark.parametrize(("platform", "said"), [
    ("win32", "C:\\Program Files\\LibreOffice"), ("darwin", "Applications"), ("linux", "apt-get install")])
def test_missing_libreoffice_says_where_to_get_it(platform, said):
    hint = soffice.install_hint({}, platform)
    assert soffice.DOWNLOAD in hint and said in hint
    assert ("KEHOACH_SOFFICE" in hint) == (platform != "linux")


@pytest.mark.slow
def test_pdf_through_an_install_folder_named_by_the_variable(tmp_path):
    """The real LibreOffice behind an install tree in a folder with Vietnamese letters and spaces."""
    real = shutil.which("soffice")
    assert real is not None
    shim = _program(tmp_path / "Chương trình" / "LibreOffice" / "program" / "soffice")
    shim.write_text(f'#!/bin/sh\nexec "{real}" "$@"\n', encoding="utf-8")
    folder = tmp_path / "Kế hoạch 2018"
    folder.mkdir()
    plan = folder / "hậu giang 2018.yaml"
    plan.write_bytes((EXAMPLES / "hau-giang-2018.yaml").read_bytes().replace(b"\n", b"\r\n"))
    env = {**os.environ, soffice.ENV_VAR: str(tmp_path / "Chương trình" / "LibreOffice")}
    run = subprocess.run([sys.executable, "-m", "kehoach_gen", "render", str(plan), "--pdf"], capture_output=True,
                         text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (folder / "hậu giang 2018.pdf").read_bytes().startswith(b"%PDF")


# --- the wheel ------------------------------------------------------------------------------------------

def _shipped() -> set[str]:
    """Every file a clerk's install needs, as the wheel must name it."""
    pkg = REPO / "kehoach_gen"
    names = {f"kehoach_gen/{p.relative_to(pkg).as_posix()}" for p in pkg.rglob("*")
             if p.suffix in {".py", ".html", ".js", ".css"} and "__pycache__" not in p.parts}
    return names | {f"kehoach_gen/templates/{p.name}" for p in (REPO / "templates").iterdir()}


@pytest.mark.slow
def test_wheel_installs_quietly_and_renders_outside_the_source_tree(tmp_path):
    dist = tmp_path / "dist"
    built = subprocess.run([*PIP, "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert not BUILD_WARNING.search(built.stdout + built.stderr), built.stderr
    (wheel,) = dist.glob("kehoach_gen-*.whl")
    with zipfile.ZipFile(wheel) as z:
        missing = _shipped() - set(z.namelist())
    assert not missing

    # A fresh environment: the dependencies are those already installed here (no download), kehoach_gen
    # comes from the wheel alone.
    venv = tmp_path / "môi trường"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "phu-thuoc.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = subprocess.run([*PIP, "--python", str(python), "install", "--no-deps", "-q",
                                "--root-user-action=ignore", str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0 and not BUILD_WARNING.search(installed.stderr), installed.stderr

    work = tmp_path / "Văn thư"
    work.mkdir()
    plan = work / "hậu giang 2018.yaml"
    shutil.copy(EXAMPLES / "hau-giang-2018.yaml", plan)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = subprocess.run([str(venv / "bin" / "kehoach"), "render", plan.name], capture_output=True, text=True,
                         cwd=work, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "TỈNH HẬU GIANG" in docx_text(work / "hậu giang 2018.docx")
    where = subprocess.run([str(python), "-c", "import kehoach_gen.render.templates as t, kehoach_gen as k; "
                            "print(k.__file__); print(t.bundled_dir())"], capture_output=True, text=True,
                           cwd=work, env=env, check=True).stdout.splitlines()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the wheel's code and templates

    # What `make demo` does on a fresh clone, just as quiet.
    editable = subprocess.run([*PIP, "--python", str(python), "install", "--no-deps", "-q", "--root-user-action=ignore",
                               "-e", str(REPO)], capture_output=True, text=True, timeout=300)
    assert editable.returncode == 0 and not BUILD_WARNING.search(editable.stdout + editable.stderr), editable.stderr
