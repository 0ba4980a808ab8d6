"""A real build of a tiny site whose photos carry every kind of metadata.

After the build no file in output/ holds a marker word, an EXIF/XMP/IPTC
segment, or the original bytes; the rotated photo is upright; the markup is
<picture> with WebP srcset, a JPEG fallback, sizes and lazy loading.
"""

import hashlib
import re

import pytest
from image_fixtures import (
    MARKERS,
    dirty_heic,
    dirty_jpeg,
    dirty_png,
    rotated_jpeg,
    solid_jpeg,
)
from images_site import ROOT, article, build, files
from PIL import Image, ImageDraw

from voces_plugins.images.check import scan_tree
from voces_plugins.images.clean import prepare
from voces_plugins.images.config import merge


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("clean")
    content = base / "content"
    (content / "dibujos").mkdir(parents=True)
    originals = {
        "jpeg": dirty_jpeg(content / "dibujos" / "camino.jpg"),
        "png": dirty_png(content / "dibujos" / "flor.png"),
        "heic": dirty_heic(content / "dibujos" / "rio.heic"),
        "unused": solid_jpeg(content / "dibujos" / "sin-usar.jpg", (255, 0, 255)),
        "draft": solid_jpeg(content / "dibujos" / "borrador.jpg", (0, 255, 0)),
    }
    upright = rotated_jpeg(content / "dibujos" / "girado.jpg")
    originals["rotated"] = (content / "dibujos" / "girado.jpg").read_bytes()
    article(
        content,
        "camino",
        image="dibujos/camino.jpg",
        image_alt="Dibujo de un camino entre montañas.",
        body="Texto.\n\n![Una flor grande](dibujos/flor.png)\n\n"
        "![Un río ancho](../dibujos/rio.heic)\n\n"
        "![Una figura girada]({static}/dibujos/girado.jpg)\n",
    )
    article(
        content,
        "borrador",
        status="borrador",
        image="dibujos/borrador.jpg",
        image_alt="Un dibujo verde.",
    )
    out = base / "output"
    proc = build(content, out, base / "cache")
    return {
        "out": out,
        "originals": originals,
        "upright": upright,
        "log": proc.stdout + proc.stderr,
    }


def _article_html(site):
    return (site["out"] / "articulos" / "camino" / "index.html").read_text(encoding="utf-8")


def test_no_marker_word_in_any_output_file(site):
    for path in files(site["out"]):
        data = path.read_bytes()
        for name, marker in MARKERS.items():
            assert marker.encode() not in data, f"{marker} ({name}) leaked into {path}"


def test_no_metadata_segment_in_any_output_image(site):
    report = scan_tree(site["out"])
    assert report.problems == []
    # camino cover (4 WebP + 2 JPEG) + flor + rio + girado: small ones have fewer widths.
    assert report.image_files >= 12
    for path in files(site["out"]):
        data = path.read_bytes()
        for signature in (
            b"Exif\x00\x00",
            b"http://ns.adobe.com/xap",
            b"Photoshop 3.0",
            b"ICC_PROFILE",
            b"8BIM",
        ):
            assert signature not in data, f"{signature!r} in {path}"
    for path in (site["out"] / "imagenes").iterdir():
        with Image.open(path) as im:
            assert not im.getexif()
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(im.info)


