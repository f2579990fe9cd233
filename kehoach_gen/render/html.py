"""Page -> a self-contained HTML preview, straight from the model: no LibreOffice, instant.
Readable on a phone, prints on A4."""

from __future__ import annotations

import functools

from markupsafe import Markup, escape

from kehoach_gen.facts import inline
from kehoach_gen.plan.compose import Page
from kehoach_gen.render.templates import TemplateSet

TEMPLATE = "xem-truoc.html.j2"


def footnote_numbers(page: Page) -> dict[int, int]:
    """Word numbers footnotes by where they are first referenced, whatever their ids."""
    order: dict[int, int] = {}
    for para in page.body:
        for ref in inline.footnote_refs(para.text):
            order.setdefault(ref, len(order) + 1)
    for ident in page.footnotes:
        order.setdefault(ident, len(order) + 1)
    return order


def spans_html(numbers: dict[int, int], text: str) -> Markup:
    out = []
    for s in inline.parse(text):
        if s.footnote is not None:
            n = numbers.get(s.footnote, s.footnote)
            out.append(f'<sup class="fnref"><a href="#cc{n}" id="dc{n}">{n}</a></sup>')
            continue
        piece = str(escape(s.text))
        if s.italic:
            piece = f"<em>{piece}</em>"
        if s.bold:
            piece = f"<strong>{piece}</strong>"
        out.append(piece)
    return Markup("".join(out))


def render(page: Page, title: str, templates: TemplateSet | None = None) -> str:
    from kehoach_gen.render.limits import render_text_template

    tset = templates or TemplateSet()
    path = tset.find(TEMPLATE)
    numbers = footnote_numbers(page)
    notes = sorted(((numbers[k], v) for k, v in page.footnotes.items()), key=lambda x: x[0])
    return render_text_template(path, tset.is_bundled(path), {"page": page, "title": title, "notes": notes},
                                filters={"runs": functools.partial(spans_html, numbers)}, autoescape=True)
