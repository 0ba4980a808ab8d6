"""The search index is made again only when a page changed (search/index_cache.py): a
build where nothing changed reuses the last index, byte for byte; a withdrawn story
leaves the index at once; a damaged kept index is never copied."""

from __future__ import annotations

import json
from pathlib import Path

from readers_helpers import index_text, make_content
from voces_testing import run_build

MADE = "índice de Pagefind hecho"
REUSED = "índice de Pagefind reutilizado"


def _build(content, out, cache):
    return run_build(content, out, extra={"VOCES_CACHE": str(cache)}, verbose=True).stdout


def _files(site):
    return {
        p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()
    }


def test_unchanged_pages_reuse_the_index_and_a_withdrawal_remakes_it(tmp_path):
    content = make_content(tmp_path)
    cache = tmp_path / "cache"
    said = _build(content, tmp_path / "uno", cache)
    assert MADE in said and REUSED not in said
    assert "cocuyo" in index_text(tmp_path / "uno")

    said = _build(content, tmp_path / "dos", cache)
    assert REUSED in said and MADE not in said
    assert _files(tmp_path / "dos") == _files(tmp_path / "uno")

    story = content / "testimonios" / "camino.md"  # the story with the word "cocuyo"
    story.write_text(
        story.read_text(encoding="utf-8").replace("estado: publicado", "estado: retirado"),
        encoding="utf-8",
    )
    said = _build(content, tmp_path / "tres", cache)
    assert MADE in said and REUSED not in said
    assert "cocuyo" not in index_text(tmp_path / "tres")


def test_a_damaged_kept_index_is_made_again(tmp_path):
    content = make_content(tmp_path)
    cache = tmp_path / "cache"
    _build(content, tmp_path / "uno", cache)
    kept = [p for p in (cache / "search").rglob("*") if p.is_file() and p.suffix != ".json"]
    assert kept
    kept[0].write_bytes(b"otra cosa")
    said = _build(content, tmp_path / "dos", cache)
    assert MADE in said and REUSED not in said
    # Made again by Pagefind (which lists languages in any order): the same files.
    assert set(_files(tmp_path / "dos")) == set(_files(tmp_path / "uno"))
    entry = "pagefind/pagefind-entry.json"
    assert json.loads(_files(tmp_path / "dos")[Path(entry)]) == json.loads(
        _files(tmp_path / "uno")[Path(entry)]
    )
    assert b"otra cosa" not in b"".join(_files(tmp_path / "dos").values())
