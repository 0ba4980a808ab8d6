"""The shipped edition, built for real: its three PDFs and its pages on the site."""

from __future__ import annotations

import functools
import html
import io
import re
import unicodedata
from pathlib import Path

import pytest
from editions_helpers import PLACEHOLDER, ROOT, page_images, pdftoppm_available
from pdf_pages import expected_jumps, headlines_without_text, jump_lines, story_spans
from pypdf import PdfReader

EDITION = "01"


def _plain(key):
    key = unicodedata.normalize("NFKD", key.strip().lower())
    return "".join(c for c in key if not unicodedata.combining(c))


def content_meta(path: Path) -> dict:
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        if ":" in line:
            key, value = line.split(":", 1)
            meta[_plain(key)] = value.strip()
    return meta


def edition_articles(number=1):
    """(slug, title, scope) of the shipped articles that say 'edición: N' and are published."""
    found = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        rel = path.relative_to(ROOT / "content").parts
        if rel[0] in ("paginas", "ediciones") or path.name.count(".") > 1:
            continue
        meta = content_meta(path)
        if meta.get("edicion") != str(number) or _plain(meta.get("estado", "")) != "publicado":
            continue
        scope = {
            s.strip()
            for s in _plain(meta.get("consentimiento_alcance", "")).split(",")
            if s.strip()
        }
        found.append((meta["slug"], html.unescape(meta["titulo"]), scope or {"web", "impreso"}))
    return found


def squash(text: str) -> str:
    text = text.replace("\u2010", "").replace("\xad", "")  # hyphenation marks
    return " ".join(text.split())


def page_texts(pdf: Path):
    return list(_page_texts(pdf.read_bytes()))


@functools.cache
def _page_texts(data: bytes) -> tuple[str, ...]:
    """Each page's text, read once for the same bytes: the tests only read the sample's
    PDFs, several of them the colour one (pypdf takes ~0.1 s a page)."""
    return tuple(squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def pdfs(sample_site):
    folder = sample_site / "ediciones" / EDITION
    return {
        "color": folder / f"voces-{EDITION}.pdf",
        "bw": folder / f"voces-{EDITION}-bn.pdf",
        "booklet": folder / f"voces-{EDITION}-cuadernillo.pdf",
    }


def test_the_three_pdfs_are_built(pdfs):
    for path in pdfs.values():
        assert path.is_file() and path.stat().st_size > 10_000
    colour = PdfReader(pdfs["color"])
    bw = PdfReader(pdfs["bw"])
    booklet = PdfReader(pdfs["booklet"])
    assert len(colour.pages) >= 4
    assert len(bw.pages) == len(colour.pages)
    # Letter by default: 8.5 x 11 in
    box = colour.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((612, 792))
    # booklet: two pages per landscape side, padded to a multiple of 4 pages
    assert (2 * len(booklet.pages)) % 4 == 0
    assert 2 * len(booklet.pages) - len(bw.pages) < 4
    side = booklet.pages[0].mediabox
    assert float(side.width) > float(side.height)


def test_every_printable_article_title_is_in_the_pdf_and_web_only_ones_are_not(pdfs):
    articles = edition_articles()
    assert articles, "the sample content must have articles in edition 1"
    for variant in ("color", "bw"):
        text = " ".join(page_texts(pdfs[variant]))
        for slug, title, scope in articles:
            if "impreso" in scope or "print" in scope:
                assert squash(title) in text, f"{title!r} missing from {variant} PDF"
            else:
                assert squash(title) not in text, f"web-only {title!r} printed"


def test_table_of_contents_names_the_page_where_each_article_starts(pdfs):
    texts = page_texts(pdfs["color"])
    toc_page = next(i for i, t in enumerate(texts) if "En este número" in t)
    toc = texts[toc_page]
    printed = [(s, t) for s, t, scope in edition_articles() if scope & {"impreso", "print"}]
    for _slug, title in printed:
        match = re.search(re.escape(squash(title)) + r"[\s.]*?(\d+)\b", toc)
        assert match, f"{title!r} is not in the table of contents"
        page = int(match.group(1))
        assert page - 1 > toc_page, f"{title!r}: page {page} is before the articles"
        assert squash(title) in texts[page - 1], f"{title!r} does not start on page {page}"
        earlier = [i + 1 for i in range(toc_page + 1, page - 1) if squash(title) in texts[i]]
        assert not earlier, f"{title!r} already appears on page(s) {earlier} before {page}"


def _printed_stories():
    """Headline -> the address its QR code prints, for the stories in the site's PDFs."""
    return {
        title: f"{PLACEHOLDER}/articulos/{slug}/"
        for slug, title, scope in edition_articles()
        if scope & {"impreso", "print"} and scope & {"web"}
    }


@pytest.mark.skipif(not pdftoppm_available(), reason="poppler-utils no está instalado")
def test_no_headline_is_left_alone_at_a_page_foot(pdfs):
    """Every headline has at least two lines of its story's text under it on its
    page ("Así hacemos Voces" once ended a page with only its headline and drawing)."""
    stories = _printed_stories()
    spans = story_spans(pdfs["bw"], stories)
    assert all(first for first, _last in spans.values()), f"headline not found: {spans}"
    for variant in ("color", "bw"):
        assert headlines_without_text(pdfs[variant], stories) == [], variant


@pytest.mark.skipif(not pdftoppm_available(), reason="poppler-utils no está instalado")
def test_stories_that_go_on_say_on_which_page(pdfs):
    """A story printed over a page turn says "sigue en la página N →" and "viene de la
    página N", with the pages where it really goes on, and nothing says so elsewhere."""
    spans = story_spans(pdfs["bw"], _printed_stories())
    assert all(first and last for first, last in spans.values()), spans
    expected = expected_jumps(spans)
    assert len(expected["sigue"]) >= 5
    for variant in ("color", "bw"):
        found = jump_lines(pdfs[variant])
        assert (found["sigue"], found["viene"]) == (expected["sigue"], expected["viene"])
        assert not found["elsewhere"], variant


def test_pdfs_embed_their_fonts(pdfs):
    for variant in ("color", "bw"):
        reader = PdfReader(pdfs[variant])
        fonts = {}
        for page in reader.pages:
            for name, ref in (page["/Resources"].get("/Font") or {}).items():
                font = ref.get_object()
                descendants = font.get("/DescendantFonts")
                target = descendants[0].get_object() if descendants else font
                fonts[str(target.get("/BaseFont"))] = target.get("/FontDescriptor")
        assert fonts
        for base, descriptor in fonts.items():
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), base
        assert any("Atkinson" in name for name in fonts), sorted(fonts)


