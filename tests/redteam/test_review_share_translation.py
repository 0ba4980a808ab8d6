"""Red team (review): the share preview of a personal story's translation told the story.

A story that needs consent (``historia_personal: sí`` or a consent section) shares a
neutral preview (newspaper name, generic drawing), so a lock screen or a WhatsApp
group does not show it. Consent belongs to the story, not to one file; but the share
tags looked at each file alone, so the English translation of a personal story (whose
file does not repeat ``historia_personal``) showed its title and summary to anyone the
link was sent to.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from voces_testing import run_build, write_md

SITE = "https://voces.example.org"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("share_translation")
    content = root / "content"
    write_md(
        content,
        "comunidad/mi-vida.md",
        {"título": "Mi vida escondida", "fecha": "2026-10-28", "autora": "Lucero",
         "resumen": "Loquemepaso en el camino.", "estado": "publicado",
         "historia_personal": "sí", "consentimiento": "sí",
         "consentimiento_fecha": "2026-10-10", "consentimiento_alcance": "web",
         "slug": "mi-vida"},
        "Texto.",
    )  # fmt: skip
    write_md(
        content,
        "comunidad/mi-vida.en.md",
        {"title": "My hidden life", "date": "2026-10-28", "author": "Lucero",
         "summary": "Whathappened on the road.", "lang": "en", "status": "published",
         "slug": "mi-vida"},
        "Text.",
    )  # fmt: skip
    write_md(
        content,
        "comunidad/reunion.md",
        {"título": "La reunión del jueves", "fecha": "2026-10-28", "autora": "Flor",
         "resumen": "Nos vemos el jueves.", "estado": "publicado", "slug": "reunion"},
        "Texto.",
    )  # fmt: skip
    write_md(
        content,
        "paginas/mi-camino.md",
        {"título": "Micamino de Honduras", "estado": "publicado",
         "historia_personal": "sí", "consentimiento": "sí",
         "consentimiento_fecha": "2026-10-10", "consentimiento_alcance": "web",
         "slug": "mi-camino"},
        "Texto.",
    )  # fmt: skip
    out = root / "out"
    run_build(content, out, extra={"SITEURL": SITE})
    return out


def og(page, prop):
    match = re.search(rf'<meta property="og:{prop}" content="([^"]*)">', page)
    return match.group(1).replace("\xa0", " ") if match else None


@pytest.mark.parametrize("path", ["articulos/mi-vida/index.html", "en/articles/mi-vida/index.html"])
def test_personal_story_shares_neutral_preview_in_every_language(site, path):
    page = (site / path).read_text(encoding="utf-8")
    assert og(page, "title") is not None
    for told in ("Mi vida", "My hidden", "Loquemepaso", "Whathappened"):
        assert told not in og(page, "title") and told not in og(page, "description")
    assert og(page, "image") == f"{SITE}/theme/images/compartir.png"


def test_ordinary_story_keeps_full_preview(site):
    page = (site / "articulos/reunion/index.html").read_text(encoding="utf-8")
    assert og(page, "title") == "La reunión del jueves"


def test_personal_page_shares_neutral_title(site):
    page = (site / "mi-camino/index.html").read_text(encoding="utf-8")
    assert "Micamino" in page  # the page itself is published
    assert "Micamino" not in og(page, "title")


@pytest.mark.parametrize("path", ["articulos/mi-vida/index.html", "en/articles/mi-vida/index.html"])
def test_personal_story_share_message_is_neutral(site, path):
    page = (site / path).read_text(encoding="utf-8")
    share = page[page.index('<div class="share"') :]
    share = unquote(html.unescape(share[: share.index("</div>")])).replace("\xa0", " ")
    assert "wa.me" in share
    for told in ("Mi vida", "My hidden"):
        assert told not in share
