"""`kehoach validate`: a plan read and checked, without writing a document."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach_gen.cli.base import (
    EXIT_FAIL,
    EXIT_FINDINGS,
    cli,
    content_summary,
    err,
    friendly,
    print_content,
)


@cli.command()
@click.argument("plans", nargs=-1, metavar="KẾ_HOẠCH.yaml...", required=True, type=click.Path(path_type=Path))
@friendly
def validate(plans: tuple[Path, ...]) -> None:
    """Kiểm tra tệp YAML của kế hoạch (không tạo văn bản)."""
    from kehoach_gen.content import load_checked
    from kehoach_gen.errors import PlanInvalid

    failed, content_errors = False, False
    for plan in plans:
        try:
            _plan, content, notes = load_checked(plan)
        except PlanInvalid as exc:
            failed = True
            err(str(exc))
        else:
            for note in notes:
                err(str(note))
            content_errors |= print_content(content)
            click.echo(f"{plan}: hợp lệ" + (f" ({len(notes)} cảnh báo)" if notes else "")
                       + (f"; {content_summary(content)}" if content else ""))
    if failed:
        sys.exit(EXIT_FAIL)
    if content_errors:
        sys.exit(EXIT_FINDINGS)
