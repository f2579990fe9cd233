"""`kehoach schema`: the JSON Schema of the plan YAML, for editors."""

from __future__ import annotations

from pathlib import Path

import click

from kehoach_gen.cli.base import (
    cli,
    friendly,
)
from kehoach_gen.errors import KehoachError, display


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Ghi ra tệp .json thay vì màn hình.")
@click.option("--force", is_flag=True, help="Ghi đè tệp lược đồ .json đã có.")
@friendly
def schema(output: Path | None, force: bool) -> None:
    """In JSON Schema của tệp YAML (cho VS Code và các trình soạn thảo)."""
    import json

    from kehoach_gen.plan.schema import plan_schema

    text = json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        from kehoach_gen.render.package import atomic_write

        if not output.is_dir() and output.suffix.lower() != ".json":
            raise KehoachError(f"{display(output)}: lược đồ ghi vào tệp .json (ví dụ: -o kehoach.schema.json); "
                               "không ghi đè văn bản, kế hoạch hay tệp khác")
        if output.is_file() and not force:
            raise KehoachError(f"{display(output)}: tệp đã có; không ghi đè (thêm --force để ghi lại lược đồ)")
        atomic_write(output, text.encode("utf-8"))
        click.echo(str(output))
    else:
        click.echo(text, nl=False)
