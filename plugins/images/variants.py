"""Which files an image becomes (web widths, JPEG fallback, print), and making them.

``plan_web`` and ``print_spec`` decide the variants from the upright size of
the source and the settings; ``variant_key`` names each one by everything that
shapes its bytes, so changing one setting re-makes exactly the variants it
touches. ``make_variants`` runs in a worker process: it decodes the source
once, then writes each missing variant into the cache.
"""

from PIL import Image

from ..core.cache_files import make_key
from .cache import ImageCache
from .clean import encode, prepare
from .errors import ImageProblem

# Bump when the processing code changes what a variant looks like.
PIPELINE_VERSION = 2
EXTENSIONS = {"WEBP": "webp", "JPEG": "jpg"}


def scaled(size, width):
    """(width, height) of a variant ``width`` pixels wide; never upscaled."""
    full_w, full_h = size
    width = min(width, full_w)
    return width, max(1, round(full_h * width / full_w))


def _widths(full_w, wanted):
    widths = [w for w in wanted if w <= full_w]
    if full_w < max(wanted) and full_w not in widths:
        widths.append(full_w)
    return sorted(widths)


def plan_web(size, config, cleanup):
    """Variant specs for the web: WebP at every width, JPEG fallback."""
    specs = []
    for width in _widths(size[0], config["widths"]):
        specs.append(
            {
                "fmt": "WEBP",
                "width": width,
                "quality": config["webp_quality"],
                "method": config["webp_method"],
                "cleanup": cleanup,
                "grey": False,
                "progressive": False,
            }
        )
    for width in _widths(size[0], config["fallback_widths"]):
        specs.append(
            {
                "fmt": "JPEG",
                "width": width,
                "quality": config["jpeg_quality"],
                "cleanup": cleanup,
                "grey": False,
                "progressive": True,
            }
        )
    return specs


def print_spec(size, config, width_mm, greyscale, cleanup):
    """One JPEG for print: 300 dpi at ``width_mm`` (capped at the source's width)."""
    width = round(width_mm / 25.4 * config["print_dpi"])
    return {
        "fmt": "JPEG",
        "width": max(1, min(width, size[0])),
        "quality": config["print_quality"],
        "cleanup": cleanup,
        "grey": bool(greyscale),
        "progressive": False,
    }


def variant_key(source_sha, spec):
    return make_key("variant", PIPELINE_VERSION, source_sha, spec)


def probe_key(source_sha):
    return make_key("probe", PIPELINE_VERSION, source_sha)


def make_variants(job):
    """Worker: decode once, write every missing variant; return what was made.

    ``job``: path, sha, config, cleanup, and either ``specs`` (known size) or
    ``print`` options; web specs are planned here when the size was unknown.
    Returns ``{"size": (w, h), "made": {key: record}}`` or ``{"error": (kind, detail)}``.
    """
    config = job["config"]
    cache = ImageCache(config["cache_dir"])
    try:
        specs = job.get("specs")
        draft = (
            max((s["width"] for s in specs), default=None)
            if specs
            else (job.get("draft_width") or max(config["widths"]))
        )
        greyscale = bool(specs) and all(s["grey"] for s in specs)
        im, size = prepare(
            job["path"], config, cleanup=job["cleanup"], draft_width=draft, greyscale=greyscale
        )
        if specs is None:
            specs = plan_web(size, config, job["cleanup"])
            if job.get("print"):
                specs = [print_spec(size, config, **job["print"])]
        made = {}
        resized = {im.size: im}  # one resize per size, shared by WebP and JPEG
        for spec in sorted(specs, key=lambda s: -s["width"]):
            key = variant_key(job["sha"], spec)
            ext = EXTENSIONS[spec["fmt"]]
            if cache.get(key, ext):
                continue
            width, height = scaled(size, spec["width"])
            variant = resized.get((width, height))
            if variant is None:
                # Step down from the smallest image already made that is still
                # at least 1.3 times wider: much cheaper than from the full photo.
                base = min(
                    (v for v in resized.values() if v.width >= width * 1.3),
                    key=lambda v: v.width,
                    default=im,
                )
                variant = base.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                resized[(width, height)] = variant
            if spec["grey"] and variant.mode != "L":
                variant = variant.convert("L")
            data = encode(
                variant,
                spec["fmt"],
                spec["quality"],
                method=spec.get("method", 6),
                progressive=spec["progressive"],
            )
            _path, record = cache.put(key, ext, data, width=width, height=height)
            made[key] = record
        cache.put_record(probe_key(job["sha"]), {"width": size[0], "height": size[1]})
        return {"size": size, "made": made}
    except ImageProblem as problem:
        return {"error": (problem.kind, problem.detail)}
    except MemoryError:
        return {"error": ("too_big", "memoria insuficiente / out of memory")}
