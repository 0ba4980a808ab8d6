"""The theme as readers get it: real builds of a tiny known site and of the sample.

Generic checks run on every HTML page of both builds; the tiny site also pins
exact cases (which blocks the front page shows, escaping of directory data).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from voces_testing import ROOT

SECTION_KEYS = ["testimonios", "prevencion-de-la-trata", "salud", "derechos", "comunidad"]
SITES = ["tiny_site", "sample_site"]


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self._open_a = None
        self.links: list[dict] = []  # every <a>, with its text
        self.feed(self.text)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self._open_a = {**attrs, "text": ""}
            self.links.append(self._open_a)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open_a = None

    def handle_data(self, data):
        if self._open_a is not None:
            self._open_a["text"] += data

    def find(self, tag, **attrs):
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def with_class(self, tag, cls):
        return [a for t, a in self.tags if t == tag and cls in a.get("class", "").split()]

    @property
    def lang(self):
        return self.find("html")[0].get("lang")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def theme_pages(site: Path) -> list[Path]:
    """Pages drawn by base.html: all but the editions' stand-alone print source
    (ediciones/NN/imprimir/, edition_print.html, a document for paper)."""
    return [
        p
        for p in html_pages(site)
        if "imprimir" not in p.relative_to(site).parts and "theme" not in p.relative_to(site).parts
    ]


def page(site: Path, url: str) -> Page:
    path = site / urlparse(url).path.lstrip("/")
    if url.endswith("/") or not path.suffix:
        path = path / "index.html"
    assert path.exists(), f"link to {url} but {path.relative_to(site)} was not written"
    return Page(path)


@pytest.fixture(params=SITES)
def site(request) -> Path:
    return request.getfixturevalue(request.param)


# --- Every page ---------------------------------------------------------------


def test_every_page_has_lang_one_h1_and_a_working_skip_link(site):
    for path in theme_pages(site):
        p = Page(path)
        where = path.relative_to(site)
        assert p.lang in ("es", "en"), f"{where}: <html lang={p.lang!r}>"
        assert len(p.find("h1")) == 1, f"{where}: {len(p.find('h1'))} h1 elements"
        skip = p.with_class("a", "skip-link")
        assert skip, f"{where}: no skip link"
        target = skip[0]["href"].lstrip("#")
        assert target in p.ids, f"{where}: skip link points to missing #{target}"
        assert p.find("main", id=target), f"{where}: skip link does not land on <main>"
        assert p.find("header") and p.find("nav") and p.find("footer"), where


def test_skip_link_is_in_the_pages_language(tiny_site):
    assert "Saltar al contenido" in Page(tiny_site / "index.html").text
    assert "Skip to content" in Page(tiny_site / "en" / "index.html").text


def test_no_author_pages_links_or_feeds(site):
    assert not [p for p in site.rglob("*") if re.search(r"auth?or", p.name, re.I)]
    for path in html_pages(site):
        for link in Page(path).links:
            href = link.get("href", "")
            assert not re.search(r"/(authors?|autor(as?)?)/", href), f"{path}: {href}"
    for feed in site.rglob("*.xml"):
        text = feed.read_text(encoding="utf-8")
        assert not re.search(r"/(authors?|autor(as?)?)/", text), feed
        assert not re.search(r"<author>(?:(?!</author>).)*<uri>", text, re.S), feed


def test_no_inline_style_or_script_and_nothing_from_other_hosts(site):
    for path in html_pages(site):
        p = Page(path)
        where = path.relative_to(site)
        assert not re.search(r"<style\b", p.text, re.I), where
        for tag, attrs in p.tags:
            assert "style" not in attrs, f"{where}: style= on <{tag}>"
            if tag == "script":
                assert attrs.get("src"), f"{where}: inline <script>"
            for attr in ("src", "srcset"):
                for url in re.split(r",\s*", attrs.get(attr, "")):
                    assert not re.match(r"\s*(https?:)?//", url), f"{where}: <{tag}> {url}"
            if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"):
                assert not re.match(r"(https?:)?//", attrs["href"]), f"{where}: {attrs}"


def test_every_icon_is_drawn_from_the_sites_icon_file(site):
    """Icons are <use> references into one cached file (theme/icons/iconos.svg), not the
    same path data inline on every page: each names a symbol the file has, on the
    site's own host, and the file has a drawing for every name icons.html accepts."""
    sprite = site / "theme" / "icons" / "iconos.svg"
    symbols = dict(re.findall(r'<symbol id="([a-z]+)" viewBox="0 0 24 24">(.*?)</symbol>',
                              sprite.read_text(encoding="utf-8"), re.S))  # fmt: skip
    assert all("<path" in d or "<circle" in d for d in symbols.values()), symbols
    template = (ROOT / "theme" / "templates" / "partials" / "icons.html").read_text("utf-8")
    names = re.search(r"set names = \[(.*?)\]", template, re.S).group(1)
    assert set(re.findall(r'"([a-z]+)"', names)) == set(symbols)
    used = 0
    for path in theme_pages(site):
        p = Page(path)
        where = path.relative_to(site)
        assert "<path" not in p.text, f"{where}: inline icon drawing"
        for svg in p.with_class("svg", "icon"):
            assert svg.get("aria-hidden") == "true", where
        for _, attrs in (t for t in p.tags if t[0] == "use"):
            file, _, name = attrs["href"].partition("#")
            assert urlparse(file).path.endswith("/theme/icons/iconos.svg"), f"{where}: {file}"
            assert not re.match(r"(https?:)?//", file), f"{where}: <use> from {file}"
            assert name in symbols, f"{where}: no icon named {name!r}"
            used += 1
    assert used > 100


