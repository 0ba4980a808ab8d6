"""Issue 9, withdrawal and scope reach everything.

- A plain link (``/articulos/slug/``, with or without the site's address, relative) to
  a withdrawn, draft or print-only story stops the build, wherever it is written
  (article, page, editorial; the feeds and PDFs that carry it).
- A build after a withdrawal deletes the copy-shop PDFs in ``output-ediciones/`` that
  carried the story, and says so.
"""

from __future__ import annotations

import pytest
from editions_helpers import shared_pdf_cache
from voces_testing import ROOT, run_build, write_md

SITE = "https://voces.example.net"


def story(content, rel, title, body="Texto.", **extra):
    meta = {"título": title, "fecha": "2026-11-01", "estado": "publicado", **extra}
    return write_md(content, rel, meta, body)


PRINT_ONLY = {
    "consentimiento": "sí",
    "consentimiento_fecha": "2026-10-01",
    "consentimiento_alcance": "impreso",
}


@pytest.mark.parametrize(
    "link",
    [
        "/articulos/retirada/",
        "/articulos/retirada",
        f"{SITE}/articulos/retirada/",
        f"{SITE}/articulos/retirada/index.html",
        "../retirada/",
        "../../articulos/retirada/#parte",
        "/articulos/%72etirada/",
        "/ARTICULOS/Retirada/",  # found in the second attack: capitals
        "//voces.example.net/articulos/retirada/",
        "/en/articles/retirada/",  # an address it never had still names it
    ],
)
def test_a_plain_link_to_a_withdrawn_story_stops_the_build(tmp_path, link):
    content = tmp_path / "content"
    story(content, "salud/retirada.md", "Retirada", estado="retirado")
    story(content, "salud/vecina.md", "Vecina", f"Lea [la otra historia]({link}).")
    proc = run_build(content, tmp_path / "output", check=False, extra={"SITEURL": SITE})
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"published a link {link}"
    assert "articulos/vecina/index.html" in log and "retirada/ (salud/retirada.md)" in log
    assert "feeds/" in log  # the feeds carry the summary with the link too
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("state", [{"estado": "borrador"}, {"estado": "revisión"}, PRINT_ONLY])
def test_links_to_drafts_and_print_only_stories_stop_the_build(tmp_path, state):
    content = tmp_path / "content"
    story(content, "testimonios/oculta.md", "Oculta", **state)
    story(content, "salud/vecina.md", "Vecina", "Vea [esto](/articulos/oculta/).")
    proc = run_build(content, tmp_path / "output", check=False)
    assert proc.returncode != 0
    assert "/articulos/oculta/" in proc.stdout + proc.stderr


def test_an_editorial_link_to_a_print_only_story_stops_the_build(tmp_path):
    content = tmp_path / "content"
    story(content, "testimonios/papel.md", "Papel", edición=1, **PRINT_ONLY)
    story(content, "salud/nota.md", "Nota", edición=1)
    write_md(
        content,
        "ediciones/01.md",
        {"número": 1, "título": "Número de prueba", "fecha": "2026-11-01"},
        "En este número: [la historia de papel](/articulos/papel/).",
    )
    proc = run_build(content, tmp_path / "output", check=False, extra={"EDITIONS": {"pdf": False}})
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "ediciones/01/index.html" in log and "/articulos/papel/" in log


def test_a_pdf_link_to_a_hidden_story_is_found(tmp_path):
    import weasyprint

    from voces_plugins.publication_rules.hidden_links import find_in_tree

    pdf = weasyprint.HTML(string=f'<p><a href="{SITE}/articulos/papel/">ver</a></p>').write_pdf()
    (tmp_path / "01").mkdir()
    (tmp_path / "01" / "voces-01.pdf").write_bytes(pdf)
    errors = find_in_tree(
        tmp_path, {"articulos/papel": "testimonios/papel.md"}, [("voces.example.net", "")]
    )
    assert len(errors) == 1 and "01/voces-01.pdf" in errors[0]


