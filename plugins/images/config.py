"""The ``IMAGES`` setting: defaults, merged once per build (core.settings), unknown keys
reported as errors."""

import logging
import os

from ..core.errors import report as report_error
from ..core.settings import cache_folder
from ..core.settings import merge as merge_setting

logger = logging.getLogger(__name__)

# Web variants: WebP at these widths (px); never wider than the source.
WIDTHS = (360, 540, 720, 1080)
# JPEG fallback for browsers without WebP (old iPhones, some old Androids).
FALLBACK_WIDTHS = (360, 720)
# Layout hint for the browser: the article column is about 36em wide.
SIZES = "(min-width: 40em) 36em, 100vw"
WEBP_QUALITY = 72
# libwebp's effort (0-6). 4 instead of 6: 40% less encoding CPU (WebP was 60% of the
# image work of a cold build) for 3-5% more bytes at the same quality (PSNR).
WEBP_METHOD = 4
JPEG_QUALITY = 78
PRINT_DPI = 300
PRINT_QUALITY = 85
# Formats members may send: phone photos, scans, screenshots.
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# Decompression-bomb guard: a 108 MP phone photo is the largest honest input.
MAX_PIXELS = 110_000_000
MAX_BYTES = 60 * 1024 * 1024

DEFAULTS = {
    "output_dir": "imagenes",
    "cache_dir": None,  # None: VOCES_CACHE/images
    "widths": WIDTHS,
    "fallback_widths": FALLBACK_WIDTHS,
    "sizes": SIZES,
    "webp_quality": WEBP_QUALITY,
    "webp_method": WEBP_METHOD,
    "jpeg_quality": JPEG_QUALITY,
    "print_dpi": PRINT_DPI,
    "print_quality": PRINT_QUALITY,
    "formats": FORMATS,
    "max_pixels": MAX_PIXELS,
    "max_bytes": MAX_BYTES,
    # Scan clean-up for every image (else per article: ``scan_cleanup: sí``).
    "scan_cleanup": False,
    # Missing alt text: None = error in production, warning in preview builds.
    "require_alt": None,
    # Worker processes; 0 = one per core.
    "workers": 0,
    "progress_every": 10,
    # After a build (build_guard's voces_output_ready): fail on any image metadata.
    "check_output": True,
    # The "Dibujos" gallery: drawings kept in this folder of content/.
    "gallery_dir": "dibujos",
    "gallery_url": "dibujos/",
    "gallery_save_as": "dibujos/index.html",
    "gallery_en_url": "en/drawings/",
    "gallery_en_save_as": "en/drawings/index.html",
    "gallery_template": "drawings",
}

_TUPLES = ("widths", "fallback_widths", "formats")


def merge(settings, report=True):
    """Return a new dict: defaults updated with ``settings["IMAGES"]``.

    The user's settings are never changed. With ``report`` (once per build, by the
    generator) an unknown key or a setting that is not a dict is logged as an ERROR, so
    a typo stops the build instead of silently falling back to a default.
    """
    config, problems = merge_setting(settings, "IMAGES", DEFAULTS, example='{"widths": [360, 720]}')
    if report:
        for problem in problems:
            report_error(problem, logger)
    for key in _TUPLES:
        config[key] = tuple(config[key])
    config["widths"] = tuple(sorted(set(int(w) for w in config["widths"])))
    config["fallback_widths"] = tuple(sorted(set(int(w) for w in config["fallback_widths"])))
    config["formats"] = tuple(f.upper() for f in config["formats"])
    if config["require_alt"] is None:
        config["require_alt"] = not settings.get("VOCES_PREVIEW", False)
    config["cache_dir"] = os.path.abspath(config["cache_dir"] or cache_folder(settings, "images"))
    config["workers"] = int(config["workers"]) or (os.cpu_count() or 1)
    return config
