"""``voces retirar``: withdrawal reaches the sources, and a deleted story's address is
never used again (the build refuses it; ``voces revisar`` agrees)."""

from __future__ import annotations

import shutil

import pytest
from newsroom_helpers import copy_newsroom, git_env, phone_photo, voces_here

from voces.drawings import add_drawings
from voces.newsroom import create

SITE = {"VOCES_SITEURL": "https://ejemplo.org/sitio"}

STORY_ES = """\
título: Mi historia
fecha: 2026-11-01
autora: Luz
estado: publicado
slug: mi-historia
imagen: dibujos/solo-mia.jpg
imagen_alt: Un camino entre árboles.

Caminé mucho. ![Dos manos juntas](dibujos/compartido.jpg)
"""
STORY_EN = """\
title: My story
date: 2026-11-01
author: Luz
lang: en
status: published
slug: mi-historia

I walked a long way.
"""
OTHER = """\
título: Otra nota
fecha: 2026-11-02
autora: Ana
estado: publicado

![Dos manos juntas](dibujos/compartido.jpg) Nos cuidamos.
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The newsroom every test starts from, made once: two drawings and three stories."""
    base = tmp_path_factory.mktemp("retirar")
    root = create(base / "redaccion")
    phone = base / "telefono"
    for name in ("solo-mia", "compartido"):
        add_drawings(root, [phone_photo(phone / f"{name}.jpg")], name=name)
    section = root / "content" / "comunidad"
    (section / "mi-historia.md").write_text(STORY_ES, encoding="utf-8")
    (section / "mi-historia.en.md").write_text(STORY_EN, encoding="utf-8")
    (section / "otra-nota.md").write_text(OTHER, encoding="utf-8")
    return root


@pytest.fixture
def newsroom(template, tmp_path):
    return copy_newsroom(template, tmp_path / "redaccion")


def build(root):
    out = root / "output"
    if out.exists():
        shutil.rmtree(out)
    return voces_here("construir", cwd=root, env=git_env(**SITE))


def test_withdraw_marks_the_story_and_its_translation(newsroom):
    assert build(newsroom).returncode == 0
    assert (newsroom / "output" / "articulos" / "mi-historia" / "index.html").is_file()
    proc = voces_here("retirar", "mi-historia", cwd=newsroom)
    assert proc.returncode == 0, proc.stderr
    section = newsroom / "content" / "comunidad"
    assert "estado: retirado" in (section / "mi-historia.md").read_text(encoding="utf-8")
    assert "status: withdrawn" in (section / "mi-historia.en.md").read_text(encoding="utf-8")
    assert "estado: publicado" in (section / "otra-nota.md").read_text(encoding="utf-8")
    assert "voces publicar" in proc.stdout
    proc = build(newsroom)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    output = newsroom / "output"
    assert not (output / "articulos" / "mi-historia").exists()
    assert not (output / "en" / "articles" / "mi-historia").exists()
    assert (output / "articulos" / "otra-nota" / "index.html").is_file()
    assert "Caminé mucho" not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in output.rglob("*.html")
    )


def test_withdraw_delete_removes_files_and_only_their_drawings(newsroom):
    proc = voces_here("withdraw", "mi-historia", "--delete", cwd=newsroom)
    assert proc.returncode == 0, proc.stderr
    content = newsroom / "content"
    assert not (content / "comunidad" / "mi-historia.md").exists()
    assert not (content / "comunidad" / "mi-historia.en.md").exists()
    assert not (content / "dibujos" / "solo-mia.jpg").exists()
    assert (content / "dibujos" / "compartido.jpg").is_file()  # the other story uses it
    assert (content / "comunidad" / "otra-nota.md").is_file()
    assert '"mi-historia"' in (content / "retiradas.toml").read_text(encoding="utf-8")
    assert "git filter-repo" in proc.stdout  # the history of the sources is not hidden
    assert build(newsroom).returncode == 0
    assert voces_here("revisar", cwd=newsroom).returncode == 0


def test_a_new_story_at_a_retired_address_stops_the_build(newsroom):
    assert voces_here("retirar", "mi-historia", "--borrar", cwd=newsroom).returncode == 0
    newcomer = newsroom / "content" / "salud" / "nueva.md"
    newcomer.write_text(
        "título: Mi historia\nfecha: 2026-11-09\nautora: Sol\nestado: publicado\n\nOtra.\n",
        encoding="utf-8",
    )
    proc = build(newsroom)
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "retiradas.toml" in log and "nueva.md" in log and "mi-historia" in log
    assert not (newsroom / "output").exists()
    check = voces_here("revisar", cwd=newsroom)
    assert check.returncode == 1
    assert "content/salud/nueva.md [slug]" in check.stdout and "retiradas.toml" in check.stdout


def test_an_unknown_slug_is_refused_and_changes_nothing(newsroom):
    before = {p: p.read_bytes() for p in (newsroom / "content").rglob("*") if p.is_file()}
    proc = voces_here("retirar", "no-existe", cwd=newsroom)
    assert proc.returncode == 1
    assert "no-existe" in proc.stderr and "mi-historia" in proc.stderr
    after = {p: p.read_bytes() for p in (newsroom / "content").rglob("*") if p.is_file()}
    assert after == before


def test_a_broken_list_of_retired_addresses_is_named_and_nothing_is_deleted(tmp_path, capsys):
    from voces.withdraw import run

    root = tmp_path / "redaccion"
    create(root)
    story = root / "content" / "comunidad" / "fiesta.md"
    story.write_text(OTHER.replace("Otra nota", "Fiesta"), encoding="utf-8")
    (root / "content" / "retiradas.toml").write_text("slugs = [\n", encoding="utf-8")
    assert run(root, "fiesta", delete=True) == 1
    assert "retiradas.toml no se puede leer" in capsys.readouterr().err
    assert story.is_file()


def test_an_unknown_slug_names_the_files_that_could_not_be_read(tmp_path, capsys):
    # The slug may be in a file the reader could not read: the message says which.
    from voces.withdraw import run

    root = tmp_path / "redaccion"
    create(root)
    broken = root / "content" / "comunidad" / "rota.md"
    broken.write_text("título: Rota\nfecha: no es una fecha\n\nTexto.\n", encoding="utf-8")
    assert run(root, "rota", delete=False) == 1
    err = capsys.readouterr().err
    assert "No hay ninguna historia con el slug «rota»" in err
    assert "comunidad/rota.md" in err
    assert broken.is_file()
