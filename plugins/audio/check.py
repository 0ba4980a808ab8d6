"""After writing: every audio file in the finished tree is one of ours, and clean.

Run on ``voces_output_ready`` (build_guard), before the new output replaces the old:
each file with an audio (or video) extension must sit in ``audio/``, be named by its
own content hash, and pass the same ffprobe verification as when it was made (no
tags, no chapters, no attached picture, mono, expected codec, bitrate in budget).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..core import file_kinds
from . import pipeline
from .errors import AudioProblem


def scan_tree(root, config) -> tuple[int, list[str]]:
    """(number of audio files checked, problems as bilingual lines)."""
    root = Path(root)
    folder = root / config["output_dir"]
    checked, problems = 0, []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        ext = file_kinds.suffix(path)
        if ext not in file_kinds.AUDIO and ext not in file_kinds.VIDEO:
            continue
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
        if path.name != f"{hashlib.sha256(data).hexdigest()[:24]}{ext}":
            problems.append(
                f"{rel}: el nombre no es el resumen de su contenido. / the name is not the "
                "hash of its content."
            )
        try:
            pipeline.verify(path, ext.lstrip("."), config)
        except AudioProblem as problem:
            error = problem.error(os.fspath(path), None, rel)
            problems.append(error.message())
        checked += 1
    return checked, problems
