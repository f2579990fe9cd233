"""The bundled template's jinja code, compiled once per machine instead of at every render.

docxtpl hands jinja the template's XML as a string, and jinja compiles a string anew every time: about a
quarter of rendering a plan, for code that is the same on every run. Jinja's own bytecode cache keeps it: a
private folder in the temporary directory (created 0700 and checked to be the user's own by jinja), one
file per template text and jinja version, read back only when the text matches. A cache that cannot be
used (no writable temporary directory, a full disk) only means compiling, as before.

Only for the bundled template: an office's own template runs in jinja's sandbox and is compiled as it is.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import MutableMapping
from typing import Any

import jinja2
from jinja2 import Environment, Template, nodes
from jinja2.bccache import BytecodeCache, FileSystemBytecodeCache


@functools.cache
def _cache() -> BytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # jinja refuses a temporary folder it cannot make private
        return None


class CachedEnvironment(Environment):
    """An Environment whose from_string (what docxtpl calls) goes through the bytecode cache."""

    def from_string(self, source: str | nodes.Template, globals: MutableMapping[str, Any] | None = None,
                    template_class: type[Template] | None = None) -> Template:
        cache = _cache()
        if cache is None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        # One file per text (worktrees or versions side by side do not evict each other) and per jinja
        # version and escaping, which the compiled code depends on.
        digest = hashlib.sha1(source.encode("utf-8")).hexdigest()
        name = f"kehoach-gen {jinja2.__version__} autoescape={self.autoescape} {digest}"
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
