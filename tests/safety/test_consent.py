"""Consent and its scope.

- A story that tells a person's life (section testimonios, or `historia_personal: sí`)
  without consent, its date and its scope stops the production build, and the
  message lists every such file; a preview shows them marked instead.
- Scope: web-only stories never enter a PDF; print-only stories never enter the
  website (pages, listings, feeds, anything under output/ except the PDFs).
  Articles that need no consent go to both.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pytest
from editions_helpers import shared_pdf_cache
from pypdf import PdfReader
from voces_testing import run_build, write_md

CONSENT = {"consentimiento": "sí", "consentimiento_fecha": "2026-10-01"}


def article(content, rel, marker, **extra):
    meta = {
        "título": f"Historia {marker}",
        "fecha": "2026-10-20",
        "autora": "Garza",
        "estado": "publicado",
        "slug": f"{marker}-slug",
        **extra,
    }
    return write_md(content, rel, meta, f"Texto de la historia {marker}.\n")


def site_texts(root: Path) -> dict[str, str]:
    """Everything a reader's browser could fetch, except the PDFs."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in root.rglob("*")
        if p.is_file() and p.suffix != ".pdf"
    }


def pdf_text(root: Path) -> str:
    pdfs = sorted(root.rglob("*.pdf"))
    assert pdfs, "the edition should have PDFs"
    return "\n".join(_text_of(pdf.read_bytes()) for pdf in pdfs)


@functools.cache
def _text_of(data: bytes) -> str:
    """A PDF's text, read once for the same bytes (three tests read the same PDFs)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def missing_consent(tmp_path_factory):
    content = tmp_path_factory.mktemp("consent") / "content"
    article(content, "testimonios/completa.md", "completa", consentimiento_alcance="web", **CONSENT)
    article(content, "testimonios/sin-nada.md", "sinnada")
    article(
        content,
        "testimonios/dijo-no.md",
        "dijono",
        consentimiento="no",
        consentimiento_fecha="2026-10-01",
        consentimiento_alcance="web",
    )
    article(
        content,
        "salud/historia-de-vida.md",
        "historiadevida",
        historia_personal="sí",
        consentimiento="sí",
        consentimiento_alcance="impreso",
    )
    article(content, "salud/informacion.md", "informacion")  # needs no consent
    return content


def test_production_build_stops_and_lists_every_file(missing_consent, tmp_path):
    out = tmp_path / "output"
    proc = run_build(missing_consent, out, check=False, quiet=True)
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    for name in ("testimonios/sin-nada.md", "testimonios/dijo-no.md", "salud/historia-de-vida.md"):
        assert name in log
    assert "testimonios/completa.md" not in log
    assert "salud/informacion.md" not in log
    # Spanish first, then English, with what is missing and the fix; also under -q.
    line = next(line for line in log.splitlines() if "salud/historia-de-vida.md" in line)
    assert line.index("falta: consentimiento_fecha") < line.index("missing: consent_date")
    assert "consentimiento: sí" in log and "consent: yes" in log
    assert not out.exists()


def test_a_previous_site_stays_when_consent_is_missing(missing_consent, tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("sitio anterior", encoding="utf-8")
    proc = run_build(missing_consent, out, check=False)
    assert proc.returncode != 0
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "sitio anterior"


def test_preview_shows_them_marked(missing_consent, tmp_path):
    out = tmp_path / ".preview"
    proc = run_build(missing_consent, out, settings="pelicanconf.py", extra={"VOCES_PREVIEW": True})
    assert "sin-nada.md" in proc.stdout + proc.stderr  # a warning names them
    for marker in ("sinnada", "dijono", "historiadevida"):
        page = (out / f"articulos/{marker}-slug/index.html").read_text(encoding="utf-8")
        assert "FALTA EL CONSENTIMIENTO" in page
    complete = (out / "articulos/completa-slug/index.html").read_text(encoding="utf-8")
    assert "FALTA EL CONSENTIMIENTO" not in complete


@pytest.mark.parametrize(
    "safety, named",
    [
        ({"consent_section": ["testimonios"]}, "consent_section"),
        ({"consent_sections": ["testimonio"]}, "testimonio"),
    ],
)
def test_a_mistyped_setting_cannot_switch_consent_off(tmp_path, safety, named):
    content = tmp_path / "content"
    article(content, "salud/informacion.md", "informacion")
    proc = run_build(
        content, tmp_path / "output", check=False, quiet=True, extra={"SAFETY": safety}
    )
    assert proc.returncode != 0
    assert "SAFETY" in proc.stdout + proc.stderr and named in proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def scoped(tmp_path_factory):
    """An edition with web-only, print-only, both, and no-consent-needed stories.

    The PDFs inside output/ can be downloaded from the website, so they carry only what
    may be on the web; the copy-shop PDFs (outside output/) carry print-only stories too.
    """
    base = tmp_path_factory.mktemp("scope")
    content = base / "content"
    article(
        content, "testimonios/web.md", "soloweb", consentimiento_alcance="web", edición=1, **CONSENT
    )
    article(
        content,
        "testimonios/papel.md",
        "soloimpreso",
        consentimiento_alcance="impreso",
        edición=1,
        **CONSENT,
    )
    article(
        content,
        "testimonios/ambos.md",
        "enambos",
        consentimiento_alcance="web, impreso",
        edición=1,
        **CONSENT,
    )
    article(content, "salud/general.md", "sinconsentimiento", edición=1)
    write_md(
        content,
        "ediciones/01.md",
        {"número": 1, "título": "Número de prueba", "fecha": "2026-11-01"},
        "Presentación.\n",
    )
    out = base / "output"
    shop = base / "imprenta"
    editions = {
        "copy_shop_dir": str(shop),
        "print_sample": True,
        "cache_dir": str(shared_pdf_cache("consentimiento-alcances")),  # kept between runs
    }
    run_build(content, out, extra={"EDITIONS": editions})
    return out, shop


def test_web_only_story_is_on_the_site_and_never_in_a_pdf(scoped):
    out, shop = scoped
    texts = site_texts(out)
    assert "articulos/soloweb-slug/index.html" in texts
    assert "soloweb" in texts["index.html"]
    assert "soloweb" not in pdf_text(out).lower()
    assert "soloweb" not in pdf_text(shop).lower()


def test_print_only_story_is_printed_and_nowhere_in_the_site(scoped):
    out, shop = scoped
    assert "soloimpreso" in pdf_text(shop).lower()
    leaks = [
        name
        for name, text in site_texts(out).items()
        if "soloimpreso" in name or "soloimpreso" in text.lower()
    ]
    assert leaks == []
    assert "soloimpreso" not in pdf_text(out).lower()


def test_stories_without_consent_rules_go_to_both(scoped):
    out, shop = scoped
    texts = site_texts(out)
    assert "articulos/sinconsentimiento-slug/index.html" in texts
    assert "articulos/enambos-slug/index.html" in texts
    for folder in (out, shop):
        printed = pdf_text(folder).lower()
        assert "sinconsentimiento" in printed and "enambos" in printed
