"""The right to withdraw: `estado: retirado` removes a story from everything.

A story with a unique marker word in its title, body, alt text, drawing (file name
and magenta pixels) and an English translation is built with the real plugins and an
edition (PDFs), then withdrawn and rebuilt into the same output folder. Afterwards
the marker, the slug and the drawing are in no file of output/: not in pages,
listings, feeds, the gallery, edition pages, PDFs (text and embedded images), nor
inside .gz/.zip files.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from voces_testing import run_build, write_md

MARKER = "xochizorzal"
SLUG = "cuento-del-rio-7q"
DRAWING = f"dibujos/pajaro-{MARKER}.jpg"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}


def drawing(path: Path, colour, strokes=(20, 20, 20)):
    """A phone-photo-like drawing whose colour identifies it after re-encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (1200, 900), colour)
    pen = ImageDraw.Draw(image)
    for i in range(12):
        pen.line([(80 + i * 80, 100), (140 + i * 70, 800)], fill=strokes, width=9)
    image.save(path, "JPEG", quality=90)


def is_marker_colour(image: Image.Image) -> bool:
    r, g, b = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return r > 150 and g < 100 and b > 100


def readable_parts(root: Path):
    """(name, text, raw bytes, images) for every file, opening PDFs, .gz and .zip."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        yield from _parts(rel, path.read_bytes())


def _parts(name: str, data: bytes):
    lower = name.lower()
    if lower.endswith(".gz"):
        yield name, "", data, []
        yield from _parts(name[:-3], gzip.decompress(data))
    elif lower.endswith(".zip"):
        yield name, "", data, []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _parts(f"{name}:{member}", archive.read(member))
    elif lower.endswith(".pdf"):
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(
            [
                *(str(v) for v in (reader.metadata or {}).values()),
                *(page.extract_text() or "" for page in reader.pages),
            ]
        )
        images = [img.image for page in reader.pages for img in page.images]
        yield name, text, data, images
    elif Path(lower).suffix in IMAGE_SUFFIXES:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            yield name, "", data, [image.copy()]
    else:
        yield name, data.decode("utf-8", errors="replace"), data, []


def site(content: Path, status: str):
    write_md(
        content,
        "testimonios/cuento.md",
        {
            "título": f"El {MARKER} del río",
            "fecha": "2026-10-20",
            "autora": "Garza",
            "etiquetas": f"camino, {MARKER}",
            "resumen": f"Una historia sobre el {MARKER}.",
            "estado": status,
            "edición": 1,
            "imagen": DRAWING,
            "imagen_alt": f"Dibujo de un pájaro {MARKER} sobre el agua.",
            "consentimiento": "sí",
            "consentimiento_fecha": "2026-10-01",
            "consentimiento_alcance": "web, impreso",
            "slug": SLUG,
        },
        f"El {MARKER} cantaba cada mañana junto al río.\n\n"
        f"![Otro dibujo del {MARKER}]({DRAWING})\n",
    )
    # The English translation says "published": withdrawing the story removes it too.
    write_md(
        content,
        "testimonios/cuento.en.md",
        {
            "title": f"The {MARKER} of the river",
            "date": "2026-10-20",
            "author": "Garza",
            "status": "published",
            "lang": "en",
            "image": DRAWING,
            "image_alt": f"Drawing of a {MARKER} bird over the water.",
            "consent": "yes",
            "consent_date": "2026-10-01",
            "consent_scope": "web, print",
            "slug": SLUG,
        },
        f"The {MARKER} sang every morning by the river.\n",
    )
    write_md(
        content,
        "salud/prueba.md",
        {
            "título": "La prueba de VIH es gratuita",
            "fecha": "2026-10-21",
            "autora": "Promotora Luna",
            "estado": "publicado",
            "edición": 1,
            "imagen": "dibujos/clinica.jpg",
            "imagen_alt": "Dibujo de la puerta de una clínica.",
            "slug": "prueba-gratuita",
        },
        "En los servicios públicos de salud la prueba de VIH no cuesta nada.\n",
    )
    write_md(
        content,
        "ediciones/01.md",
        {
            "número": 1,
            "título": "Número de prueba",
            "fecha": "2026-11-01",
        },
        "Presentación de la edición.\n",
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same output folder built with the story published, then withdrawn."""
    base = tmp_path_factory.mktemp("withdraw")
    content = base / "content"
    drawing(content / DRAWING, (225, 20, 160))
    drawing(content / "dibujos/clinica.jpg", (40, 190, 60))
    site(content, "publicado")
    output = base / "output"
    run_build(content, output)
    before = list(readable_parts(output))
    files_before = sorted(
        p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()
    )
    site(content, "retirado")
    run_build(content, output)
    # Every file of the withdrawn build opened once (PDFs, archives, images): two tests
    # search the same parts.
    after = list(readable_parts(output))
    return before, files_before, output, after


