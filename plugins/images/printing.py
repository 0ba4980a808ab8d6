"""Print variants for the editions: clean JPEGs sized for 300 dpi.

``print_image(settings, "dibujos/x.jpg", 85)`` returns the path (in the cache)
of a metadata-free JPEG 85 mm wide at 300 dpi (never wider than the source),
in greyscale if asked. WeasyPrint embeds JPEG bytes as they are, so the PDFs
get exactly these clean files. ``print_images`` does a batch on every core.
"""

import os
from pathlib import Path

from .cache import ImageCache, file_sha256
from .config import merge
from .errors import describe
from .process import run_jobs
from .references import flag, resolve
from .variants import print_spec, probe_key, variant_key


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


def _config(settings):
    config = merge(settings, report=False)
    config["_content_root"] = os.path.abspath(settings.get("PATH", "content"))
    return config


def print_images(settings, requests):
    """Batch of (source_relpath, width_mm, greyscale, scan_cleanup) -> [Path]."""
    config = _config(settings)
    cache = ImageCache(config["cache_dir"])
    planned = [_job(config, cache, *request) for request in requests]
    todo = [job for job, _options in planned if not job.get("done")]
    results = dict(zip(map(id, todo), run_jobs(todo, config["workers"], config["progress_every"])))
    return [_result(config, cache, job, options, results.get(id(job))) for job, options in planned]


def print_image(settings, source_relpath, width_mm, greyscale=False, scan_cleanup=False):
    """Path of a clean JPEG for print: 300 dpi at ``width_mm``, greyscale if asked."""
    return print_images(settings, [(source_relpath, width_mm, greyscale, scan_cleanup)])[0]
