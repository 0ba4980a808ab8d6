"""Quick exit keeps its word (issue 12): after "Salir rápido", Back never shows a Voces
page whatever the reader opened before, and nothing the site stored stays behind.

Full path in Chromium at 360 px: another site (a tiny page on a second 127.0.0.1
server) → Voces → three pages through links → exit → Back, Back, Back.
"""

from __future__ import annotations

import re

import pytest
from readers_helpers import build_readers_site
from voces_testing import serve_directory

EXIT = "https://www.accuweather.com/es/mx/tapachula/"
WEATHER = "<!DOCTYPE html><html lang='es'><meta charset='utf-8'><title>Clima</title><h1>Clima</h1>"


@pytest.fixture(scope="module")
def other_site(tmp_path_factory, readers_server):
    """Another site the reader was on before: one page with a link to Voces."""
    root = tmp_path_factory.mktemp("otro")
    (root / "index.html").write_text(
        "<!DOCTYPE html><html lang='es'><meta charset='utf-8'><title>Otra página</title>"
        f"<h1>Otra página</h1><a id='voces' href='{readers_server}/'>Voces</a></html>",
        encoding="utf-8",
    )
    server, base = serve_directory(root)
    yield base
    server.shutdown()


def route_exit(context, foreign):
    def handle(route):
        url = route.request.url
        if url.startswith("http://127.0.0.1:"):
            route.continue_()
        elif url.startswith(EXIT):
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=WEATHER)
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", handle)


def test_every_page_asks_links_to_replace_history(readers_site):
    for path in readers_site.rglob("*.html"):
        link = re.search(r'<a class="quick-exit"[^>]*>', path.read_text(encoding="utf-8"))
        assert link and "data-replace-history" in link.group(0), path


def test_replace_history_can_be_switched_off(tmp_path):
    out = build_readers_site(tmp_path, {"READING": {"replace_history": False}})
    text = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="quick-exit"[^>]*>', text)
    assert "data-replace-history" not in text


@pytest.mark.browser
def test_back_after_exit_never_shows_voces(browser, readers_server, other_site):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True
    )
    foreign: list[str] = []
    route_exit(context, foreign)
    page = context.new_page()
    try:
        page.goto(other_site + "/")
        page.click("#voces")
        page.wait_for_url(readers_server + "/")
        # Three pages through the site's own links, as a reader taps them.
        page.locator("a[href*='/secciones/salud/']").first.click()
        page.wait_for_url(re.compile(r".*/secciones/salud/$"))
        page.locator("main a[href*='/articulos/']").first.click()
        page.wait_for_url(re.compile(r".*/articulos/[^/]+/$"))
        page.locator("a[href$='/seguridad/']").first.click()
        page.wait_for_url(re.compile(r".*/seguridad/$"))
        # The site stored something (as the offline worker will): the exit empties it.
        page.evaluate(
            """async () => { localStorage.setItem('x', '1'); sessionStorage.setItem('y', '2');
            const c = await caches.open('voces-prueba'); await c.put('/x', new Response('x')); }"""
        )
        page.locator("a.quick-exit").click()
        page.wait_for_url(EXIT)
        seen = []
        for _ in range(3):
            page.go_back()
            page.wait_for_load_state()
            seen.append(page.url)
            assert not page.url.startswith(readers_server), f"Back showed Voces: {seen}"
        assert seen[0] == other_site + "/", seen
        # Nothing stored stays: look from a page of the same host that is not a Voces page.
        page.goto(readers_server + "/sitemap.xml")
        left = page.evaluate(
            """async () => ({caches: await caches.keys(), local: localStorage.length,
            session: sessionStorage.length,
            workers: (await navigator.serviceWorker.getRegistrations()).length})"""
        )
        assert left == {"caches": [], "local": 0, "session": 0, "workers": 0}, left
        assert foreign == []
    finally:
        context.close()


def test_safety_page_says_what_remains_and_how_to_clear_it(readers_site):
    es = (readers_site / "seguridad" / "index.html").read_text(encoding="utf-8")
    en = (readers_site / "en" / "seguridad" / "index.html").read_text(encoding="utf-8")
    for text, words in (
        (es, ("Esto es lo que queda", "historial", "Borrar datos de navegación", "pestañas")),
        (en, ("This is what stays", "history", "Delete browsing data", "tabs")),
    ):
        for word in words:
            assert word in text, word
