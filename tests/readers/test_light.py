"""Lighter and steadier (issue 12): web fonts cut to the characters used and shown
without layout shift, a text-only front page /texto/ under 14 KB."""

from __future__ import annotations

import re

import pytest
from voces_testing import ROOT

FONTS = ROOT / "theme" / "static" / "fonts"
CSS = ROOT / "theme" / "static" / "css" / "site.css"


def test_fonts_of_a_first_visit_weigh_at_most_40_kb():
    css = CSS.read_text(encoding="utf-8")
    used = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    upright = [name for name in used if "italic" not in name]
    total = sum((FONTS / name).stat().st_size for name in upright)
    assert total <= 40 * 1024, f"{upright}: {total} bytes"
    assert all(name.endswith("-web.woff2") for name in used)
    assert css.count("font-display: optional;") == len(used)


def test_text_only_front_page(readers_site):
    page = readers_site / "texto" / "index.html"
    text = page.read_text(encoding="utf-8")
    script = readers_site / "theme" / "js" / "quick-exit.js"
    assert page.stat().st_size + script.stat().st_size <= 14 * 1024
    assert "<img" not in text and "stylesheet" not in text and "<picture" not in text
    assert 'class="quick-exit"' in text and 'href="tel:911"' in text
    assert 'href="/articulos/prueba/"' in text and "historia-retirada" not in text
    assert 'href="/texto/"' in (readers_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/directorio/", "/articulos/prueba/", "/temas/"])
def test_no_layout_shift_when_fonts_arrive(readers_server, browser, path):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(readers_server + path, wait_until="load")
        cls = page.evaluate(
            """() => new Promise(done => { let cls = 0;
            new PerformanceObserver(l => { for (const e of l.getEntries())
              if (!e.hadRecentInput) cls += e.value; })
              .observe({type: 'layout-shift', buffered: true});
            document.fonts.ready.then(() => requestAnimationFrame(() =>
              requestAnimationFrame(() => done(cls)))); })"""
        )
        assert cls <= 0.02, f"{path}: CLS {cls}"
    finally:
        context.close()
