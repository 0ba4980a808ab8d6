"""Tiny real sites: what goes into the PDF and what never does, the cache, the paper
size, and a WeasyPrint warning that must fail the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from editions_helpers import (
    PLACEHOLDER,
    ROOT,
    TinySite,
    page_images,
    pdf_text,
    pdftoppm_available,
    seed_cache,
    shared_pdf_cache,
)
from pypdf import PdfReader


def all_text(folder: Path) -> str:
    return " ".join(
        p.read_text(encoding="utf-8", errors="ignore")
        for p in folder.rglob("*")
        if p.suffix in (".html", ".xml", ".json", ".txt")
    )


@pytest.fixture(scope="module")
def scoped_site(tmp_path_factory):
    """Three testimonies of edition 1: web and print, web only, print only. Built once
    for the tests that read it; its PDFs are kept between runs (shared_pdf_cache)."""
    tiny_site = TinySite(tmp_path_factory.mktemp("scoped"))
    tiny_site.drawing("circulo.jpg")
    tiny_site.article(
        "ambas",
        "Marcaambas en papel y en linea",
        section="testimonios",
        scope="web, impreso",
        image="dibujos/circulo.jpg",
    )
    tiny_site.article(
        "solo-web", "Marcaweb solo en linea", section="testimonios", scope="web", date="2026-11-02"
    )
    tiny_site.article(
        "solo-papel",
        "Marcapapel solo en papel",
        section="testimonios",
        scope="impreso",
        date="2026-11-03",
    )
    tiny_site.edition(cover="dibujos/circulo.jpg")
    tiny_site.build(cache=shared_pdf_cache("edicion-alcances"))
    return tiny_site


def test_scope_web_only_never_printed_print_only_never_online(scoped_site):
    out = scoped_site.output
    for name in ("voces-01.pdf", "voces-01-bn.pdf", "voces-01-cuadernillo.pdf"):
        text = pdf_text(out / "ediciones" / "01" / name)
        assert "Marcaambas" in text
        assert "Marcaweb" not in text, "a web-only story was printed"
        # the PDFs on the site are online too: no story consented for paper only
        assert "Marcapapel" not in text, "a print-only story is in a PDF on the site"
    site = all_text(out)
    assert "Marcapapel" not in site and "solo-papel" not in site
    edition_page = (out / "ediciones" / "01" / "index.html").read_text(encoding="utf-8")
    assert "articulos/ambas/" in edition_page and "articulos/solo-web/" in edition_page
    story = (out / "articulos" / "ambas" / "index.html").read_text(encoding="utf-8")
    assert "ediciones/01/" in story


def test_copy_shop_pdfs_carry_print_only_stories_outside_the_site(scoped_site, tmp_path):
    """The same content built with copy-shop PDFs, into a site folder of its own (the
    shared site stays as the other tests read it); the site's PDFs come from the cache."""
    shop = tmp_path / "imprenta"
    output = tmp_path / "output"
    cache = seed_cache(shared_pdf_cache("edicion-alcances"), shared_pdf_cache("alcances-imprenta"))
    scoped_site.build(
        output=output,
        extra={
            "EDITIONS": {
                "copy_shop_dir": str(shop),
                "cache_dir": str(cache),
                "print_sample": True,
            }
        },
    )
    for name in ("voces-01.pdf", "voces-01-bn.pdf", "voces-01-cuadernillo.pdf"):
        text = pdf_text(shop / "01" / name)
        assert "Marcaambas" in text and "Marcapapel" in text
        assert "Marcaweb" not in text
    text = pdf_text(shop / "01" / "voces-01.pdf")
    # the print-only story has no QR code (it has no web page) and says so
    assert f"{PLACEHOLDER}/articulos/ambas/" in text
    assert "solo-papel" not in text
    assert "solo se publica en papel" in text
    assert "Marcapapel" not in all_text(output)
    for pdf in output.rglob("*.pdf"):
        assert "Marcapapel" not in pdf_text(pdf), pdf


