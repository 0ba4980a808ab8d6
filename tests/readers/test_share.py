"""Share (issue 12): a "Compartir" button (the phone's share sheet), a WhatsApp link
and a copy-link button, no request to another host before the reader chooses; Open
Graph tags with an absolute image on the site's own host sized for WhatsApp; a
canonical link; testimonies share a neutral preview unless `vista_previa: completa`."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from PIL import Image
from readers_helpers import build_readers_site

SITE = "https://voces.example.org"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory):
    extra = {
        "testimonios/abierta.md": (
            {
                "título": "Mi historia con vista completa",
                "fecha": "2026-10-02",
                "autora": "Sol",
                "etiquetas": "camino",
                "resumen": "Quiero que se vea.",
                "estado": "publicado",
                "consentimiento": "sí",
                "consentimiento_fecha": "2026-09-20",
                "consentimiento_alcance": "web",
                "vista_previa": "completa",
                "slug": "abierta",
            },
            "Texto.",
        )
    }
    return build_readers_site(
        tmp_path_factory.mktemp("publico"), {"SITEURL": SITE, "FEED_DOMAIN": SITE}, extra
    )


def meta(text, prop):
    found = re.search(rf'<meta property="{prop}" content="([^"]*)">', text)
    return found.group(1).replace("\xa0", " ") if found else None  # typogrify's widont


def test_every_page_has_canonical_and_open_graph(public_site):
    for path in public_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "<head>" not in text or "pagefind" in path.parts:
            continue
        rel = path.relative_to(public_site).as_posix().removesuffix("index.html")
        assert f'<link rel="canonical" href="{SITE}/{rel}">' in text, rel
        image = meta(text, "og:image")
        assert image and image.startswith(SITE + "/"), (rel, image)


def test_the_preview_image_suits_whatsapp(public_site):
    text = (public_site / "articulos/prueba/index.html").read_text(encoding="utf-8")
    image = meta(text, "og:image")
    local = public_site / image.removeprefix(SITE + "/")
    assert local.exists()
    assert local.stat().st_size <= 300 * 1024
    with Image.open(local) as img:
        assert img.width >= 300 and img.width == int(meta(text, "og:image:width"))


def test_an_ordinary_story_shares_its_title(public_site):
    text = (public_site / "articulos/prueba/index.html").read_text(encoding="utf-8")
    assert meta(text, "og:title") == "La prueba de VIH es gratis"
    assert meta(text, "og:description") == "Dónde hacerse la prueba."
    wa = re.search(r'class="button button--quiet share__whatsapp" href="([^"]+)"', text).group(1)
    assert wa.startswith("https://wa.me/?text=")
    shared = unquote(wa.split("=", 1)[1]).replace("\xa0", " ")
    assert shared == f"La prueba de VIH es gratis {SITE}/articulos/prueba/"


def test_a_testimony_shares_a_neutral_preview(public_site):
    text = (public_site / "articulos/camino/index.html").read_text(encoding="utf-8")
    og = " ".join(re.findall(r'<meta property="og:[^>]*>', text))
    assert "aprendí" not in og and "Mi historia" not in og
    assert meta(text, "og:title").startswith("Voces")
    assert meta(text, "og:image") == f"{SITE}/theme/images/compartir.png"
    share = re.search(r'<div class="share".*?</div>', text, re.S).group(0)
    assert "aprendí" not in share and "Voces: " in share
    # With the member's consent (vista_previa: completa) the full preview.
    open_ = (public_site / "articulos/abierta/index.html").read_text(encoding="utf-8")
    assert meta(open_, "og:title") == "Mi historia con vista completa"


@pytest.mark.browser
def test_share_buttons_contact_nobody_before_a_tap(readers_server, phone_page):
    phone_page.goto(readers_server + "/articulos/prueba/")
    phone_page.wait_for_load_state("networkidle")
    hosts = {u.split("/")[2] for u in phone_page.requested_urls}
    assert hosts == {readers_server.split("/")[2]}, hosts
    box = phone_page.locator(".share")
    has_share = phone_page.evaluate("!!navigator.share")
    assert box.locator(".share__native").is_visible() == has_share
    assert box.locator(".share__whatsapp").is_visible()
    copy = box.locator(".share__copy")
    assert copy.is_visible()  # 127.0.0.1 is a secure context: the clipboard is there
    phone_page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.click()
    phone_page.wait_for_function(
        "() => document.querySelector('.share__copy').textContent.includes('copiado')"
    )
    copied = phone_page.evaluate("navigator.clipboard.readText()")
    assert copied == readers_server + "/articulos/prueba/"
    assert phone_page.console_errors == []
