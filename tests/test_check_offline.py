"""`kehoach check --trang` makes no request: a .docx naming an image on a web server (a tracking beacon),
a linked template or a field that reads an address is laid out from a copy that names nothing outside."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from helpers import run_cli

from kehoach_gen.check.offline import offline_copy
from kehoach_gen.render.pdf import convert

_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_TEMPLATE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


class _Beacon:
    """A local web server that records every request made to it."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(404)
                self.end_headers()

            do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def beacon() -> Iterator[_Beacon]:
    b = _Beacon()
    yield b
    b.server.shutdown()
    b.server.server_close()


_PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="914400" cy="914400"/><wp:docPr id="90" name="anh"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="90" name="anh.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:link="rIdNgoai1"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    # A field that would pull a picture in from the same server when updated.
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE '
    '"{url}/truong.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>ảnh</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def _linked_docx(path: Path, url: str) -> Path:
    """A short letter with an image named by address (not stored in the file), a field reading another
    address and a template on a share: what Word writes for 'Insert picture > Link to file'."""
    d = docx.Document()
    d.add_paragraph("Văn bản có ảnh liên kết ra ngoài.")
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    f'<Relationship Id="rIdNgoai1" Type="{_IMAGE_REL}" Target="{url}/anh.png" '
                    'TargetMode="External"/></Relationships>').encode())
            elif item.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", _PICTURE.replace("{url}", url).encode() + b"<w:sectPr", 1)
            zout.writestr(item, data)
        zout.writestr("word/_rels/settings.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdMau" Type="{_TEMPLATE_REL}" Target="file:///\\\\may-chu\\mau\\cong-van.dotx" '
            'TargetMode="External"/></Relationships>').encode())
    path.write_bytes(out.getvalue())
    return path


def test_the_offline_copy_names_nothing_outside(tmp_path):
    source = _linked_docx(tmp_path / "lien-ket.docx", "http://may-chu.example")
    copy = tmp_path / "ban-sao.docx"
    assert offline_copy(source, copy) >= 3
    with zipfile.ZipFile(copy) as z:
        every = b"".join(z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels")))
        assert b"may-chu" not in every and b'TargetMode="External"' not in every
        assert "Văn bản có ảnh liên kết ra ngoài." in z.read("word/document.xml").decode()
    assert docx.Document(str(copy)).paragraphs[0].text == "Văn bản có ảnh liên kết ra ngoài."


@pytest.mark.slow
def test_check_trang_makes_no_request(tmp_path, beacon):
    source = _linked_docx(tmp_path / "cong-van-ngoai.docx", beacon.url)
    # LibreOffice itself fetches the image when it lays the file out as it is: the server does count.
    convert([source], [tmp_path / "goc.pdf"])
    assert beacon.hits, "LibreOffice no longer fetches linked images: this test shows nothing"
    beacon.hits.clear()
    result = run_cli("check", "--trang", str(source))
    assert "Traceback" not in result.stderr
    assert str(source) in result.stdout + result.stderr
    assert beacon.hits == []
