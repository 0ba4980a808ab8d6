"""Offline (issue 12): a small hand-written service worker keeps home, directory,
safety page and the pages a reader opened; each build publishes the SHA-256 of the
withdrawn stories' addresses (never the addresses) and the worker deletes those
copies; a manifest with a neutral name and icon."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from voces_testing import phone_page, wait_for_async, wait_for_worker

WITHDRAWN = "/articulos/historia-retirada/"


def test_withdrawn_list_has_hashes_not_addresses(readers_site):
    text = (readers_site / "retiradas.json").read_text(encoding="utf-8")
    assert hashlib.sha256(WITHDRAWN.encode()).hexdigest() in json.loads(text)["hashes"]
    for path in readers_site.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".js", ".html", ".webmanifest", ".xml"}:
            assert "historia-retirada" not in path.read_text(encoding="utf-8", errors="replace"), (
                path
            )


def test_manifest_is_neutral_and_worker_allowed_by_csp(readers_site):
    manifest = json.loads((readers_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Lecturas" and "Voces" not in json.dumps(manifest)
    for icon in manifest["icons"]:
        assert (readers_site / icon["src"].lstrip("/")).exists()
    home = (readers_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="/manifest.webmanifest">' in home
    assert "worker-src 'self'" in home and 'data-sw="/sw.js"' in home
    footer = home[home.index('<footer class="site-footer"') :]
    assert re.search(r'<a class="forget-saved" href="/seguridad/#borrar"', footer)


@pytest.mark.browser
def test_pages_read_without_internet_and_withdrawn_copies_deleted(browser, readers_server):
    context, page, errors = phone_page(browser)
    try:
        page.goto(readers_server + "/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_for_worker(page)
        page.goto(readers_server + "/articulos/comar/")  # a page the reader opened
        # Her pages 3 and 4: with page 2 each brings one copy (directory, safety page,
        # home), so after the fourth page all three are kept.
        for story in ("/articulos/condon/", "/articulos/prep/"):
            page.goto(readers_server + story)
        wait_for_async(
            page,
            "async (paths) => (await Promise.all(paths.map(p => caches.match(p)))).every(Boolean)",
            ["/directorio/", "/seguridad/", "/"],
        )
        # A copy of a story that was later withdrawn (as if kept from before).
        page.evaluate(
            """async (path) => { const c = await caches.open('voces-paginas');
            await c.put(path, new Response('<h1>zarigueya</h1>',
            {headers: {'Content-Type': 'text/html'}})); }""",
            WITHDRAWN,
        )
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        wait_for_async(page, "async (path) => !(await caches.match(path))", WITHDRAWN)
        context.set_offline(True)
        for path, words in (
            ("/articulos/comar/", "Pedir refugio"),
            ("/directorio/", "Directorio"),
            ("/seguridad/", "Salir rápido"),
            ("/", "Voces"),
        ):
            page.goto(readers_server + path)
            assert words in page.content(), path
        page.goto(readers_server + WITHDRAWN)
        assert "zarigueya" not in page.content()
        # "Borrar lo guardado" empties everything.
        context.set_offline(False)
        page.goto(readers_server + "/")
        page.locator("a.forget-saved").click()
        page.wait_for_function(
            "() => document.querySelector('a.forget-saved').textContent.includes('Listo')"
        )
        left = page.evaluate(
            "async () => [(await caches.keys()).length,"
            " (await navigator.serviceWorker.getRegistrations()).length]"
        )
        assert left == [0, 0], left
        assert errors == []
    finally:
        context.close()
