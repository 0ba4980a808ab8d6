"""The theme on a 360x640 phone, in Debian's Chromium, over 127.0.0.1.

What a reader on an old Android phone would notice: sideways scrolling, small
text, links too small for a finger, a skip link that never shows, fonts or icons
fetched from somewhere else.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from voces_testing import serve_directory

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/en/",
    "/articulos/prueba-vih/",
    "/en/articles/prueba-vih/",
    "/secciones/salud/",
    "/directorio/",
    "/en/directorio/",
    "/archivo/",
    "/404.html",
]
TAP = 44


@pytest.fixture(scope="module")
def tiny_server(tiny_site):
    server, base = serve_directory(tiny_site)
    yield base
    server.shutdown()


def open_page(phone_page, base, path):
    response = phone_page.goto(base + path, wait_until="load")
    assert response and response.ok, f"{path}: {response and response.status}"
    phone_page.evaluate("document.fonts.ready")
    return phone_page


@pytest.mark.parametrize("path", PAGES)
def test_fits_a_360px_phone_with_large_text_and_big_targets(phone_page, tiny_server, path):
    page = open_page(phone_page, tiny_server, path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path}: the page scrolls sideways ({width}px wide)"
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 18, f"{path}: body text {size}px"
    small = page.evaluate(
        """(min) => {
        const sel = '.sections-nav a, .more-nav a, .button, .lang-switch__link, .kicker a, '
                  + '.card__title a, .tags a, .feed-link, .more a, .archive__item a';
        // Only what is on screen can be tapped: a hidden button (no boxes) is not a target.
        return [...document.querySelectorAll(sel)].filter(a => a.getClientRects().length)
          .map(a => {
            const r = a.getBoundingClientRect();
            return {text: a.textContent.trim().slice(0, 40), h: r.height};
        }).filter(t => t.h < min);
    }""",
        TAP,
    )
    assert not small, f"{path}: tap targets under {TAP}px high: {small}"
    hosts = {urlparse(u).hostname for u in page.requested_urls if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"{path}: contacted {hosts}"
    assert not page.console_errors, f"{path}: {page.console_errors}"


def test_self_hosted_fonts_are_used(phone_page, tiny_server):
    page = open_page(phone_page, tiny_server, "/articulos/prueba-vih/")
    assert page.evaluate("document.fonts.check('700 19px \"Source Serif 4\"')")
    assert page.evaluate("document.fonts.check('19px \"Atkinson Hyperlegible\"')")
    fonts = [u for u in page.requested_urls if u.endswith(".woff2")]
    assert fonts and all("/theme/fonts/" in u for u in fonts)
    family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert family.startswith('"Source Serif 4"')


def test_skip_link_appears_on_focus_and_moves_focus_to_main(phone_page, tiny_server):
    page = open_page(phone_page, tiny_server, "/articulos/prueba-vih/")
    skip = page.locator("a.skip-link")
    assert skip.bounding_box()["y"] < 0, "the skip link should be hidden until focused"
    skip.focus()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= TAP - 4
    # visible for real: not hidden under the sticky quick exit bar
    on_top = page.evaluate(
        """([x, y]) => document.elementFromPoint(x, y).closest('a')?.className""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenido"
    assert page.evaluate("document.activeElement.id") == "contenido"


def test_works_without_javascript(browser, tiny_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(tiny_server + "/directorio/")
        assert page.locator("a[href^='tel:']").count() == 1  # the example entry never dials
        assert page.locator("a[href^='tel:']").first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.locator(".lang-switch__link").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/en/directorio/")
    finally:
        context.close()


def test_sample_front_page_fits_a_phone(phone_page, site_server):
    page = open_page(phone_page, site_server, "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    hosts = {urlparse(u).hostname for u in page.requested_urls}
    assert hosts == {"127.0.0.1"}
