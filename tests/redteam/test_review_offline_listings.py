"""Red team (review): after a withdrawal, phones kept pages that still named the story.

The offline worker deleted the withdrawn story's own address, but the section page,
the archive and any other page the reader had opened before stayed in her cache with
the story's title and summary, and were served without internet. When the withdrawn
list grows, every kept page goes (the worker keeps them again as she reads online).

A second hole of the same kind: a phone whose pages were kept by the worker from before
the withdrawn list was remembered ("voces-estado") kept them after a withdrawal. The
worker compared with the list it last saw, and a phone updated from the earlier worker
had none. With no list seen and pages kept, the worker now forgets them as after a
withdrawal.

Real builds served on 127.0.0.1, real Chromium at 360 px.
"""

from __future__ import annotations

import http.server
import shutil
from contextlib import contextmanager

import pytest
from voces_testing import (
    phone_page,
    run_build,
    serve_directory,
    wait_for_async,
    wait_for_worker,
    write_md,
)

SECTION = "/secciones/comunidad/"
STORY = "/articulos/se-retira/"


class HostThatLetsBrowsersKeepPages(http.server.SimpleHTTPRequestHandler):
    """As GitHub Pages serves a site: every file fresh in the browser for 10 minutes."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, *args):
        pass


def content_with(root, status_b):
    content = root / "content"
    base = {"fecha": "2026-10-28", "autora": "Ana", "resumen": "Un resumen."}
    write_md(
        content,
        "comunidad/se-queda.md",
        {"título": "Se queda", **base, "estado": "publicado", "slug": "se-queda"},
        "Texto que sigue.",
    )
    write_md(
        content,
        "comunidad/se-retira.md",
        {"título": "Zarigueyaretirada", **base, "estado": status_b, "slug": "se-retira"},
        "Texto que se retira.",
    )
    return content


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The site before ("publicado") and after ("retirado") the editors withdraw a story."""
    root = tmp_path_factory.mktemp("offline_listings")
    made = {}
    for name, status in (("antes", "publicado"), ("despues", "retirado")):
        made[name] = root / f"{name}-salida"
        run_build(content_with(root / name, status), made[name], extra={"SITEURL": ""})
    return made


def served_copy(builds, name, tmp_path):
    served = tmp_path / "served"
    shutil.copytree(builds[name], served)
    return served


@contextmanager
def phone_with_worker(browser, served, handler=None):
    """A phone on the site in ``served`` (served by ``handler``), its offline worker in
    control after the first page. Gives (context, page, base)."""
    server, base = serve_directory(served) if handler is None else serve_directory(served, handler)
    context, page, _errors = phone_page(browser)
    try:
        page.goto(base + "/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_for_worker(page)
        yield context, page, base
    finally:
        context.close()
        server.shutdown()


@contextmanager
def withdraw_while_the_phone_reads(browser, builds, tmp_path, forget_list=False):
    """A phone reads the section page online (kept by the worker); the story is
    withdrawn and the site published again; the phone comes back and the worker checks
    the withdrawn list. Gives (context, page, base), still online, after the section page is gone
    from the phone's cache; ``forget_list``: as on a phone updated from the worker
    from before the list was remembered."""
    served = served_copy(builds, "antes", tmp_path)
    with phone_with_worker(browser, served) as (context, page, base):
        page.goto(base + SECTION)
        assert "Zarigueyaretirada" in page.content()
        wait_for_async(page, "async (p) => !!(await caches.match(p))", SECTION)
        if forget_list:
            page.evaluate("caches.delete('voces-estado')")
        # The editors withdraw the story and publish again.
        shutil.rmtree(served)
        shutil.copytree(builds["despues"], served)
        page.goto(base + "/")
        wait_for_worker(page)
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        wait_for_async(page, "async (p) => !(await caches.match(p))", SECTION, timeout=60)
        if forget_list:
            # The worker has finished: it writes the list it saw after the kept pages
            # are forgotten and home, directory and safety page are kept again (going
            # offline before that left no page to answer with, a net::ERR_FAILED).
            wait_for_async(
                page,
                "async () => !!(await (await caches.open('voces-estado'))"
                ".match('retiradas-vistas'))",
                timeout=60,
            )
        yield context, page, base


@pytest.mark.browser
def test_pages_naming_a_newly_withdrawn_story_are_forgotten(browser, builds, tmp_path):
    with withdraw_while_the_phone_reads(browser, builds, tmp_path) as (context, page, base):
        # The home page served without internet is fetched again, past the HTTP cache.
        wait_for_async(
            page,
            """async () => { const r = await caches.match('/');
            return !!r && !(await r.text()).includes('Zarigueyaretirada'); }""",
            timeout=60,
        )
        context.set_offline(True)
        page.goto(base + SECTION)
        assert "Zarigueyaretirada" not in page.content()


@pytest.mark.browser
def test_pages_kept_before_the_list_was_remembered_are_forgotten(browser, builds, tmp_path):
    with withdraw_while_the_phone_reads(browser, builds, tmp_path, forget_list=True) as (
        context,
        page,
        base,
    ):
        context.set_offline(True)
        page.goto(base + SECTION)
        assert "Zarigueyaretirada" not in page.content()


@pytest.mark.browser
def test_same_list_keeps_pages_read_offline(browser, builds, tmp_path):
    served = served_copy(builds, "despues", tmp_path)
    with phone_with_worker(browser, served) as (context, page, base):
        page.goto(base + "/articulos/se-queda/")
        wait_for_async(page, "async (p) => !!(await caches.match(p))", "/articulos/se-queda/")
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        context.set_offline(True)
        page.goto(base + "/articulos/se-queda/")
        text = page.content()
        assert "Texto que" in text, text[text.find("<body") :][:1500]


@pytest.mark.browser
def test_a_withdrawn_story_is_never_served_from_the_browsers_own_cache(browser, builds, tmp_path):
    """Found in review: the worker answered a page with the network first, and the
    browser's own HTTP cache answered for the network, with no look at the withdrawn
    list: on a host that lets browsers keep pages (GitHub Pages, 10 minutes), a story
    withdrawn after she read it was shown again, online and offline. The worker now
    asks the host every time (a 304 of a few hundred bytes when nothing changed)."""
    served = served_copy(builds, "antes", tmp_path)
    with phone_with_worker(browser, served, HostThatLetsBrowsersKeepPages) as (context, page, base):
        page.goto(base + STORY)
        assert "Zarigueyaretirada" in page.content()
        # A redirect still opens through the worker (the host adds the final slash).
        page.goto(base + "/articulos/se-queda")
        assert page.url.endswith("/articulos/se-queda/")
        assert "<title>Se&nbsp;queda" in page.content()
        page.goto(base + "/")
        # The editors withdraw the story and publish again, minutes later.
        shutil.rmtree(served)
        shutil.copytree(builds["despues"], served)
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        wait_for_async(page, "async (p) => !(await caches.match(p))", STORY, timeout=60)
        page.goto(base + STORY)
        assert "Zarigueyaretirada" not in page.content()  # online
        context.set_offline(True)
        page.goto(base + STORY)
        assert "Zarigueyaretirada" not in page.content()  # offline
