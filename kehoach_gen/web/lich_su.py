"""The body of `kehoach lich-su PLAN.yaml [--khoi-phuc N]`: the plan's versions, one a line (number, time,
author, summary), after recording any edit made outside `kehoach serve` since it last looked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kehoach_gen.errors import KehoachError
from kehoach_gen.web.versions import Author, History


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment (a service account)
        return "người dùng máy"


def run(plan: Path, restore: int | None, author: str | None, echo: Callable[[str], None]) -> None:
    from kehoach_gen.web.status import refuse_if_approved
    from kehoach_gen.web.store import NAME

    if not NAME.match(plan.name) or plan.name.startswith("."):
        raise KehoachError(f"{plan}: cần một tệp kế hoạch .yaml trong thư mục kế hoạch")
    history = History(plan.parent.resolve())
    history.sync([plan.name])
    if not plan.is_file() and not history.versions(plan.name):
        raise KehoachError(f"{plan}: không có tệp này, và lịch sử của thư mục không có kế hoạch này")
    if restore is not None:
        refuse_if_approved(history, plan.name, "khôi phục")
        version = history.restore(plan.name, restore, Author(author or f"{_user()} (dòng lệnh)"))
        echo(f"{plan}: đã khôi phục phiên bản {restore} thành phiên bản mới {version.number}")
    versions = history.versions(plan.name)
    if not versions:
        echo(f"{plan}: chưa có phiên bản nào")
    for version in versions:
        echo(version.line())