def test_pdf_metadata_title_language_tags_and_no_person(pdfs):
    for variant, path in pdfs.items():
        reader = PdfReader(path)
        meta = reader.metadata
        root = reader.trailer["/Root"]
        assert meta.get("/Title", "").startswith("Voces 1"), variant
        assert root.get("/Lang") == "es", variant
        assert meta.get("/Producer") == "Voces", variant
        assert "/Author" not in meta and "/Creator" not in meta, variant
        if variant != "booklet":
            assert "/StructTreeRoot" in root, f"{variant} PDF is not tagged"
            assert root["/MarkInfo"]["/Marked"], variant


def _images(reader):
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                yield obj


def test_black_and_white_pdf_has_only_grey_images_and_colour_pdf_has_colour(pdfs):
    colour = list(_images(PdfReader(pdfs["color"])))
    grey = list(_images(PdfReader(pdfs["bw"])))
    assert colour and grey
    assert all(img["/ColorSpace"] == "/DeviceGray" for img in grey)
    assert any(img["/ColorSpace"] == "/DeviceRGB" for img in colour)
    # every printed drawing is a clean JPEG, not a giant PNG re-encoding; the B/W
    # line art is the one exception, a greyscale PNG (Flate) that is small because it
    # is only white paper and black strokes: far under 0.05 bytes a pixel (a grey
    # drawing re-encoded as PNG is ~0.5)
    assert all(img.get("/Filter") == "/DCTDecode" for img in colour)
    for img in grey:
        if img.get("/Filter") != "/DCTDecode":
            assert img.get("/Filter") == "/FlateDecode"
            assert len(img._data) < 0.05 * img["/Width"] * img["/Height"]


@pytest.mark.skipif(not pdftoppm_available(), reason="poppler-utils (pdftoppm) no está instalado")
def test_qr_codes_decode_to_the_article_urls(pdfs, tmp_path):
    import zxingcpp
    from PIL import Image

    texts = page_texts(pdfs["color"])
    expected = {
        f"{PLACEHOLDER}/articulos/{slug}/"
        for slug, _t, scope in edition_articles()
        if scope & {"impreso", "print"} and scope & {"web"}
    }
    decoded = set()
    # 120 dpi: a symbol of at least 25 mm is ~118 px, 3+ px a module. Harder to read
    # than a print or a 200 dpi scan, so a pass here holds for those too.
    images = page_images(pdfs["color"], tmp_path, dpi=120)
    assert len(images) == len(texts)
    for text, image in zip(texts, images):
        if "articulos/" not in text:
            continue
        for result in zxingcpp.read_barcodes(Image.open(image)):
            decoded.add(result.text)
    assert decoded == expected


