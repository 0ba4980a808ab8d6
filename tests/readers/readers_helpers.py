"""A small bilingual site for the readers' tests (issue 12): a few stories per section
with known marker words, the shipped safety and directory pages and the shipped
directory data. It is built once per test process (session fixture: the modules only
read it) and served by one local server."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from voces_testing import ROOT, run_build, serve_directory, write_md

STORIES = {
    "salud/uno.md": (
        {
            "título": "La prueba de VIH es gratis",
            "fecha": "2026-10-20",
            "autora": "Lucero",
            "etiquetas": "VIH, salud",
            "resumen": "Dónde hacerse la prueba.",
            "estado": "publicado",
            "slug": "prueba",
        },
        "La prueba es gratis y nadie más se entera. Busca la clínica en nuestro Directorio.\n\n"
        "Si es una emergencia, llama al 911.",
    ),
    "salud/uno.en.md": (
        {
            "title": "HIV testing is free",
            "date": "2026-10-20",
            "author": "Lucero",
            "tags": "HIV, health",
            "summary": "Where to get tested.",
            "status": "published",
            "lang": "en",
            "slug": "prueba",
        },
        "The test is free.",
    ),
    "salud/dos.md": (
        {
            "título": "El condón, siempre",
            "fecha": "2026-10-18",
            "autora": "Mariposa",
            "etiquetas": "salud, prevención",
            "resumen": "Cuidarnos es un derecho.",
            "estado": "publicado",
            "slug": "condon",
        },
        "Los trámites de salud no piden papeles. Texto sin traducción.",
    ),
    "salud/tres.md": (
        {
            "título": "PrEP todos los días",
            "fecha": "2026-10-16",
            "autora": "Amapola",
            "etiquetas": "VIH, PrEP",
            "resumen": "Una pastilla diaria.",
            "estado": "publicado",
            "slug": "prep",
        },
        "La PrEP protege del VIH. Pregunta en CAPASITS.",
    ),
    "derechos/comar.md": (
        {
            "título": "Pedir refugio en la COMAR",
            "fecha": "2026-10-05",
            "autora": "Estrella",
            "etiquetas": "refugio, trámites",
            "resumen": "Tienes 30 días hábiles.",
            "estado": "publicado",
            "slug": "comar",
        },
        "Las personas migrantes pueden pedir refugio. El trámite es gratis.",
    ),
    "testimonios/camino.md": (
        {
            "título": "Lo que aprendí en el camino",
            "fecha": "2026-10-01",
            "autora": "Luna",
            "etiquetas": "camino",
            "resumen": "Mi historia.",
            "estado": "publicado",
            "consentimiento": "sí",
            "consentimiento_fecha": "2026-09-20",
            "consentimiento_alcance": "web, impreso",
            "slug": "camino",
        },
        "Crucé el río con mi hija. Palabra testigo: cocuyo.",
    ),
    "derechos/retirada.md": (
        {
            "título": "Una historia retirada",
            "fecha": "2026-09-01",
            "autora": "Sol",
            "estado": "retirado",
            "slug": "historia-retirada",
        },
        "Palabra marcadora: zarigueyaretirada.",
    ),
    "derechos/borrador.md": (
        {
            "título": "Un borrador",
            "fecha": "2026-09-02",
            "autora": "Sol",
            "estado": "borrador",
            "slug": "un-borrador",
        },
        "Palabra marcadora: zarigueyaborrador.",
    ),
    "derechos/impresa.md": (
        {
            "título": "Solo en papel",
            "fecha": "2026-09-03",
            "autora": "Sol",
            "estado": "publicado",
            "historia_personal": "sí",
            "consentimiento": "sí",
            "consentimiento_fecha": "2026-09-01",
            "consentimiento_alcance": "impreso",
            "slug": "solo-papel",
        },
        "Palabra marcadora: zarigueyaimpresa.",
    ),
}
PAGES = ("seguridad.md", "seguridad.en.md", "directorio.md", "directorio.en.md")
MARKERS = ("zarigueyaretirada", "zarigueyaborrador", "zarigueyaimpresa")


def make_content(root: Path, extra: dict | None = None, directory=None) -> Path:
    content = root / "content"
    for rel, (meta, body) in {**STORIES, **(extra or {})}.items():
        write_md(content, rel, meta, body)
    (content / "paginas").mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        shutil.copy(ROOT / "content" / "paginas" / name, content / "paginas" / name)
    data = (ROOT / "content" / "directorio.toml").read_text(encoding="utf-8")
    (content / "directorio.toml").write_text(
        directory(data) if directory else data, encoding="utf-8"
    )
    return content


def build_readers_site(
    root: Path, extra_settings: dict | None = None, extra_files=None, directory=None
) -> Path:
    """``directory``: a function changing the text of the shipped directorio.toml."""
    out = root / "output"
    run_build(make_content(root, extra_files, directory), out, extra=extra_settings)
    return out


@pytest.fixture(scope="session")
def readers_site(tmp_path_factory) -> Path:
    return build_readers_site(tmp_path_factory.mktemp("readers"))


@pytest.fixture(scope="session")
def readers_server(readers_site):
    server, base = serve_directory(readers_site)
    yield base
    server.shutdown()


def index_text(site) -> str:
    """Every file of the index, decompressed (Pagefind's files are gzip)."""
    texts = []
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    assert len(files) > 5
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)
