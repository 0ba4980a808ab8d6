"""Tiny real sites for the editions tests: articles, drawings and edition files.

Imported by the test modules (``from editions_helpers import ...``); not a conftest,
so that it never shadows the lead's ``tests/conftest.py``.
"""

from __future__ import annotations

import shutil
import subprocess
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

    def build(self, *, pdf=True, check=True, extra=None, cache=None):
        editions = {"pdf": pdf, "cache_dir": str(cache or (self.root / "cache"))}
        settings = {"EDITIONS": editions, **(extra or {})}
        return run_build(
            self.content, self.output, extra=settings, check=check, env={"COLUMNS": "1000"}
        )


@pytest.fixture
def tiny_site(tmp_path):
    return TinySite(tmp_path)


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