def test_editions_page_lists_the_edition_with_cover_and_pdf_size(sample_site, pdfs):
    page = (sample_site / "ediciones" / "index.html").read_text(encoding="utf-8")
    assert "Nos cuidamos entre todas" in page
    assert f"ediciones/{EDITION}/voces-{EDITION}.pdf" in page
    size_mb = pdfs["color"].stat().st_size / 1048576
    # the size, written the Spanish way (0,8 MB) on the Spanish page
    assert f"Descargar PDF ({size_mb:.1f} MB)".replace(".", ",") in page
    assert f"ediciones/{EDITION}/portada.jpg" in page
    assert (sample_site / "ediciones" / EDITION / "portada.jpg").is_file()
    english = (sample_site / "en" / "editions" / "index.html").read_text(encoding="utf-8")
    assert "We look after each other" in english
    assert f"({size_mb:.1f} MB" in english


def test_edition_page_has_editorial_contents_and_links(sample_site):
    page = (sample_site / "ediciones" / EDITION / "index.html").read_text(encoding="utf-8")
    assert "Este es el primer número de" in page
    for slug, _title, scope in edition_articles():
        if scope & {"web"}:
            assert f"articulos/{slug}/" in page
    for name in (
        f"voces-{EDITION}.pdf",
        f"voces-{EDITION}-bn.pdf",
        f"voces-{EDITION}-cuadernillo.pdf",
        "imprimir/",
    ):
        assert name in page
    english = (sample_site / "en" / "editions" / EDITION / "index.html").read_text(encoding="utf-8")
    assert "This is the first issue" in english
    assert 'lang="en"' in english


def test_each_article_says_which_edition_it_appeared_in(sample_site):
    for slug, _title, scope in edition_articles():
        if not scope & {"web"}:
            continue
        page = (sample_site / "articulos" / slug / "index.html").read_text(encoding="utf-8")
        assert f"ediciones/{EDITION}/" in page, slug


def test_printable_page_uses_only_the_sites_own_files(sample_site):
    page = (sample_site / "ediciones" / EDITION / "imprimir" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "theme/print/print.css" in page and "theme/print/letter.css" in page
    assert "En este número" in page
    # Everything the page loads is the site's own; the only link out is the quick exit,
    # a plain <a> to the neutral page.
    exits = re.findall(r'<a class="quick-exit" href="([^"]+)"', page)
    assert len(exits) == 1
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        if ref in exits:
            continue
        assert not ref.startswith(("file:", "http:", "https:", "//")), ref
    for src in re.findall(r'<img src="([^"]+)"', page):
        local = (
            sample_site / src.split("://", 1)[-1].split("/", 1)[-1]
            if "://" in src
            else sample_site / src.lstrip("/")
        )
        assert local.is_file(), src


def _drawings(pdf: Path):
    """(width, height, filter) of every distinct picture in ``pdf`` wider than a QR code."""
    found = {}
    for page in PdfReader(pdf).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            image = ref.get_object()
            if image.get("/Subtype") == "/Image" and image["/Width"] >= 200:
                found[ref.idnum] = (image["/Width"], image["/Height"], image.get("/Filter"))
    return list(found.values())


def test_site_pdfs_stay_light_for_prepaid_data(pdfs):
    """Readers download these on prepaid mobile data: a budget per page, so a drawing
    made far bigger than it is shown (2.5 MB for this edition once) cannot come back
    unnoticed. 46444dcb's PDFs were 38 KiB (colour) and 36 KiB (B/W) a page."""
    pages = len(PdfReader(pdfs["color"]).pages)
    budget = {"color": 40, "bw": 20, "booklet": 20}  # KiB per page of the edition
    for variant, kib in budget.items():
        size = pdfs[variant].stat().st_size
        assert size <= kib * 1024 * pages, (
            f"{pdfs[variant].name}: {size / 1024 / pages:.0f} KiB a page, budget {kib}"
        )
    # Colour drawings at 200 dpi at most (the 188 mm text width is 1,480 px).
    colour = _drawings(pdfs["color"])
    assert colour and all(width <= 1481 for width, _h, _f in colour), colour
    # Black and white keeps 300 dpi line art for the copier, as Flate (PNG) greys: the
    # cover drawing (4:3, 118 mm tall = 157 mm wide) is 1,858 px wide.
    bw = _drawings(pdfs["bw"])
    assert all(filter_ == "/FlateDecode" for _w, _h, filter_ in bw), bw
    assert max(width for width, _h, _f in bw) >= 1850, bw
