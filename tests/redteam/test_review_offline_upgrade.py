"""Red team (review): a phone whose pages were kept by the worker from before the
withdrawn list was remembered ("voces-estado") kept them after a withdrawal.

The worker forgets every kept page when the withdrawn list grows, but it compared
with the list it last saw, and a phone updated from the earlier worker had none: the
section page naming a story withdrawn since stayed and was served without internet.
With no list seen and pages kept, the worker now forgets them as after a withdrawal.
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


def content_with(root, status):
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
        {"título": "Zarigueyaretirada", **base, "estado": status, "slug": "se-retira"},
        "Texto que se retira.",
    )
    return content


@pytest.mark.browser
def test_pages_kept_before_the_list_was_remembered_are_forgotten(browser, tmp_path):
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
        # As on a phone whose pages the earlier worker kept: no list remembered.
        page.evaluate("caches.delete('voces-estado')")
        # The editors withdraw the story and publish again (with the new worker).
        shutil.rmtree(served)
        shutil.copytree(tmp_path / "v2out", served)
        page.goto(base + "/")
        wait_for_worker(page)
        page.evaluate("navigator.serviceWorker.controller.postMessage('revisar')")
        wait_for_async(page, "async (p) => !(await caches.match(p))", SECTION, timeout=60)
        context.set_offline(True)
        page.goto(base + SECTION)
        assert "Zarigueyaretirada" not in page.content()
    finally:
        context.close()
        server.shutdown()
