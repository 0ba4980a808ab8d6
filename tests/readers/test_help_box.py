"""Help one tap from every story (issue 12): a help box at the end of every story and
section page with the numbers that fit its section (content/directorio.toml,
``secciones``), 911 and the directory; numbers are tel: links, example entries never."""

from __future__ import annotations

import re
import tomllib

import pytest
from readers_helpers import build_readers_site
from voces_testing import ROOT

BOX = re.compile(r'<aside class="help-box".*?</aside>', re.S)
DIRECTORY = tomllib.loads((ROOT / "content" / "directorio.toml").read_text(encoding="utf-8"))
EXAMPLE_PHONES = [e["phone"] for e in DIRECTORY["entries"] if e.get("example", True)]


def story_and_section_pages(site):
    pages = sorted(site.glob("articulos/*/index.html")) + sorted(
        site.glob("en/articles/*/index.html")
    )
    pages += sorted(site.glob("secciones/*/index.html")) + sorted(
        site.glob("en/sections/*/index.html")
    )
    return pages


def test_every_story_and_section_ends_with_help(readers_site):
    pages = story_and_section_pages(readers_site)
    assert len(pages) >= 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        box = BOX.search(text)
        assert box, f"{path}: no help box"
        box = box.group(0)
        assert 'href="tel:911"' in box, path
        english = "/en/" in path.as_posix()
        assert ('href="/en/directorio/"' if english else 'href="/directorio/"') in box, path
        assert ("need help?" if english else "¿Necesitas ayuda?") in box, path
        # At the end: after the story's text, before the page ends.
        assert text.index(box) > text.find('class="story__body"'), path


def test_the_numbers_fit_the_section(readers_site):
    health = BOX.search((readers_site / "articulos/prueba/index.html").read_text("utf-8")).group(0)
    rights = BOX.search((readers_site / "articulos/comar/index.html").read_text("utf-8")).group(0)
    assert "CAPASITS" in health and "refugio" not in health.lower()
    assert "refugio" in rights.lower() and "CAPASITS" not in rights
    assert health.count("<li") <= 4 and rights.count("<li") <= 4  # 911 + up to three


def test_example_entries_are_never_dialable(readers_site):
    assert EXAMPLE_PHONES
    for path in readers_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for phone in EXAMPLE_PHONES:
            assert f"tel:{phone}" not in text, f"{path}: example number {phone} is dialable"
    health = BOX.search((readers_site / "articulos/prueba/index.html").read_text("utf-8")).group(0)
    assert "Ejemplo" in health
    directory = (readers_site / "directorio" / "index.html").read_text(encoding="utf-8")
    assert "Número de ejemplo, sin verificar" in directory
    assert 'href="tel:911"' in directory


def test_directory_word_and_911_in_a_story_are_links(readers_site):
    body = (readers_site / "articulos/prueba/index.html").read_text(encoding="utf-8")
    body = body[
        body.index('class="story__body"') : body.index("</div>", body.index('class="story__body"'))
    ]
    assert re.search(r'<a href="/directorio/">Directorio</a>', body)
    assert re.search(r'<a href="tel:911">911</a>', body)


@pytest.fixture(scope="module")
def verified_site(tmp_path_factory):
    def verify_capasits(text):
        start = text.index('id = "capasits-ejemplo"')
        end = text.index("example = true", start)
        return text[:end] + "example = false" + text[end + len("example = true") :]

    story = {
        "salud/cuatro.md": (
            {
                "título": "Dónde está el CAPASITS",
                "fecha": "2026-10-21",
                "autora": "Lucero",
                "estado": "publicado",
                "slug": "donde-capasits",
            },
            "Llama al 962 000 0003 para pedir cita.",
        )
    }
    return build_readers_site(
        tmp_path_factory.mktemp("verificado"), extra_files=story, directory=verify_capasits
    )


def test_a_verified_number_is_one_tap_away(verified_site):
    text = (verified_site / "articulos/donde-capasits/index.html").read_text(encoding="utf-8")
    assert '<a href="tel:+529620000003">962 000 0003</a>' in text  # in the story's text
    box = BOX.search(text).group(0)
    assert 'href="tel:+529620000003"' in box
    directory = (verified_site / "directorio" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+529620000003"' in directory


@pytest.mark.browser
def test_help_box_on_a_phone(readers_server, phone_page, tmp_path):
    phone_page.goto(readers_server + "/articulos/prueba/")
    box = phone_page.locator("aside.help-box")
    box.scroll_into_view_if_needed()
    call = box.locator("a[href='tel:911']")
    assert call.is_visible()
    size = call.bounding_box()
    assert size["height"] >= 44, size  # a thumb can tap it
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    box.screenshot(path=str(tmp_path / "help-box.png"))
    assert phone_page.console_errors == []
