"""Issue 9: editions take the same states as articles (``estado:``).

A draft, in review or withdrawn edition is not published: no edition page, no
editorial, no PDF; its articles stay on the web without it. Without ``estado:`` an
edition is published (as before).
"""

from __future__ import annotations

import pytest
from voces_testing import run_build, write_md

MARKER = "EDITORIALSECRETO"


def build_with_edition(tmp_path, state, pdf=True):
    content = tmp_path / "content"
    write_md(
        content,
        "salud/nota.md",
        {"título": "Nota", "fecha": "2026-11-01", "estado": "publicado", "edición": 2},
        "Texto de la nota.",
    )
    meta = {"número": 2, "título": "Número dos", "fecha": "2026-12-01"}
    if state is not None:
        meta["estado"] = state
    write_md(content, "ediciones/02.md", meta, f"Editorial {MARKER}.")
    write_md(content, "ediciones/02.en.md", {"número": 2, "título": "Issue two"}, f"{MARKER} en")
    out = tmp_path / "output"
    proc = run_build(
        content,
        out,
        check=False,
        extra={"SITEURL": "https://voces.example.net", "EDITIONS": {"pdf": pdf}},
    )
    return proc, out


@pytest.mark.parametrize("state", ["borrador", "revisión", "retirado", "Borrador"])
def test_an_unpublished_edition_is_not_published(tmp_path, state):
    proc, out = build_with_edition(tmp_path, state)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "articulos" / "nota" / "index.html").is_file()
    assert not (out / "ediciones" / "02").exists()
    assert not list(out.rglob("*.pdf"))
    for path in out.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
    article = (out / "articulos" / "nota" / "index.html").read_text(encoding="utf-8")
    assert "Número dos" not in article


def test_a_published_edition_is_published(tmp_path):
    proc, out = build_with_edition(tmp_path, "publicado", pdf=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (out / "ediciones" / "02" / "index.html").read_text(encoding="utf-8")
    assert MARKER in page


def test_an_unknown_edition_state_stops_the_build(tmp_path):
    proc, _out = build_with_edition(tmp_path, "casi listo", pdf=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "ediciones/02.md" in log and "casi listo" in log and "borrador" in log


@pytest.mark.parametrize("state", ["retirado", "borrador"])
def test_handed_out_pdfs_of_an_edition_no_longer_published_are_deleted(tmp_path, state):
    import weasyprint

    shop = tmp_path / "output-ediciones" / "02"
    shop.mkdir(parents=True)
    pdf = weasyprint.HTML(string="<h2 id='articulo-nota'>Nota</h2>").write_pdf()
    (shop / "voces-02.pdf").write_bytes(pdf)
    proc, _out = build_with_edition(tmp_path, state, pdf=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (shop / "voces-02.pdf").exists()
    assert "voces edicion 2" in proc.stdout + proc.stderr


def test_handed_out_pdfs_of_a_published_edition_stay(tmp_path):
    import weasyprint

    shop = tmp_path / "output-ediciones" / "02"
    shop.mkdir(parents=True)
    pdf = weasyprint.HTML(string="<h2 id='articulo-nota'>Nota</h2>").write_pdf()
    (shop / "voces-02.pdf").write_bytes(pdf)
    proc, _out = build_with_edition(tmp_path, "publicado", pdf=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (shop / "voces-02.pdf").exists()
