"""Search (issue 12): Pagefind, one index per language, accents ignored, Spanish
stemming; the index loads only on the search page, whose CSP alone allows WebAssembly;
withdrawn, draft and print-only stories never enter the index."""

from __future__ import annotations

import json
import re

import pytest
from readers_helpers import MARKERS, index_text

FIRST_QUERY_BUDGET = 150 * 1024


def test_one_index_per_language(readers_site):
    entry = json.loads((readers_site / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"es", "en"}
    assert entry["languages"]["es"]["page_count"] >= 5
    # Extended Pagefind: a Spanish stemmer, not the "unknown" fallback.
    assert entry["languages"]["es"]["wasm"] == "es"


def test_only_the_index_is_published(readers_site):
    names = {p.name for p in (readers_site / "pagefind").iterdir()}
    assert "pagefind.js" in names and "pagefind-entry.json" in names
    assert not [n for n in names if n.endswith(".css") or "worker" in n or "-ui." in n], names


def test_withdrawn_draft_and_print_only_never_enter_the_index(readers_site):
    text = index_text(readers_site)
    assert "cocuyo" in text  # a published story's word is there: the search is real
    for marker in MARKERS:
        assert marker not in text, marker
    for slug in ("historia-retirada", "un-borrador", "solo-papel"):
        assert slug not in text, slug


def test_index_loads_only_on_the_search_page_and_csp_loosened_only_there(readers_site):
    search_pages = {readers_site / "buscar" / "index.html", readers_site / "en/search/index.html"}
    for path in readers_site.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
        if path in search_pages:
            assert "script-src 'self' 'wasm-unsafe-eval';" in csp
            assert "search.js" in text
        else:
            assert "wasm-unsafe-eval" not in csp, path
            assert "search.js" not in text and "/pagefind/" not in text, path


def test_without_javascript_the_search_page_offers_the_topic_index(readers_site):
    es = (readers_site / "buscar" / "index.html").read_text(encoding="utf-8")
    en = (readers_site / "en" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'href="/temas/"' in es and "Buscar por tema" in es
    assert 'href="/en/topics/"' in en and 'lang="en"' in en


def search(page, query):
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_function(
        "q => (document.querySelector('#resultados .search-status') || {}).textContent"
        " && document.querySelector('#resultados').textContent.includes(q)",
        arg=query,
    )
    return page.locator("#resultados").inner_text().replace("\xa0", " ")  # typogrify's widont


@pytest.mark.browser
def test_search_ignores_accents_and_stems_spanish(readers_server, phone_page):
    sizes = {}

    def record(response):
        if "/pagefind/" in response.url:
            sizes[response.url] = len(response.body())

    phone_page.goto(readers_server + "/buscar/")
    phone_page.wait_for_load_state("networkidle")
    assert not [u for u in phone_page.requested_urls if "/pagefind/" in u]  # nothing before
    phone_page.on("response", record)
    found = search(phone_page, "migrante")  # the text says "migrantes"
    first_query = sum(sizes.values())
    assert "Pedir refugio en la COMAR" in found
    found = search(phone_page, "tramite")  # the texts say "trámite", "trámites"
    assert "Pedir refugio en la COMAR" in found and "El condón, siempre" in found
    assert "Nada con" in search(phone_page, "zarigueyaretirada")
    assert first_query <= FIRST_QUERY_BUDGET, f"first query transferred {first_query} bytes"
    assert phone_page.console_errors == []
    assert {u.split("/")[2] for u in phone_page.requested_urls} == {readers_server.split("/")[2]}


@pytest.mark.browser
def test_english_search_uses_the_english_index(readers_server, phone_page):
    phone_page.goto(readers_server + "/en/search/")
    found = search(phone_page, "free")
    assert "HIV testing is free" in found
    assert "La prueba de VIH" not in found
    assert phone_page.console_errors == []


@pytest.mark.browser
def test_a_search_from_the_address_bar(readers_server, phone_page):
    phone_page.goto(readers_server + "/buscar/?q=cocuyo")
    phone_page.wait_for_selector("#resultados .search-results li")
    assert "Lo que aprendí en el" in phone_page.locator("#resultados").inner_text()
