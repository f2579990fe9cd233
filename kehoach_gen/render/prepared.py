"""A template as jinja runs it, prepared once per machine instead of at every render.

Before a render, docxtpl cleans the template's XML for jinja (patch_xml, some twenty regex passes) and
jinja compiles the result; both come out the same on every run, and together they are about half of
rendering a plan. Both are kept in jinja's bytecode cache folder: private, in the temporary directory
(jinja creates it 0700 and checks it is the user's own), one file per text, read back only when it
matches (jinja's files carry the text's checksum, ours the digest of what they hold). A folder that
cannot be used (no writable temporary directory, a full disk) only means preparing, as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, Template, nodes
from jinja2.bccache import FileSystemBytecodeCache


@functools.cache
def _cache() -> FileSystemBytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # jinja refuses a temporary folder it cannot make private
        return None


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def kept(kind: str, source: str, make: Callable[[str], str]) -> str:
    """make(source), read back from the folder when an earlier run kept it for this kind and source."""
    cache = _cache()
    if cache is None:
        return make(source)
    path = Path(cache.directory) / f"kehoach-gen-{kind}-{_digest(source)}"
    try:
        digest, text = path.read_bytes().decode("utf-8").split("\n", 1)
        if digest == _digest(text):
            return text
    except (OSError, ValueError):  # not kept yet, or damaged: made again
        pass
    text = make(source)
    try:
        _write(path, f"{_digest(text)}\n{text}".encode())
    except OSError:
        pass  # made for this render only
    return text


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all, for a run reading the file at the same moment."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class CachedEnvironment(Environment):
    """An Environment whose from_string (what docxtpl calls) goes through jinja's bytecode cache."""

    def from_string(self, source: str | nodes.Template, globals: MutableMapping[str, Any] | None = None,
                    template_class: type[Template] | None = None) -> Template:
        cache = _cache()
        if cache is None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        # One file per text (worktrees or versions side by side do not evict each other) and per jinja
        # version and escaping, which the compiled code depends on.
        name = f"kehoach-gen {jinja2.__version__} autoescape={self.autoescape} {_digest(source)}"
        try:
            bucket = cache.get_bucket(self, name, None, source)
        except OSError:
            return super().from_string(source, globals, template_class)
        if bucket.code is None:
            bucket.code = self.compile(source)
            try:
                cache.set_bucket(bucket)
            except OSError:
                pass  # compiled for this render only
        return (template_class or self.template_class).from_code(self, bucket.code, self.make_globals(globals), None)