def test_the_published_story_is_everywhere_before(builds):
    before, files, _, _ = builds
    with_marker = {name for name, text, _, _ in before if MARKER in text.lower()}
    assert f"articulos/{SLUG}/index.html" in with_marker
    assert f"en/articles/{SLUG}/index.html" in with_marker
    assert "index.html" in with_marker  # front page
    assert "secciones/testimonios/index.html" in with_marker  # section listing
    assert "feeds/todos.atom.xml" in with_marker  # feed
    pdfs = [name for name in with_marker if name.endswith(".pdf")]
    assert pdfs, "the edition PDF should carry the story before it is withdrawn"
    marked = [
        name for name, _, _, images in before if any(is_marker_colour(image) for image in images)
    ]
    assert any(name.startswith("imagenes/") for name in marked), marked
    assert any(name.endswith(".pdf") for name in marked), marked


def test_withdrawn_story_leaves_no_trace(builds):
    _, _, output, after = builds
    assert len(after) >= len(list(output.rglob("*.html")))  # every file was opened
    leaks = []
    for name, text, raw, _ in after:
        lowered = text.lower()
        for needle in (MARKER, SLUG):
            if needle in name.lower() or needle in lowered or needle.encode() in raw.lower():
                leaks.append((name, needle))
    assert leaks == []


def test_withdrawn_story_drawing_is_not_published(builds):
    before, _, _, after = builds
    old_bytes = [
        raw
        for name, _, raw, images in before
        if Path(name).suffix in IMAGE_SUFFIXES and any(is_marker_colour(image) for image in images)
    ]
    assert old_bytes
    samples = [raw[len(raw) // 2 : len(raw) // 2 + 256] for raw in old_bytes]
    for name, _, raw, images in after:
        assert not any(is_marker_colour(image) for image in images), name
        assert not any(sample in raw for sample in samples), name


def test_the_rest_of_the_site_and_edition_remain(builds):
    _, _, output, _ = builds
    assert (output / "articulos/prueba-gratuita/index.html").is_file()
    assert not (output / f"articulos/{SLUG}").exists()
    assert not (output / f"en/articles/{SLUG}").exists()
    pdfs = sorted(output.rglob("*.pdf"))
    assert pdfs, "the edition is rebuilt without the story, not dropped"
    text = "".join(page.extract_text() for page in PdfReader(pdfs[0]).pages)
    assert "VIH" in text
    assert not (output / "drafts").exists()


def test_a_link_to_a_withdrawn_story_stops_the_build(tmp_path):
    """Pelican would only warn and print the story's file name into the page."""
    content = tmp_path / "content"
    write_md(
        content,
        "testimonios/cuento.md",
        {"título": f"El {MARKER}", "fecha": "2026-10-20", "estado": "retirado", "slug": SLUG},
        "Texto.",
    )
    write_md(
        content,
        "salud/enlace.md",
        {
            "título": "Lea también",
            "fecha": "2026-10-21",
            "estado": "publicado",
            "slug": "lea-tambien",
        },
        "Lea [la historia]({filename}/testimonios/cuento.md).",
    )
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, quiet=True)
    assert proc.returncode != 0
    line = next(
        line for line in (proc.stdout + proc.stderr).splitlines() if "salud/enlace.md" in line
    )
    assert "testimonios/cuento.md" in line and "Quite el enlace" in line
    assert not out.exists()
