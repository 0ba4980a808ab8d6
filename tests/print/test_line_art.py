"""Drawings in the black-and-white PDFs survive a cheap photocopier.

Each drawing goes through the print pipeline as the B/W PDF gets it (300 dpi,
85 mm column, line art), then through the copier simulation of the print audit
(300 dpi grey, blur sigma 1.2 px, 50% threshold, 150 dpi). At least 90% of its
stroke pixels must still be ink, and its paper must be white, before and after
the copy. The drawings are the nine photographed sample drawings of the project
and a hard one made here: faint thin pencil lines on a grey sheet with a shadow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from voces_plugins.editions.proof import photocopy
from voces_plugins.images import print_image

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DRAWINGS = sorted((ROOT / "content" / "dibujos").glob("*.jpg"))
COLUMN_MM = 85
RENDERS = Path("/tmp/print-renders")


def faint_pencil(path: Path):
    """Thin (2-3 px) mid-grey lines on grey paper darkening to one side; returns the mask."""
    size = (2400, 1800)
    paper = Image.linear_gradient("L").rotate(90).resize(size).point(lambda v: 215 - v // 6)
    mask = Image.new("L", size, 0)
    pen = ImageDraw.Draw(mask)
    for k in range(9):
        y = 200 + k * 160
        pen.line([(150, y), (2250, y + 60 * (-1) ** k)], fill=255, width=2 + k % 2)
    pen.ellipse([800, 500, 1600, 1300], outline=255, width=3)
    pen.arc([300, 300, 700, 700], 0, 300, fill=255, width=2)
    strokes = Image.new("L", size, 120)  # pencil: only mid grey
    drawing = Image.composite(strokes, paper, mask)
    Image.merge("RGB", [drawing] * 3).save(path, quality=88)
    return mask


def _stroke_mask(original: Image.Image) -> Image.Image:
    """Where the drawing has pencil: pixels clearly darker than the paper around them.

    The paper is estimated independently of the line-art code: a local maximum on a
    picture 8 times smaller. 255 = stroke.
    """
    grey = original.convert("L")
    small = grey.resize((grey.width // 8, grey.height // 8), Image.Resampling.BOX)
    paper = small.filter(ImageFilter.MaxFilter(7)).resize(grey.size, Image.Resampling.BILINEAR)
    darker = ImageChops.subtract(paper, grey)  # paper - grey, clipped at 0
    return darker.point(lambda v: 255 if v >= 40 else 0)


def _at_150(mask: Image.Image) -> Image.Image:
    """A 300 dpi stroke mask at 150 dpi: a pixel is stroke if half of its block is."""
    half = mask.resize((mask.width // 2, mask.height // 2), Image.Resampling.BOX)
    return half.point(lambda v: 255 if v >= 128 else 0)


def _widened(mask: Image.Image, radius: int) -> Image.Image:
    """``mask.filter(MaxFilter(2 * radius + 1))``, as ``radius`` 3x3 maximum filters: the
    same pixels (a square grown by one pixel ``radius`` times), 2.5 times faster."""
    for _step in range(radius):
        mask = mask.filter(ImageFilter.MaxFilter(3))
    return mask


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def _measure(name: str, original: Image.Image, art: Image.Image, truth: Image.Image):
    # A thin line reduced to 300 dpi covers less than a pixel: a quarter counts.
    truth = truth.resize(art.size, Image.Resampling.BOX).point(lambda v: 255 if v >= 64 else 0)
    copy = photocopy(art)
    strokes = _at_150(truth)
    # Ink in the copy, within one 150 dpi pixel of the stroke (the blur moves edges).
    ink = copy.point(lambda v: 255 if v < 128 else 0).filter(ImageFilter.MaxFilter(3))
    kept = ImageChops.multiply(strokes, ink)
    survival = _count(kept) / max(1, _count(strokes))
    # Paper: farther than 6 px (0.5 mm) from any stroke.
    paper = _widened(truth, 6).point(lambda v: 0 if v else 255)
    paper_px = _count(paper)
    white_art = _count(ImageChops.multiply(paper, art.point(lambda v: 255 if v >= 250 else 0)))
    paper_150 = _at_150(paper)
    white_copy = _count(ImageChops.multiply(paper_150, copy.point(lambda v: 255 if v else 0)))
    RENDERS.mkdir(parents=True, exist_ok=True)
    side = Image.new("L", (art.width * 3 + 20, art.height), 128)
    side.paste(original.convert("L").resize(art.size), (0, 0))
    side.paste(art, (art.width + 10, 0))
    side.paste(copy.resize(art.size, Image.Resampling.NEAREST), (2 * art.width + 20, 0))
    side.save(RENDERS / f"line-art-{name}.png", compress_level=1)  # to look at, quickly
    return survival, white_art / paper_px, white_copy / max(1, _count(paper_150))


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    root = tmp_path_factory.mktemp("line-art")
    content = root / "content"
    (content / "dibujos").mkdir(parents=True)
    for path in SAMPLE_DRAWINGS:
        shutil.copy(path, content / "dibujos" / path.name)
    masks = {"lapiz-tenue.jpg": faint_pencil(content / "dibujos" / "lapiz-tenue.jpg")}
    return {"PATH": str(content), "IMAGES": {"cache_dir": str(root / "cache")}}, masks


@pytest.mark.parametrize(
    "name", [p.name for p in SAMPLE_DRAWINGS] + ["lapiz-tenue.jpg"], ids=lambda n: n[:-4]
)
def test_every_drawing_survives_the_photocopier(settings, name):
    config, masks = settings
    rel = f"dibujos/{name}"
    grey = print_image(config, rel, COLUMN_MM, greyscale=True)
    art = print_image(config, rel, COLUMN_MM, line_art=True)
    with Image.open(Path(config["PATH"]) / rel) as source:
        original = source.convert("L")
    with Image.open(grey) as g, Image.open(art) as a:
        grey_im, art_im = g.convert("L"), a.convert("L")
    assert art_im.size == grey_im.size == (round(COLUMN_MM / 25.4 * 300), art_im.height)
    truth = masks.get(name) or _stroke_mask(original)
    survival, paper_white, copy_white = _measure(name[:-4], original, art_im, truth)
    assert survival >= 0.90, f"{name}: only {survival:.0%} of the strokes survive a photocopy"
    assert paper_white >= 0.995, f"{name}: paper only {paper_white:.1%} white in the PDF"
    assert copy_white >= 0.999, f"{name}: specks on {1 - copy_white:.2%} of the copied paper"
    # Before: the plain greyscale drawing, as the B/W PDF had it, loses strokes.
    if name in ("cruzando-el-rio.jpg", "lapiz-tenue.jpg"):
        before, _, _ = _measure(name[:-4] + "-before", original, grey_im, truth)
        assert before < 0.8, f"{name}: the test drawing is too easy ({before:.0%} survive grey)"


def test_line_art_is_cached_and_photos_stay_grey(settings):
    config, _masks = settings
    first = print_image(config, "dibujos/mariposa.jpg", COLUMN_MM, line_art=True)
    stamp = first.stat().st_mtime_ns
    again = print_image(config, "dibujos/mariposa.jpg", COLUMN_MM, line_art=True)
    assert again == first and again.stat().st_mtime_ns == stamp
    grey = print_image(config, "dibujos/mariposa.jpg", COLUMN_MM, greyscale=True)
    assert grey != first
    with Image.open(grey) as im:  # a photo keeps its greys: many levels in between
        middle = sum(im.convert("L").histogram()[60:200])
    with Image.open(first) as im:
        middle_art = sum(im.convert("L").histogram()[60:200])
    assert middle > 20 * max(1, middle_art)
