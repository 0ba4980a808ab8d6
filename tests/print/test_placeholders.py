"""Sample data never reaches a copy shop; the sample site still builds and says so once.

Also: the proof's contact sheet shows on the edition page in preview builds only.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from hard_edition import DIRECTORY, build, make_site
from PIL import Image
from voces_testing import run_build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("placeholders")
    make_site(root)
    return root


def _said(proc):
    return " ".join((proc.stdout + proc.stderr).split())


def test_copy_shop_pdfs_refused_while_the_site_address_is_the_sample_one(site):
    proc = build(site, siteurl=None, check=False, editions={"pdf": True})
    said = _said(proc)
    assert proc.returncode != 0
    assert "datos de ejemplo" in said and "sample data" in said
    assert "VOCES_SITEURL" in said and "voces.example.org" in said
    assert not (site / "imprenta" / "01").exists()


def test_copy_shop_pdfs_refused_while_a_directory_entry_is_an_example(tmp_path):
    make_site(tmp_path)
    (tmp_path / "content" / "directorio.toml").write_text(
        DIRECTORY.replace('id = "lugar-3"', 'id = "lugar-3"\nexample = true', 1).replace(
            'address_es = "Tapachula"\nexample = false\n\n[[entries]]\nid = "lugar-4"',
            'address_es = "Tapachula"\n\n[[entries]]\nid = "lugar-4"',
        ),
        encoding="utf-8",
    )
    proc = build(tmp_path, check=False)
    said = _said(proc)
    assert proc.returncode != 0
    assert "content/directorio.toml" in said and "lugar-3" in said
    assert "example = false" in said
    assert not (tmp_path / "imprenta" / "01").exists()


def test_sample_site_builds_its_pdfs_marked_muestra_says_so_once_and_shows_the_proof(site):
    proof = site / "output-ediciones" / "01" / "prueba"
    proof.mkdir(parents=True)
    Image.new("RGB", (40, 30), (200, 200, 200)).save(proof / "hoja-de-contacto.png")
    proc = build(site, shop=False, siteurl=None, editions={}, check=False)
    assert proc.returncode == 0, proc.stdout
    log = proc.stdout + proc.stderr
    assert len(re.findall(r"llevan datos de ejemplo", log)) == 1
    pdf = site / "output" / "ediciones" / "01" / "voces-01.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert text.count("MUESTRA") >= 3  # the cover and the foot of the pages
    page = (site / "output" / "ediciones" / "01" / "index.html").read_text(encoding="utf-8")
    assert "Prueba de impresión" not in page  # not a preview build
    assert not (site / "output" / "ediciones" / "01" / "prueba.png").exists()


def test_preview_build_shows_the_proof_contact_sheet(site):
    proof = site / "output-ediciones" / "01" / "prueba"
    proof.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (200, 200, 200)).save(proof / "hoja-de-contacto.png")
    proc = build(site, shop=False, editions={"pdf": False}, check=False)
    assert proc.returncode == 0, proc.stdout
    published = (site / "output" / "ediciones" / "01" / "index.html").read_text("utf-8")
    assert "Prueba de impresión" not in published
    run_build(
        site / "content",
        site / "preview",
        extra={"VOCES_PREVIEW": True, "EDITIONS": {"pdf": False}},
        env={"COLUMNS": "1000"},
    )
    page = (site / "preview" / "ediciones" / "01" / "index.html").read_text("utf-8")
    assert "Prueba de impresión" in page and "prueba.png" in page
    assert (site / "preview" / "ediciones" / "01" / "prueba.png").is_file()
