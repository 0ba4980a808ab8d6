"""The booklet: a copy shop prints it double-sided, folds it, staples it, and the
pages read in order. Checked on test documents whose pages print their own number."""

from __future__ import annotations

import io
import re

import pytest
import weasyprint
from editions_helpers import ROOT  # noqa: F401  (puts plugins/ on sys.path)
from pypdf import PdfReader

from voces_plugins.editions.booklet import booklet_order, impose, sheet_sides


def numbered_pdf(pages: int) -> bytes:
    """A Letter document whose page k shows only 'PAGINA-k'."""
    body = "".join(f'<p class="n">PAGINA-{k}</p>' for k in range(1, pages + 1))
    css = weasyprint.CSS(
        string="@page { size: letter; margin: 20mm }"
        ".n { break-after: page; font-size: 40pt; margin: 0 }"
        ".n:last-child { break-after: auto }"
    )
    return weasyprint.HTML(string=f"<html lang='es'><body>{body}</body></html>").write_pdf(
        stylesheets=[css]
    )


def sides_as_read(pdf_bytes: bytes):
    """For each printed side: (number on the left half, number on the right half).

    Each side draws whole pages as form XObjects, placed by a ``cm`` before ``Do``;
    the x offset of each placement says left or right, and the text of the page
    drawn there says which page it is.
    """
    reader = PdfReader(io.BytesIO(pdf_bytes))
    result = []
    for page in reader.pages:
        half = float(page.mediabox.width) / 2
        stream = page.get_contents().get_data().decode("latin-1")
        placements = [
            float(m.group(1))
            for m in re.finditer(r"q [\d.]+ 0 0 [\d.]+ ([\d.]+) [\d.]+ cm /\w+ Do Q", stream)
        ]
        numbers = [int(n) for n in re.findall(r"PAGINA-(\d+)", page.extract_text())]
        assert len(placements) == len(numbers)
        found = {"left": None, "right": None}
        for x, number in zip(placements, numbers):
            found["left" if x < half else "right"] = number
        result.append((found["left"], found["right"]))
    return result


@pytest.mark.parametrize(
    "pages, expected",
    [
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
        (12, [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]),
    ],
)
def test_booklet_page_order_reads_in_order_when_folded(pages, expected):
    booklet = impose(numbered_pdf(pages), sheet="double")
    assert sides_as_read(booklet) == expected
    # two pages per side of each sheet: the imposed file holds a multiple of 4 pages
    assert (len(PdfReader(io.BytesIO(booklet)).pages) * 2) % 4 == 0


def test_booklet_sheet_is_landscape_and_twice_the_page():
    reader = PdfReader(io.BytesIO(impose(numbered_pdf(8), sheet="double")))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((2 * 612, 792))


def test_booklet_on_same_paper_shrinks_two_pages_onto_a_landscape_letter_sheet():
    booklet = impose(numbered_pdf(8), sheet="same")
    reader = PdfReader(io.BytesIO(booklet))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((792, 612))
    assert sides_as_read(booklet) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_odd_page_count_is_padded_with_blanks_before_the_back_page():
    # 10 pages become 12: two blank pages go before page 10, which stays the back cover.
    booklet = impose(numbered_pdf(10))
    assert sides_as_read(booklet) == [(10, 1), (2, None), (None, 3), (4, 9), (8, 5), (6, 7)]


def test_booklet_order_helpers_cover_every_page_once():
    for count in range(1, 30):
        order = booklet_order(count)
        assert len(order) % 4 == 0
        assert sorted(p for p in order if p is not None) == list(range(count))
        placed = [p for side in sheet_sides(order) for p in side if p is not None]
        assert sorted(placed) == list(range(count))


def test_booklet_metadata_names_no_person():
    reader = PdfReader(io.BytesIO(impose(numbered_pdf(4), title="Voces 1", lang="es")))
    meta = reader.metadata
    assert meta.get("/Producer") == "Voces"
    assert "/Author" not in meta and "/Creator" not in meta
    assert reader.trailer["/Root"]["/Lang"] == "es"


def test_booklet_is_tagged_each_side_a_figure_naming_its_pages():
    reader = PdfReader(io.BytesIO(impose(numbered_pdf(8), sheet="double", lang="es")))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "es"
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    alts = [kid.get_object()["/Alt"] for kid in document["/K"]]
    assert len(alts) == len(reader.pages) == 4
    assert alts[0] == "Pliego 1, frente: páginas 8 y 1 de la edición"
    assert alts[1] == "Pliego 1, vuelta: páginas 2 y 7 de la edición"
