"""Print variants for the editions: clean JPEGs sized for 300 dpi.

``print_image(settings, "dibujos/x.jpg", 85)`` returns the path (in the cache)
of a metadata-free JPEG 85 mm wide at 300 dpi (never wider than the source),
in greyscale if asked. WeasyPrint embeds JPEG bytes as they are, so the PDFs
get exactly these clean files. ``print_images`` does a batch on every core.

For black-and-white and booklet PDFs, ``line_art=True`` turns a photographed pencil
drawing into high-contrast line art that survives a cheap photocopier: the paper's
light is estimated with a large-radius "maximum" (strokes are thin, paper is
everywhere) and divided out, so the grey, unevenly lit paper becomes pure white; a
curve with a gentle black point makes the strokes black. This is done at the
source's resolution (a thin pencil line is still clear there), then the picture is
reduced to 300 dpi and every stroke is made black and one pixel wider on each side,
so that a line thinner than a copier keeps is kept. Cached by the source's hash,
the size and ``LINE_ART`` (the curve), next to the other variants.

The line art is stored as a greyscale PNG, not a JPEG: white paper and black strokes
deflate to about an eighth of a JPEG's bytes (a 2219x1664 drawing: 23 KB vs. 178 KB
at q90) and carry no JPEG ringing around the strokes. WeasyPrint embeds it with
Flate (it re-encodes anything that is not JPEG as PNG data), still at 300 dpi.
"""

import os
from pathlib import Path

from PIL import Image, ImageFilter, ImageMath

from ..core.cache_files import file_sha256, make_key
from .cache import ImageCache
from .clean import encode, prepare
from .config import merge
from .errors import ImageProblem, describe
from .process import run_jobs
from .references import flag, resolve
from .variants import print_spec, probe_key, variant_key

#: The line-art curve. ``black``/``white``: levels (0-255, after the paper is divided
#: out) at and below which a pixel is black, at and above which it is paper;
#: ``paper_scale``: the paper's light is estimated on a picture this many times
#: smaller (the radius of the estimate); ``thicken``: size of the square that widens
#: dark strokes (3 = one pixel on each side at 300 dpi); ``stroke``: a pixel darker
#: than this after the curve counts as a stroke to widen.
LINE_ART = {"black": 150, "white": 215, "paper_scale": 24, "thicken": 3, "stroke": 210}
LINE_ART_VERSION = 2  # 2: PNG instead of a q90 JPEG


class PrintImageError(ValueError):
    """A bad source image; ``str()`` is the bilingual message for the editor."""


def _job(config, cache, source_relpath, width_mm, greyscale, scan_cleanup):
    content_root = config["_content_root"]
    path, problem = resolve(source_relpath, content_root, content_root)
    if problem:
        raise PrintImageError(describe(problem, source_relpath))
    sha = file_sha256(path)
    cleanup = flag(scan_cleanup) or bool(config["scan_cleanup"])
    options = {"width_mm": float(width_mm), "greyscale": bool(greyscale), "cleanup": cleanup}
    job = {"path": path, "sha": sha, "cleanup": cleanup, "config": config, "ref": source_relpath}
    record = cache.get_record(probe_key(sha))
    if record is None:
        width_px = round(float(width_mm) / 25.4 * config["print_dpi"])
        return dict(job, specs=None, print=options, draft_width=width_px), options
    spec = print_spec((record["width"], record["height"]), config, **options)
    if cache.get(variant_key(sha, spec), "jpg"):
        return dict(job, done=True), options
    return dict(job, specs=[spec]), options


def _result(config, cache, job, options, result):
    if result and "error" in result:
        kind, detail = result["error"]
        raise PrintImageError(describe(kind, job["ref"], detail))
    record = cache.get_record(probe_key(job["sha"]))
    spec = print_spec((record["width"], record["height"]), config, **options)
    hit = cache.get(variant_key(job["sha"], spec), "jpg")
    if hit is None:  # pragma: no cover - made just above
        raise PrintImageError(describe("unclean", job["ref"], "cache"))
    return Path(hit[0])


