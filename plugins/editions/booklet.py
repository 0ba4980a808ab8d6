"""Saddle-stitch imposition with pypdf (two pages per side of a landscape sheet).

For a document padded to ``n`` pages (a multiple of 4), sheet ``s`` (0-based) carries
on its front the pages ``n-1-2s`` (left) and ``2s`` (right), on its back ``2s+1``
(left) and ``n-2-2s`` (right). Printed double-sided (flip on the short edge),
folded and stapled, the pages read in order.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter

# pypdf is imported inside the functions that impose: importing it costs ~0.3-1 s of
# CPU, and every build and ``voces revisar`` load this plugin, while a booklet is only
# imposed when an edition's PDFs are not in the cache.


def booklet_order(page_count: int, blanks_before_last: bool = True) -> list[int | None]:
    """Reading order padded to a multiple of 4; None is a blank page.

    Blanks go before the last page so that the back page stays the back cover.
    """
    padded = -(-page_count // 4) * 4 if page_count else 0
    blanks = [None] * (padded - page_count)
    pages = list(range(page_count))
    if blanks_before_last and page_count > 1:
        return pages[:-1] + blanks + pages[-1:]
    return pages + blanks


def sheet_sides(order: list) -> list[tuple]:
    """(left, right) pairs, side by side, in printing order (front, back, front...)."""
    n = len(order)
    sides = []
    for sheet in range(n // 4):
        sides.append((order[n - 1 - 2 * sheet], order[2 * sheet]))
        sides.append((order[2 * sheet + 1], order[n - 2 - 2 * sheet]))
    return sides


def impose(
    pdf_bytes: bytes, sheet: str = "double", title: str | None = None, lang: str | None = None
) -> bytes:
    """Return a booklet PDF: landscape sheets with two pages per side.

    ``sheet="double"`` keeps the page size (a letter page on half a tabloid sheet);
    ``"same"`` shrinks two pages onto one sheet of the original paper.
    """
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import (
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = list(reader.pages)
    if not pages:
        raise ValueError("el PDF no tiene páginas / the PDF has no pages")
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    scale = 1.0 if sheet == "double" else min(height / (2 * width), width / height)
    sheet_w, sheet_h = (2 * width * scale, height * scale) if sheet == "double" else (height, width)
    offset_y = (sheet_h - height * scale) / 2
    offset_x = (sheet_w - 2 * width * scale) / 2

    writer = PdfWriter()
    forms = [None] * len(pages)
    figures = []  # (page object, alt text): one tagged figure per side of a sheet
    for number, (left, right) in enumerate(sheet_sides(booklet_order(len(pages)))):
        side = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        drawn, names = [], DictionaryObject()
        for slot, index in enumerate((left, right)):
            if index is None:
                continue
            if forms[index] is None:
                forms[index] = _as_form(writer, pages[index])
            name = NameObject(f"/P{slot}")
            names[name] = forms[index]
            x = offset_x + slot * width * scale
            drawn.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {offset_y:.4f} cm {name} Do Q")
        side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
        content = DecodedStreamObject()
        marked = "/Figure <</MCID 0>> BDC " + " ".join(drawn) + " EMC"
        content.set_data(marked.encode("ascii"))
        side[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        side[NameObject("/StructParents")] = NumberObject(number)
        added = writer.add_page(side)
        face = "frente" if number % 2 == 0 else "vuelta"
        shown = " y ".join(str(i + 1) for i in (left, right) if i is not None) or "ninguna"
        figures.append((added, f"Pliego {number // 2 + 1}, {face}: páginas {shown} de la edición"))
    _tag(writer, figures, lang)
    writer.add_metadata({"/Producer": "Voces", **({"/Title": title} if title else {})})
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _tag(writer: PdfWriter, figures, lang) -> None:
    """A tagged booklet: each side of a sheet is a figure saying which pages it holds.

    The booklet is for the copy shop; the reading order and the text are in the
    colour and B/W PDFs, which carry WeasyPrint's full tags.
    """
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    root = writer._root_object
    tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree_ref = writer._add_object(tree)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): tree_ref,
        }
    )
    document_ref = writer._add_object(document)
    kids, parents = ArrayObject(), ArrayObject()
    for number, (page, alt) in enumerate(figures):
        figure = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Figure"),
                NameObject("/P"): document_ref,
                NameObject("/Pg"): page.indirect_reference,
                NameObject("/Alt"): TextStringObject(alt),
                NameObject("/K"): NumberObject(0),
            }
        )
        figure_ref = writer._add_object(figure)
        kids.append(figure_ref)
        parents.extend([NumberObject(number), ArrayObject([figure_ref])])
    document[NameObject("/K")] = kids
    tree[NameObject("/K")] = ArrayObject([document_ref])
    tree[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): parents})
    )
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(len(figures))
    root[NameObject("/StructTreeRoot")] = tree_ref
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    if lang:
        root[NameObject("/Lang")] = TextStringObject(lang)


def _as_form(writer: PdfWriter, page: PageObject):
    """One page as a Form XObject in ``writer`` (drawn whole: no content parsing)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        FloatObject,
        NameObject,
    )

    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    box = page.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)]
            ),
            NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())
