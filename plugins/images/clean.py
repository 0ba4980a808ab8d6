"""Decode a member's image and keep nothing but its pixels.

Order matters: the EXIF orientation is applied first (it lives in the very
metadata we drop), then the colours are converted to sRGB (the ICC profile is
dropped after use), then the pixels are copied into a brand-new image whose
``info`` is empty, so no encoder can write EXIF, XMP, a comment or a profile
back. Every encoded result is verified before it is kept (see ``encode``).
"""

import io
import re
import warnings
from contextlib import contextmanager

from PIL import Image, ImageCms, ImageFile, ImageFilter, ImageMath, ImageOps

from .check import image_bytes_problems
from .errors import ImageProblem

_ORIENTATION = 0x0112
# Pillow's format names for what members send; pillow-heif reports "HEIF".
_FORMAT_LABELS = {"MPO": "JPEG"}


def _register_heif():
    try:
        import pillow_heif
    except ImportError:  # pragma: no cover - pillow-heif is a dependency
        return
    pillow_heif.register_heif_opener()


def open_image(path, config, draft_width=None):
    """Open, validate and fully decode an image.

    Returns (image, orientation, size): ``size`` is the upright size of the
    full-resolution picture, whatever scale it was decoded at.

    Raises ImageProblem for every kind of bad input, never a bare Pillow error.
    ``draft_width`` lets JPEG decode at 1/2, 1/4 or 1/8 scale when that still
    gives at least that many pixels across (after rotation).
    """
    _register_heif()
    with open(path, "rb") as fh:
        data = fh.read()
    if not data:
        raise ImageProblem("empty")
    with _pixel_limit(config["max_pixels"]):
        im = _open(data, config["max_pixels"])
        fmt = _FORMAT_LABELS.get(im.format, im.format)
        if fmt not in config["formats"]:
            raise ImageProblem("unsupported", fmt or "?")
        width, height = im.size
        if width * height > config["max_pixels"]:
            raise ImageProblem(
                "too_big", f"{width}×{height} px, máx./max {config['max_pixels']:,} px"
            )
        try:
            orientation = int(im.getexif().get(_ORIENTATION, 1) or 1)
        except Exception:
            orientation = 1
        rotated = orientation in (5, 6, 7, 8)
        size = (height, width) if rotated else (width, height)
        if draft_width and im.format == "JPEG":
            # Ask for the final width only (a height of 1 is always met); a
            # rotated photo's final width is its stored height.
            im.draft(None, (1, draft_width) if rotated else (draft_width, 1))
        # WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True when imported (the
        # editions plugin imports it): a half-copied photo would then decode with a
        # grey band. Insist on complete files while decoding here.
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            im.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageProblem("damaged", str(exc) or exc.__class__.__name__) from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)
    return im, orientation, size


