"""Titles, pseudonyms, tags, summaries and alt texts are printed as text, never as markup.

Pelican's Jinja environment does not autoescape; the content_model reader escapes every
plain-text metadata value once at read time. A reader must see exactly what the member
wrote ("Salud & vida", not "Salud &amp; vida"), and no markup she typed may run: in the
article page, in every listing, and in the Atom feeds.
"""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from voces_testing import ROOT, run_build

TITLE = 'Salud & derechos <script>alert(1)</script> "comillas" <img src=x onerror=alert(2)>'
AUTHOR = 'Flor & <b>Luna</b> "la del río"'
TAGS = ["salud & vida", "<i>cursiva</i>", '"citas"']
ALT = 'Mariposa & flor "azul" <b>grande</b>'
SUMMARY = "Resumen & más <script>alert(3)</script> fin"

ARTICLE = f"""título: {TITLE}
fecha: 2026-11-01
autora: {AUTHOR}
estado: publicado
slug: escapes
etiquetas: {", ".join(TAGS)}
resumen: {SUMMARY}
imagen: dibujos/mariposa.jpg
imagen_alt: {ALT}

Texto del artículo.
"""

ATOM = "{http://www.w3.org/2005/Atom}"
# Markup the member typed, as it would appear if it were published as markup.
RAW_MARKUP = ["<script>alert", "<img src=x", "<b>Luna", "<i>cursiva", "<b>grande"]


def visible_text(fragment: str) -> str:
    """What a browser shows for an HTML fragment: tags dropped, entities decoded."""
    text = html.unescape(re.sub(r"<[^>]*>", "", fragment))
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("escaping")
    content = root / "content"
    (content / "salud").mkdir(parents=True)
    (content / "dibujos").mkdir()
    shutil.copy(ROOT / "content" / "dibujos" / "mariposa.jpg", content / "dibujos")
    (content / "salud" / "escapes.md").write_text(ARTICLE, encoding="utf-8")
    out = root / "output"
    run_build(content, out)
    return out


def read(site, rel):
    return (site / rel).read_text(encoding="utf-8")


def plain(text: str) -> str:
    """Typogrify's widont glues the last two words with a no-break space."""
    return text.replace("\xa0", " ")


def test_no_typed_markup_reaches_any_page(site):
    files = sorted(site.rglob("*.html"))
    assert files
    for path in files:
        text = plain(read(site, path.relative_to(site)))
        for needle in RAW_MARKUP:
            assert needle not in text, f"{path.relative_to(site)} publishes {needle!r}"


def test_article_heading_and_window_title_read_as_written(site):
    page = read(site, "articulos/escapes/index.html")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert visible_text(h1) == TITLE
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    # <title> is plain text for the browser: tags are shown, not removed.
    assert plain(html.unescape(title)).startswith(TITLE)


def test_pseudonym_reads_as_written(site):
    page = plain(read(site, "articulos/escapes/index.html"))
    assert AUTHOR in visible_text(page)


def test_tags_read_as_written(site):
    page = read(site, "articulos/escapes/index.html")
    tag_texts = [
        visible_text(t) for t in re.findall(r'<a [^>]*rel="tag"[^>]*>(.*?)</a>', page, re.S)
    ]
    assert sorted(tag_texts) == sorted(TAGS)


def test_cover_alt_text_reads_as_written(site):
    page = read(site, "articulos/escapes/index.html")
    alts = {html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page)}
    assert ALT in alts


@pytest.mark.parametrize(
    "listing", ["index.html", "secciones/salud/index.html", "archivo/index.html"]
)
def test_listings_show_the_title_as_text(site, listing):
    page = read(site, listing)
    links = re.findall(r'<a [^>]*href="[^"]*articulos/escapes/"[^>]*>(.*?)</a>', page, re.S)
    assert TITLE in [visible_text(link) for link in links], listing


def test_tag_pages_show_the_title_and_tag_as_text(site):
    page = read(site, "articulos/escapes/index.html")
    for url in re.findall(r'<a [^>]*href="([^"]*)"[^>]*rel="tag"', page):
        listing = read(site, url.strip("/") + "/index.html")
        assert TITLE in visible_text(listing)
        assert not any(needle in listing for needle in RAW_MARKUP)


FEEDS = ["feeds/todos.atom.xml", "feeds/secciones/salud.atom.xml"]


def feed_entry(site, feed):
    return ET.parse(site / feed).getroot().find(f"{ATOM}entry")


@pytest.mark.parametrize("feed", FEEDS)
def test_atom_feed_title_reads_as_written(site, feed):
    title = feed_entry(site, feed).find(f"{ATOM}title")
    assert title.get("type", "text") == "text"  # shown as text by feed readers
    assert plain(title.text) == TITLE


@pytest.mark.parametrize("feed", FEEDS)
def test_atom_feed_author_reads_as_written(site, feed):
    author = feed_entry(site, feed).find(f"{ATOM}author/{ATOM}name")
    if author is not None:  # a feed without authors is fine too
        assert author.text == AUTHOR


@pytest.mark.parametrize("feed", FEEDS)
def test_atom_feed_categories_read_as_written(site, feed):
    terms = {c.get("term") for c in feed_entry(site, feed).findall(f"{ATOM}category")}
    assert set(TAGS) <= terms


@pytest.mark.parametrize("feed", FEEDS)
def test_atom_feed_summary_and_content_carry_no_typed_markup(site, feed):
    entry = feed_entry(site, feed)
    for element in entry.findall(f"{ATOM}summary") + entry.findall(f"{ATOM}content"):
        assert element.get("type") == "html"
        for needle in RAW_MARKUP:  # the HTML a feed reader renders
            assert needle not in element.text
    summary = entry.find(f"{ATOM}summary").text
    assert visible_text(summary) == "Resumen & más fin"
