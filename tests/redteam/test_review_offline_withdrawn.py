"""Red team (review): the offline list (``retiradas.json``) missed two withdrawn addresses.

A reader's phone keeps every story she opened; the worker deletes a copy only when its
address is in ``retiradas.json``. Two withdrawn stories stayed readable offline:

* the English translation of a story withdrawn in Spanish (the whole story is withdrawn,
  but only the file that said ``retirado`` was listed);
* a story deleted with ``voces retirar SLUG --borrar``: its files are gone, its slug is
  in ``content/retiradas.toml``, but nothing listed its addresses.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from voces_testing import run_build, write_md


def sha(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("offline_withdrawn")
    content = root / "content"
    base = {"fecha": "2026-10-28", "autora": "Ana", "resumen": "Un resumen."}
    write_md(
        content,
        "comunidad/publicada.md",
        {"título": "Publicada", **base, "estado": "publicado", "slug": "publicada"},
        "Texto publicado.",
    )
    write_md(
        content,
        "comunidad/traducida.md",
        {"título": "Traducida", **base, "estado": "retirado", "slug": "traducida"},
        "Texto retirado.",
    )
    write_md(
        content,
        "comunidad/traducida.en.md",
        {"title": "Translated", "date": "2026-10-28", "author": "Ana", "lang": "en",
         "summary": "A summary.", "status": "published", "slug": "traducida"},
        "Withdrawn text.",
    )  # fmt: skip
    write_md(
        content,
        "paginas/traducida.md",
        {"título": "Una página viva", "estado": "publicado", "slug": "traducida"},
        "Una página que sigue publicada.",
    )
    (content / "retiradas.toml").write_text('slugs = ["borrada-del-todo"]\n', encoding="utf-8")
    out = root / "out"
    run_build(content, out, extra={"SITEURL": ""})
    return out


def test_english_copy_of_withdrawn_story_is_listed(site):
    hashes = json.loads((site / "retiradas.json").read_text(encoding="utf-8"))["hashes"]
    assert sha("/articulos/traducida/") in hashes
    assert sha("/en/articles/traducida/") in hashes
    assert not (site / "en" / "articles" / "traducida").exists()


def test_deleted_story_addresses_are_listed(site):
    hashes = json.loads((site / "retiradas.json").read_text(encoding="utf-8"))["hashes"]
    assert sha("/articulos/borrada-del-todo/") in hashes
    assert sha("/en/articles/borrada-del-todo/") in hashes
    text = (site / "retiradas.json").read_text(encoding="utf-8")
    assert "borrada" not in text and "traducida" not in text
    assert sha("/articulos/publicada/") not in hashes


def test_live_page_with_same_slug_is_not_listed(site):
    hashes = json.loads((site / "retiradas.json").read_text(encoding="utf-8"))["hashes"]
    assert (site / "traducida" / "index.html").exists()
    assert sha("/traducida/") not in hashes
