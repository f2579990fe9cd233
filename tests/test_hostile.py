"""Hostile and broken input: every case ends with a specific Vietnamese message and a non-zero exit,
within 500 MB (each command runs under an address-space limit, so a reader that inflated what a file
claims would fail here), and nothing the clerk had is overwritten.

fixtures/hostile/encrypted.docx is a rendered plan saved with a password by msoffcrypto-tool (the same
OLE container Word writes), password "matkhau".
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import EXAMPLES, REPO, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_gen.check import DocxUnreadable, check_file
from kehoach_gen.errors import KehoachError
from kehoach_gen.importer import import_file

GENERIC = "lỗi không mong đợi"
LIMIT = 500 * 1024 * 1024
PLAN = EXAMPLES / "kon-tum-2022.yaml"  # has footnotes
ENCRYPTED = Path(__file__).parent / "fixtures" / "hostile" / "encrypted.docx"


def limited(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            fsize: int | None = None) -> subprocess.CompletedProcess:
    """The real command under a 500 MB address-space limit (and optionally a file-size limit, which
    makes a write fail as on a full disk)."""
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    result = subprocess.run([sys.executable, "-m", "kehoach_gen", *args], capture_output=True, text=True, cwd=cwd,
                            timeout=120, preexec_fn=limits, env={**os.environ, **(env or {})},
                            stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr and GENERIC not in result.stderr, result.stderr
    return result


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def plan_docx(rendered) -> Path:
    return rendered["kon-tum-2022"]


# --- .docx readers: size lies, many parts, units, missing ids, passwords --------------------------------

def _understated(path: Path, source: Path, pad_mb: int) -> Path:
    """word/document.xml really inflates to pad_mb MB of spaces, while the zip directory states the
    size (and CRC) of the small real part."""
    parts = _parts(source)
    doc = parts["word/document.xml"]
    cut = doc.index(b"<w:body>")
    co = zlib.compressobj(1, zlib.DEFLATED, -15)
    head = co.compress(doc[:cut]) + co.flush(zlib.Z_FULL_FLUSH)
    # After a full flush the compressor starts afresh, so one compressed megabyte can be repeated.
    block = co.compress(b" " * 2**20) + co.flush(zlib.Z_FULL_FLUSH)
    deflated = head + block * pad_mb + co.compress(doc[cut:]) + co.flush()
    out, directory = bytearray(), bytearray()
    for name, data in parts.items():
        if name == "word/document.xml":
            comp = deflated
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            comp = c.compress(data) + c.flush()
        crc, raw, offset = zlib.crc32(data), name.encode(), len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(comp), len(data), len(raw), 0)
        out += raw + comp
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(comp), len(data),
                                 len(raw), 0, 0, 0, 0, 0, offset) + raw
    start = len(out)
    out += directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), start, 0)
    path.write_bytes(bytes(out))
    return path


def _many_headers(path: Path, source: Path, count: int = 3) -> Path:
    """Header parts of ~10 MB of tiny paragraphs each, each under any per-part limit, all referenced."""
    parts = _parts(source)
    body = b"<w:p><w:r><w:t>1</w:t></w:r></w:p>" * 280_000
    ns = (b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
    rels, types = parts["word/_rels/document.xml.rels"].decode(), parts["[Content_Types].xml"].decode()
    for i in range(count):
        parts[f"word/hx{i}.xml"] = b"<w:hdr " + ns + b">" + body + b"</w:hdr>"
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdHX{i}" Type="http://schemas.openxmlformats.org/'
                            f'officeDocument/2006/relationships/header" Target="hx{i}.xml"/></Relationships>')
        types = types.replace("</Types>", f'<Override PartName="/word/hx{i}.xml" ContentType="application/vnd.'
                              'openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')
    parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"] = rels.encode(), types.encode()
    return _zip(path, parts)


@pytest.mark.slow
@pytest.mark.parametrize("make", [lambda p, s: _understated(p, s, 700), _many_headers], ids=["understated", "headers"])
def test_docx_that_lies_about_its_size_is_refused_by_every_reader(tmp_path, plan_docx, make):
    bad = make(tmp_path / "bad.docx", plan_docx)
    for args in (["check", str(bad)], ["import", str(bad), "-o", str(tmp_path / "x.yaml")]):
        result = limited(*args)
        assert result.returncode == 1 and "không đọc được văn bản" in result.stderr, result.stderr
    # The overwrite guard reads the file at the output path through the same limits, and keeps it.
    before = bad.read_bytes()
    result = limited("render", str(PLAN), "-o", str(bad))
    assert result.returncode == 1 and "không ghi đè" in result.stderr
    assert bad.read_bytes() == before


def test_a_docx_of_too_many_parts_is_refused_before_they_are_listed(tmp_path, plan_docx):
    from kehoach_gen.ooxml.docxio import MAX_PARTS

    parts = _parts(plan_docx)
    parts.update({f"word/media/x{i}.bin": b"" for i in range(MAX_PARTS)})
    with pytest.raises(DocxUnreadable, match="quá nhiều phần"):
        check_file(_zip(tmp_path / "x.docx", parts))


@pytest.mark.slow
def test_check_folder_reads_unit_values_and_checks_every_file(tmp_path, plan_docx):
    folder = tmp_path / "ho-so"
    folder.mkdir()
    parts = _parts(plan_docx)
    doc = parts["word/document.xml"].decode()
    doc = doc.replace("<w:pPr>", '<w:pPr><w:spacing w:before="6pt" w:after="0.5mm" w:line="12pt" w:lineRule="exact"/>'
                      '<w:ind w:firstLine="1.27cm" w:left="0.5in"/>')
    parts["word/document.xml"] = doc.encode()
    parts["word/styles.xml"] = re.sub(rb'w:sz w:val="(\d+)"', rb'w:sz w:val="14pt"', parts["word/styles.xml"])
    _zip(folder / "a-don-vi.docx", parts)
    shutil.copy(plan_docx, folder / "b-cua-ta.docx")
    result = limited("check", "--json", str(folder))
    assert '"file"' in result.stdout and result.stdout.count('"file"') == 2
    assert "không kiểm tra được" not in result.stdout and "unreadable" not in result.stdout

    from kehoach_gen.ooxml.docxio import open_docx
    from kehoach_gen.ooxml.resolve import Resolver

    document, _ = open_docx(folder / "a-don-vi.docx")
    para = Resolver(document).para(document.element.body.find(f"{{{_W}}}p"))
    assert (para.before_pt, round(para.first_line_cm, 2), para.line) == (6.0, 1.27, 240)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.slow
def test_footnotes_without_ids_are_checked_and_imported(tmp_path, plan_docx):
    parts = _parts(plan_docx)
    parts["word/footnotes.xml"] = re.sub(rb'<w:footnote w:id="\d+"', b"<w:footnote", parts["word/footnotes.xml"])
    parts["word/document.xml"] = re.sub(rb'<w:footnoteReference w:id="\d+"/>', b"<w:footnoteReference/>",
                                        parts["word/document.xml"])
    path = _zip(tmp_path / "x.docx", parts)
    assert limited("check", str(path)).returncode in (0, 3)
    result = limited("import", str(path), "-o", str(tmp_path / "x.yaml"))
    assert result.returncode == 0 and "chú thích không có số" in result.stderr


@pytest.mark.slow
def test_password_protected_docx_is_named_as_such(tmp_path):
    for args in (["check", str(ENCRYPTED)], ["import", str(ENCRYPTED), "-o", str(tmp_path / "x.yaml")]):
        result = limited(*args)
        assert result.returncode == 1 and "mật khẩu" in result.stderr and ".doc (" not in result.stderr


# --- what the clerk points at: FIFOs, devices, symlinks -------------------------------------------------

@pytest.mark.slow
def test_fifos_devices_and_symlink_loops_are_refused_at_once(tmp_path, plan_docx):
    os.mkfifo(tmp_path / "ong.yaml")
    os.mkfifo(tmp_path / "ong.docx")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "vong.yaml").symlink_to("vong.yaml")
    (tmp_path / "vong.docx").symlink_to("vong.docx")
    for args, reason in [(["validate", "ong.yaml"], "ống dẫn"), (["render", "ong.yaml"], "ống dẫn"),
                         (["check", "ong.docx"], "ống dẫn"), (["import", "ong.docx", "-o", "a.yaml"], "ống dẫn"),
                         (["validate", "zero.yaml"], "thiết bị"), (["validate", "vong.yaml"], "vòng quanh"),
                         (["check", "vong.docx"], "vòng quanh"), (["import", "vong.docx", "-o", "b.yaml"], "vòng quanh")]:
        result = limited(*args, cwd=tmp_path)
        assert result.returncode == 1 and reason in result.stderr, (args, result.stderr)
    # In a folder, the odd entries are reported and the real document is still checked.
    shutil.copy(plan_docx, tmp_path / "that.docx")
    result = limited("check", "--json", str(tmp_path))
    assert result.returncode == 1 and result.stdout.count('"unreadable"') == 2 and '"findings"' in result.stdout


def test_watch_reports_a_fifo_and_carries_on(tmp_path):
    from kehoach_gen.render.watch import render_one

    os.mkfifo(tmp_path / "ong.yaml")
    lines: list[str] = []
    assert render_one(tmp_path / "ong.yaml", lines.append, force=False, templates=()) is False
    assert any("ống dẫn" in line for line in lines)


@pytest.mark.slow
def test_a_file_that_is_not_a_plan_is_not_echoed(tmp_path):
    secret = tmp_path / "cau-hinh"
    secret.write_text("mat_khau_bi_mat: hunter2\nmay_chu: 10.0.0.1\n", encoding="utf-8")
    (tmp_path / "ke-hoach.yaml").symlink_to(secret)
    result = limited("validate", str(tmp_path / "ke-hoach.yaml"))
    assert result.returncode == 1 and "không phải tệp kế hoạch" in result.stderr
    assert "hunter2" not in result.stderr and "mat_khau" not in result.stderr


# --- outputs: never over an input, PDF keeps its .docx, writes that fail -------------------------------

@pytest.mark.slow
def test_render_never_overwrites_the_plan_even_with_force(tmp_path):
    plan = tmp_path / "p.yaml"
    shutil.copy(PLAN, plan)
    os.link(plan, tmp_path / "p.docx")  # the same file under a .docx name
    before = plan.read_bytes()
    for target in ("p.yaml", "p.docx"):
        result = limited("render", str(plan), "-o", str(tmp_path / target), "--force")
        assert result.returncode == 1 and "không bao giờ ghi đè tệp đầu vào" in result.stderr
    assert plan.read_bytes() == before and not list(tmp_path.glob("*.bak*"))


@pytest.mark.slow
def test_pdf_output_name_keeps_the_docx(tmp_path):
    plan = tmp_path / "p.yaml"
    shutil.copy(PLAN, plan)
    result = run_cli("render", str(plan), "-o", str(tmp_path / "ket-qua.pdf"), "--pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ket-qua.docx").is_file()
    assert (tmp_path / "ket-qua.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
@pytest.mark.parametrize("args", [["schema", "-o", "{d}/s.json"], ["import", "{docx}", "-o", "{d}/x.yaml"],
                                  ["preview", str(PLAN), "--chi-html", "-o", "{d}/xem"],
                                  ["render", str(PLAN), "-o", "{d}/x.docx"]], ids=lambda a: a[0])
def test_a_write_that_fails_is_named_and_leaves_nothing_half_written(tmp_path, plan_docx, args):
    full = [a.format(d=tmp_path, docx=plan_docx) for a in args]
    result = limited(*full, fsize=1000)  # every write past 1000 bytes fails, as on a full disk
    assert result.returncode == 1 and ("không ghi được" in result.stderr or "không tạo được" in result.stderr)
    assert not list(tmp_path.rglob("*.tmp"))
    blocked = tmp_path / "ro"
    blocked.write_text("a file where a folder should be")  # fails for root too, unlike a read-only folder
    result = limited(*[a.format(d=blocked, docx=plan_docx) for a in args])
    assert result.returncode == 1 and "lỗi hệ thống số" not in result.stderr, result.stderr


@pytest.mark.slow
def test_a_closed_pipe_is_a_message_not_a_crash():
    proc = subprocess.Popen([sys.executable, "-m", "kehoach_gen", "schema"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1 and "đầu ra đã bị đóng" in err and GENERIC not in err


@pytest.mark.slow
def test_killed_pdf_run_leaves_a_work_folder_that_the_next_run_sweeps(tmp_path):
    code = ("import time\nfrom kehoach_gen.render.pdf import work_dir\n"
            "with work_dir('kehoach-pdf-') as w:\n    print(w, flush=True)\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmp_path)})
    assert proc.stdout is not None
    work = Path(proc.stdout.readline().strip())
    proc.kill()
    proc.wait()
    assert work.is_dir()  # kill -9: nothing could clean up
    from kehoach_gen.render.pdf import sweep_stale

    live = tmp_path / "kehoach-pdf-live"
    live.mkdir()
    (live / "kehoach.pid").write_text(str(os.getpid()))  # a run still going is left alone
    sweep_stale(tmp_path)
    assert not work.exists() and live.exists()


# --- templates: loops, huge strings, syntax errors ------------------------------------------------------

def _template_with(folder: Path, tag: str) -> Path:
    folder.mkdir()
    parts = _parts(REPO / "templates" / "kehoach.docx")
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{ trich_yeu }}", b"{{ trich_yeu }}" + tag.encode(), 1)
    _zip(folder / "kehoach.docx", parts)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(("tag", "said"), [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "giây"),
    ("{{ 'x' * 2000000000 }}", "bộ nhớ"),
], ids=["loop", "huge-string"])
def test_custom_template_is_stopped_with_a_message_naming_it(tmp_path, tag, said):
    folder = _template_with(tmp_path / "mau", tag)
    result = limited("render", str(PLAN), "-o", str(tmp_path / "x.docx"), "--templates", str(folder))
    assert result.returncode == 1 and "mau/kehoach.docx" in result.stderr and said in result.stderr
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.slow
def test_template_syntax_errors_in_preview_and_new_name_the_template(tmp_path):
    (tmp_path / "mau").mkdir()
    (tmp_path / "mau" / "xem-truoc.html.j2").write_text("{% if %}", encoding="utf-8")
    (tmp_path / "mau" / "ke-hoach-moi.yaml.j2").write_text("{{ co_quan ", encoding="utf-8")
    result = limited("preview", str(PLAN), "--chi-html", "-o", str(tmp_path / "xem"), "--templates",
                     str(tmp_path / "mau"))
    assert result.returncode == 1 and "xem-truoc.html.j2: lỗi mẫu ở dòng 1" in result.stderr
    result = limited("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", str(tmp_path / "n.yaml"),
                     env={"KEHOACH_TEMPLATES": str(tmp_path / "mau")})
    assert result.returncode == 1 and "ke-hoach-moi.yaml.j2: lỗi mẫu ở dòng 1" in result.stderr


# --- fields: what validates renders ----------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("old", "new", "said"), [
    (r"^trich_yeu:.*$", "trich_yeu: " + "Hoạt động đối ngoại năm 2026 " * 15, "trích yếu dài"),
    (r"ho_ten: ", "ho_ten: \u202e", "U+202E"),
    (r"ho_ten: ", "ho_ten: Ng\u200buyễn ", "U+200B"),
], ids=["trich-yeu-length", "bidi-override", "zero-width"])
def test_field_limits_are_enforced_at_validate_with_a_location(tmp_path, old, new, said):
    plan = tmp_path / "p.yaml"
    plan.write_text(re.sub(old, new, PLAN.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    result = limited("validate", str(plan))
    assert result.returncode == 1 and said in result.stderr
    assert re.search(r"p\.yaml:\d+:\d+: lỗi: (trich_yeu|nguoi_ky\.ho_ten):", result.stderr)


@pytest.mark.slow
def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path):
    import pty

    name = tmp_path / "a\x1b]0;PWNED\x07\x1b[2Jb.yaml"
    name.write_text("a: [", encoding="utf-8")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kehoach_gen", "validate", str(name)], stdout=slave, stderr=slave)
    os.close(slave)
    out = b""
    try:
        while chunk := os.read(master, 4096):
            out += chunk
    except OSError:  # the pty closes when the process ends
        pass
    os.close(master)
    assert proc.wait(timeout=60) == 1
    assert b"\x1b" not in out and b"\x07" not in out and b"\\u001b]0;PWNED" in out


@pytest.mark.slow
def test_import_never_writes_a_yaml_the_loader_would_refuse(tmp_path):
    lines = "\n".join(f"- Nội dung công việc số {i} cần triển khai thực hiện" for i in range(31_000))
    text = ("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nKẾ HOẠCH\nHoạt động đối ngoại năm 2026\nI. MỤC ĐÍCH\n" + lines).encode()
    text = text[: text.rindex(b"\n", 0, 2_090_000)]  # just under the 2 MB a source may have
    source = tmp_path / "dai.txt"
    source.write_bytes(text)
    result = limited("import", str(source), "-o", str(tmp_path / "dai.yaml"))
    assert result.returncode == 1 and "quá giới hạn" in result.stderr and not (tmp_path / "dai.yaml").exists()


# --- the readers walked with hypothesis: only KehoachError, never anything else -------------------------

def _readers(path: Path) -> None:
    for reader in (check_file, import_file):
        try:
            reader(path)
        except KehoachError as exc:
            assert GENERIC not in str(exc) and "Error:" not in str(exc), str(exc)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600), st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=400)),
                      st.builds(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b, st.binary(max_size=400))))
def test_any_bytes_as_docx_give_a_report_or_a_message(tmp_path, data):
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    with pytest.raises(DocxUnreadable):
        check_file(path)
    _readers(path)


_NUMBER = st.one_of(st.integers(-100000, 100000).map(str), st.floats(-1000, 1000, allow_nan=False).map(lambda f: f"{f:.3f}"))
_LEGAL = st.builds(lambda n, u: f"{abs(float(n)):.2f}{u}", _NUMBER, st.sampled_from(["pt", "cm", "mm", "in", "pc", "pi"]))
_VALUE = st.one_of(_NUMBER, _LEGAL, st.text(max_size=12), st.sampled_from(["", "auto", "nil", "-0", "1e9", "∞"]))
# Length-like attributes the readers interpret, with the element that carries them.
_ATTRS = [(b"w:sz", b"w:val"), (b"w:spacing", b"w:before"), (b"w:spacing", b"w:after"), (b"w:spacing", b"w:line"),
          (b"w:ind", b"w:firstLine"), (b"w:ind", b"w:left"), (b"w:ind", b"w:hanging"), (b"w:tcW", b"w:w"),
          (b"w:pgMar", b"w:top"), (b"w:pgSz", b"w:w"), (b"w:jc", b"w:val"), (b"w:pStyle", b"w:val"),
          (b"w:footnoteReference", b"w:id"), (b"w:footnote", b"w:id"), (b"w:b", b"w:val"), (b"w:gridCol", b"w:w"),
          (b"a:ext", b"cx"), (b"w:gridSpan", b"w:val"), (b"w:vMerge", b"w:val"), (b"w:rStyle", b"w:val"),
          (b"w:headerReference", b"r:id"), (b"w:pgNumType", b"w:start"), (b"w:rFonts", b"w:ascii"),
          (b"w:color", b"w:val"), (b"w:basedOn", b"w:val"), (b"w:lang", b"w:val"), (b"wp:anchor", b"distT")]


def _xml_escape(value: str) -> bytes:
    cleaned = "".join(c for c in value if c.isprintable())
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").encode()


@pytest.fixture(scope="module")
def plan_parts(rendered) -> dict[str, bytes]:
    return _parts(rendered["kon-tum-2022"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@pytest.mark.slow
@given(picks=st.lists(st.tuples(st.sampled_from(_ATTRS), _VALUE), min_size=1, max_size=4), legal=_LEGAL)
def test_any_attribute_value_gives_a_report_or_a_message(tmp_path, plan_parts, picks, legal):
    parts = dict(plan_parts)
    for (element, attr), value in picks:
        pattern = re.compile(rb"(<" + element + rb"\b[^>]*?\b" + attr + rb'=")[^"]*(")')
        for name in ("word/document.xml", "word/styles.xml", "word/footnotes.xml"):
            parts[name] = pattern.sub(lambda m, v=value: m.group(1) + _xml_escape(v) + m.group(2), parts[name], count=3)
    # A legal unit value on a body paragraph must be read, not merely survived.
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:pPr>", b'<w:pPr><w:spacing w:before="' + legal.encode() + b'"/>', 1)
    path = _zip(tmp_path / "x.docx", parts)
    _readers(path)
