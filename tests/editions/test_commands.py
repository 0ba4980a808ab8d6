"""``voces edicion N``: an editor gets one edition's three PDFs and is told where they are."""

from __future__ import annotations

from editions_helpers import ROOT  # noqa: F401  (puts plugins/ on sys.path)
from pypdf import PdfReader

from voces.cli import main as voces


def main(argv):
    return voces(["edicion", *argv])


def test_edicion_builds_the_three_pdfs_and_says_where(tmp_path, capsys):
    assert main(["1", "--salida", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    folder = tmp_path / "01"
    for name in ("voces-01.pdf", "voces-01-bn.pdf", "voces-01-cuadernillo.pdf"):
        assert (folder / name).is_file()
        assert str(folder / name) in said
    assert len(PdfReader(folder / "voces-01.pdf").pages) >= 4
    assert "Listo" in said and "Done" in said


def test_edicion_refuses_a_number_that_is_not_one(capsys):
    assert main(["uno"]) == 2
    err = capsys.readouterr().err
    assert "no es un número de edición" in err and "is not an edition number" in err


def test_edicion_says_when_the_edition_does_not_exist(tmp_path, capsys):
    assert main(["98", "--salida", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "No existe la edición 98" in err and "content/ediciones/98.md" in err
    assert not (tmp_path / "98").exists()