def paper_light(grey, scale=LINE_ART["paper_scale"]):
    """The paper's brightness under each pixel: a blurred local maximum of ``grey``."""
    small = grey.resize(
        (max(8, grey.width // scale), max(8, grey.height // scale)), Image.Resampling.BOX
    )
    small = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(3))
    return small.resize(grey.size, Image.Resampling.BILINEAR)


def line_art(im, curve=None, width=None):
    """High-contrast line art ("L") of a drawing: paper pure white, strokes black.

    ``width``: the width in pixels of the result (300 dpi in print); the curve is
    applied at the resolution of ``im`` first, the strokes widened after reducing.
    """
    curve = {**LINE_ART, **(curve or {})}
    grey = im.convert("L")
    width = min(width or grey.width, grey.width)
    scale = max(1, round(curve["paper_scale"] * grey.width / width))
    light = paper_light(grey, scale)
    flat = ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["g"] * 255 / a["max"](a["p"], 1), 255), "L"),
        g=grey,
        p=light,
    )
    black, white = curve["black"], curve["white"]
    lut = [
        0 if v <= black else 255 if v >= white else round((v - black) * 255 / (white - black))
        for v in range(256)
    ]
    art = flat.point(lut)
    if width != grey.width:
        height = max(1, round(grey.height * width / grey.width))
        art = art.resize((width, height), Image.Resampling.BOX)
    if curve["thicken"] > 1:
        stroke = curve["stroke"]
        widened = art.point([0 if v < stroke else 255 for v in range(256)]).filter(
            ImageFilter.MinFilter(curve["thicken"])
        )
        art = ImageMath.lambda_eval(
            lambda a: a["convert"](a["min"](a["x"], a["y"]), "L"), x=art, y=widened
        )
    return art


def _line_art_file(cache, job, grey_path: Path) -> Path:
    """The line art of a drawing, the size of its grey print JPEG (made once, cached)."""
    with Image.open(grey_path) as im:
        size = im.size
    key = make_key("line-art", LINE_ART_VERSION, job["sha"], size, job["cleanup"], LINE_ART)
    hit = cache.get(key, "png")
    if hit:
        return Path(hit[0])
    try:
        source, _full = prepare(
            job["path"],
            job["config"],
            cleanup=job["cleanup"],
            draft_width=2 * size[0],
            greyscale=True,
        )
    except ImageProblem as problem:
        raise PrintImageError(describe(problem.kind, job["ref"], problem.detail)) from None
    art = line_art(source, width=size[0])
    if art.size != size:  # the same size as the grey variant, to the pixel
        art = art.resize(size, Image.Resampling.BOX)
    data = encode(art, "PNG", None)
    path, _record = cache.put(key, "png", data, width=size[0], height=size[1])
    return Path(path)


def _config(settings):
    config = merge(settings, report=False)
    config["_content_root"] = os.path.abspath(settings.get("PATH", "content"))
    return config


def print_images(settings, requests):
    """Batch of (source_relpath, width_mm, greyscale, scan_cleanup[, line_art]) -> [Path].

    ``line_art`` (implies greyscale) returns the drawing as line art for photocopies.
    """
    config = _config(settings)
    cache = ImageCache(config["cache_dir"])
    requests = [tuple(request) + (False,) * (5 - len(request)) for request in requests]
    planned = [
        _job(config, cache, rel, width, grey or art, scan)
        for rel, width, grey, scan, art in requests
    ]
    todo = [job for job, _options in planned if not job.get("done")]
    results = dict(zip(map(id, todo), run_jobs(todo, config["workers"], config["progress_every"])))
    paths = [_result(config, cache, job, options, results.get(id(job))) for job, options in planned]
    return [
        _line_art_file(cache, job, path) if request[4] else path
        for path, (job, _options), request in zip(paths, planned, requests)
    ]


def print_image(
    settings, source_relpath, width_mm, greyscale=False, scan_cleanup=False, line_art=False
):
    """Path of a clean JPEG for print: 300 dpi at ``width_mm``, greyscale if asked,
    line art for photocopies if asked."""
    request = (source_relpath, width_mm, greyscale, scan_cleanup, line_art)
    return print_images(settings, [request])[0]