def test_language_switch_links_exist_both_ways(site):
    checked = 0
    for path in theme_pages(site):
        p = Page(path)
        where = path.relative_to(site)
        switch = [a for a in p.links if "lang-switch__link" in a.get("class", "")]
        heads = p.find("link", rel="alternate")
        heads = [h for h in heads if h.get("hreflang")]
        assert len({a["href"] for a in switch}) == len(heads), f"{where}: head and switch differ"
        for link in switch:
            assert link["hreflang"] != p.lang
            assert link["text"].strip() == {"es": "Español", "en": "English"}[link["hreflang"]]
            other = page(site, link["href"])
            assert other.lang == link["hreflang"], f"{where} -> {link['href']}: wrong lang"
            back = [a["href"] for a in other.links if "lang-switch__link" in a.get("class", "")]
            here = "/" + where.as_posix().removesuffix("index.html")
            assert here in back, f"{link['href']} does not link back to {here} (links: {back})"
            checked += 1
    assert checked >= 4


def test_section_pages_offer_their_atom_feed(site):
    for path in list(site.glob("secciones/*/index.html")) + list(
        site.glob("en/sections/*/index.html")
    ):
        p = Page(path)
        feeds = [
            h["href"]
            for h in p.find("link", rel="alternate")
            if h.get("type") == "application/atom+xml"
        ]
        # Offered to feed readers in <head>; no visible "Atom" link for everyone (issue 12:
        # feed links only where they help).
        visible = [a["href"] for a in p.links if a.get("type") == "application/atom+xml"]
        assert feeds and not visible, path
        section_feeds = [f for f in feeds if "/secciones/" in f or "/sections/" in f]
        assert section_feeds, path
        assert (site / section_feeds[0].lstrip("/")).exists(), f"{path}: {section_feeds[0]} missing"


# --- Front page -------------------------------------------------------------------


def front_page_blocks(p: Page) -> list[str]:
    return [
        a["id"].removeprefix("seccion-")
        for a in p.find("h2")
        if a.get("id", "").startswith("seccion-")
    ]


def test_front_page_has_masthead_lead_story_and_section_blocks(tiny_site):
    p = Page(tiny_site / "index.html")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", p.text, re.S).group(1)
    assert h1 == "Voces"
    assert "Periódico de mujeres migrantes en Tapachula" in p.text
    lead = re.search(r'<article class="lead">(.*?)</article>', p.text, re.S).group(1)
    assert "/articulos/prueba-vih/" in lead  # the newest story
    # One block per section that has stories besides the lead, in SECTIONS order;
    # none for sections without stories.
    assert front_page_blocks(p) == ["testimonios", "salud", "derechos"]
    assert "/articulos/condon-siempre/" in p.text and "/articulos/pedir-refugio/" in p.text
    assert p.text.count('href="/articulos/prueba-vih/"') == 2  # title + button, not in a block
    english = Page(tiny_site / "en" / "index.html")
    assert english.lang == "en" and "Newspaper of migrant women in Tapachula" in english.text
    lead = re.search(r'<article class="lead">(.*?)</article>', english.text, re.S).group(1)
    assert "/en/articles/prueba-vih/" in lead
    # English readers get the English sections that have English stories.
    assert front_page_blocks(english) == ["derechos"]
    assert "/en/articles/pedir-refugio/" in english.text
    nav = re.search(r'<nav class="sections-nav".*?</nav>', english.text, re.S).group(0)
    assert re.findall(r'<a [^>]*href="([^"]+)"', nav) == [
        "/en/sections/health/",
        "/en/sections/rights/",
    ]
    health = Page(tiny_site / "en" / "sections" / "health" / "index.html")
    assert "/en/articles/prueba-vih/" in health.text and "Health" in health.text


def test_sample_front_page_has_lead_with_drawing_and_every_section(sample_site):
    p = Page(sample_site / "index.html")
    lead = re.search(r'<article class="lead">(.*?)</article>', p.text, re.S)
    assert lead, "no lead story on the front page"
    assert "<img" in lead.group(1), "the lead story shows no cover drawing"
    blocks = set(front_page_blocks(p))
    lead_section = re.search(r'class="kicker"><a href="/secciones/([^/]+)/', lead.group(1)).group(1)
    for key in SECTION_KEYS:
        stories = list((sample_site / "secciones" / key).glob("index.html"))
        if stories:
            assert key in blocks or key == lead_section, f"no block for section {key}"


