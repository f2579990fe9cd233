"""PDF through the real LibreOffice, and the previews. Never skipped: `make test` installs LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys

import pytest
from helpers import EXAMPLE_NAMES, EXAMPLES, run_cli

from kehoach_gen.facts.inline import plain
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.render import html as html_render

pytestmark = pytest.mark.slow  # LibreOffice makes every PDF and image


def _pdftext(path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def kon_tum_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    plan = out / "kon-tum-2022.yaml"
    shutil.copy(EXAMPLES / "kon-tum-2022.yaml", plan)
    result = run_cli("render", str(plan), "--pdf")
    assert result.returncode == 0, result.stderr
    return out / "kon-tum-2022.pdf"


def test_pdf_uses_liberation_serif_only(kon_tum_pdf):
    fonts = subprocess.run(["pdffonts", str(kon_tum_pdf)], capture_output=True, text=True, check=True).stdout
    faces = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert faces, fonts
    assert all(re.search(r"LiberationSerif|TimesNewRoman", f) for f in faces), faces
    assert "DejaVu" not in fonts


def test_pdf_text_has_header_signer_and_every_footnote(kon_tum_pdf):
    text = _pdftext(kon_tum_pdf)
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Lê Ngọc Tuấn" in text
    plan = load_plan(EXAMPLES / "kon-tum-2022.yaml")
    for note in plan.chu_thich.values():
        head = " ".join(plain(note).split()[:8])
        assert head in flat, head


def test_page_numbers_start_on_page_two(kon_tum_pdf):
    first = _pdftext(kon_tum_pdf, 1).strip().splitlines()
    second = _pdftext(kon_tum_pdf, 2).strip().splitlines()
    assert first[0].split()[0] != "1"
    assert second[0].strip() == "2"


def test_batch_converts_five_plans_with_one_libreoffice_start(tmp_path):
    log = tmp_path / "starts.log"
    real = shutil.which("soffice")
    shim = tmp_path / "soffice-counting"
    shim.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{real}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    out = tmp_path / "out"
    env = {**os.environ, "KEHOACH_SOFFICE": str(shim)}
    result = subprocess.run([sys.executable, "-m", "kehoach_gen", "render", *[str(EXAMPLES / f"{n}.yaml") for n in EXAMPLE_NAMES],
                             "--pdf", "-o", str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    assert sorted(p.stem for p in out.glob("*.pdf")) == sorted(EXAMPLE_NAMES)
    assert log.read_text().count("start") == 1


def test_missing_libreoffice_keeps_the_docx_and_says_how_to_install(tmp_path):
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    env = {**os.environ, "KEHOACH_SOFFICE": str(tmp_path / "khong-co-soffice")}
    result = subprocess.run([sys.executable, "-m", "kehoach_gen", "render", str(plan), "--pdf"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "LibreOffice" in result.stderr and "apt-get install" in result.stderr
    assert (tmp_path / "p.docx").is_file() and not (tmp_path / "p.pdf").exists()


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_html_preview_contains_every_paragraph(name):
    page = compose(load_plan(EXAMPLES / f"{name}.yaml"))
    html = html_render.render(page, "x")
    body = re.sub(r'<sup class="fnref">.*?</sup>', "", html)  # footnote markers sit inside the words
    text = " ".join(re.sub(r"<[^>]+>", "", body).split())
    import html as htmllib

    text = htmllib.unescape(text)
    for line in page.lines():
        assert " ".join(line.split()) in text, line[:60]
    assert '<meta name="viewport"' in html and "@page" in html and "size: A4" in html


def test_preview_command_writes_html_and_page_images(tmp_path):
    plan = tmp_path / "lai-chau.yaml"
    shutil.copy(EXAMPLES / "lai-chau-2023.yaml", plan)
    result = run_cli("preview", str(plan))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "lai-chau-xem-truoc"
    assert (folder / "lai-chau.html").is_file()
    images = sorted(folder.glob("lai-chau-trang-*.png"))
    assert len(images) >= 4 and images[0].read_bytes()[:4] == b"\x89PNG"
    quick = run_cli("preview", str(plan), "--chi-html", "-o", str(tmp_path / "nhanh"))
    assert quick.returncode == 0 and list((tmp_path / "nhanh").glob("*.png")) == []


def test_two_conversions_at_once_do_not_collide(tmp_path):
    procs = []
    for name in ("lai-chau-2023", "binh-thuan-2023"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(EXAMPLES / f"{name}.yaml", folder / "p.yaml")
        procs.append(subprocess.Popen([sys.executable, "-m", "kehoach_gen", "render", str(folder / "p.yaml"), "--pdf"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    for name in ("lai-chau-2023", "binh-thuan-2023"):
        assert (tmp_path / name / "p.pdf").read_bytes()[:4] == b"%PDF"
