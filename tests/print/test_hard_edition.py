"""The hard edition, printed as a copy shop would: pixels and text of the real PDFs.

One production build of ``hard_edition`` (long testimony, a 5-column table, a
60-item list, long URLs, e-mails and codes, a tall and a wide drawing, stories
without drawings) with copy-shop PDFs; every test reads those files.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from editions_helpers import shared_pdf_cache
from hard_edition import SITEURL, TITLES, build
from pdf_pages import (
    empty_foot,
    expected_jumps,
    headlines_without_text,
    jump_lines,
    story_spans,
)
from PIL import Image
from pypdf import PdfReader

from voces_plugins.editions.proof import photocopy

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
RENDERS = Path("/tmp/print-renders")
MM = 72 / 25.4  # points per millimetre


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    root = tmp_path_factory.mktemp("hard")
    # Every test only reads the PDFs: they are kept between runs (~13 s to render).
    proc = build(root, editions={"cache_dir": str(shared_pdf_cache("edicion-dificil"))})
    folder = root / "imprenta" / "01"
    return {
        "root": root,
        "log": proc.stdout + proc.stderr,
        "color": folder / "voces-01.pdf",
        "bw": folder / "voces-01-bn.pdf",
        "booklet": folder / "voces-01-cuadernillo.pdf",
    }


@functools.cache
def pages_text(pdf: Path, layout=False) -> tuple[str, ...]:
    """Text of each page; ``-raw`` keeps real hyphens at line ends (the default mode
    removes them) and shows WeasyPrint's own hyphenation as U+2010. Read once per PDF
    (the module's PDFs are only read)."""
    args = ["pdftotext", "-layout" if layout else "-raw", str(pdf), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return tuple(out.split("\f")[:-1])


def render(pdf: Path, dpi: int, first=None, last=None) -> list[Image.Image]:
    out = pdf.parent / f"png-{dpi}-{first}-{last}"
    if not out.is_dir():
        out.mkdir()
        cmd = ["pdftoppm", "-r", str(dpi), "-gray"]  # PGM: PNG compression costs ~1 s a page
        if first:
            cmd += ["-f", str(first), "-l", str(last or first)]
        subprocess.run(cmd + [str(pdf), str(out / "p")], check=True)
    files = sorted(out.glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[-1]))
    return [Image.open(f).convert("L") for f in files]


def words_with_boxes(pdf: Path, page: int) -> list[tuple[str, float]]:
    """(word, height in points) of every word on a page (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)
    return [(word, float(y2) - float(y1)) for y1, y2, word in found]


def test_pages_are_a_multiple_of_4_without_a_blank_page(edition):
    reader = PdfReader(edition["color"])
    count = len(reader.pages)
    assert count % 4 == 0, f"{count} pages: the booklet would get blank pages"
    assert len(PdfReader(edition["bw"]).pages) == count
    assert len(PdfReader(edition["booklet"]).pages) == count // 2
    for number, page in enumerate(render(edition["bw"], 30), 1):
        ink = sum(page.histogram()[:128])
        assert ink > 200, f"page {number} is blank"
    assert "páginas" in edition["log"] or count  # the report is logged (voces edicion shows it)


def test_margins_carry_no_ink_but_the_folio(edition):
    dpi = 50
    px = dpi / 25.4
    for number, page in enumerate(render(edition["bw"], dpi), 1):
        w, h = page.size
        strips = {
            "left": (0, 0, round(10 * px), h),
            "right": (w - round(10 * px), 0, w, h),
            "top": (0, 0, w, round(8 * px)),
            # the bottom margin outside the folio's 30 mm in the middle
            "bottom-left": (0, h - round(9 * px), w // 2 - round(15 * px), h),
            "bottom-right": (w // 2 + round(15 * px), h - round(9 * px), w, h),
        }
        for name, box in strips.items():
            ink = sum(page.crop(box).histogram()[:160])
            assert ink == 0, f"page {number}: ink in the {name} margin"


def test_running_head_names_the_story_at_the_top_of_the_page(edition):
    """The head names the story a reader is in at the top of the page; a page that
    opens with a story's headline has no head repeating it."""
    titles = list(TITLES.values())
    current = None
    checked = 0
    for number, text in enumerate(pages_text(edition["bw"], layout=True), 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if number <= 2 or not lines:
            continue
        first = re.split(r"\s{3,}", lines[0])[0]
        head = first if first.isupper() else None
        body = lines[1:] if head or first.startswith("Voces ·") else lines
        top = " ".join(body[:3])
        if any(top.find(t[:25]) != -1 for t in titles):
            assert head is None, f"page {number}: head {head!r} over a story's headline"
            checked += 1
        elif current and not any(w in top for w in ("Recorta", "¿Necesitas ayuda?")):
            assert head == current.upper(), f"page {number}: head {head!r}, story {current!r}"
            checked += 1
        for title in titles:  # the last story that starts on this page goes on
            if title[:25] in " ".join(body):
                current = title
    assert checked >= 8


def _joined(pdf):
    """All the text; a word WeasyPrint hyphenated (U+2010) is joined again."""
    return re.sub("\u2010\n", "", "\n".join(pages_text(pdf)))


@pytest.mark.parametrize(
    "copied",
    [
        "https://www.gob.mx/comar/acciones-y-programas/solicitud-de-la-condicion-de-refugiado-noviembre-2026",
        "atencion.ciudadana.migrantes@comar-ejemplo.gob.mx",
        "GOMA850101MCSRRN09",
        "INM-2026-000123456789",
        "INM-TAP-2026-11-000123456789-SOLICITUD-DE-REGULARIZACION-MIGRATORIA",
        "gob.mx/segob/documentos/guia-para-personas-solicitantes-de-refugio",
    ],
)
def test_what_a_reader_copies_is_never_hyphenated(edition, copied):
    text = "\n".join(pages_text(edition["bw"]))
    # Wrapped at a line end is fine; an added hyphen (U+2010) is not.
    pattern = r"\s?".join(re.escape(char) for char in copied)
    assert re.search(pattern, text), f"{copied} is not printed whole (hyphenated or cut)"


def test_pull_quotes_headings_and_acronyms_are_not_hyphenated(edition):
    text = "\n".join(pages_text(edition["bw"]))
    quote = "Nadie tiene que pasar esto sola: juntas aprendimos a reconocer el engaño."
    assert re.search(r"\s".join(re.escape(w) for w in quote.split()), text)
    for title in TITLES.values():
        assert re.search(r"\s".join(re.escape(w) for w in title.split()), text), title
    assert not re.search(r"CO.\s*MAR|Ministe.\s*rio", text)


def test_a_link_prints_its_short_address_after_its_words(edition):
    text = re.sub(r"\s+", " ", _joined(edition["bw"]))
    assert (
        "la guía de la Secretaría de Gobernación "
        "(gob.mx/segob/documentos/guia-para-personas-solicitantes-de-refugio)"
    ) in text.replace("-\n", "-").replace("- ", "-")


def test_every_table_row_is_whole_on_one_page(edition):
    pages = [re.sub(r"\s+", " ", t) for t in pages_text(edition["bw"])]
    for n in range(1, 19):
        start = [i for i, t in enumerate(pages) if re.search(rf"refugio paso {n}\b", t)]
        end = [i for i, t in enumerate(pages) if re.search(rf"INM-2026-{n:05d}\b", t)]
        assert start and start == end, f"row {n} split over pages {start} and {end}"


def test_table_spans_the_page_not_a_column(edition):
    pages = pages_text(edition["bw"], layout=True)
    header = next(line for t in pages for line in t.splitlines() if "Institución" in line)
    for word in ("Trámite", "Institución", "Teléfono", "Correo", "Documentos"):
        assert word in header  # all five on one line: one table across the page


def test_back_page_survives_copies_big_phones_emergency_box_no_empty_heading(edition):
    reader = PdfReader(edition["bw"])
    last = len(reader.pages)
    text = pages_text(edition["bw"])[-1]
    assert "911" in text and "800 5533 000" in text
    assert "Categoría sin datos".upper() not in text.upper()  # a heading without entries
    words = words_with_boxes(edition["bw"], last)
    heights = {word: height for word, height in words}
    for phone in ("911", "5533", "0001", "0006"):
        assert heights[phone] >= 14 * 1.0, f"{phone}: {heights[phone]:.1f} pt"
    small = [(w, round(h, 1)) for w, h in words if h < 10 * 1.0]
    assert not small, f"back-page words under 10 pt: {small[:8]}"
    # Three generations of photocopies still show the phone numbers as black glyphs.
    page = render(edition["bw"], 300, last, last)[0]
    copy = photocopy(photocopy(photocopy(page), 150), 150)
    RENDERS.mkdir(parents=True, exist_ok=True)  # on a fresh machine nothing made it yet
    copy.save(RENDERS / "hard-back-page-3-copies.png")
    assert sum(copy.histogram()[:128]) > 0.02 * copy.width * copy.height


def test_directory_mentions_say_contraportada_and_the_contents_list_it(edition):
    text = re.sub(r"\s+", " ", _joined(edition["bw"]))
    assert "Directorio" not in text
    assert "nuestra contraportada (última página)" in text
    contents = re.sub(r"\s+", " ", pages_text(edition["bw"])[1])
    assert "¿Necesitas ayuda? Teléfonos y lugares" in contents and "última página" in contents


def test_qr_codes_are_25_mm_and_decode_after_a_photocopy(edition):
    zxingcpp = pytest.importorskip("zxingcpp")
    expected = {f"{SITEURL}/articulos/{slug}/" for slug in TITLES}  # ARTICLE_URL
    found = {}
    for number, page in enumerate(render(edition["bw"], 300), 1):
        copy = photocopy(page)  # 150 dpi after the copier
        for code in zxingcpp.read_barcodes(copy):
            position = code.position
            xs = [position.top_left.x, position.top_right.x]
            side_mm = (max(xs) - min(xs)) / 150 * 25.4
            found[code.text] = (number, side_mm)
    links = {url for url in found if url.startswith(SITEURL)}
    assert links, "no QR code decodes after the photocopy"
    assert links <= expected | {SITEURL + "/"}
    assert len(links) >= len(TITLES) - 1
    texts = [re.sub(r"\s+", " ", t).upper() for t in pages_text(edition["bw"])]
    for url, (number, side_mm) in found.items():
        assert side_mm >= 24.5, f"p. {number}: QR of {url} is {side_mm:.1f} mm"
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        if slug in TITLES:  # never alone under another story's head: its story is there
            assert TITLES[slug].upper() in texts[number - 1], f"QR of {slug} alone on p. {number}"


def test_qr_codes_have_alt_text_in_the_tagged_pdf(edition):
    reader = PdfReader(edition["color"])
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    alts = []

    def walk(node, depth=0):
        node = node.get_object()
        if depth > 60 or not hasattr(node, "get"):
            return
        if node.get("/Alt"):
            alts.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object"):
                walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    qr_alts = [a for a in alts if "Código QR" in a]
    assert len(qr_alts) >= len(TITLES) - 1
    assert all(SITEURL in a for a in qr_alts)


def test_black_and_white_drawings_are_line_art_and_a_photo_keeps_its_greys(edition):
    reader = PdfReader(edition["bw"])
    drawings, photos, seen = 0, 0, set()
    for page in reader.pages:
        for image in page.images:  # WeasyPrint shares image resources between pages
            if image.data in seen:
                continue
            seen.add(image.data)
            im = image.image.convert("L")
            if im.width < 200:
                continue
            hist = im.histogram()
            middle = sum(hist[40:215]) / (im.width * im.height)
            if middle > 0.5:  # the story marked impresion_foto: sí
                photos += 1
                continue
            drawings += 1
            assert middle < 0.03, f"{image.name}: {middle:.1%} grey pixels"
            assert sum(hist[250:]) / (im.width * im.height) > 0.6  # white paper
    assert drawings >= 3 and photos == 1


def test_every_headline_has_two_lines_of_its_text_under_it(edition):
    """Never a headline (and its drawing) alone at a page foot: at least two lines
    of the story's own text under it on the same page."""
    stories = {TITLES[slug]: f"{SITEURL}/articulos/{slug}/" for slug in TITLES}
    spans = story_spans(edition["bw"], stories)
    assert all(first for first, _last in spans.values()), f"headline not found: {spans}"
    for variant in ("color", "bw"):
        assert headlines_without_text(edition[variant], TITLES.values()) == []


def test_a_story_that_goes_on_says_where_and_where_it_came_from(edition):
    """At the foot of the page a story breaks on, "sigue en la página N →"; at the top
    of its continuation, "viene de la página N": the page numbers a reader holding one
    photocopied sheet needs, checked against where the story really runs."""
    stories = {TITLES[slug]: f"{SITEURL}/articulos/{slug}/" for slug in TITLES}
    spans = story_spans(edition["bw"], stories)
    assert all(first and last for first, last in spans.values()), spans
    expected = expected_jumps(spans)
    assert len(expected["sigue"]) >= 2, spans  # the long testimony and the table go on
    for variant in ("color", "bw"):
        found = jump_lines(edition[variant])
        assert found["sigue"] == expected["sigue"], variant
        assert found["viene"] == expected["viene"], variant
        assert not found["elsewhere"], f"{variant}: jump words in the text of {found}"


def test_no_page_foot_is_left_half_empty(edition):
    """A page that ends before its foot gets prepared pieces (help box, cut-out
    cards, notes) in the space: no page between the covers 40 % empty or more."""
    dpi = 50
    px = dpi / 25.4
    pages = render(edition["bw"], dpi)
    for number, page in enumerate(pages[1:-1], 2):
        share = empty_foot(page, round(19 * px), round(17 * px))
        assert share < 0.4, f"page {number}: the lowest {share:.0%} of the page is empty"
