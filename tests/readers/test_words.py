"""Language and words (issue 12): acronyms explained with <abbr> from a data file, an
untranslated story says so in English, no visible feed link, one form of address."""

from __future__ import annotations

import re

from voces_testing import ROOT


def test_acronyms_are_explained_once(readers_site):
    text = (readers_site / "articulos/prep/index.html").read_text(encoding="utf-8")
    body = text[text.index('class="story__body"') :]
    assert body.count('<abbr title="Profilaxis preexposición') == 1
    assert re.search(r'<abbr title="Centro Ambulatorio[^"]*">CAPASITS</abbr>', body)


def test_untranslated_story_says_so_in_english(readers_site):
    alone = (readers_site / "articulos/condon/index.html").read_text(encoding="utf-8")
    assert '<p class="lang-note" lang="en">This story is only in Spanish' in alone
    paired = (readers_site / "articulos/prueba/index.html").read_text(encoding="utf-8")
    assert "lang-note" not in paired


def test_no_visible_feed_link_on_section_pages(readers_site):
    text = (readers_site / "secciones/salud/index.html").read_text(encoding="utf-8")
    assert "Suscribirse" not in text and 'class="feed-link"' not in text
    assert 'type="application/atom+xml"' in text  # still offered to feed readers in <head>


def test_interface_speaks_tu_not_usted():
    usted = re.compile(
        r"\b(usted|Toque|llame|Necesita ayuda|lo pone|Recorte|Apunte|Escuche|Escanee|Dele|"
        r"Léalo|descárguelo)\b",
        re.IGNORECASE,
    )
    web = [
        p
        for p in (ROOT / "theme" / "templates").rglob("*.html")
        # The printed paper speaks de tú too; only the copy shop's sheet says usted.
        if p.name != "edition_printer_sheet.html"
    ]
    found = []
    for path in web:
        for msgid in re.findall(r'_\("([^"]*)"\)', path.read_text(encoding="utf-8")):
            if usted.search(msgid):
                found.append(f"{path.name}: {msgid}")
    assert not found, found
    guide = (ROOT / "docs" / "guia-de-escritura.md").read_text(encoding="utf-8")
    assert "de tú" in guide


def test_english_pages_never_lead_to_an_empty_section(readers_site):
    # Only the health section has a story in English in this site.
    for rel in ("en/index.html", "en/articles/prueba/index.html", "en/directorio/index.html"):
        text = (readers_site / rel).read_text(encoding="utf-8")
        nav = text[
            text.index('class="sections-nav"') : text.index(
                "</nav>", text.index('class="sections-nav"')
            )
        ]
        assert re.findall(r'href="(/en/sections/[^"]+)"', nav) == ["/en/sections/health/"], rel
    spanish = (readers_site / "index.html").read_text(encoding="utf-8")
    nav = spanish[spanish.index('class="sections-nav"') :]
    assert 'href="/secciones/derechos/"' in nav


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i)]


def test_every_page_marks_its_own_section_in_its_own_language(readers_site):
    """The section bar and the footer are made once per build for each language and
    section (``fragment``): every page still marks only its own section, and speaks
    the language of the page, in its bar and in its footer."""
    section_of = {}  # a story's page -> the address of its section
    for section in sorted(readers_site.glob("secciones/*/index.html")) + sorted(
        readers_site.glob("en/sections/*/index.html")
    ):
        url = "/" + section.parent.relative_to(readers_site).as_posix() + "/"
        section_of[section] = url
        main = _between(section.read_text(encoding="utf-8"), "<main", "</main>")
        for story in re.findall(r'href="(/(?:en/)?articles?/[^"#]+/|/articulos/[^"#]+/)"', main):
            section_of[readers_site / story.strip("/") / "index.html"] = url
    pages = [p for p in sorted(readers_site.rglob("*.html")) if "sections-nav" in p.read_text()]
    assert len(pages) > 20
    stories = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', text).group(1)
        nav = _between(text, 'class="sections-nav"', "</nav>")
        marked = re.findall(r'<a href="([^"]+)" aria-current="page"', nav)
        assert marked == ([section_of[page]] if page in section_of else []), page
        stories += "/articulos/" in str(page) or "/articles/" in str(page)
        footer = _between(text, '<footer class="site-footer"', "</footer>")
        links = re.findall(r'href="(/[^"]*)"', nav + footer)
        english = [u for u in links if u.startswith("/en/")]
        if lang == "en":
            assert "/en/archive/" in links and "/archivo/" not in links, page
        else:
            assert not english and "/archivo/" in links, page
    assert stories >= 6  # five Spanish stories and one English translation
