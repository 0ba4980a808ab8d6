"""Issue 9: what links resolve to, and paths of the building machine, in every output.

- Links in the edition PDFs point to the site's address, never ``file:///home/<user>/``.
- An output check searches every written file (pages, feeds, PDFs, copy-shop PDFs) for
  ``file:`` URIs and absolute paths of this machine (project, home), and for resources
  from another host after Pelican resolved every link; a finding stops the build.
- The issue's ``{filename}`` payload (a link to a story whose ``url:`` points to
  another host) no longer builds.
"""

from __future__ import annotations

import pytest
from voces_testing import ROOT, run_build, write_md

SITE = "https://voces.example.net"


def story(content, rel, title, body, **extra):
    meta = {"título": title, "fecha": "2026-11-01", "estado": "publicado", **extra}
    return write_md(content, rel, meta, body)


def pdf_links(path) -> list[str]:
    from voces_plugins.core.pdf_strings import read_pdf

    return read_pdf(path.read_bytes(), pages=False).uris


@pytest.fixture(scope="module")
def edition_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdflinks")
    content = root / "content"
    story(content, "derechos/guia.md", "Guía de derechos", "Texto de la guía.", edición=1)
    story(
        content,
        "salud/nota.md",
        "Nota de salud",
        "Lea [la guía](../guia-de-derechos/), [desde la raíz](/articulos/guia-de-derechos/), "
        "[sin barra](articulos/guia-de-derechos/) y [la hoja](theme/css/site.css).",
        edición=1,
    )
    write_md(
        content,
        "ediciones/01.md",
        {"número": 1, "título": "Número de prueba", "fecha": "2026-11-01"},
        "Vea [la nota](../articulos/nota-de-salud/).",
    )
    out = root / "output"
    proc = run_build(content, out, extra={"SITEURL": SITE})
    return out, proc


def test_links_in_edition_pdfs_point_to_the_site(edition_site):
    out, _proc = edition_site
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs
    colour = out / "ediciones" / "01" / "voces-01.pdf"
    links = pdf_links(colour)
    assert f"{SITE}/articulos/guia-de-derechos/" in links
    assert f"{SITE}/articulos/nota-de-salud/" in links  # the editorial's link
    for pdf in pdfs:
        for link in pdf_links(pdf):
            assert link.startswith(SITE + "/"), f"{pdf.name}: {link}"


def test_no_output_file_names_this_computer(edition_site):
    out, _proc = edition_site
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert b"file:/" not in data, path
        assert str(ROOT).encode() not in data, path
        if path.suffix == ".pdf":
            from voces_plugins.core.pdf_strings import read_pdf

            strings = " ".join(read_pdf(data, pages=False).strings)
            assert "file:" not in strings and str(ROOT) not in strings, path


