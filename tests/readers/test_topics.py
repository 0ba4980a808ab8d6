"""Stories to find (issue 12): the topic index /temas/ and /en/topics/ (tags grouped in
everyday words, with counts and icons) and listings that never grow past 30 stories."""

from __future__ import annotations

import re

import pytest
from readers_helpers import build_readers_site

MANY = 35  # more than one page of 30


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    extra = {}
    for n in range(MANY):
        extra[f"salud/muchas-{n:02d}.md"] = (
            {
                "título": f"Historia de salud número {n}",
                "fecha": f"2026-08-{1 + n % 28:02d}",
                "autora": "Lucero",
                "etiquetas": "VIH, trámites",
                "estado": "publicado",
                "slug": f"muchas-{n:02d}",
            },
            f"Texto {n}.",
        )
    return build_readers_site(tmp_path_factory.mktemp("muchas"), extra_files=extra)


def cards(path) -> int:
    return len(re.findall(r'class="card[ "]', path.read_text(encoding="utf-8")))


def test_topic_index_groups_tags_with_counts_and_icons(readers_site):
    page = (readers_site / "temas" / "index.html").read_text(encoding="utf-8")
    assert "<h1>" in page and "Temas" in page
    groups = re.findall(r'<section class="topic-group".*?</section>', page, re.S)
    assert len(groups) >= 3
    health = next(g for g in groups if "Tu cuerpo y tu salud" in g)
    assert '<svg class="icon"' in health
    # VIH is on two published stories: its count says 2 and it links to its tag page.
    vih = next(g for g in groups if "VIH: pruebas y pastillas" in g)
    assert re.search(
        r'href="/etiquetas/vih/"><span class="topic-list__name">VIH</span> '
        r'<span class="topic-list__count">2<',
        vih,
    )
    # Nothing from a withdrawn, draft or print-only story.
    for marker in ("historia-retirada", "un-borrador", "solo-papel"):
        assert marker not in page
    english = (readers_site / "en" / "topics" / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in english and "HIV: tests and pills" in english
    assert 'href="/en/tags/hiv/"' in english
    assert 'hreflang="es"' in english and 'hreflang="en"' in page


def test_every_tag_is_in_the_index(readers_site):
    page = (readers_site / "temas" / "index.html").read_text(encoding="utf-8")
    for tag_page in (readers_site / "etiquetas").glob("*/index.html"):
        slug = tag_page.parent.name
        assert f'href="/etiquetas/{slug}/"' in page, slug


def test_footer_links_to_the_topic_index(readers_site):
    assert 'href="/temas/"' in (readers_site / "index.html").read_text(encoding="utf-8")
    assert 'href="/en/topics/"' in (readers_site / "en" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("listing", ["secciones/salud", "etiquetas/vih"])
def test_long_listings_are_paginated(big_site, listing):
    first = big_site / listing / "index.html"
    second = big_site / listing / "pagina" / "2" / "index.html"
    assert cards(first) == 30, cards(first)
    assert second.exists() and 0 < cards(second) <= 30
    text = first.read_text(encoding="utf-8")
    assert f'href="/{listing}/pagina/2/"' in text and "Página 1 de 2" in text
    assert f'href="/{listing}/"' in second.read_text(encoding="utf-8")  # back to the newest


def test_archive_is_paginated(big_site):
    first = (big_site / "archivo" / "index.html").read_text(encoding="utf-8")
    assert first.count('class="archive__item"') == 30
    assert (big_site / "archivo" / "pagina" / "2" / "index.html").exists()
    assert 'href="/archivo/pagina/2/"' in first
    count = (big_site / "temas" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<span class="topic-list__count">{MANY + 2}<', count)  # VIH


@pytest.mark.browser
def test_topic_index_on_a_phone(readers_server, phone_page):
    phone_page.goto(readers_server + "/temas/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    link = phone_page.locator(".topic-list a").first
    assert link.bounding_box()["height"] >= 44
    link.click()
    phone_page.wait_for_url(re.compile(r".*/etiquetas/[^/]+/$"))
    assert phone_page.console_errors == []
