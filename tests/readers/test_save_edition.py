""" "Guardar para leer sin internet" on an edition page (issue 12): one tap keeps the
edition and its stories; without internet they open, each as itself (not the home
page the worker falls back on). The tap also keeps home, directory and safety page.

In Chromium at 360 px; the edition is the reader's first page on the site."""

from __future__ import annotations

import pytest
from readers_helpers import build_readers_site, wait_for_async
from voces_testing import serve_directory

EDITION = {
    "ediciones/01.md": (
        {
            "número": 1,
            "título": "Número para guardar",
            "fecha": "2026-11-15",
            "artículos": "prueba, comar, camino",
        },
        "Un número para leer sin internet.",
    )
}
STORIES = {
    "La prueba de VIH es gratis": "nadie más se entera",
    "Pedir refugio en la COMAR": "El trámite es gratis",
    "Lo que aprendí en el camino": "Crucé el río con mi hija",
}


@pytest.fixture(scope="module")
def edition_server(tmp_path_factory):
    site = build_readers_site(
        tmp_path_factory.mktemp("guardar"),
        extra_settings={"EDITIONS": {"pdf": False}},
        extra_files=EDITION,
    )
    server, base = serve_directory(site)
    yield base
    server.shutdown()


def text_of(locator) -> str:
    return locator.inner_text().replace("\xa0", " ")


@pytest.mark.browser
def test_saved_edition_opens_without_internet(browser, edition_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(edition_server + "/ediciones/01/")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        links = page.locator(".edition-contents a")
        contents = {
            text_of(links.nth(i)): links.nth(i).get_attribute("href") for i in range(links.count())
        }
        assert set(contents) == set(STORIES), contents

        button = page.get_by_role("button", name="Guardar para leer sin internet")
        button.scroll_into_view_if_needed()
        assert button.is_visible()
        button.tap()
        page.wait_for_function(
            "() => document.querySelector('.save-offline button').disabled", polling=200
        )
        assert text_of(page.locator(".save-offline button")).startswith("Guardada")
        # The tap asked the worker for home, directory and safety page too.
        wait_for_async(
            page,
            "async (paths) => (await Promise.all(paths.map(p => caches.match(p)))).every(Boolean)",
            ["/", "/directorio/", "/seguridad/"],
        )

        context.set_offline(True)
        page.reload()
        assert text_of(page.locator("h1")) == "Número para guardar"
        for title, words in STORIES.items():
            page.goto(edition_server + "/ediciones/01/")
            page.locator(".edition-contents a", has_text=title.split(" ")[-1]).first.tap()
            page.wait_for_load_state()
            assert text_of(page.locator("h1")) == title, page.url
            assert words in text_of(page.locator("main")), title
        page.goto(edition_server + "/directorio/")
        assert text_of(page.locator("h1")) == "Directorio"
        assert errors == []
    finally:
        context.close()
