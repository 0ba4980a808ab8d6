""" "Guardar para leer sin internet" on an edition page (issue 12): one tap keeps the
edition and its stories; without internet they open, each as itself (not the home
page the worker falls back on). The tap also keeps home, directory and safety page.

In Chromium at 360 px; the edition is the reader's first page on the site."""

from __future__ import annotations

import re

import pytest
from readers_helpers import build_readers_site
from voces_testing import phone_page, serve_directory, wait_for_async, wait_for_worker

EDITION = {
    "ediciones/01.md": (
        {
            "número": 1,
            "título": "Número para guardar",
            "fecha": "2026-11-15",
            "portada": "dibujos/circulo.jpg",
            "portada_alt": "Un círculo dibujado a mano.",
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
def edition_site(tmp_path_factory):
    from PIL import Image, ImageDraw

    root = tmp_path_factory.mktemp("guardar")
    drawing = root / "content" / "dibujos" / "circulo.jpg"
    drawing.parent.mkdir(parents=True)
    image = Image.new("RGB", (900, 600), "white")
    ImageDraw.Draw(image).ellipse((250, 100, 650, 500), outline="black", width=12)
    image.save(drawing, quality=85)
    # No PDF is rendered: "only" asks for edition 2's PDFs, and there is none. Edition
    # 1 still gets its page, its cover and its print page (made before the PDFs, which
    # "pdf": False would switch off too); these tests never read a PDF, and the save
    # button keeps the edition page and its stories, not the PDFs.
    return build_readers_site(
        root,
        extra_settings={"EDITIONS": {"only": 2, "cache_dir": str(root / "pdf-cache")}},
        extra_files=EDITION,
    )


@pytest.fixture(scope="module")
def edition_server(edition_site):
    server, base = serve_directory(edition_site)
    yield base
    server.shutdown()


def test_edition_covers_have_their_size(edition_site):
    """Width and height on the cover (edition page and list): the text under it does
    not jump when the drawing arrives on a slow connection (Lighthouse CLS 0.12 before)."""
    for rel in ("ediciones/01/index.html", "ediciones/index.html"):
        text = (edition_site / rel).read_text(encoding="utf-8")
        covers = re.findall(r'<img[^>]*src="[^"]*portada\.jpg"[^>]*>', text)
        assert covers, rel
        for tag in covers:
            width = int(re.search(r'width="(\d+)"', tag).group(1))
            height = int(re.search(r'height="(\d+)"', tag).group(1))
            assert abs(width / height - 1.5) < 0.02, tag  # the drawing's 3:2


def text_of(locator) -> str:
    return locator.inner_text().replace("\xa0", " ")


@pytest.mark.browser
def test_saved_edition_opens_without_internet(browser, edition_server):
    context, page, errors = phone_page(browser, has_touch=True)
    try:
        page.goto(edition_server + "/ediciones/01/")
        wait_for_worker(page)
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
