"""Offline copies wait for a second page (issue 12, budgets "first visit ≤ 60 KB" and
"next page ≤ 15 KB"): a reader who opens one story pays for that story alone; from her
second page on, each page she opens brings one copy, most useful first (page 2 the
directory, page 3 the safety page, page 4 home), so no page pays for two; after her
fourth page all three are kept and open without internet.

The site is served by a local server that records every page and file it sends, the
worker's requests included (Playwright does not see a service worker's own fetches)."""

from __future__ import annotations

import http.server

import pytest
from voces_testing import phone_page, serve_directory, wait_for_async, wait_for_worker

CORE = ("/", "/directorio/", "/seguridad/")


class _Recording(http.server.SimpleHTTPRequestHandler):
    """Records the path of every body it sends (a "304 Not Modified" sends none)."""

    sent: list[str]

    def send_response(self, code, message=None):
        if code == 200:
            self.sent.append(self.path.split("?")[0])
        super().send_response(code, message)

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_server(readers_site):
    sent: list[str] = []
    handler = type("Handler", (_Recording,), {"sent": sent})
    server, base = serve_directory(readers_site, handler=handler)
    yield base, sent
    server.shutdown()


KEPT = "async (paths) => (await Promise.all(paths.map(p => caches.match(p)))).map(Boolean)"


KEPT_ONE = "async (path) => !!(await caches.match(path))"
SPRITE = "/theme/icons/iconos.svg"
# Drawn only if the icon file reached the page: an external <use> that failed to load
# has an empty box.
ICON_DRAWN = "() => document.querySelector('.site-footer svg.icon use').getBBox().width > 0"


@pytest.mark.browser
def test_first_visit_fetches_no_offline_copies_each_later_page_keeps_one(browser, recording_server):
    base, sent = recording_server
    context, page, errors = phone_page(browser)
    try:
        # First visit: a story shared on WhatsApp. The worker installs, activates and
        # takes the page over (claim() ends its activation) without fetching a copy.
        page.goto(base + "/articulos/prueba/")
        wait_for_worker(page)
        assert page.evaluate(KEPT, list(CORE)) == [False, False, False]
        assert not set(CORE) & set(sent), sent
        # The worker's copies of the style sheet and the icons came from the browser's
        # HTTP cache: each was sent once.
        assert sent.count("/theme/css/site.css") == 1, sent
        assert sent.count(SPRITE) == 1, sent
        assert page.evaluate(ICON_DRAWN)

        # Pages 2, 3 and 4: each keeps one more copy, the directory first. A copy that
        # comes early (two on one page) is in `sent` by the time the next one is kept.
        order = ("/directorio/", "/seguridad/", "/")
        for number, (story, copy) in enumerate(
            zip(("/articulos/comar/", "/articulos/condon/", "/articulos/prep/"), order), 2
        ):
            page.goto(base + story)
            wait_for_async(page, KEPT_ONE, copy)
            assert sent.count(copy) == 1, (number, copy, sent)
            for later in order[number - 1 :]:
                assert later not in sent, (f"page {number} fetched {later}", sent)
        assert page.evaluate(KEPT, list(CORE)) == [True, True, True]

        # Page 5: nothing more to copy; the story itself is kept as she reads it.
        page.goto(base + "/articulos/camino/")
        wait_for_async(page, KEPT_ONE, "/articulos/camino/")
        for path in CORE:
            assert sent.count(path) == 1, (path, sent)
        assert sent.count(SPRITE) == 1, sent

        context.set_offline(True)
        for path, heading, words in (
            ("/directorio/", "Directorio", "911"),
            ("/seguridad/", "Navegar con más seguridad", "Salir rápido"),
            ("/", "Voces", "La prueba de VIH es gratis"),
            ("/articulos/comar/", "Pedir refugio en la COMAR", "El trámite es gratis"),
        ):
            page.goto(base + path)
            text = page.locator("main").inner_text().replace("\xa0", " ")
            assert page.locator("h1").inner_text().replace("\xa0", " ") == heading, path
            assert words in text, path
            assert page.evaluate(ICON_DRAWN), f"{path}: icons not drawn without internet"
        assert errors == []
    finally:
        context.close()
