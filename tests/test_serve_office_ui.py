"""What clerks trying `kehoach serve` noticed, in Debian's Chromium against the real command: the list tells
issuers apart and creates a Sở's or a commune's plan, the year proposed follows the plan rolled forward, the
appendix grid stays beside the preview, the preview follows the field being edited, and the page prints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_cli
from serving import open_plan, serving_examples

pytestmark = pytest.mark.slow  # Chromium drives the editor


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("van-phong")
    run = run_cli("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", str(folder / "lai-chau-2027.yaml"))
    assert run.returncode == 0, run.stderr
    with serving_examples(folder) as served:
        yield served


def row_of(page, name: str):
    return page.locator("tbody tr", has=page.locator(f'a[href="/ke-hoach/{name}"]'))


def test_the_list_names_each_issuer_and_creates_a_departments_and_a_communes_plan(page, server):
    base, _ = server
    page.goto(base)
    assert row_of(page, "hau-giang-2018.yaml").locator(".co-quan").inner_text() == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert page.locator("#ten").is_hidden()  # a committee's plan needs no name

    page.select_option("#loai", "so-ban")
    page.select_option("#tinh", label="Ủy ban nhân dân tỉnh Lai Châu")
    page.fill("#ten", "Sở Ngoại vụ")
    page.fill("#nam-moi", "2027")
    page.get_by_role("button", name="Tạo kế hoạch mới").click()
    page.wait_for_url(re.compile(r"/ke-hoach/so-ngoai-vu-lai-chau-2027\.yaml$"))
    page.frame_locator("#xem").get_by_text("SỞ NGOẠI VỤ").first.wait_for()
    page.frame_locator("#xem").get_by_text("UBND TỈNH LAI CHÂU").first.wait_for()

    page.goto(base)
    issuer = row_of(page, "so-ngoai-vu-lai-chau-2027.yaml").locator(".co-quan").inner_text()
    assert issuer.splitlines() == ["UBND tỉnh Lai Châu", "Sở Ngoại vụ"]
    page.select_option("#loai", "xa")
    page.fill("#ten", "xã Tả Van")
    page.get_by_role("button", name="Tạo kế hoạch mới").click()
    page.wait_for_url(re.compile(r"/ke-hoach/xa-ta-van-2027\.yaml$"))
    page.frame_locator("#xem").get_by_text("XÃ TẢ VAN").first.wait_for()

    page.goto(base)
    page.select_option("#loai", "so-ban")
    page.fill("#ten", "Công ty Du lịch")
    page.get_by_role("button", name="Tạo kế hoạch mới").click()
    page.locator("#thong-bao", has_text="không rõ cơ quan").wait_for()


def test_rolling_forward_proposes_the_year_after_the_plans_own(page, server):
    base, _ = server
    page.goto(base)
    page.select_option("#goc", "hau-giang-2018.yaml")
    assert page.input_value("#nam-chuyen") == "2019"
    page.fill("#nam-chuyen", "2028")
    page.get_by_role("button", name="Chuyển sang năm mới").click()
    page.wait_for_url(re.compile(r"/ke-hoach/hau-giang-2028\.yaml$"))
    page.goto(base)
    page.select_option("#goc", "hau-giang-2028.yaml")
    assert page.input_value("#nam-chuyen") == "2029"
    page.select_option("#goc", "lai-chau-2027.yaml")
    assert page.input_value("#nam-chuyen") == "2028"


def test_the_appendix_grid_stays_beside_the_preview(page, server):
    base, _ = server
    open_plan(page, base, "lai-chau-2027.yaml")
    grid = page.locator('[data-path="phu_luc[1].dong"] .luoi')
    grid.scroll_into_view_if_needed()
    form = page.locator("#bieu-mau").bounding_box()
    preview = page.locator(".xem").bounding_box()
    box = grid.bounding_box()
    assert box["x"] + box["width"] <= form["x"] + form["width"] + 1 <= preview["x"] + 1, (box, form, preview)
    # Its last column is reached by scrolling the grid, not hidden under the preview.
    last = page.locator('[data-key="phu_luc[1].dong[1][7]"]')
    last.focus()
    cell = last.bounding_box()
    assert cell["x"] + cell["width"] <= box["x"] + box["width"] + 1, (cell, box)


def frame_shows(page, text: str) -> None:
    """The preview is scrolled so that a paragraph or cell holding `text` is within its frame."""
    page.wait_for_function("""t => {
        const doc = document.getElementById('xem').contentDocument, h = document.getElementById('xem').clientHeight;
        return [...doc.body.querySelectorAll('p, td, th, li')].some(e => {
            const r = e.getBoundingClientRect();
            return e.textContent.includes(t) && r.top >= 0 && r.bottom <= h;
        });
    }""", arg=text)


def test_the_preview_follows_the_field_being_edited(page, server):
    base, _ = server
    open_plan(page, base, "hau-giang-2018.yaml")
    page.wait_for_function("document.getElementById('xem').contentDocument.querySelector('.trich-yeu')")
    last = page.locator('[data-path="phan"] > fieldset').last.locator("textarea, input[type=text]").last
    text = last.input_value().strip().splitlines()[0].lstrip("-+ ")[:30]
    last.focus()
    frame_shows(page, text)
    assert page.evaluate("document.getElementById('xem').contentDocument.scrollingElement.scrollTop") > 0
    page.locator('[data-key="phu_luc[1].dong[1][2]"]').focus()
    cell = page.locator('[data-key="phu_luc[1].dong[1][2]"]').input_value()[:30]
    frame_shows(page, cell)
    page.locator('[data-key="trich_yeu"]').focus()
    frame_shows(page, "Công tác đối ngoại trên địa bàn tỉnh Hậu Giang năm 2018")
    # Typing keeps the part being written in sight as the page is redrawn.
    box = page.locator('[data-key="phu_luc[1].dong[1][2]"]')
    box.focus()
    box.press("End")
    page.keyboard.type(" (bổ sung)")
    page.wait_for_function("document.getElementById('xem').contentDocument.body.textContent.includes('(bổ sung)')")
    frame_shows(page, "(bổ sung)")


def test_the_print_button_prints_the_preview(page, server):
    base, _ = server
    open_plan(page, base, "phu-tho-2022.yaml")
    page.wait_for_function("document.getElementById('xem').contentDocument.querySelector('.trich-yeu')")
    # The preview frame's own print (the browser's dialog, which a test cannot press) is counted instead.
    page.evaluate("""() => { const w = document.getElementById('xem').contentWindow;
                             w.print = () => { window.printed = (window.printed || 0) + 1; }; }""")
    page.get_by_role("button", name="In", exact=True).click()
    assert page.evaluate("window.printed") == 1
    assert "allow-modals" in (page.locator("#xem").get_attribute("sandbox") or "")  # else print is blocked