@contextmanager
def _pixel_limit(max_pixels):
    """Pillow's own bomb limit (89.5 MP) set to ours while decoding, then put back.

    Pillow warns above ``MAX_IMAGE_PIXELS`` and refuses twice that; both count as
    "too big" here, so the limit has to be the plugin's ``max_pixels`` or a
    100 MP photo under our 110 MP limit would be refused. Images are decoded in
    one thread per process, so the module setting is safe to borrow.
    """
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = int(max_pixels)
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _open(data, max_pixels):
    """``Image.open`` with every Pillow complaint turned into an ImageProblem."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's words are English only: say the size and the limit instead.
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        detail = f"{int(pixels.group(1)):,} px, máx./max {max_pixels:,} px" if pixels else str(exc)
        raise ImageProblem("too_big", detail) from None
    except Image.UnidentifiedImageError:
        raise ImageProblem("not_image", "formato desconocido / unknown format") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem("damaged", str(exc)) from None


def _to_8_bit(im):
    """A 16-bit (or 32-bit integer) greyscale image as 8-bit "L": 0→0, 65535→255.

    Converting "I;16" or "I" straight to "L" clips (or, through some paths, keeps
    the low byte): the tones must be scaled instead.
    """
    return im.convert("I").point(lambda v: v * (255 / 65535) + 0.5).convert("L")


def to_srgb(im):
    """Pixels in sRGB (RGB or L), transparency flattened onto white paper."""
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "L" if im.mode == "L" else "RGB"
            if im.mode == "RGBA":
                im = _flatten(im)
            im = ImageCms.profileToProfile(
                im,
                src,
                ImageCms.createProfile("sRGB") if out_mode == "RGB" else src,
                outputMode=out_mode,
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: treat the pixels as sRGB
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        im = _to_8_bit(im)
    elif im.mode in ("F", "1"):
        im = im.convert("L")  # a 1-bit scan stays grey (a quarter of RGB's memory)
    if im.mode in ("RGBA", "LA", "La", "RGBa", "PA", "P"):
        im = _flatten(im.convert("RGBA"))
    elif im.mode not in ("RGB", "L"):
        im = im.convert("RGB")
    return im


def _flatten(im):
    im = im.convert("RGBA")
    paper = Image.new("RGB", im.size, (255, 255, 255))
    paper.paste(im, mask=im.getchannel("A"))
    return paper


def scan_cleanup(im):
    """Even out the light of a photographed pencil drawing: white paper, full contrast.

    The paper's light is estimated with a small, blurred "maximum" of the
    picture (strokes are thin and dark, paper is everywhere), each channel is
    divided by it (a shadow across the sheet disappears), then the contrast is
    stretched and near-white is pushed to pure white.
    """
    grey = im.convert("L")
    small_w = max(8, grey.width // 32)
    small_h = max(8, grey.height // 32)
    light = grey.resize((small_w, small_h), Image.Resampling.BOX)
    light = light.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    light = light.resize(grey.size, Image.Resampling.BILINEAR)
    bands = []
    for band in im.split():
        flat = ImageMath.lambda_eval(
            lambda a: a["convert"](a["min"](a["a"] * 255 / a["max"](a["b"], 1), 255), "L"),
            a=band,
            b=light,
        )
        bands.append(flat)
    im = Image.merge(im.mode, bands)
    im = ImageOps.autocontrast(im, cutoff=(1, 0))
    # Paper: anything lighter than 92% becomes white; the rest is stretched.
    white = 235
    lut = [min(255, round(v * 255 / white)) for v in range(256)]
    return im.point(lut * len(im.getbands()))


def pixels_only(im):
    """A new image with the same pixels and an empty ``info`` (no metadata at all)."""
    clean = Image.frombytes(im.mode, im.size, im.tobytes())
    clean.info = {}
    return clean


def prepare(path, config, *, cleanup=False, draft_width=None, greyscale=False):
    """Decode ``path``: (metadata-free upright sRGB image, full upright size)."""
    im, orientation, size = open_image(path, config, draft_width)
    try:
        if orientation != 1:
            im = ImageOps.exif_transpose(im)
        im = to_srgb(im)
        if cleanup:
            im = scan_cleanup(im)
        if greyscale:
            im = im.convert("L")
        return pixels_only(im), size
    except (OSError, ValueError) as exc:
        raise ImageProblem("damaged", str(exc)) from None


def encode(im, fmt, quality, **options):
    """Encode to bytes with explicit options only, then verify nothing leaked."""
    out = io.BytesIO()
    im = pixels_only(im)
    if fmt == "WEBP":
        im.save(
            out,
            "WEBP",
            quality=quality,
            method=options.get("method", 6),
            exif=b"",
            xmp=b"",
            icc_profile=None,
        )
    elif fmt == "JPEG":
        if im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        im.save(
            out,
            "JPEG",
            quality=quality,
            optimize=True,
            progressive=options.get("progressive", True),
            subsampling="4:2:0",
            exif=b"",
            comment=b"",
            icc_profile=None,
        )
    elif fmt == "PNG":  # line art for print: flat paper and black strokes deflate well
        im.save(out, "PNG", optimize=True)
    else:  # pragma: no cover - only WEBP, JPEG and PNG are produced
        raise ValueError(fmt)
    data = out.getvalue()
    leaks = image_bytes_problems(data)
    if leaks:
        raise ImageProblem("unclean", ", ".join(leaks))
    return data
