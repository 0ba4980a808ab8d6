"""Statuses: only `publicado` reaches a production build; a preview shows drafts marked.

The same tiny site is built twice: as a preview (`VOCES_PREVIEW=True`, what
`voces ver` does) and for production. The preview shows the draft and the story in
review with their banner; production has no trace of them: no page, no listing, no
feed entry, no `drafts/` folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from voces_testing import run_build, write_md

DRAFT = "borradorsecreto"
REVIEW = "revisionpendiente"
PUBLISHED = "publicadolisto"
WITHDRAWN_PAGE = "paginaretirada"


def article(content, rel, marker, status, **extra):
    return write_md(
        content,
        rel,
        {
            "título": f"Historia {marker}",
            "fecha": "2026-10-20",
            "autora": "Garza",
            "etiquetas": f"salud, {marker}",
            "resumen": f"Resumen {marker}.",
            "estado": status,
            "slug": f"{marker}-slug",
            **extra,
        },
        f"Texto de {marker}.\n",
    )


def all_text(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt")
    }


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("status") / "content"
    article(root, "salud/listo.md", PUBLISHED, "publicado")
    article(root, "salud/borrador.md", DRAFT, "borrador")
    article(root, "salud/revision.md", REVIEW, "revisión")
    write_md(
        root,
        "paginas/retirada.md",
        {"título": f"Página {WITHDRAWN_PAGE}", "estado": "retirado", "slug": WITHDRAWN_PAGE},
        f"Texto {WITHDRAWN_PAGE}.",
    )
    write_md(
        root,
        "paginas/retirada.en.md",
        {
            "title": f"Page {WITHDRAWN_PAGE}",
            "status": "published",
            "lang": "en",
            "slug": WITHDRAWN_PAGE,
        },
        f"Text {WITHDRAWN_PAGE}.",
    )
    return root


@pytest.fixture(scope="module")
def preview(content, tmp_path_factory):
    out = tmp_path_factory.mktemp("preview") / ".preview"
    run_build(content, out, settings="pelicanconf.py", extra={"VOCES_PREVIEW": True})
    return out


@pytest.fixture(scope="module")
def production(content, tmp_path_factory):
    out = tmp_path_factory.mktemp("production") / "output"
    run_build(content, out)
    return out


def test_preview_shows_draft_and_review_marked(preview):
    draft = (preview / f"articulos/{DRAFT}-slug/index.html").read_text(encoding="utf-8")
    review = (preview / f"articulos/{REVIEW}-slug/index.html").read_text(encoding="utf-8")
    assert "BORRADOR — no publicado" in draft
    assert "EN REVISIÓN" in review
    assert "BORRADOR" not in review
    published = (preview / f"articulos/{PUBLISHED}-slug/index.html").read_text(encoding="utf-8")
    assert "BORRADOR" not in published and "EN REVISIÓN" not in published
    assert "VISTA PREVIA" in published  # every preview page says it is not the real site


def test_production_has_no_trace_of_draft_or_review(production):
    texts = all_text(production)
    assert f"articulos/{PUBLISHED}-slug/index.html" in texts
    for marker in (DRAFT, REVIEW):
        assert not [name for name in texts if marker in name]
        assert not [name for name, text in texts.items() if marker in text.lower()]
    assert not (production / "drafts").exists()
    assert not list(production.rglob("drafts"))
    assert not any("preview-banner" in text or "VISTA PREVIA" in text for text in texts.values())


def test_production_listings_and_feeds_list_only_published(production):
    index = (production / "index.html").read_text(encoding="utf-8")
    feed = (production / "feeds/todos.atom.xml").read_text(encoding="utf-8")
    assert PUBLISHED in index and PUBLISHED in feed
    assert DRAFT not in index + feed and REVIEW not in index + feed


def test_withdrawn_page_and_its_translation_are_gone(production, preview):
    for out in (production, preview):
        texts = all_text(out)
        assert not [
            name
            for name, text in texts.items()
            if WITHDRAWN_PAGE in name or WITHDRAWN_PAGE in text.lower()
        ]


@pytest.mark.parametrize("status", ["hidden", "oculto", ""])
def test_unknown_or_empty_status_stops_the_build(tmp_path, status):
    content = tmp_path / "content"
    article(content, "salud/listo.md", PUBLISHED, "publicado")
    article(content, "salud/raro.md", "raro", status)
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, quiet=True)
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "salud/raro.md" in log and "estado" in log
    assert not out.exists()
