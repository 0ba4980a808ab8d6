"""After writing: every audio file in the finished tree is one of ours, and clean.

Run on ``voces_output_ready`` (build_guard), before the new output replaces the old:
each file with an audio (or video) extension must sit in ``audio/``, be named by its
own content hash, and pass the same ffprobe verification as when it was made (no
tags, no chapters, no attached picture, mono, expected codec, bitrate in budget).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from ..core import file_kinds
from ..core.build_cache import ResultCache, code_digest, fingerprint
from . import pipeline
from .errors import AudioProblem

#: The code that decides whether a file is clean: this plugin and the shared core.
CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "core")
#: Settings that say where or how fast work is done, never what a file is judged.
MACHINE_KEYS = ("cache_dir", "workers", "progress_every")


def _ffprobe_identity() -> str:
    """Which ffprobe answers (path, size, time of its file): another one misses."""
    found = shutil.which("ffprobe")
    if not found:
        return "none"
    try:
        real = os.path.realpath(found)
        stat = os.stat(real)
    except OSError:
        return found
    return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"


def clean_files_cache(settings, config, writable=True) -> ResultCache | None:
    """Audio files ffprobe found clean, by name and SHA-256 of their bytes, for this
    configuration, this code and this ffprobe (None: no ``CACHE_PATH``)."""
    cache_path = settings.get("CACHE_PATH")
    if not cache_path:
        return None
    judged = {k: v for k, v in config.items() if k not in MACHINE_KEYS}
    blob = json.dumps(judged, sort_keys=True, default=repr, ensure_ascii=False)
    return ResultCache(
        os.path.join(cache_path, "audio_check"),
        "limpios",
        fingerprint(
            hashlib.sha256(blob.encode("utf-8")).hexdigest(),
            code_digest(CODE),
            _ffprobe_identity(),
            "audio_check/1",
        ),
        keep=2,
        writable=writable,
    )


def _sound_files(root: Path) -> list[Path]:
    """Every file under ``root`` with an audio or video extension, sorted."""
    found = []
    # Into linked folders too, as Path.rglob did: a sound behind a link is published.
    for directory, _dirs, files in os.walk(root, followlinks=True):
        for filename in files:
            ext = file_kinds.suffix(filename)
            if ext in file_kinds.AUDIO or ext in file_kinds.VIDEO:
                path = Path(directory, filename)
                if path.is_file():
                    found.append(path)
    return sorted(found)


def scan_tree(root, config, cache=None) -> tuple[int, list[str]]:
    """(number of audio files checked, problems as bilingual lines).

    ``cache`` (see ``clean_files_cache``) remembers files ffprobe found clean, by name
    and SHA-256: an unchanged clean file is not probed again (where it sits and its
    name are checked every time). A file with a problem is never remembered.
    """
    root = Path(root)
    folder = root / config["output_dir"]
    checked, problems = 0, []
    for path in _sound_files(root):
        ext = file_kinds.suffix(path)
        rel = path.relative_to(root).as_posix()
        if path.parent != folder or ext not in (".ogg", ".m4a"):
            problems.append(
                f"{rel}: este archivo de sonido o video no lo hizo la limpieza de audio y "
                "podría llevar datos de quien lo grabó; no se publica. Quite su enlace. / "
                "this sound or video file was not made by the audio cleaning and may carry "
                "data about who recorded it; it is not published. Remove its link."
            )
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        checked += 1
        if path.name != f"{digest[:24]}{ext}":
            problems.append(
                f"{rel}: el nombre no es el resumen de su contenido. / the name is not the "
                "hash of its content."
            )
        key = f"{rel}\0{digest}"
        if cache is not None and cache.get(key):
            continue
        try:
            pipeline.verify(path, ext.lstrip("."), config)
        except AudioProblem as problem:
            error = problem.error(os.fspath(path), None, rel)
            problems.append(error.message())
            continue
        if cache is not None:
            cache.put(key, True)
    if cache is not None:
        cache.save()
    return checked, problems
