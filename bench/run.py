"""`make bench`: how fast kehoach-gen is, measured honestly, against baselines run in the same session.

Prints a table and writes bench/RESULTS.md. Every figure is the median of several runs after a warm-up;
targets are ratios because these machines are noisy.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.metadata as md
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "drafts" / "examples"
PY = sys.executable
KEHOACH = [PY, "-m", "kehoach_gen"]
BIN = Path(PY).parent / "kehoach"


def paired(fn_a, fn_b, runs: int = 41) -> tuple[float, float, float]:
    """Alternate the two so that drift on a noisy machine hits both alike; each call starts after a
    collection, so one's garbage is not timed in the other. Returns both medians and the median of the
    per-pair ratios (sturdier than a ratio of medians)."""
    fn_a(), fn_b()
    a, b = [], []
    for _ in range(runs):
        for fn, out in ((fn_a, a), (fn_b, b)):
            gc.collect()
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b), statistics.median(x / y for x, y in zip(a, b, strict=True))


def median_time(fn, runs: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, capture_output=True, **kw)


# --- 1. in-process render vs a bare docxtpl render -------------------------------------------

def bench_in_process() -> list[dict]:
    from docxtpl import DocxTemplate

    from kehoach_gen.build import build
    from kehoach_gen.plan.compose import compose
    from kehoach_gen.plan.loader import load_plan
    from kehoach_gen.render.docx import context
    from kehoach_gen.render.templates import TemplateSet

    template = TemplateSet().find("kehoach.docx")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for plan in sorted(EXAMPLES.glob("*.yaml")):
            out = Path(tmp) / f"{plan.stem}.docx"

            def ours(plan=plan, out=out) -> None:
                out.unlink(missing_ok=True)
                build(plan, out, check=False)  # load, validate, render, finish, save (the check is timed in 2)

            page = compose(load_plan(plan))

            def bare(page=page) -> None:
                tpl = DocxTemplate(str(template))
                tpl.render(context(page), autoescape=True)
                tpl.save(io.BytesIO())

            t_ours, t_bare, ratio = paired(ours, bare)
            rows.append({"plan": plan.stem, "ours": t_ours, "bare": t_bare, "ratio": ratio})
    return rows


# --- 1b. validate with the content checks ---------------------------------------------------

def bench_validate() -> dict:
    """`kehoach validate` in-process on the largest example: loading and validating the YAML, then the
    content checks (ND-C..) the command adds."""
    from kehoach_gen.content import load_checked
    from kehoach_gen.plan.loader import load_plan

    largest = max(EXAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)
    t_checked = median_time(lambda: load_checked(largest), runs=41, warmup=3)
    t_loaded = median_time(lambda: load_plan(largest), runs=41, warmup=3)
    return {"plan": largest.stem, "validate": t_checked, "load": t_loaded}


# --- 2, 3. whole process ---------------------------------------------------------------------

def bench_process() -> dict:
    largest = max(EXAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.docx"

        def render() -> None:
            out.unlink(missing_ok=True)
            run([str(BIN), "render", str(largest), "-o", str(out)])

        # Process start-up on a shared VM swings by tens of milliseconds from one second to the next:
        # the ratios are medians of per-pair ratios, over enough pairs for that to settle.
        t_render, t_imports, r_render = paired(
            render, lambda: run([PY, "-c", "import docxtpl, yaml, jinja2, pydantic"]), runs=21)
        t_help, t_click, r_help = paired(lambda: run([str(BIN), "--help"]), lambda: run([PY, "-c", "import click"]),
                                         runs=21)
    return {"plan": largest.stem, "render": t_render, "imports": t_imports, "help": t_help, "click": t_click,
            "r_render": r_render, "r_help": r_help}


# --- 4. watch: save -> new .docx -------------------------------------------------------------

def bench_watch(rounds: int = 7) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "p.yaml"
        shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
        out = plan.with_suffix(".docx")
        proc = subprocess.Popen([str(BIN), "watch", str(plan)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        try:
            deadline = time.time() + 30
            while not out.exists() and time.time() < deadline:
                time.sleep(0.01)
            time.sleep(0.5)
            samples = []
            text = plan.read_text(encoding="utf-8")
            for i in range(rounds + 1):
                before = out.stat().st_mtime_ns
                plan.write_text(text.replace("so: 1966", f"so: {2000 + i}"), encoding="utf-8")
                start = time.perf_counter()
                while out.stat().st_mtime_ns == before and time.perf_counter() - start < 10:
                    time.sleep(0.002)
                samples.append(time.perf_counter() - start)
                time.sleep(0.3)
        finally:
            proc.terminate()
            proc.communicate(timeout=10)
    return statistics.median(samples[1:])


# --- 5. a batch: one plan per province -------------------------------------------------------

def bench_batch() -> dict:
    from kehoach_gen.build import build
    from kehoach_gen.facts import provinces
    from kehoach_gen.render import pdf
    from kehoach_gen.start.starter import slug, starter_text

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plans = []
        for p in provinces.current():
            path = work / f"{slug(p.name)}-2027.yaml"
            path.write_text(starter_text(p.name, 2027, path.name), encoding="utf-8")
            plans.append(path)
        start = time.perf_counter()
        docs = [build(p).output for p in plans]
        t_docx = time.perf_counter() - start
        start = time.perf_counter()
        pdf.convert(docs)
        t_one = time.perf_counter() - start
        sample = docs[:6]  # per-file runs cost ~1.5 s each: time six and scale, as the ratio is per file
        start = time.perf_counter()
        for d in sample:
            pdf.convert([d])
        t_each = (time.perf_counter() - start) / len(sample) * len(docs)
    return {"plans": len(plans), "docx": t_docx, "pdf_one_run": t_one, "pdf_per_file": t_each,
            "ratio": t_one / t_each}


def bench_pdfa(runs: int = 3) -> dict:
    """PDF/A-2b (export options, metadata written with pikepdf, pre-flight) against the plain PDF export,
    both one LibreOffice run for the five examples, alternated."""
    from kehoach_gen.build import build, pdfs

    with tempfile.TemporaryDirectory() as tmp:
        results = [build(p, Path(tmp) / f"{p.stem}.docx") for p in sorted(EXAMPLES.glob("*.yaml"))]
        plain, pdfa = [], []
        for _ in range(runs):
            for out, kw in ((plain, {}), (pdfa, {"pdfa": True})):
                start = time.perf_counter()
                pdfs(results, **kw)
                out.append(time.perf_counter() - start)
    t_plain, t_pdfa = statistics.median(plain), statistics.median(pdfa)
    return {"plans": len(results), "plain": t_plain, "pdfa": t_pdfa, "ratio": t_pdfa / t_plain}


# --- 6. scaling and memory -------------------------------------------------------------------

def synthetic(items: int) -> str:
    body = "\n".join(
        f"      - tieu_de: Nhiệm vụ số {i}\n        noi_dung: |\n"
        + "\n".join(f"          - Triển khai nội dung công tác đối ngoại {i}.{k}, bảo đảm thiết thực, hiệu quả, "
                    "đúng quy định của Trung ương và của tỉnh về quản lý thống nhất các hoạt động đối ngoại."
                    for k in range(6))
        for i in range(1, items + 1))
    return textwrap.dedent("""\
        co_quan: Ủy ban nhân dân tỉnh Lai Châu
        so: 5
        ngay: 2026-01-05
        trich_yeu: Kế hoạch thử nghiệm quy mô lớn
        phan:
          - tieu_de: Nhiệm vụ
            muc:
        """) + body + "\nnoi_nhan: [Bộ Ngoại giao]\nnguoi_ky:\n  ho_ten: Lò Văn An\n"


def count_pages(docx_path: Path) -> int:
    from kehoach_gen.render import pdf

    out = pdf.convert([docx_path])[0]
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def bench_scaling() -> list[dict]:
    from kehoach_gen.build import build
    from kehoach_gen.check import check_file

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for items in (30, 120, 480):  # about 15, 60 and 240 pages
            plan = Path(tmp) / f"s{items}.yaml"
            plan.write_text(synthetic(items), encoding="utf-8")
            out = plan.with_suffix(".docx")

            def once(plan=plan, out=out) -> None:
                out.unlink(missing_ok=True)
                build(plan, out, check=False)

            t = median_time(once, runs=3)
            pages = count_pages(out)
            t_check = median_time(lambda out=out: check_file(out), runs=5)
            code = ("import resource, sys; from kehoach_gen.build import build; "
                    f"build({str(plan)!r}, {str(Path(tmp) / 'm.docx')!r}, check=False); "
                    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
            rss_kb = int(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout)
            rows.append({"items": items, "pages": pages, "seconds": t, "per_page": t / pages, "rss_mb": rss_kb / 1024,
                         "check": t_check})
    return rows


# --- 7. import of a long plan ----------------------------------------------------------------

def bench_import() -> dict:
    """`kehoach import` of a 100-page plan in each kind of source: our .docx, its LibreOffice text export,
    and a Markdown web copy (a corpus copy whose body is repeated to as many words as the .docx has)."""
    from kehoach_gen.build import build
    from kehoach_gen.importer import import_file

    corpus = ROOT / "tests" / "fixtures" / "corpus" / "txt" / "11_dongnai_2025.txt"
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "dai.yaml"
        plan.write_text(synthetic(200), encoding="utf-8")  # about 100 pages
        docx_path = build(plan, Path(tmp) / "dai.docx", check=False).output
        pages = count_pages(docx_path)
        run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "txt:Text",
             "--outdir", tmp, str(docx_path)], timeout=300)
        text_path = Path(tmp) / "dai.txt"
        words = len(text_path.read_text(encoding="utf-8").split())
        lines = corpus.read_text(encoding="utf-8").splitlines()
        start = next(k for k, ln in enumerate(lines) if ln.startswith("**I."))
        end = next(k for k, ln in enumerate(lines) if ln.strip() == "|" and k > start)
        copies = max(1, round(words / len(" ".join(lines[start:end]).split())))
        web = Path(tmp) / "dai-web.txt"
        web.write_text("\n".join(lines[:start] + lines[start:end] * copies + lines[end:]), encoding="utf-8")
        return {"pages": pages, "words": words,
                "docx": median_time(lambda: import_file(docx_path), runs=5),
                "text": median_time(lambda: import_file(text_path), runs=5),
                "markdown": median_time(lambda: import_file(web), runs=5)}


def main() -> int:
    started = time.perf_counter()
    print("đo 1/6: kết xuất trong tiến trình ...", flush=True)
    inproc = bench_in_process()
    valid = bench_validate()
    print("đo 2-3/6: cả tiến trình, --help ...", flush=True)
    proc = bench_process()
    print("đo 4/6: watch ...", flush=True)
    watch = bench_watch()
    print("đo 5/6: 34 tỉnh, PDF ...", flush=True)
    batch = bench_batch()
    print("đo 6/6: quy mô 15-240 trang ...", flush=True)
    scaling = bench_scaling()
    print("đo thêm: PDF/A-2b ...", flush=True)
    pdfa = bench_pdfa()
    print("đo 8: kehoach serve (Chromium) ...", flush=True)
    from serve import bench_serve

    serve = bench_serve()
    print("đo 10: nhập kế hoạch 100 trang ...", flush=True)
    imports = bench_import()
    slowest = max(imports["docx"], imports["text"], imports["markdown"])

    worst_inproc = max(r["ratio"] for r in inproc)
    r_process = proc["r_render"]
    r_help = proc["r_help"]
    per_page = scaling[-1]["per_page"] / scaling[0]["per_page"]
    peak = max(r["rss_mb"] for r in scaling)
    check_row = min(scaling, key=lambda r: abs(r["pages"] - 60))  # the ~60-page plan
    targets = [
        ("1. in-process render / bare docxtpl (worst example)", f"{worst_inproc:.2f}", "≤ 1.3", worst_inproc <= 1.3),
        ("1b. validate with content checks, largest example, in-process (ms)", f"{valid['validate'] * 1000:.1f}",
         "< 50", valid["validate"] < 0.05),
        ("2. `kehoach render` process / import docxtpl+yaml+jinja2+pydantic", f"{r_process:.2f}", "≤ 1.5", r_process <= 1.5),
        ("3. `kehoach --help` / `import click`", f"{r_help:.2f}", "≤ 1.5", r_help <= 1.5),
        ("4. watch: save -> new .docx (s)", f"{watch:.3f}", "< 0.3", watch < 0.3),
        ("5. PDF batch: one LibreOffice run / one run per file", f"{batch['ratio']:.2f}", "≤ 0.4", batch["ratio"] <= 0.4),
        (f"6. time per page at {scaling[-1]['pages']} pages / at {scaling[0]['pages']} pages", f"{per_page:.2f}",
         "≤ 1.5", per_page <= 1.5),
        ("   peak RSS, largest synthetic plan (MB)", f"{peak:.0f}", "< 300", peak < 300),
        ("7. PDF/A-2b batch (metadata, pre-flight) / plain PDF batch", f"{pdfa['ratio']:.2f}", "≤ 1.5",
         pdfa["ratio"] <= 1.5),
        ("8. serve: keystroke -> updated preview, largest example (s)", f"{serve['key']:.3f}", "< 0.15",
         serve["key"] < 0.15),
        ("   serve: opening the editor, largest example (s)", f"{serve['open']:.3f}", "< 1", serve["open"] < 1),
        (f"   serve: a second PDF of a {serve['pdf_pages']}-page plan (s)", f"{serve['pdf_next']:.3f}", "< 1",
         serve["pdf_next"] < 1),
        (f"9. `kehoach check` of the {check_row['pages']}-page plan (s)", f"{check_row['check']:.3f}", "< 1",
         check_row["check"] < 1),
        (f"10. `kehoach import` of a {imports['pages']}-page plan, slowest source (s)", f"{slowest:.2f}", "< 2",
         slowest < 2),
    ]

    versions = {name: md.version(name) for name in ("kehoach-gen", "python-docx", "docxtpl", "jinja2", "pyyaml",
                                                    "pydantic", "click", "watchfiles")}
    lo = subprocess.run([shutil.which("soffice") or "soffice", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# kehoach-gen benchmark results",
        "",
        f"- date: {dt.date.today().isoformat()}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- Python {platform.python_version()}; " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"- LibreOffice: {lo or 'not found'}",
        "- method: median of several runs after a warm-up; `make bench` regenerates this file",
        "",
        "## Targets",
        "",
        "| measure | value | target | holds |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {'yes' if d else '**no**'} |" for a, b, c, d in targets],
        "",
        "## 1. In-process render of each example",
        "",
        "| plan | kehoach-gen (s) | bare docxtpl (s) | ratio (median of paired runs) |",
        "|---|---|---|---|",
        *[f"| {r['plan']} | {r['ours']:.3f} | {r['bare']:.3f} | {r['ratio']:.2f} |" for r in inproc],
        "",
        "## 1b. Validate",
        "",
        f"- `kehoach validate {valid['plan']}.yaml` in-process (load, validate, content checks): "
        f"{valid['validate'] * 1000:.1f} ms; loading and validating alone: {valid['load'] * 1000:.1f} ms",
        "",
        "## 2-3. Whole process",
        "",
        f"- `kehoach render {proc['plan']}.yaml` (includes the ND30 self-check): {proc['render']:.3f} s",
        f"- `python -c \"import docxtpl, yaml, jinja2, pydantic\"`: {proc['imports']:.3f} s",
        "  (as the target defines it; kehoach-gen does not use pydantic, and `import pydantic` alone is lazy)",
        "- ratios are medians of per-pair ratios over 21 alternating pairs",
        f"- `kehoach --help`: {proc['help']:.3f} s; `python -c \"import click\"`: {proc['click']:.3f} s",
        "",
        "## 4. Watch",
        "",
        f"- from saving the YAML to the new .docx on disk: {watch:.3f} s (median of 7 saves)",
        "",
        "## 5. One plan per current province",
        "",
        f"- {batch['plans']} plans from `kehoach new`, rendered to .docx in one process: {batch['docx']:.2f} s",
        f"- to PDF in one LibreOffice run: {batch['pdf_one_run']:.1f} s; one run per file: {batch['pdf_per_file']:.1f} s "
        "(six files timed, scaled to all)",
        "",
        "## 6. Scaling and memory",
        "",
        "| nhiệm vụ | pages | render (s) | s per page | peak RSS (MB) | check (s) |",
        "|---|---|---|---|---|---|",
        *[f"| {r['items']} | {r['pages']} | {r['seconds']:.3f} | {r['per_page']:.4f} | {r['rss_mb']:.0f} | {r['check']:.3f} |"
          for r in scaling],
        "",
        "## 7. PDF/A-2b",
        "",
        f"- the {pdfa['plans']} examples, one LibreOffice run each way: plain PDF {pdfa['plain']:.2f} s, "
        f"PDF/A-2b with metadata and pre-flight {pdfa['pdfa']:.2f} s (medians of 3 alternating runs)",
        "## 8. kehoach serve",
        "",
        f"- {serve['plan']} (the largest example) in Debian's Chromium driven by Playwright, through the real "
        "`kehoach serve`",
        f"- opening the editor until the preview shows: {serve['open']:.3f} s (median of 7)",
        f"- a keystroke in the trích yếu until the preview shows it: median {serve['key'] * 1000:.0f} ms, "
        f"90th percentile {serve['key_p90'] * 1000:.0f} ms (41 keys)",
        f"- PDF from the editor (build, ND30 check, warm LibreOffice): first {serve['pdf_first']:.2f} s, "
        f"then {serve['pdf_next']:.2f} s (median of 5)",
        "",
        "## 7. Import of a long plan",
        "",
        f"- a {imports['pages']}-page plan ({imports['words']} words): from our .docx {imports['docx']:.2f} s; "
        f"from its LibreOffice text export {imports['text']:.2f} s; from a Markdown web copy of as many words "
        f"{imports['markdown']:.2f} s (median of 5)",
        "",
        f"Total benchmark time: {time.perf_counter() - started:.0f} s.",
        "",
    ]
    text = "\n".join(lines)
    (ROOT / "bench" / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
