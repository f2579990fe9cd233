"""`make corpus`: `kehoach import` then `kehoach render` of every file of a corpus folder (default: the
development corpus in tests/fixtures/corpus; any folder of .docx/.txt/.md given as the argument), through
the real command, with what the page kept, one row a file:

- import and render exit codes;
- the share of the source's words found in the rendered plan in the same order;
- how many notes the import wrote at the top of the YAML;
- for a .docx: tables in the body (between the header and the signature) and after the signature (the
  appendices) in the source and in the render (for a text copy, in the render only), and the emphasis of the body's
  words and of the appendix tables' cells: bold (italic) words of the source that print bold (italic), and words the
  render prints bold (italic) that the source did not.

A measurement, not a test: it prints a table (Markdown) and never fails on the figures.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import body_of, docx_text, emphasis, in_order_ratio, words  # noqa: E402

KEHOACH = [sys.executable, "-m", "kehoach_gen"]


def source_words(path: Path) -> list[str]:
    if path.suffix == ".docx":
        return words(docx_text(path))
    return words(path.read_text(encoding="utf-8").replace("*", " "))


def run_one(path: Path, out: Path) -> list[str]:
    plan, docx = out / f"{path.stem}.yaml", out / f"{path.stem}.docx"
    imported = subprocess.run([*KEHOACH, "import", str(path), "-o", str(plan)], capture_output=True, text=True)
    row = [path.relative_to(path.parent.parent).as_posix() if path.parent.name in ("docx", "txt") else path.name,
           str(imported.returncode)]
    if imported.returncode not in (0, 3) or not plan.exists():
        return [*row, "-", "-", "-", "-", "-", "-", "-", "-", "-"]
    notes = sum(1 for line in plan.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
                if line.startswith("# - "))
    rendered = subprocess.run([*KEHOACH, "render", str(plan), "-o", str(docx)], capture_output=True, text=True)
    row.append(str(rendered.returncode))
    if not docx.exists():
        return [*row, "-", str(notes), "-", "-", "-", "-", "-", "-"]
    ratio = in_order_ratio(source_words(path), words(docx_text(docx)))
    row += [f"{ratio:.4f}", str(notes)]
    got = body_of(docx)
    if path.suffix != ".docx":
        tables = [f"→ {got.tables}", f"→ {got.appendix_tables}"] if got is not None else ["-", "-"]
        return [*row, *tables, "", "", "", ""]
    src = body_of(path)
    if src is None or got is None:
        return [*row, "-", "-", "-", "-", "-", "-"]
    shown = []
    for appendices in (False, True):
        for which in (1, 2):
            measured = emphasis(src, got, which, appendices=appendices)
            shown.append(f"{measured.kept}/{measured.source} +{measured.added}")
    return [*row, f"{src.tables} → {got.tables}", f"{src.appendix_tables} → {got.appendix_tables}", *shown]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "corpus"
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".txt", ".md") and p.name != "README.md")
    header = ["file", "import", "render", "words in order", "notes", "body tables", "appendix tables",
              "bold kept, added", "italic kept, added", "appendix bold", "appendix italic"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            print("| " + " | ".join(run_one(path, Path(tmp))) + " |", flush=True)


if __name__ == "__main__":
    main()
