"""Links to stories and pages that are not published, or to files that do not exist.

Pelican cannot resolve a ``{filename}`` link to something it does not write: it only
warns and publishes the source path (``href="{filename}/paginas/rosa.md"``), which
names the story and leads nowhere. A production build stops instead, naming the file
that links and the link, whatever the target is (draft, review, withdrawn, print-only
article or page, or a file that is not there) and whoever links (article, translation
or page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from voces_testing import run_build, write_md

PLACEHOLDERS = ("{filename}", "{static}", "{attach}", "|filename|")


def article(content, rel, slug, body, **extra):
    meta = {
        "título": f"Historia {slug}",
        "fecha": "2026-10-20",
        "autora": "Garza",
        "estado": "publicado",
        "slug": slug,
        **extra,
    }
    return write_md(content, rel, meta, body)


def page(content, rel, slug, body, **extra):
    meta = {"título": f"Página {slug}", "estado": "publicado", "slug": slug, **extra}
    return write_md(content, rel, meta, body)


def published_files_with_placeholders(out: Path) -> list[str]:
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file()
        and p.suffix in {".html", ".xml", ".json", ".txt"}
        and any(mark in p.read_text("utf-8", errors="replace") for mark in PLACEHOLDERS)
    )


def failed_line(proc, linking_file: str) -> str:
    log = proc.stdout + proc.stderr
    lines = [line for line in log.splitlines() if linking_file in line and "enlaza" in line]
    assert lines, log
    return lines[0]


UNPUBLISHED = {
    "draft-page": ("paginas/rosa.md", {"estado": "borrador"}),
    "review-page": ("paginas/rosa.md", {"estado": "revisión"}),
    "withdrawn-page": ("paginas/rosa.md", {"estado": "retirado"}),
    "draft-article": ("salud/rosa.md", {"estado": "borrador"}),
    "review-article": ("salud/rosa.md", {"estado": "revisión"}),
    "print-only": (
        "testimonios/rosa.md",
        {
            "consentimiento": "sí",
            "consentimiento_fecha": "2026-10-01",
            "consentimiento_alcance": "impreso",
        },
    ),
}


@pytest.mark.parametrize("kind", list(UNPUBLISHED))
def test_a_link_to_unpublished_content_stops_the_build(tmp_path, kind):
    target, meta = UNPUBLISHED[kind]
    content = tmp_path / "content"
    if target.startswith("paginas/"):
        page(content, target, "rosa", "Rosa cuenta su historia.", **meta)
    else:
        article(content, target, "rosa", "Rosa cuenta su historia.", **meta)
    article(content, "derechos/x.md", "x", f"Lea [a Rosa]({{filename}}/{target}).")
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, quiet=True)
    assert proc.returncode != 0
    line = failed_line(proc, "derechos/x.md")
    assert target in line and "no se publica" in line and "Quite el enlace" in line
    assert "is not published" in line and "Remove the link" in line
    assert not out.exists()


def test_translations_and_pages_are_checked_too(tmp_path):
    content = tmp_path / "content"
    page(content, "paginas/rosa.md", "rosa", "Rosa.", estado="borrador")
    article(content, "derechos/x.md", "x", "Sin enlaces.")
    article(
        content, "derechos/x.en.md", "x", "Read [Rosa]({filename}/paginas/rosa.md).", idioma="en"
    )
    page(content, "paginas/sobre.md", "sobre", "Vea [a Rosa]({filename}/salud/borrador.md).")
    article(content, "salud/borrador.md", "borrador", "Aún no.", estado="borrador")
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, quiet=True)
    assert proc.returncode != 0
    assert "paginas/rosa.md" in failed_line(proc, "derechos/x.en.md")
    assert "salud/borrador.md" in failed_line(proc, "paginas/sobre.md")
    assert not out.exists()


@pytest.mark.parametrize(
    "link",
    [
        "{filename}/salud/no-existe.md",
        "{filename}../salud/no-existe.md",
        "{filename}/paginas/no-existe.md",
    ],
)
def test_a_link_to_a_file_that_does_not_exist_stops_the_build(tmp_path, link):
    content = tmp_path / "content"
    article(content, "derechos/x.md", "x", f"Lea [esto]({link}).")
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, quiet=True)
    assert proc.returncode != 0
    line = failed_line(proc, "derechos/x.md")
    assert link in line and "no existe" in line and "does not exist" in line
    assert not out.exists()


@pytest.mark.parametrize(
    "link", ["{static}/dibujos/no-existe.jpg", "{attach}/dibujos/no-existe.png"]
)
def test_a_static_link_to_a_missing_file_stops_the_build_on_its_own(tmp_path, link):
    """Without the images plugin (which refuses such links too), the link check stops it."""
    content = tmp_path / "content"
    article(content, "derechos/x.md", "x", f"Vea [el dibujo]({link}).")
    out = tmp_path / "output"
    proc = run_build(
        content,
        out,
        check=False,
        quiet=True,
        extra={
            "PLUGINS": [
                "voces_plugins.build_guard",
                "voces_plugins.content_model",
                "voces_plugins.bilingual",
                "voces_plugins.directory",
                "voces_plugins.publication_rules",
                "voces_plugins.sanitize",
                "voces_plugins.sitemap",
                "voces_plugins.protected_terms",
            ]
        },
    )
    assert proc.returncode != 0
    line = failed_line(proc, "derechos/x.md")
    assert link in line and "no existe" in line
    assert not out.exists()


def test_links_to_published_content_work_and_leave_no_placeholder(tmp_path):
    content = tmp_path / "content"
    page(content, "paginas/rosa.md", "rosa", "Rosa.")
    article(content, "salud/clinica.md", "clinica", "La clínica.")
    article(
        content,
        "derechos/x.md",
        "x",
        "Lea [a Rosa]({filename}/paginas/rosa.md) y [la clínica]({filename}../salud/"
        "clinica.md), o [esta]({filename}x.md#arriba).",
    )
    page(content, "paginas/sobre.md", "sobre", "Vea [la nota]({filename}/derechos/x.md).")
    out = tmp_path / "output"
    run_build(content, out)
    html = (out / "articulos/x/index.html").read_text("utf-8")
    assert '/rosa/"' in html
    assert "articulos/clinica/" in html
    assert published_files_with_placeholders(out) == []


def test_a_preview_only_warns(tmp_path):
    """The preview shows drafts (marked) and is never published: it does not stop."""
    content = tmp_path / "content"
    page(content, "paginas/rosa.md", "rosa", "Rosa.", estado="retirado")
    article(content, "derechos/x.md", "x", "Lea [a Rosa]({filename}/paginas/rosa.md).")
    proc = run_build(
        content, tmp_path / "preview", settings="pelicanconf.py", extra={"VOCES_PREVIEW": True}
    )
    log = " ".join((proc.stdout + proc.stderr).split())  # the console wraps long lines
    assert "WARNING" in log and "derechos/x.md: enlaza a" in log
    assert "«{filename}/paginas/rosa.md»" in log