# --- Articles -------------------------------------------------------------------


def test_article_page_parts(tiny_site):
    es = Page(tiny_site / "articulos" / "prueba-vih" / "index.html")
    assert es.lang == "es"
    # (typogrify's widont may glue the last two words with &nbsp;)
    assert re.search(r'<h1 class="story__title">La prueba de VIH es(\s|&nbsp;)gratis</h1>', es.text)
    assert "20 de octubre de 2026" in es.text
    assert re.search(r'<span class="byline">Por Lucero</span>', es.text)
    assert not [a for a in es.links if "Lucero" in a["text"]], "the pseudonym must not be a link"
    assert [a for a in es.links if a.get("rel") == "tag" and a["href"] == "/etiquetas/vih/"]
    assert [a for a in es.links if a["href"] == "/secciones/salud/" and "Volver a" in a["text"]]
    en = Page(tiny_site / "en" / "articles" / "prueba-vih" / "index.html")
    assert en.lang == "en"
    assert "October 20, 2026" in en.text and "By Lucero" in en.text
    assert [a for a in en.links if a.get("rel") == "tag" and a["href"] == "/en/tags/hiv/"]
    assert [a for a in en.links if a["href"] == "/en/sections/health/" and "Back to" in a["text"]]
    # A story without translation offers no switch (nothing to switch to).
    alone = Page(tiny_site / "articulos" / "condon-siempre" / "index.html")
    assert not [a for a in alone.links if "lang-switch__link" in a.get("class", "")]


def test_sample_articles_have_the_right_lang(sample_site):
    spanish = list(sample_site.glob("articulos/*/index.html"))
    english = list(sample_site.glob("en/articles/*/index.html"))
    assert spanish and english
    assert all(Page(p).lang == "es" for p in spanish)
    assert all(Page(p).lang == "en" for p in english)


def test_edition_note_when_the_story_appeared_in_print(sample_site):
    noted = [
        p
        for p in sample_site.glob("articulos/*/index.html")
        if 'class="edition-note"' in p.read_text(encoding="utf-8")
    ]
    if not (sample_site / "ediciones").exists():
        pytest.skip("the editions plugin wrote no edition pages in this build")
    assert noted, "no article says which printed edition it appeared in"
    p = Page(noted[0])
    link = re.search(r'class="edition-note".*?href="([^"]+)"', p.text, re.S).group(1)
    page(sample_site, link)


# --- Directory --------------------------------------------------------------------


def directory_entries(p: Page) -> list[str]:
    return re.findall(r'<li class="entry">(.*?)</li>', p.text, re.S)


def test_directory_shows_call_buttons_and_example_labels(tiny_site):
    p = Page(tiny_site / "directorio" / "index.html")
    calls = [a for a in p.links if a.get("href", "").startswith("tel:")]
    # An example entry is never dialable (issue 12): its number is shown, marked.
    assert [a["href"] for a in calls] == ["tel:+529620000002"]
    assert all("Llamar" in a["text"] for a in calls)
    assert "962 000 0002" in calls[0]["text"]
    entries = directory_entries(p)
    assert "Ejemplo" in entries[0] and "Ejemplo" not in entries[1]
    assert "962 000 0001" in entries[0] and "tel:" not in entries[0]
    # Data from the TOML file is text: markup in it is shown, not run.
    assert "Clínica &lt;b&gt;Muestra&lt;/b&gt; &amp; Co" in p.text
    assert "<b>Muestra</b>" not in p.text
    assert [h for h in p.find("h2")] and "Asesoría legal" in p.text
    en = Page(tiny_site / "en" / "directorio" / "index.html")
    assert en.lang == "en" and "Example" in directory_entries(en)[0]
    assert "Call" in en.text and "Monday to Friday" in en.text and "Legal advice" in en.text


def test_sample_directory_has_tel_links_and_example_labels(sample_site):
    p = Page(sample_site / "directorio" / "index.html")
    calls = [a for a in p.links if a.get("href", "").startswith("tel:")]
    entries = directory_entries(p)
    assert len(entries) >= 8
    examples = [e for e in entries if "Ejemplo" in e]
    # Only verified numbers (911) dial; every sample entry says it is an example.
    assert [a["href"] for a in calls] == ["tel:911"]
    assert len(examples) == len(entries) - 1
    assert all("tel:" not in e for e in examples)


def test_not_found_page(site):
    p = Page(site / "404.html")
    assert len(p.find("h1")) == 1 and "No encontramos esta página" in p.text
    assert [a for a in p.links if a["href"] == "/"]
