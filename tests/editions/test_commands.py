"""``voces edicion N``: an editor gets one edition's three PDFs and is told where they are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from editions_helpers import ROOT
from pypdf import PdfReader

from voces.cli import main as voces


def main(argv):
    return voces(["edicion", *argv])


@pytest.fixture(autouse=True)
def deliveries_left_as_they_were():
    """``voces edicion --salida`` notes the folder in the project's
    .cache/voces-entregas.txt; a test's temporary folder must not stay on that list
    (every later build in this checkout would read its PDFs)."""
    record = ROOT / ".cache" / "voces-entregas.txt"
    before = record.read_bytes() if record.is_file() else None
    yield
    if before is None:
        record.unlink(missing_ok=True)
    else:
        record.write_bytes(before)


#: The stories of the small copy's edition 1 (the shipped edition has 17, 24 pages).
SMALL_EDITION = ("nuestro-circulo-de-los-jueves.md", "asi-hacemos-voces.md")


def small_copy_of_the_sample(root: Path) -> Path:
    """The shipped project (its settings, its theme, its content with the sample data:
    no site address, example entries in the directory) with edition 1 cut to two of its
    stories: what the command does is the same for 24 pages or 8, and the sample's own
    edition is checked page by page in test_sample_edition. ``voces`` finds the project
    from the folder it runs in."""
    project = root / "proyecto"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    (project / "theme").symlink_to(ROOT / "theme", target_is_directory=True)
    shutil.copytree(ROOT / "content", project / "content")
    for story in (project / "content").rglob("*.md"):
        if story.parent.name not in ("paginas", "ediciones") and story.name not in SMALL_EDITION:
            story.unlink()
    return project


def test_edicion_builds_the_pdfs_says_where_and_how_to_print(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(small_copy_of_the_sample(tmp_path))
    # The sample project has sample data: --muestra makes PDFs marked MUESTRA anyway.
    assert main(["1", "--salida", str(tmp_path), "--muestra", "--prueba"]) == 0
    said = capsys.readouterr().out
    folder = tmp_path / "01"
    names = ("voces-01.pdf", "voces-01-bn.pdf", "voces-01-cuadernillo.pdf", "voces-01-imprenta.pdf")
    for name in names:
        assert (folder / name).is_file()
        assert str(folder / name) in said
    pages = len(PdfReader(folder / "voces-01.pdf").pages)
    assert pages >= 4 and pages % 4 == 0
    assert "Listo" in said and "Done" in said
    # What the copy shop needs, in the terminal and on its own sheet.
    for words in ("11 × 17", f"{pages // 4} ({pages} páginas)", "doble cara", "borde CORTO"):
        assert words in said
    sheet = PdfReader(folder / "voces-01-imprenta.pdf")
    assert len(sheet.pages) == 1
    text = sheet.pages[0].extract_text()
    assert "borde CORTO" in text and "ajustar a la página" in text and "11 × 17" in text
    assert f"{pages} páginas" in said  # the layout report: pages and fill
    # Nothing left undone: no headline alone at a page foot ("no se pudo" once said so).
    assert "queda solo" not in said and "no se pudo" not in said
    # --prueba: every page next to its photocopy, and one contact sheet.
    proof = sorted((folder / "prueba").glob("pagina-*.png"))
    assert len(proof) == pages
    assert (folder / "prueba" / "hoja-de-contacto.png").is_file()
    assert "MUESTRA" in PdfReader(folder / "voces-01.pdf").pages[0].extract_text()


def test_edicion_refuses_sample_data_without_muestra(tmp_path, capsys):
    assert main(["1", "--salida", str(tmp_path)]) == 1
    err = capsys.readouterr()
    said = err.out + err.err
    assert "datos de ejemplo" in said and "sample data" in said
    assert "VOCES_SITEURL" in said and "content/directorio.toml" in said
    assert "--muestra" in said
    assert not (tmp_path / "01").exists()


def test_edicion_refuses_a_number_that_is_not_one(capsys):
    assert main(["uno"]) == 2
    err = capsys.readouterr().err
    assert "no es un número de edición" in err and "is not an edition number" in err


def test_edicion_says_when_the_edition_does_not_exist(tmp_path, capsys):
    assert main(["98", "--salida", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "No existe la edición 98" in err and "content/ediciones/98.md" in err
    assert not (tmp_path / "98").exists()
