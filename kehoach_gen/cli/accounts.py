"""`kehoach tai-khoan`: the login accounts of a plans folder served by `kehoach serve` (once a folder has one,
everyone logs in), and `kehoach lich-su`: a plan's versions, and one restored as a new version."""

from __future__ import annotations

from pathlib import Path

import click

from kehoach_gen.cli.base import Group, Range, cli, document_text, friendly


@cli.group(name="tai-khoan", cls=Group)
def tai_khoan() -> None:
    """Tài khoản đăng nhập của kehoach serve trên một thư mục (có tài khoản thì ai cũng phải đăng nhập)."""


@tai_khoan.command(name="them")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path, file_okay=False))
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
@click.option("--ho-ten", "full_name", required=True, help='Họ và tên người dùng, ví dụ "Nguyễn Văn An".')
@friendly
def tai_khoan_them(folder: Path, login: str, full_name: str) -> None:
    """Tạo tài khoản TÊN_ĐĂNG_NHẬP (mật khẩu: gõ hai lần, hoặc dòng đầu của đầu vào chuẩn)."""
    from kehoach_gen.web import account_commands

    account_commands.add(folder, login, full_name, click.echo)


@tai_khoan.command(name="doi-mat-khau")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path, file_okay=False))
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
@friendly
def tai_khoan_doi(folder: Path, login: str) -> None:
    """Đổi mật khẩu của tài khoản TÊN_ĐĂNG_NHẬP."""
    from kehoach_gen.web import account_commands

    account_commands.change_password(folder, login, click.echo)


@tai_khoan.command(name="xoa")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path, file_okay=False))
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
@friendly
def tai_khoan_xoa(folder: Path, login: str) -> None:
    """Xoá tài khoản TÊN_ĐĂNG_NHẬP."""
    from kehoach_gen.web import account_commands

    account_commands.remove(folder, login, click.echo)


@tai_khoan.command(name="danh-sach")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path, file_okay=False))
@friendly
def tai_khoan_danh_sach(folder: Path) -> None:
    """Liệt kê các tài khoản của thư mục."""
    from kehoach_gen.web import account_commands

    account_commands.listing(folder, click.echo)


@cli.command(name="lich-su")
@click.argument("plan", metavar="KẾ_HOẠCH.yaml", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--khoi-phuc", "restore", type=Range(1, 10**9), help="Khôi phục phiên bản số này thành phiên bản mới.")
@click.option("--tac-gia", "author", callback=document_text("tên người khôi phục", 100),
              help="Tên ghi vào lịch sử cho lần khôi phục (mặc định: tên người dùng của máy).")
@friendly
def lich_su(plan: Path, restore: int | None, author: str | None) -> None:
    """Lịch sử các phiên bản của một kế hoạch (số, lúc, người sửa, nội dung thay đổi)."""
    from kehoach_gen.web.lich_su import run

    run(plan, restore, author, click.echo)
