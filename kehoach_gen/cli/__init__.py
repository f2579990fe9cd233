"""The `kehoach` command: one module per command over the group in `base`; `console` runs it. This package
is the only part of the program that prints or picks an exit code."""

from kehoach_gen.cli import (  # noqa: F401  (each module registers its command with the group)
    accounts,
    check,
    diff,
    importing,
    new,
    preview,
    render,
    schema,
    serve,
    theo_doi,
    validate,
    watch,
)
from kehoach_gen.cli.base import cli
from kehoach_gen.cli.console import main

__all__ = ["cli", "main"]

if __name__ == "__main__":
    main()
