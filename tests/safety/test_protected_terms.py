"""Words that must never be published: the editors' protected terms.

A production build that would publish a term of the list (whatever its case, accents,
markup or the spacing of a phone number) stops, names the file and the term (never
the whole list), and leaves the previous output/ as it was.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_build

TERMS = """# Nombres reales y lugares: nunca se publican
Maria Lopez
Bar La Sirena Escondida   # un bar de la zona
962 123 4567
"""


def write_md(content: Path, rel: str, meta: dict, body: str) -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "\n".join(f"{key}: {value}" for key, value in meta.items())
    path.write_text(f"{header}\n\n{body}\n", encoding="utf-8")
    return path


def article(content, rel, slug, body, **extra):
    meta = {"título": f"Historia {slug}", "fecha": "2026-10-20", "autora": "Garza",
            "estado": "publicado", "slug": slug, **extra}
    return write_md(content, rel, meta, body)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def terms_file(tmp_path) -> Path:
    path = tmp_path / "privado" / "terminos-protegidos.txt"
    path.parent.mkdir()
    path.write_text(TERMS, encoding="utf-8")
    return path


def test_term_in_output_stops_build_and_keeps_previous_site(tmp_path, terms_file):
    content = tmp_path / "content"
    article(content, "salud/clinica.md", "clinica", "La clínica abre los lunes.")
    out = tmp_path / "output"
    run_build(content, out, env={"VOCES_PROTECTED_TERMS": str(terms_file)})
    before = snapshot(out)

    article(content, "salud/vecina.md", "vecina",
            "Me acompañó mi vecina *MARÍA* López, que vive cerca.")
    proc = run_build(content, out, check=False, quiet=True,
                     env={"VOCES_PROTECTED_TERMS": str(terms_file)})
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "articulos/vecina/index.html" in log
    assert "Maria Lopez" in log
    assert "feeds/todos.atom.xml" in log
    # The message names the term found, never the rest of the list.
    assert "Sirena" not in log and "962" not in log
    assert snapshot(out) == before


@pytest.mark.parametrize("written", ["9621234567", "+52 (962) 123-45-67", "962.123.4567"])
def test_phone_number_is_found_whatever_the_spacing(tmp_path, terms_file, written):
    content = tmp_path / "content"
    article(content, "derechos/ayuda.md", "ayuda", f"Llame al {written} si necesita ayuda.")
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, quiet=True,
                     env={"VOCES_PROTECTED_TERMS": str(terms_file)})
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "articulos/ayuda/index.html" in log and "962 123 4567" in log
    assert not out.exists()


def test_edition_pdfs_are_searched_too(tmp_path, terms_file):
    """The site's PDFs and the copy-shop PDFs (print-only stories) are searched."""
    content = tmp_path / "content"
    article(content, "salud/clinica.md", "clinica", "Pregunte por maria lopez.", edición=1)
    article(content, "testimonios/papel.md", "papel",
            "Trabajé en el bar la sirena escondida dos años.", edición=1,
            consentimiento="sí", consentimiento_fecha="2026-10-01",
            consentimiento_alcance="impreso")
    write_md(content, "ediciones/01.md", {"número": 1, "título": "Número de prueba",
                                          "fecha": "2026-11-01"}, "Presentación.")
    out = tmp_path / "output"
    shop = tmp_path / "imprenta"
    proc = run_build(content, out, check=False, quiet=True,
                     env={"VOCES_PROTECTED_TERMS": str(terms_file)},
                     extra={"EDITIONS": {"copy_shop_dir": str(shop)}})
    assert proc.returncode != 0
    lines = (proc.stdout + proc.stderr).splitlines()
    site_pdf = [line for line in lines if "ediciones/01/" in line and ".pdf" in line
                and str(shop) not in line]
    assert site_pdf and all("Maria Lopez" in line for line in site_pdf)
    shop_pdf = [line for line in lines if str(shop) in line and ".pdf" in line
                and "término protegido" in line]
    assert shop_pdf and all("Bar La Sirena Escondida" in line for line in shop_pdf)
    assert not out.exists()


def test_the_setting_names_the_file_too(tmp_path, terms_file):
    content = tmp_path / "content"
    article(content, "salud/vecina.md", "vecina", "Habló con maria lopez.")
    proc = run_build(content, tmp_path / "output", check=False, quiet=True,
                     extra={"SAFETY": {"protected_terms_file": str(terms_file)}})
    assert proc.returncode != 0
    assert "Maria Lopez" in proc.stdout + proc.stderr


def test_a_named_file_that_does_not_exist_stops_the_build(tmp_path):
    content = tmp_path / "content"
    article(content, "salud/clinica.md", "clinica", "La clínica abre los lunes.")
    missing = tmp_path / "no-esta" / "terminos-protegidos.txt"
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, quiet=True,
                     env={"VOCES_PROTECTED_TERMS": str(missing)})
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert str(missing) in log and "no existe" in log and "does not exist" in log
    assert not out.exists()


def test_a_term_inside_another_word_is_not_a_false_alarm(tmp_path):
    terms = tmp_path / "terminos.txt"
    terms.write_text("Lupe\n", encoding="utf-8")
    content = tmp_path / "content"
    article(content, "comunidad/fiesta.md", "fiesta",
            "La fiesta de la Virgen de Guadalupe fue muy bonita.")
    run_build(content, tmp_path / "output", env={"VOCES_PROTECTED_TERMS": str(terms)})
    assert (tmp_path / "output/articulos/fiesta/index.html").is_file()


# -- the search itself, on files a build may write (compressed, JSON) ------------------

@pytest.fixture
def scanner():
    sys.path.insert(0, str(ROOT / "plugins"))
    try:
        from protected_terms.scan import scan_tree
        from protected_terms.terms import parse_terms
        yield lambda root: scan_tree(root, parse_terms(TERMS, "terminos"))
    finally:
        sys.path.remove(str(ROOT / "plugins"))


def test_compressed_files_and_json_are_opened(tmp_path, scanner):
    (tmp_path / "pagina.html.gz").write_bytes(
        gzip.compress("<p>Mar<em>í</em>a L&oacute;pez</p>".encode()))
    index = json.dumps({"pages": [{"text": "visitó el Bar La Sirena Escondida"}]})
    (tmp_path / "buscar.json").write_text(index.replace("Sirena", "Siren\\u0061"),
                                          encoding="utf-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("dentro/nota.txt", "tel. 962-123-45-67")
    (tmp_path / "edicion.zip").write_bytes(archive.getvalue())
    (tmp_path / "limpio.html").write_text("<p>Marianita y Lopezca</p>", encoding="utf-8")

    found = {f.path: [t.text for t in f.terms] for f in scanner(tmp_path)}
    assert found == {
        "pagina.html": ["Maria Lopez"],
        "buscar.json": ["Bar La Sirena Escondida"],
        "edicion.zip:dentro/nota.txt": ["962 123 4567"],
    }
