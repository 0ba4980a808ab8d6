"""English dead ends (issue 12): no English page lists zero stories, every link inside
the site leads to a page that exists, and the gallery offers English once.

The readers' site has English for one health story only: the English sections
Community, Rights, Testimonies and Trafficking prevention have nothing to list."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

EMPTY = re.compile(r'<p class="empty"|No drawings have been published yet|There are no stories')
# The listening and drawings pages are features of the whole site, written in both
# languages and linked from every footer even when the site has no sound or drawings
# (as here): empty in Spanish too, not an English dead end.
FEATURE_PAGES = {"en/listen/index.html", "en/drawings/index.html"}


def test_no_english_page_lists_zero_stories(readers_site):
    english = sorted((readers_site / "en").rglob("*.html"))
    assert (readers_site / "en/sections/health/index.html") in english
    empty = [
        p.relative_to(readers_site).as_posix()
        for p in english
        if p.relative_to(readers_site).as_posix() not in FEATURE_PAGES
        and EMPTY.search(p.read_text(encoding="utf-8"))
    ]
    assert empty == []
    assert sorted(p.name for p in (readers_site / "en/sections").iterdir()) == ["health"]
    feeds = sorted(p.name for p in (readers_site / "feeds/en/sections").iterdir())
    assert feeds == ["health.atom.xml"]


def test_every_link_to_an_english_listing_leads_to_a_page(readers_site):
    """An English section with nothing to list is not written, so nothing may link to
    it: not the section bar, not the Spanish section's language link or hreflang.
    (Links to the English front page, sections, tags and archive, from every page.)"""
    listing = re.compile(r"^/en/(?:(?:sections|tags)/[^/]+/|archive/)?$")
    missing, seen = set(), set()
    for page in readers_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'<(?:a|link)\b[^>]*\bhref="(/[^"]*)"', text):
            path = unquote(urlsplit(href).path)
            if not listing.match(path):
                continue
            seen.add(path)
            if not (readers_site / path.lstrip("/") / "index.html").is_file():
                missing.add((page.relative_to(readers_site).as_posix(), path))
    assert {"/en/", "/en/sections/health/", "/en/archive/"} <= seen
    assert sorted(missing) == []
    # Derechos has no English story: no language link; Salud has one.
    rights = (readers_site / "secciones/derechos/index.html").read_text(encoding="utf-8")
    assert "/en/sections/rights/" not in rights and 'hreflang="en"' not in rights
    health = (readers_site / "secciones/salud/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="/en/sections/health/">' in health


def test_gallery_links_to_its_english_page_once(readers_site):
    for rel, other in (
        ("dibujos/index.html", "/en/drawings/"),
        ("en/drawings/index.html", "/dibujos/"),
    ):
        text = (readers_site / rel).read_text(encoding="utf-8")
        body = text[text.index("<body") :]
        assert body.count(f'href="{other}"') == 1, rel