def test_original_bytes_are_nowhere(site):
    digests = {hashlib.sha256(d).hexdigest() for d in site["originals"].values()}
    for path in files(site["out"]):
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() not in digests, f"original copied to {path}"
        for original in site["originals"].values():
            middle = original[len(original) // 2 : len(original) // 2 + 64]
            assert middle not in data, f"original bytes inside {path}"
    assert not (site["out"] / "dibujos" / "camino.jpg").exists()
    # PNGs in the output are the project's own assets (theme, app icons), byte for byte;
    # a member's drawing is never published as PNG or HEIC.
    shipped = {
        hashlib.sha256(f.read_bytes()).hexdigest()
        for folder in ("theme", "plugins")
        for f in (ROOT / folder).rglob("*.png")
    }
    for path in files(site["out"]):
        assert path.suffix.lower() != ".heic", path
        if path.suffix.lower() == ".png":
            assert hashlib.sha256(path.read_bytes()).hexdigest() in shipped, path
    names = [p.name for p in files(site["out"])]
    assert not any("camino.jpg" in n or "girado" in n for n in names)


def test_rotated_photo_comes_out_upright(site):
    html = _article_html(site)
    tag = re.search(r"<img[^>]*alt=\"Una figura girada\"[^>]*>", html).group(0)
    src = re.search(r'src="/?([^"]+)"', tag).group(1)
    assert 'width="200" height="400"' in tag
    with Image.open(site["out"] / src) as im:
        assert im.size == (200, 400)
        top, bottom = im.convert("RGB").getpixel((100, 50)), im.convert("RGB").getpixel((100, 350))
    assert top[0] > 200 and top[2] < 60, top  # red on top, like the phone showed it
    assert bottom[2] > 200 and bottom[0] < 60, bottom
    assert site["upright"].size == (200, 400)


def test_picture_markup_with_webp_srcset_and_jpeg_fallback(site):
    html = _article_html(site)
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 4  # cover + three body images
    cover = pictures[0]
    assert '<source type="image/webp"' in cover
    widths = re.findall(r"\.webp (\d+)w", cover)
    assert widths == ["360", "540", "720", "1080"]
    assert re.search(r'<img src="/imagenes/[0-9a-f]{16}-720\.jpg"', cover)
    assert 'width="720" height="540"' in cover
    assert "sizes=" in cover and 'decoding="async"' in cover
    # The first image of the page loads at once, the others lazily.
    assert 'loading="lazy"' not in cover
    for body in pictures[1:]:
        assert 'loading="lazy"' in body and 'decoding="async"' in body
    # No bare <img> is left outside a <picture> in the article.
    assert "<img" not in re.sub(r"<picture>.*?</picture>", "", html, flags=re.S)
    assert 'alt="Una flor grande"' in html and 'alt="Un río ancho"' in html


def test_every_referenced_image_exists_and_is_light(site):
    html = _article_html(site)
    for url in set(re.findall(r"/imagenes/[0-9a-f]{16}-\d+\.(?:webp|jpg)", html)):
        path = site["out"] / url.lstrip("/")
        assert path.is_file(), url
        assert path.stat().st_size < 120_000, (url, path.stat().st_size)


def test_images_of_unpublished_or_unused_drawings_are_not_published(site):
    # borrador.jpg (pure green) is used only by a draft; sin-usar.jpg (magenta) by nobody.
    for path in (site["out"] / "imagenes").iterdir():
        with Image.open(path) as im:
            r, g, b = im.convert("RGB").resize((1, 1)).getpixel((0, 0))
        assert not (g > 200 and r < 80 and b < 80), f"draft's drawing published: {path}"
        assert not (r > 200 and b > 200 and g < 80), f"unused drawing published: {path}"
    assert not (site["out"] / "articulos" / "borrador").exists()


def test_heic_and_png_sources_are_reencoded(site):
    html = _article_html(site)
    for alt in ("Una flor grande", "Un río ancho"):
        tag = re.search(rf'<img[^>]*alt="{alt}"[^>]*>', html).group(0)
        src = re.search(r'src="/?([^"]+)"', tag).group(1)
        with Image.open(site["out"] / src) as im:
            assert im.format == "JPEG"
            assert im.width <= 720


def _scanned_png(path, size):
    """A black-and-white scan saved as a 1-bit PNG: huge in pixels, tiny on disk."""
    im = Image.new("1", size, 1)
    w, h = size
    ImageDraw.Draw(im).rectangle((w // 4, h // 4, w * 3 // 4, h * 3 // 4), fill=0)
    im.save(path)


def _served(out, html, alt):
    tag = re.search(rf'<img[^>]*alt="{alt}"[^>]*>', html).group(0)
    return out / re.search(r'src="/?([^"]+)"', tag).group(1)


def test_a_100_megapixel_scan_is_published(tmp_path):
    # Below the plugin's max_pixels (110 MP) but above Pillow's own 89.5 MP limit.
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    _scanned_png(content / "dibujos" / "mural.png", (10_000, 10_000))
    article(content, "mural", "Texto.\n\n![Un mural enorme](dibujos/mural.png)\n")
    out = tmp_path / "output"
    proc = build(content, out, tmp_path / "cache", check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "demasiado grande" not in log
    html = (out / "articulos" / "mural" / "index.html").read_text(encoding="utf-8")
    assert 'alt="Un mural enorme"' in html
    with Image.open(_served(out, html, "Un mural enorme")) as im:
        assert im.size == (720, 720)
        grey = im.convert("L")
        assert grey.getpixel((360, 360)) < 40 and grey.getpixel((20, 20)) > 215
    assert scan_tree(out).problems == []


def test_a_photo_above_max_pixels_is_still_refused(tmp_path):
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    _scanned_png(content / "dibujos" / "enorme.png", (11_000, 11_000))  # 121 MP
    article(content, "enorme", "Texto.\n\n![Un mural](dibujos/enorme.png)\n")
    out = tmp_path / "output"
    proc = build(content, out, tmp_path / "cache", check=False)
    flat = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "dibujos/enorme.png" in flat and "demasiado grande" in flat and "too large" in flat
    assert "Traceback" not in flat
    assert not out.exists() or not any(out.rglob("*.webp"))


def test_the_pixel_limit_is_the_setting_and_pillow_is_left_as_it_was(tmp_path):
    from voces_plugins.images.errors import ImageProblem

    before = Image.MAX_IMAGE_PIXELS
    path = tmp_path / "escaneo.png"
    _scanned_png(path, (1200, 1000))
    small = merge({"IMAGES": {"max_pixels": 1_000_000}}, report=False)
    with pytest.raises(ImageProblem) as refused:
        prepare(path, small)
    assert refused.value.kind == "too_big"
    assert before == Image.MAX_IMAGE_PIXELS
    _im, size = prepare(path, merge({}, report=False))  # the default limit: accepted
    assert size == (1200, 1000)
    assert before == Image.MAX_IMAGE_PIXELS


def test_a_16_bit_grey_png_keeps_its_tones(tmp_path):
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    deep = Image.new("I;16", (600, 400), 30000)
    deep.paste(Image.new("I;16", (300, 400), 65535), (300, 0))
    deep.save(content / "dibujos" / "gris16.png")
    with Image.open(content / "dibujos" / "gris16.png") as check:
        assert check.mode in ("I;16", "I;16B", "I")  # really stored as 16 bits
    article(content, "gris", "Texto.\n\n![Un dibujo gris](dibujos/gris16.png)\n")
    out = tmp_path / "output"
    build(content, out, tmp_path / "cache")
    html = (out / "articulos" / "gris" / "index.html").read_text(encoding="utf-8")
    with Image.open(_served(out, html, "Un dibujo gris")) as im:
        grey = im.convert("L")
        left, right = grey.getpixel((60, 200)), grey.getpixel((im.width - 60, 200))
    assert abs(left - round(30000 * 255 / 65535)) <= 3, left  # 117, not 48
    assert right >= 252, right
    for path in (out / "imagenes").glob("*.webp"):
        with Image.open(path) as im:
            assert abs(im.convert("L").getpixel((30, im.height // 2)) - 117) <= 3, path