@pytest.mark.parametrize(
    "typed",
    [
        "file:///home/ana/Documentos/foto.jpg",
        "{root}/content/dibujos/x.jpg",
        "file:{root}/theme/static/x.css",
    ],
)
def test_a_path_of_this_computer_in_the_output_stops_the_build(tmp_path, typed):
    typed = typed.format(root=ROOT)
    story(tmp_path / "content", "salud/nota.md", "Nota", f"La foto está en {typed} (ver).")
    proc = run_build(tmp_path / "content", tmp_path / "output", check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"published {typed}"
    assert "articulos/nota/index.html" in log
    assert "esta computadora" in log or "archivo local" in log
    assert not (tmp_path / "output").exists()


def test_the_home_folder_of_the_editor_is_searched(tmp_path, monkeypatch):
    from voces_plugins.sanitize.output_check import check_tree

    monkeypatch.setenv("HOME", "/home/ana-lopez")
    (tmp_path / "index.html").write_text(
        "<p>Guardado en /home/ana-lopez/Escritorio/voces</p>", encoding="utf-8"
    )
    (tmp_path / "ok.html").write_text(
        '<p><a href="https://ejemplo.org/home/ana-lopez/">enlace</a></p>', encoding="utf-8"
    )
    errors = check_tree(tmp_path, {"PATH": str(tmp_path / "content")})
    assert len(errors) == 1 and errors[0].startswith("index.html:"), errors


def test_file_links_and_paths_are_found_in_any_case_and_inside_images(tmp_path, monkeypatch):
    """The check reads a text only where a path or "le:" occurs (cheaper): every
    spelling its patterns catch is still caught, in pages and in an image's bytes."""
    from voces_plugins.sanitize.output_check import check_tree

    monkeypatch.setenv("HOME", "/home/ana-lopez")
    pages = {
        "mayusculas.html": "<p>FILE:///C:/Users/ana/foto.jpg</p>",
        "mezcla.html": "<p>FiLe:\\\\servidor\\fotos</p>",
        "i-turca.html": "<p>f\u0130le:/home/x</p>",  # "İ" is an "i" to IGNORECASE
        "limpio.html": "<p>Un perfil: nada que ver; file: sin barra</p>",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "dibujo.webp").write_bytes(
        b"RIFF\x00\x00\x00\x00WEBPVP8 \xff\xfe/home/ana-lopez/Escritorio/dibujo.png\x00\x01"
    )
    errors = check_tree(tmp_path, {"PATH": str(tmp_path / "content")})
    named = sorted(line.split(":")[0] for line in errors)
    assert named == ["dibujo.webp", "i-turca.html", "mayusculas.html", "mezcla.html"], errors


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "feeds/todos.atom.xml",
            '<feed><entry><content type="html">&lt;p&gt;&lt;img src="https://evil.example/x.png"'
            "&gt;&lt;/p&gt;</content></entry></feed>",
        ),
        ("articulos/a/index.html", '<p><video poster="//evil.example/p.jpg"></video></p>'),
        ("articulos/b/index.html", '<img srcset="/a.jpg 1x, https://evil.example/b.jpg 2x">'),
    ],
)
def test_a_remote_resource_after_links_were_resolved_stops_the_build(tmp_path, name, text):
    from voces_plugins.sanitize.output_check import check_tree

    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    errors = check_tree(tmp_path, {"SITEURL": SITE})
    assert errors and "evil.example" in errors[0] and name in errors[0]


def test_a_quoted_address_in_a_description_is_not_a_refresh(tmp_path):
    """An escaped summary quoting a refresh tag (tests/editions/test_edition_safety.py's
    hostile edition) is text in a description, not a redirect: no false alarm."""
    from voces_plugins.sanitize.output_check import check_tree

    (tmp_path / "index.html").write_text(
        '<meta name="description" content="&#34;&gt;&lt;meta http-equiv=&#34;refresh&#34; '
        'content=&#34;0;url=https://evil.example/&#34;&gt;">',
        encoding="utf-8",
    )
    assert check_tree(tmp_path, {"SITEURL": SITE}) == []
    (tmp_path / "index.html").write_text(
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">', encoding="utf-8"
    )
    assert len(check_tree(tmp_path, {"SITEURL": SITE})) == 1


def test_a_filename_link_to_a_story_with_its_own_url_does_not_build(tmp_path):
    """The root is refused (the story choosing its own address), not only the symptom."""
    content = tmp_path / "content"
    story(content, "salud/b.md", "Otra", "Texto.", url="https://evil.example/pixel.png")
    story(
        content,
        "salud/a.md",
        "Una",
        '<audio controls src="{filename}/salud/b.md"></audio>\n\n[otra]({filename}/salud/b.md)',
    )
    proc = run_build(content, tmp_path / "output", check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "salud/b.md" in log and "[url]" in log and "ARTICLE_URL" in log
    out = tmp_path / "output"
    assert not out.exists() or not any(
        b"evil.example" in p.read_bytes() for p in out.rglob("*") if p.is_file()
    )
