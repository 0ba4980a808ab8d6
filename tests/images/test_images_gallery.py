"""The Dibujos gallery, in Spanish and English, each drawing linked to its story."""

import re

import pytest
from image_fixtures import drawing
from images_site import article, build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("gallery")
    content = base / "content"
    (content / "dibujos").mkdir(parents=True)
    for n, name in enumerate(("rio", "flor", "retirada")):
        drawing(size=(900, 600), seed=n).save(content / "dibujos" / f"{name}.jpg", quality=85)
    article(
        content,
        "el-rio",
        "Texto.",
        title="El río",
        image="dibujos/rio.jpg",
        image_alt="Dibujo de un río.",
        date="2026-11-01",
    )
    article(
        content,
        "el-rio",
        "Text.",
        title="The river",
        lang="en",
        image="dibujos/rio.jpg",
        image_alt="Drawing of a river.",
        date="2026-11-01",
    )
    article(
        content,
        "la-flor",
        "Texto.\n\n![Dibujo de una flor.](dibujos/flor.jpg)",
        title="La flor",
        date="2026-11-03",
    )
    article(
        content,
        "retirada",
        "Texto.",
        title="Retirada",
        status="retirado",
        image="dibujos/retirada.jpg",
        image_alt="Dibujo retirado ZZRETIRADA.",
    )
    out = base / "output"
    build(content, out, base / "cache")
    return out


def _items(page):
    return re.findall(r'<li class="drawing">.*?</li>', page.read_text(encoding="utf-8"), re.S)


def test_spanish_gallery_links_each_drawing_to_its_story(site):
    items = _items(site / "dibujos" / "index.html")
    assert len(items) == 2
    assert 'href="/articulos/la-flor/"' in items[0]  # newest first
    assert 'href="/articulos/el-rio/"' in items[1]
    assert 'alt="Dibujo de un río."' in items[1]
    assert "<picture>" in items[0] and 'loading="lazy"' not in items[0]
    assert 'loading="lazy"' in items[1]


def test_english_gallery_prefers_the_translation(site):
    items = _items(site / "en" / "drawings" / "index.html")
    assert len(items) == 2
    assert 'href="/en/articles/el-rio/"' in items[1] and 'alt="Drawing of a river."' in items[1]
    # No English version of "La flor": the Spanish story, marked as Spanish.
    assert 'href="/articulos/la-flor/"' in items[0] and 'hreflang="es"' in items[0]


def test_withdrawn_story_and_its_drawing_are_not_in_the_gallery(site):
    for page in (site / "dibujos" / "index.html", site / "en" / "drawings" / "index.html"):
        assert "ZZRETIRADA" not in page.read_text(encoding="utf-8")
        assert "retirada" not in page.read_text(encoding="utf-8")
    srcs = set()
    for page in site.rglob("*.html"):
        srcs |= set(
            re.findall(r"/imagenes/([0-9a-f]{16}-\d+\.\w+)", page.read_text(encoding="utf-8"))
        )
    published = {p.name for p in (site / "imagenes").iterdir()}
    assert published == srcs  # every published image is used, nothing else is there
