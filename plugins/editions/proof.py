"""What a cheap photocopier does to a page, and the editor's proof of an edition.

``photocopy`` is the simulation the print audit used and the tests measure with:
a grey scan at 300 dpi, a blur of the copier's optics (Gaussian, sigma 1.2 px), a
50% threshold (toner or no toner), then 150 dpi (a copy of a copy loses detail).
``proof_pages`` renders every page of a PDF with pdftoppm and puts it side by side
with its simulated photocopy; ``contact_sheet`` puts all of them on one image.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from ..core.parallel import map_chunks

COPIER_DPI = 300
COPY_DPI = 150
BLUR_SIGMA_PX = 1.2
THRESHOLD = 128
CONTACT_WIDTH = 420  # px, a page and its copy on the contact sheet


def photocopy(page: Image.Image, dpi: int = COPIER_DPI) -> Image.Image:
    """One generation of a cheap copier: grey 300 dpi, blur, 50% threshold, 150 dpi."""
    grey = page.convert("L")
    if dpi != COPIER_DPI:
        grey = grey.resize(
            (round(grey.width * COPIER_DPI / dpi), round(grey.height * COPIER_DPI / dpi)),
            Image.Resampling.LANCZOS,
        )
    toner = [0 if v < THRESHOLD else 255 for v in range(256)]
    copied = grey.filter(ImageFilter.GaussianBlur(BLUR_SIGMA_PX)).point(toner)
    factor = COPIER_DPI / COPY_DPI
    small = copied.resize(
        (max(1, round(copied.width / factor)), max(1, round(copied.height / factor))),
        Image.Resampling.BOX,
    )
    return small.point(toner)


def render_pages(pdf: Path, out_dir: Path, dpi: int = COPIER_DPI, gray: bool = True) -> list[Path]:
    """Every page of ``pdf`` as an uncompressed PGM/PPM image (pdftoppm, poppler), in page
    order. Uncompressed: pdftoppm spent ~1 s a page compressing 300 dpi PNGs that are
    read once and thrown away (0.1 s a page as PGM)."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError(
            "Falta pdftoppm: instale poppler-utils (sudo apt install poppler-utils). / "
            "pdftoppm is missing: install poppler-utils."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / "pagina"
    cmd = ["pdftoppm", "-r", str(dpi)] + (["-gray"] if gray else []) + [str(pdf), prefix]
    subprocess.run([str(part) for part in cmd], check=True, capture_output=True)
    pages = out_dir.glob("pagina-*.p[gp]m")
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def side_by_side(page: Image.Image, dpi: int = COPIER_DPI) -> Image.Image:
    """The page (left) and its simulated photocopy (right), at 150 dpi, labelled.

    A grey page (what ``render_pages`` makes) gives a grey sheet: a third of the
    pixels to resize and compress of a colour one, and the same picture."""
    mode = "L" if page.mode in ("1", "L") else "RGB"
    grey = (120,) if mode == "L" else (120, 120, 120)
    white = (255,) if mode == "L" else (255, 255, 255)
    copy = photocopy(page, dpi).convert(mode)
    original = page.convert(mode).resize(copy.size, Image.Resampling.LANCZOS)
    gap, band = 24, 28
    sheet = Image.new(mode, (copy.width * 2 + gap, copy.height + band), grey)
    sheet.paste(original, (0, band))
    sheet.paste(copy, (copy.width + gap, band))
    pen = ImageDraw.Draw(sheet)
    pen.text((6, 8), "PDF", fill=white)
    pen.text((copy.width + gap + 6, 8), "fotocopia simulada / simulated photocopy", fill=white)
    return sheet


def thumbnail(page: Image.Image, width: int) -> Image.Image:
    """``page`` ``width`` pixels wide, for the contact sheet."""
    height = round(page.height * width / page.width)
    return page.resize((width, height), Image.Resampling.LANCZOS)


def contact_sheet(pages: list[Image.Image], columns: int = 4, width: int = 300) -> Image.Image:
    """All pages, small, in reading order, numbered: what the editor checks at a glance."""
    if not pages:
        raise ValueError("no hay páginas / no pages")
    thumbs = [p if p.width == width else thumbnail(p, width) for p in pages]
    thumbs = [t.convert("RGB") for t in thumbs]
    cell_w, cell_h = width + 16, max(t.height for t in thumbs) + 30
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (cell_w * min(columns, len(thumbs)), cell_h * rows), (110, 110, 110))
    pen = ImageDraw.Draw(sheet)
    for n, thumb in enumerate(thumbs):
        x, y = (n % columns) * cell_w + 8, (n // columns) * cell_h + 22
        sheet.paste(thumb, (x, y))
        pen.text((x, y - 16), f"p. {n + 1}", fill=(255, 255, 255))
    return sheet


def _proof_page(job) -> Image.Image:
    """Worker: one page next to its photocopy, saved; returns the contact-sheet thumbnail."""
    rendered, target = job
    with Image.open(rendered) as page:
        pair = side_by_side(page)
    # compress_level 1: a third of the time of the default for ~20% more bytes; the
    # proof stays on the editor's computer.
    pair.save(target, compress_level=1)
    return thumbnail(pair, CONTACT_WIDTH)


def _proof_pages(jobs) -> list[Image.Image]:
    return [_proof_page(job) for job in jobs]


def proof(pdf: Path, out_dir: Path) -> dict:
    """The editor's proof: ``pagina-NN.png`` (page | photocopy) and ``hoja-de-contacto.png``.

    Pages are made on every core (blurring a 300 dpi page is most of the time).
    Returns ``{"pages": [paths], "contact_sheet": path}``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="voces-prueba-") as tmp:
        rendered = render_pages(pdf, Path(tmp))
        written = [out_dir / f"pagina-{n:02d}.png" for n in range(1, len(rendered) + 1)]
        thumbs = map_chunks(_proof_pages, list(zip(rendered, written)), min_items=2)
    contact = out_dir / "hoja-de-contacto.png"
    contact_sheet(thumbs, columns=4, width=CONTACT_WIDTH).save(contact, optimize=True)
    return {"pages": written, "contact_sheet": contact}
