"""What the sanitiser made of a text, kept between builds (issue 8.6).

Each entry is keyed by the SHA-256 of everything the result depends on: the content
and summary as they reached the sanitiser, the allowed tags and ``SITEURL``; the file's
fingerprint covers this plugin's code and the nh3 version. Only texts that needed no
report (no resource from another host) are kept, so every such error is found again on
every build. The invisible-character check and the cover image check run every time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..core.build_cache import ResultCache, code_digest, fingerprint

FOLDER = "sanitize"
#: One cache per build, found from any content object through its settings (entries
#: are keyed by every input, so even a stale one could never give a wrong answer).
_OPEN: dict[tuple, ResultCache] = {}


def cache_for(settings) -> ResultCache | None:
    cache_path = settings.get("CACHE_PATH")
    if not cache_path:
        return None
    check_only = bool(settings.get("VOCES_CHECK_ONLY"))
    which = (id(settings), cache_path, check_only)
    cache = _OPEN.get(which)
    if cache is None:
        cache = _OPEN[which] = ResultCache(
            os.path.join(cache_path, FOLDER),
            "limpio",
            fingerprint(code_digest((Path(__file__).resolve().parent,), ("nh3",)), "sanitize/1"),
            keep=2,
            writable=not check_only,
        )
    return cache


def key_of(raw, summary, tags, site_url) -> str:
    blob = json.dumps([raw, summary, sorted(tags) if tags else tags, site_url], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def save(generators) -> None:
    """all_generators_finalized: every article and page has been cleaned."""
    if generators:
        settings = generators[0].settings
        for which in [w for w in _OPEN if w[0] == id(settings)]:
            _OPEN.pop(which).save()


def output_cache(settings, machine_paths: str, site_url: str) -> ResultCache | None:
    """Output files found clean (output_check), for these machine paths and SITEURL."""
    cache_path = settings.get("CACHE_PATH")
    if not cache_path:
        return None
    here = Path(__file__).resolve().parent
    code = code_digest((here, here.parent / "core"), ("nh3", "pypdf", "pikepdf"))
    return ResultCache(
        os.path.join(cache_path, "sanitize_salida"),
        "limpios",
        fingerprint(machine_paths, site_url, code, "output_check/1"),
        keep=2,
        writable=not settings.get("VOCES_CHECK_ONLY"),
    )