def test_copy_shop_folder_inside_the_site_is_refused(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition()
    proc = tiny_site.build(
        check=False,
        extra={
            "EDITIONS": {
                "copy_shop_dir": str(tiny_site.output / "imprenta"),
                "cache_dir": str(tiny_site.root / "cache"),
                "print_sample": True,
            }
        },
    )
    assert proc.returncode != 0
    assert "no pueden ir dentro del sitio" in " ".join((proc.stdout + proc.stderr).split())
    # refused before any PDF is made (the site's PDFs used to be rendered first)
    assert not list((tiny_site.root / "cache").glob("*.pdf"))


@pytest.mark.skipif(not pdftoppm_available(), reason="poppler-utils (pdftoppm) no está instalado")
def test_qr_code_of_the_printed_story_opens_its_page(scoped_site, tmp_path):
    import zxingcpp
    from PIL import Image

    colour = scoped_site.output / "ediciones" / "01" / "voces-01.pdf"
    found = set()
    images = page_images(colour, tmp_path, dpi=120)
    assert len(images) == len(PdfReader(colour).pages)
    for image in images:
        found |= {r.text for r in zxingcpp.read_barcodes(Image.open(image))}
    assert found == {f"{PLACEHOLDER}/articulos/ambas/"}


@pytest.fixture(scope="module")
def circle(tmp_path_factory):
    """One story with a drawing, built once with a PDF cache of its own. The cache
    tests start from a copy of the project and of that cache (what a first build
    leaves) instead of each rendering the same edition again."""
    site = TinySite(tmp_path_factory.mktemp("circulo"))
    site.drawing("circulo.jpg")
    site.article("nuestro-circulo", "Nuestro circulo", image="dibujos/circulo.jpg")
    site.edition()
    site.build(cache=site.root / "pdf-cache")
    return site


def copy_of(circle, root: Path) -> tuple[TinySite, Path]:
    """``circle``'s project and PDF cache copied under ``root`` (file times kept)."""
    site = TinySite(root / "proyecto")
    shutil.copytree(circle.content, site.content, dirs_exist_ok=True)
    cache = root / "pdf-cache"
    shutil.copytree(circle.root / "pdf-cache", cache)
    return site, cache


def test_unchanged_edition_is_not_rendered_again_and_a_change_is(circle, tmp_path):
    tiny_site, cache = copy_of(circle, tmp_path)
    first = {p.name: p.read_bytes() for p in cache.glob("*.pdf")}
    assert len(first) == 4  # colour, black and white, booklet, copy shop's sheet
    pdf = tiny_site.output / "ediciones" / "01" / "voces-01.pdf"
    before = (circle.output / "ediciones" / "01" / "voces-01.pdf").read_bytes()

    for _build in range(2):  # the copied project's first build, then the same again
        tiny_site.build(cache=cache)
        # same content, same key: nothing new rendered, the very same files reused
        assert {p.name: p.read_bytes() for p in cache.glob("*.pdf")} == first
        assert pdf.read_bytes() == before

    story = tiny_site.content / "comunidad" / "nuestro-circulo.md"
    story.write_text(
        story.read_text(encoding="utf-8") + "\nPalabranueva al final.\n", encoding="utf-8"
    )
    tiny_site.build(cache=cache)
    # three new PDFs; the three old ones (the story before the change) are deleted;
    # the copy shop's sheet (same number of pages) is the same file
    kept = {p.name: p.read_bytes() for p in cache.glob("*.pdf")}
    assert len(kept) == 4 and len(set(kept) & set(first)) == 1
    assert "Palabranueva" in pdf_text(pdf)


def test_a_moved_project_reuses_its_pdfs_and_an_edited_sheet_does_not(circle, tmp_path):
    """The PDF cache key names no folder: a project copied or moved elsewhere (another
    theme folder, another content folder) takes the PDFs it already made, while a change
    in what a style sheet says still makes new ones."""
    moved, cache = copy_of(circle, tmp_path / "en-otra-carpeta")
    first = {p.name: p.read_bytes() for p in cache.glob("*.pdf")}
    assert len(first) == 4

    theme = tmp_path / "tema-copiado"
    shutil.copytree(ROOT / "theme", theme)
    moved.build(cache=cache, extra={"THEME": str(theme)})
    assert {p.name: p.read_bytes() for p in cache.glob("*.pdf")} == first  # none made

    with (theme / "static" / "print" / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.story-print h2 { letter-spacing: 0.01em; }\n")
    moved.build(cache=cache, extra={"THEME": str(theme)})
    assert set(p.name for p in cache.glob("*.pdf")) - set(first), "an edited sheet reused old PDFs"


def test_a4_is_a_setting(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition()
    cache = shared_pdf_cache("edicion-a4")
    tiny_site.build(extra={"EDITIONS": {"paper": "a4", "cache_dir": str(cache)}})
    box = PdfReader(tiny_site.output / "ediciones" / "01" / "voces-01.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    booklet = PdfReader(tiny_site.output / "ediciones" / "01" / "voces-01-cuadernillo.pdf")
    side = booklet.pages[0].mediabox
    assert (round(float(side.width)), round(float(side.height))) == (1191, 842)  # A3


def test_unknown_editions_setting_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition()
    proc = tiny_site.build(check=False, extra={"EDITIONS": {"papel": "a4"}})
    log = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "pelicanconf.py [EDITIONS]: «papel» no es una clave de EDITIONS" in log


def test_any_weasyprint_warning_fails_the_build(tiny_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    with (theme / "static" / "print" / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.story-print { colour: red; }\n")  # a typo WeasyPrint warns about
    tiny_site.article("nuestro-circulo")
    tiny_site.edition()
    # Twice in one process, as voces ver builds again: the style sheet is parsed once
    # per process, and its warning still fails the second build.
    for _build in range(2):
        proc = tiny_site.build(check=False, extra={"THEME": str(theme)})
        log = " ".join((proc.stdout + proc.stderr).split())
        assert proc.returncode != 0
        assert "WeasyPrint avisó" in log and "WeasyPrint warned" in log and "colour" in log
        assert not (tiny_site.output / "ediciones" / "01" / "voces-01.pdf").exists()
        assert not (tiny_site.output / "index.html").exists()
