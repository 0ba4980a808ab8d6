"""Tiny real sites for the editions tests: articles, drawings and edition files.

Imported by the test modules (``from editions_helpers import ...``); not a conftest,
so that it never shadows the lead's ``tests/conftest.py``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import subprocess
import time
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from voces_testing import run_build

ROOT = Path(__file__).resolve().parents[2]

PLACEHOLDER = "https://voces.example.org"


def drawing(path: Path, label: str, size=(900, 700)):
    """A line drawing made here (never downloaded): a frame, a circle and a label."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (250, 246, 235))
    pen = ImageDraw.Draw(image)
    pen.rectangle([20, 20, size[0] - 20, size[1] - 20], outline=(40, 40, 40), width=6)
    pen.ellipse(
        [size[0] // 3, size[1] // 4, 2 * size[0] // 3, 3 * size[1] // 4],
        outline=(150, 30, 70),
        width=10,
    )
    pen.text((40, 40), label, fill=(0, 0, 0))
    image.save(path, "JPEG", quality=85)
    return path


def article_text(
    title,
    slug,
    *,
    section="comunidad",
    date="2026-11-01",
    edition=1,
    author="Luna",
    image=None,
    body=None,
    scope=None,
    status="publicado",
    lang=None,
    paragraphs=3,
):
    lines = [
        f"título: {title}",
        f"fecha: {date}",
        f"autora: {author}",
        f"estado: {status}",
        f"slug: {slug}",
        f"sección: {section}",
    ]
    if edition is not None:
        lines.append(f"edición: {edition}")
    if image:
        lines += [f"imagen: {image}", "imagen_alt: Un dibujo de prueba con un círculo."]
    if scope:
        lines += [
            "consentimiento: sí",
            "consentimiento_fecha: 2026-10-01",
            f"consentimiento_alcance: {scope}",
        ]
    if lang:
        lines.append(f"idioma: {lang}")
    text = body or "\n\n".join(
        f"Párrafo {n} de {title}. Nos juntamos los jueves para hablar, aprender y cuidarnos. "
        "Cada una trae lo que sabe y se lleva lo que necesita."
        for n in range(1, paragraphs + 1)
    )
    return "\n".join(lines) + "\n\n" + text + "\n"


def edition_text(
    number=1,
    title="Número de prueba",
    date="2026-11-15",
    cover=None,
    articles=None,
    body="Editorial de prueba: nos cuidamos entre todas.",
    lang=None,
):
    lines = [f"número: {number}", f"título: {title}"]
    if date:
        lines.append(f"fecha: {date}")
    if cover:
        lines += [f"portada: {cover}", "portada_alt: Un círculo dibujado a mano."]
    if articles is not None:
        lines.append(f"artículos: {', '.join(articles)}")
    if lang:
        lines.append(f"idioma: {lang}")
    return "\n".join(lines) + "\n\n" + body + "\n"


class TinySite:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        (self.content / "ediciones").mkdir(parents=True, exist_ok=True)

    def article(self, slug, title=None, *, section="comunidad", **kwargs):
        path = (
            self.content
            / section
            / f"{slug}{'.' + kwargs['lang'] if kwargs.get('lang') else ''}.md"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            article_text(
                title or slug.replace("-", " ").capitalize(), slug, section=section, **kwargs
            ),
            encoding="utf-8",
        )
        return path

    def edition(self, name="01.md", **kwargs):
        path = self.content / "ediciones" / name
        path.write_text(edition_text(**kwargs), encoding="utf-8")
        return path

    def drawing(self, name, label=None):
        return drawing(self.content / "dibujos" / name, label or name)

    def build(self, *, pdf=True, check=True, extra=None, cache=None, output=None):
        """``output``: another folder for the site than ``self.output``."""
        editions = {"pdf": pdf, "cache_dir": str(cache or (self.root / "cache"))}
        settings = {"EDITIONS": editions, **(extra or {})}
        return run_build(
            self.content,
            output or self.output,
            extra=settings,
            check=check,
            env={"COLUMNS": "1000"},
        )


@pytest.fixture
def tiny_site(tmp_path):
    return TinySite(tmp_path)


#: PDF caches kept between test runs (see shared_pdf_cache), one folder per state of the
#: code that makes PDFs; a folder no run used for this long is deleted.
SHARED_PDF_CACHES = ROOT / ".cache" / "pruebas-ediciones"
SHARED_PDF_CACHE_DAYS = 2


@functools.cache
def _pdf_code_state() -> Path:
    """The folder of SHARED_PDF_CACHES for the code as it is now.

    An edition PDF's cache key covers what it is made from (the HTML, style sheets,
    fonts, drawings by their bytes, layout.py, the WeasyPrint version), not the rest of
    the code that turns that HTML into a PDF: the folder is named by a hash of every
    ``.py`` file of plugins/editions/ and plugins/core/ (what runs from the HTML to the
    PDF's bytes), of every installed package's version and of the date of Debian's
    package list, so a test never reads a PDF that older code made. Other code changes
    the HTML, or the drawings, or nothing."""
    digest = hashlib.sha256()
    for folder in ("plugins/editions", "plugins/core"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in sorted(f"{d.metadata['Name']}={d.version}" for d in metadata.distributions()):
        digest.update(name.encode() + b"\0")
    system = Path("/var/lib/dpkg/status")  # Pango, HarfBuzz, fonts: changed by apt
    if system.exists():
        digest.update(str(system.stat().st_mtime_ns).encode())
    state = SHARED_PDF_CACHES / digest.hexdigest()[:16]
    state.mkdir(parents=True, exist_ok=True)
    os.utime(state)  # used now
    old = time.time() - SHARED_PDF_CACHE_DAYS * 86400
    for folder in SHARED_PDF_CACHES.iterdir():
        if folder != state and folder.is_dir() and folder.stat().st_mtime < old:
            shutil.rmtree(folder, ignore_errors=True)
    return state


def shared_pdf_cache(name: str) -> Path:
    """A PDF cache kept between test runs, for a fixture that builds the same edition
    every run and only reads it: the next run takes its PDFs instead of rendering them
    (1-5 s each), as the image cache is shared through ``.cache/pruebas-imagenes``.

    One folder per ``name`` (each build prunes the PDFs it did not use, so two editions
    in one folder would delete each other's). A hit means the same inputs and the same
    code (see _pdf_code_state). Tests that assert that a PDF is rendered, or about the
    cache itself, keep a private cache."""
    return _pdf_code_state() / name


def seed_cache(source: Path, target: Path) -> Path:
    """Copy into ``target`` the cached PDFs (and layout reports) of ``source`` it lacks,
    with their times: a build into ``target`` takes them as its own, and prunes them
    like any PDF it does not use."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.suffix in (".pdf", ".json") and not (target / path.name).exists():
            part = target / f".{path.name}.{os.getpid()}.part"  # never read half-copied
            shutil.copy2(path, part)
            os.replace(part, target / path.name)
    return target


def pdftoppm_available() -> bool:
    return shutil.which("pdftoppm") is not None


def page_images(pdf: Path, out_dir: Path, dpi=200) -> list[Path]:
    """Every page of ``pdf`` as an image (PPM, pdftoppm from poppler), in page order.

    One pdftoppm run for the whole PDF, uncompressed: PNG compression and a run per
    page cost more than reading the codes."""
    out = out_dir / f"{pdf.stem}-{dpi}"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(out / "p")], check=True)
    return sorted(out.glob("p-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def pdf_text(path: Path) -> str:
    """A PDF's text on one line (pypdf), read once for the same bytes: the tests read
    the same cached PDFs under several names, and pypdf takes ~0.1 s a page."""
    return _text_of(path.read_bytes())


@functools.cache
def _text_of(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
