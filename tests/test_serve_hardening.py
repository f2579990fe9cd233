"""`kehoach serve` on an office's shared folder, through the real command over HTTP: links leading out of
the folder, bodies past the limit with no Content-Length, hostile JSON and tokens, uploaded names a folder
cannot hold, a hung LibreOffice, and a restart right after Ctrl-C."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers import EXAMPLES
from serving import free_port, serving_examples, start_server, stop_server

from kehoach_gen import portable
from kehoach_gen.plan.loader import load_plan

pytestmark = pytest.mark.slow  # the real `kehoach serve`

OK = {"X-Kehoach": "1", "Content-Type": "application/json"}
VIETNAMESE = re.compile("[ạảãàáâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ]")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    with serving_examples(tmp_path_factory.mktemp("chung")) as served:
        yield served


def call(url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, bytes, str]:
    req = urllib.request.Request(url, data=body, headers=headers or {},
                                 method=method or ("POST" if body is not None else "GET"))
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read(), r.headers.get("content-type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("content-type", "")


def refused_in_vietnamese(status: int, raw: bytes, kind: str) -> str:
    """A 4xx whose message is Vietnamese: JSON for the API, a page for the rest; never a traceback."""
    assert 400 <= status < 500, (status, raw[:300])
    text = json.loads(raw)["message"] if kind.startswith("application/json") else raw.decode("utf-8")
    assert VIETNAMESE.search(text) and "Traceback" not in text, text
    return text


def test_a_link_leading_out_of_the_folder_is_neither_listed_opened_served_nor_written(server, tmp_path):
    base, folder = server
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bi-mat.yaml").write_text("trich_yeu: BÍ MẬT CỦA MÁY CHỦ\n", encoding="utf-8")
    (outside / "bi-mat.pdf").write_bytes(b"%PDF-1.4 BI MAT CUA MAY CHU")
    (outside / "bi-mat.docx").write_bytes(b"PK\x03\x04 BI MAT")
    (folder / "lien-ket.yaml").symlink_to(outside / "bi-mat.yaml")
    (folder / "gay.yaml").symlink_to(outside / "khong-co.yaml")  # a broken link
    (folder / "thu-muc.yaml").mkdir()
    (folder / "phu-tho-2022.pdf").symlink_to(outside / "bi-mat.pdf")
    (folder / "hau-giang-2018.docx").symlink_to(outside / "bi-mat.docx")
    try:
        status, raw, _ = call(f"{base}/")
        page = raw.decode("utf-8")
        assert status == 200 and "phu-tho-2022.yaml" in page, page[:500]
        assert "lien-ket.yaml" not in page and "BÍ MẬT" not in page and "gay.yaml" not in page

        refused_in_vietnamese(*call(f"{base}/api/ke-hoach/lien-ket.yaml"))
        refused_in_vietnamese(*call(f"{base}/ke-hoach/lien-ket.yaml"))
        status, raw, kind = call(f"{base}/tep/phu-tho-2022.yaml/pdf")
        assert b"BI MAT" not in raw
        refused_in_vietnamese(status, raw, kind)
        # Building the .docx would read the link (the hand-edit guard) and replace it: refused, both untouched.
        refused_in_vietnamese(*call(f"{base}/api/ke-hoach/hau-giang-2018.yaml/tao/docx", b"{}", OK))
        assert (folder / "hau-giang-2018.docx").is_symlink()
        assert (outside / "bi-mat.docx").read_bytes() == b"PK\x03\x04 BI MAT"
        # A save of the linked plan never reaches the file outside.
        body = json.dumps({"data": {"trich_yeu": "ghi đè"}, "version": "x"}).encode()
        refused_in_vietnamese(*call(f"{base}/api/ke-hoach/lien-ket.yaml/luu", body, OK))
        assert "BÍ MẬT" in (outside / "bi-mat.yaml").read_text(encoding="utf-8")
    finally:
        for name in ("lien-ket.yaml", "gay.yaml", "phu-tho-2022.pdf", "hau-giang-2018.docx"):
            (folder / name).unlink()
        (folder / "thu-muc.yaml").rmdir()


def _send_chunked(base: str, path: str, total: int, chunk: int = 256 * 1024) -> tuple[int, str, int]:
    """Send `total` bytes as a chunked body with no Content-Length; stop when the server answers or
    closes. Returns the status, the message and how many bytes went out."""
    where = urllib.parse.urlsplit(base)
    sock = socket.create_connection((where.hostname, where.port), timeout=60)
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {where.hostname}:{where.port}\r\nX-Kehoach: 1\r\n"
                 "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
    sent = 0
    piece = b"[" * chunk
    try:
        while sent < total:
            sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            sent += len(piece)
        sock.sendall(b"0\r\n\r\n")
    except OSError:  # the server refused and closed while the body was still coming
        pass
    response = http.client.HTTPResponse(sock)
    response.begin()
    message = json.loads(response.read())["message"]
    sock.close()
    return response.status, message, sent


def test_a_chunked_body_is_counted_as_it_arrives(server):
    base, _ = server
    status, message, sent = _send_chunked(base, "/api/ke-hoach/phu-tho-2022.yaml/xem-truoc", 300 * 1024 * 1024)
    assert status == 413 and "quá lớn" in message, message
    assert sent < 64 * 1024 * 1024  # refused as soon as the limit passed, not after 300 MB
    status, message, _ = _send_chunked(base, "/api/nhap?ten=lon.txt", 30 * 1024 * 1024)
    assert status == 413 and "quá lớn" in message, message


HOSTILE_BODIES = {
    "not JSON": b"{\"data\": ",
    "a list": b"[1, 2]",
    "a string": b"\"ke hoach\"",
    "null": b"null",
    "Infinity": b"{\"data\": {\"so\": Infinity}, \"nam\": Infinity, \"version\": NaN}",
    "deep nesting": b"{\"data\": " + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "deep objects": b"{\"data\": " + b"{\"a\": " * 5000 + b"1" + b"}" * 5000 + b"}",
    "invalid UTF-8": b"{\"data\": {\"trich_yeu\": \"\xff\xfe\xc3\"}}",
    "a lone surrogate": b"{\"data\": {\"trich_yeu\": \"\\ud800\"}}",
    "data of the wrong shape": b"{\"data\": [1, 2], \"version\": [], \"force\": {}}",
}
ENDPOINTS = ["/api/ke-hoach/phu-tho-2022.yaml/xem-truoc", "/api/ke-hoach/phu-tho-2022.yaml/luu",
             "/api/ke-hoach/phu-tho-2022.yaml/tao/docx", "/api/moi", "/api/nam-moi"]


@pytest.mark.parametrize("what", HOSTILE_BODIES)
def test_hostile_json_is_answered_in_vietnamese(server, what):
    base, folder = server
    before = (folder / "phu-tho-2022.yaml").read_bytes()
    for endpoint in ENDPOINTS:
        status, raw, kind = call(f"{base}{endpoint}", HOSTILE_BODIES[what], OK)
        if status == 200:  # a preview of no plan is a page of problems; a .docx is made from the file, not the body
            assert endpoint.endswith("tao/docx") or json.loads(raw)["problems"], (endpoint, raw[:300])
            continue
        refused_in_vietnamese(status, raw, kind)
    assert (folder / "phu-tho-2022.yaml").read_bytes() == before


def test_the_frameworks_own_refusals_are_vietnamese(server):
    base, _ = server
    refused_in_vietnamese(*call(f"{base}/khong-co-trang-nay"))
    refused_in_vietnamese(*call(f"{base}/api/khong-co"))
    refused_in_vietnamese(*call(f"{base}/api/moi"))  # GET where only POST is served


def test_a_token_or_cookie_of_any_characters_is_refused_in_vietnamese(tmp_path):
    proc, url = start_server(tmp_path, "--host", "0.0.0.0")
    try:
        local = url.split("?")[0].replace("0.0.0.0", "127.0.0.1")
        refused_in_vietnamese(*call(local + "?token=" + quote("mã-truy-cập-đoán")))
        where = urllib.parse.urlsplit(local)
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
        conn.putrequest("GET", "/")
        conn.putheader("Cookie", "kehoach_token=m\xe3".encode("latin-1"))
        conn.endheaders()
        response = conn.getresponse()
        refused_in_vietnamese(response.status, response.read(), response.headers.get("content-type", ""))
        conn.close()
    finally:
        stop_server(proc)


def _listed(base: str) -> list[str]:
    page = call(f"{base}/")[1].decode("utf-8")
    return [urllib.parse.unquote(m) for m in re.findall(r'href="/ke-hoach/([^"]+)"', page)]


def test_uploaded_names_are_shortened_cleaned_listed_and_open(server):
    base, folder = server
    text = (Path(__file__).parent / "fixtures" / "corpus" / "txt" / "05_cantho_2025.txt").read_bytes()
    long_ascii = "k" * 296 + ".txt"  # 300 bytes: more than a file system holds in one name
    long_vietnamese = "Kế hoạch công tác đối ngoại " * 6 + "năm 2025 bản cuối.txt"
    assert len(long_vietnamese) >= 177
    injected = "ke-hoach\nco_quan: Ủy ban nhân dân tỉnh Giả Mạo\n#.txt"
    for upload in (long_ascii, long_vietnamese, injected):
        status, raw, _ = call(f"{base}/api/nhap?ten={quote(upload)}", text, {"X-Kehoach": "1"})
        assert status == 200, raw[:300]
        name = json.loads(raw)["name"]
        assert name in _listed(base), name
        assert len(name.encode("utf-8")) <= 255
        status, raw, _ = call(f"{base}/api/ke-hoach/{quote(name)}")
        assert status == 200 and json.loads(raw)["data"]["co_quan"] == "Ủy ban nhân dân thành phố Cần Thơ", raw[:300]
        written = (folder / name).read_text(encoding="utf-8")
        assert load_plan(folder / name).co_quan == "Ủy ban nhân dân thành phố Cần Thơ"
        assert not re.search("^co_quan: Ủy ban nhân dân tỉnh Giả Mạo", written, re.M)
        if upload == injected:  # the name is shown, on the header's one line
            assert "ke-hoach co_quan: Ủy ban nhân dân tỉnh Giả Mạo #.txt" in written.splitlines()[0]


def running(pid: int) -> bool:
    """Alive and not a zombie (a killed program whose parent is gone waits for a container's init to reap it)."""
    status = Path(f"/proc/{pid}/status")
    try:
        return portable.alive(pid) and "State:\tZ" not in status.read_text()
    except OSError:
        return portable.alive(pid) and not status.parent.parent.is_dir()


def test_a_hung_libreoffice_delays_only_its_own_pdf_and_dies_with_the_server(tmp_path):
    pids = tmp_path / "soffice.pids"
    fake = tmp_path / "soffice"
    fake.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import os, time
        with open({str(pids)!r}, "a") as f:
            f.write(f"{{os.getpid()}}\\n")
        time.sleep(3600)
        """), encoding="utf-8")
    fake.chmod(0o755)
    folder = tmp_path / "ke-hoach"
    folder.mkdir()
    for name in ("phu-tho-2022", "hau-giang-2018"):
        shutil.copy(EXAMPLES / f"{name}.yaml", folder / f"{name}.yaml")
    proc, base = start_server(folder, env={"KEHOACH_SOFFICE": str(fake), "KEHOACH_PDF_TIMEOUT": "900"})
    answers: list[tuple[int, bytes, str]] = []
    try:
        pdf = threading.Thread(target=lambda: answers.append(
            call(f"{base}/api/ke-hoach/phu-tho-2022.yaml/tao/pdf", b"{}", OK)), daemon=True)
        pdf.start()
        for _ in range(600):
            if pids.is_file() and pids.read_text():
                break
            time.sleep(0.1)
        assert pids.read_text().strip(), "the fake LibreOffice never started"
        # Every plan's .docx, this one's too, is made while its PDF hangs.
        for name in ("hau-giang-2018.yaml", "phu-tho-2022.yaml"):
            status, raw, _ = call(f"{base}/api/ke-hoach/{name}/tao/docx", b"{}", OK)
            assert status == 200, raw[:300]
        assert pdf.is_alive() and not answers
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C
        proc.wait(timeout=60)
    pdf.join(timeout=30)
    assert answers and answers[0][0] != 200
    time.sleep(0.5)
    alive = [p for p in pids.read_text().split() if running(int(p))]
    assert not alive, f"LibreOffice outlived the server: {alive}"


def test_a_pdf_past_the_timeout_is_refused_in_vietnamese_and_its_office_killed(tmp_path):
    pids = tmp_path / "soffice.pids"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ >> '{pids}'\nexec sleep 3600\n", encoding="utf-8")
    fake.chmod(0o755)
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", tmp_path / "phu-tho-2022.yaml")
    proc, base = start_server(tmp_path, env={"KEHOACH_SOFFICE": str(fake), "KEHOACH_PDF_TIMEOUT": "3"})
    try:
        start = time.monotonic()
        status, raw, _ = call(f"{base}/api/ke-hoach/phu-tho-2022.yaml/tao/pdf", b"{}", OK)
        assert time.monotonic() - start < 60  # not the minutes of three attempts in a row
        message = json.loads(raw)["message"]
        assert status == 503 and "sau 3 giây" in message, (status, message)
        assert (tmp_path / "phu-tho-2022.docx").is_file()
        time.sleep(0.5)
        assert not [p for p in pids.read_text().split() if running(int(p))]
    finally:
        stop_server(proc)


def test_a_restart_on_the_same_port_right_after_ctrl_c_with_a_tab_open(tmp_path):
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", tmp_path / "phu-tho-2022.yaml")
    port = str(free_port())
    proc, base = start_server(tmp_path, "--port", port)
    where = urllib.parse.urlsplit(base)
    tab = http.client.HTTPConnection(where.hostname, where.port, timeout=30)  # a tab's keep-alive connection
    tab.request("GET", "/api/ke-hoach/phu-tho-2022.yaml/phien-ban")
    assert tab.getresponse().read()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    proc, base = start_server(tmp_path, "--port", port)
    try:
        assert proc.poll() is None
        assert call(f"{base}/")[0] == 200
    finally:
        tab.close()
        stop_server(proc)
