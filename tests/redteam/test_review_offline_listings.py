"""Red team (review): after a withdrawal, phones kept pages that still named the story.

The offline worker deleted the withdrawn story's own address, but the section page,
the archive and any other page the reader had opened before stayed in her cache with
the story's title and summary, and were served without internet. When the withdrawn
list grows, every kept page goes (the worker keeps them again as she reads online).
Real builds served on 127.0.0.1, real Chromium at 360 px.
"""

from __future__ import annotations

import shutil

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


@pytest.mark.browser
def test_pages_naming_a_newly_withdrawn_story_are_forgotten(browser, tmp_path):
    served = tmp_path / "served"
    run_build(content_with(tmp_path / "v1", "publicado"), served, extra={"SITEURL": ""})
    run_build(content_with(tmp_path / "v2", "retirado"), tmp_path / "v2out", extra={"SITEURL": ""})
    server, base = serve_directory(served)
    context, page, _errors = phone_page(browser)
    try:
        page.goto(base + "/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_for_worker(page)
        page.goto(base + SECTION)
        assert "Zarigueyaretirada" in page.content()
        wait_for_async(page, "async (p) => !!(await caches.match(p))", SECTION)
        # The editors withdraw the story and publish again.
        shutil.rmtree(served)
        shutil.copytree(tmp_path / "v2out", served)
        page.goto(base + "/")
        wait_for_worker(page)
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        wait_for_async(page, "async (p) => !(await caches.match(p))", SECTION, timeout=60)
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
    finally:
        context.close()
        server.shutdown()


@pytest.mark.browser
def test_same_list_keeps_pages_read_offline(browser, tmp_path):
    served = tmp_path / "served"
    run_build(content_with(tmp_path / "v1", "retirado"), served, extra={"SITEURL": ""})
    server, base = serve_directory(served)
    context, page, _errors = phone_page(browser)
    try:
        page.goto(base + "/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_for_worker(page)
        page.goto(base + "/articulos/se-queda/")
        wait_for_async(page, "async (p) => !!(await caches.match(p))", "/articulos/se-queda/")
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        context.set_offline(True)
        page.goto(base + "/articulos/se-queda/")
        text = page.content()
        assert "Texto que" in text, text[text.find("<body") :][:1500]
    finally:
        context.close()
        server.shutdown()
