"""The clerk reads the command's help and usage errors in Vietnamese: no English placeholder is left in them."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kehoach_gen.cli import cli

COMMANDS = sorted(cli.commands)
# click's own placeholders and English argument names ("PLANS...", "SOURCE", "[OPTIONS]", "TEXT").
ENGLISH = re.compile(r"\b(?:PLANS?|SOURCE|FILES|FOLDER|TARGET|OLD|NEW|OPTIONS|COMMAND|ARGS|TEXT|PATH|INTEGER|DIRECTORY)\b")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_every_placeholder_in_vietnamese(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("command", ["render", "validate", "import", "diff", "preview", "theo-doi", "watch"])
def test_a_missing_argument_is_named_in_vietnamese(command):
    result = CliRunner().invoke(cli, [command])
    assert result.exit_code != 0
    assert not ENGLISH.search(result.output), result.output