def test_an_address_printed_in_a_copy_shop_pdf_is_found(tmp_path):
    """Found in the second attack: an address typed as text (not a link) in a
    print-only story reaches only the copy-shop PDF, whose text was not read."""
    import weasyprint

    from voces_plugins.publication_rules.hidden_links import find_in_tree

    pdf = weasyprint.HTML(string="<p>Lea voces.example.net/articulos/papel/ hoy.</p>").write_pdf()
    (tmp_path / "01").mkdir()
    (tmp_path / "01" / "voces-01.pdf").write_bytes(pdf)
    hidden = {"articulos/papel": "testimonios/papel.md"}
    hosts = [("voces.example.net", "")]
    assert find_in_tree(tmp_path, hidden, hosts) == []  # the site's PDFs: links only
    errors = find_in_tree(tmp_path, hidden, hosts, pdf_text=True)
    assert len(errors) == 1 and "01/voces-01.pdf" in errors[0]


def test_links_to_published_stories_and_words_alone_build(tmp_path):
    content = tmp_path / "content"
    story(content, "salud/retirada.md", "Retirada", estado="retirado")
    story(content, "salud/publicada.md", "Publicada")
    story(
        content,
        "salud/vecina.md",
        "Vecina",
        "Lea [esto](/articulos/publicada/) y [aquello](../publicada/). La palabra retirada "
        "no es un enlace.",
    )
    proc = run_build(content, tmp_path / "output", check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -- copy-shop PDFs follow a withdrawal ------------------------------------------------------


@pytest.fixture(scope="module")
def handed_out(tmp_path_factory):
    """A project whose edition 1 was made for the copy shop (output-ediciones/01/)."""
    root = tmp_path_factory.mktemp("imprenta")
    content = root / "content"
    story(content, "salud/nota.md", "Nota", edición=1)
    story(content, "testimonios/papel.md", "Papel", edición=1, **PRINT_ONLY)
    write_md(
        content,
        "ediciones/01.md",
        {"número": 1, "título": "Número de prueba", "fecha": "2026-11-01"},
        "Presentación.",
    )
    shop = root / "output-ediciones"
    editions = {
        "copy_shop_dir": str(shop),
        "print_sample": True,
        "cache_dir": str(shared_pdf_cache("imprenta-retirada")),  # kept between runs
    }
    run_build(content, root / "output", extra={"SITEURL": SITE, "EDITIONS": editions})
    pdfs = sorted((shop / "01").glob("*.pdf"))
    assert len(pdfs) >= 3  # colour, black and white, booklet (and any later variant)
    return root


def test_an_unchanged_build_keeps_the_copy_shop_pdfs(handed_out):
    before = sorted((handed_out / "output-ediciones" / "01").glob("*.pdf"))
    run_build(handed_out / "content", handed_out / "output", extra={"EDITIONS": {"pdf": False}})
    assert sorted((handed_out / "output-ediciones" / "01").glob("*.pdf")) == before


def test_a_withdrawal_deletes_the_copy_shop_pdfs_that_carried_the_story(handed_out):
    papel = handed_out / "content" / "testimonios" / "papel.md"
    papel.write_text(papel.read_text(encoding="utf-8").replace("publicado", "retirado"))
    proc = run_build(
        handed_out / "content", handed_out / "output", extra={"EDITIONS": {"pdf": False}}
    )
    log = proc.stdout + proc.stderr
    assert not list((handed_out / "output-ediciones" / "01").glob("*.pdf"))
    assert "se borraron los PDF para la imprenta" in log and "papel" in log
    assert "voces edicion 1" in log


# -- voces edicion N --salida ------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    """A small project folder: the settings, the theme, one article in edition 1."""
    for name in ("pelicanconf.py", "publishconf.py"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"))
    (tmp_path / "theme").symlink_to(ROOT / "theme")
    story(tmp_path / "content", "salud/nota.md", "Nota", edición=1)
    write_md(
        tmp_path / "content",
        "ediciones/01.md",
        {"número": 1, "título": "Número de prueba", "fecha": "2026-11-01"},
        "Presentación.",
    )
    return tmp_path


@pytest.mark.parametrize("inside", ["output", "output/imprenta", ".preview/x", "content/pdf"])
def test_voces_edicion_refuses_an_output_folder_inside_the_site(project, capsys, inside):
    import argparse

    from voces.commands import edicion

    target = project / inside
    args = argparse.Namespace(
        root=project, numero="1", paper=None, output=target, quiet=True, verbose=False
    )
    assert edicion.run(args) == 2
    err = capsys.readouterr().err
    assert "--salida" in err and "--output" in err and "output-ediciones" in err
    assert not list(project.rglob("*.pdf"))


def test_a_withdrawal_reaches_folders_voces_edicion_delivered_to(tmp_path):
    """Found in the second attack: PDFs delivered with --salida elsewhere were not
    followed. Only voces' own NN/voces-NN*.pdf files are touched there."""
    import weasyprint

    from voces_plugins.editions.withdrawn_prints import remember_delivery

    pdf = weasyprint.HTML(string="<h2 id='articulo-papel'>Papel</h2><p>Texto.</p>").write_pdf()
    elsewhere = tmp_path / "escritorio" / "imprenta"
    (elsewhere / "01").mkdir(parents=True)
    (elsewhere / "01" / "voces-01.pdf").write_bytes(pdf)
    (elsewhere / "01" / "otro.pdf").write_bytes(pdf)
    (elsewhere / "notas").mkdir()
    (elsewhere / "notas" / "voces-notas.pdf").write_bytes(pdf)
    project = tmp_path / "proyecto"
    content = project / "content"
    story(content, "testimonios/papel.md", "Papel", estado="retirado")
    story(content, "salud/nota.md", "Nota")
    remember_delivery(project, elsewhere)
    proc = run_build(content, project / "output", extra={"EDITIONS": {"pdf": False}})
    assert not (elsewhere / "01" / "voces-01.pdf").exists()
    assert (elsewhere / "01" / "otro.pdf").exists()
    assert (elsewhere / "notas" / "voces-notas.pdf").exists()
    assert str(elsewhere / "01") in proc.stdout + proc.stderr


def test_voces_revisar_reports_a_plain_link_to_a_withdrawn_story(tmp_path, monkeypatch, capsys):
    """Found in the second attack: the output checks never run in a check (it writes
    nothing), so «voces revisar» said all was well; the links are read in the content.
    ``voces revisar`` through ``voces.cli.main`` in this process, from the project."""
    from voces.cli import main

    content = tmp_path / "content"
    story(content, "salud/retirada.md", "Retirada", estado="retirado")
    story(content, "salud/vecina.md", "Vecina", "Lea [la otra](../retirada/).")
    monkeypatch.delenv("VOCES_PROTECTED_TERMS", raising=False)
    monkeypatch.chdir(ROOT)
    returncode = main(["revisar", str(content)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert returncode != 0, out
    assert "salud/vecina.md" in out and "/articulos/retirada/" in out


def test_pdfs_whose_stories_cannot_be_told_are_named(tmp_path):
    import weasyprint

    shop = tmp_path / "output-ediciones" / "01"
    shop.mkdir(parents=True)
    (shop / "voces-01-cuadernillo.pdf").write_bytes(
        weasyprint.HTML(string="<p>Sin anclas</p>").write_pdf()
    )
    story(tmp_path / "content", "salud/nota.md", "Nota", edición=1)
    write_md(
        tmp_path / "content",
        "ediciones/01.md",
        {"número": 1, "título": "Número de prueba", "fecha": "2026-11-01"},
        "Presentación.",
    )
    proc = run_build(tmp_path / "content", tmp_path / "output", extra={"EDITIONS": {"pdf": False}})
    log = proc.stdout + proc.stderr
    assert (shop / "voces-01-cuadernillo.pdf").exists()
    assert "no se sabe qué historias llevan" in log and str(shop) in log
