"""``clean_recording``: one recording in, one metadata-free Opus file out.

For other parts of Voces that receive recordings (the mailbox): the same checks,
loudness and silence trimming as the build, then ffprobe verification. The file is
named by its content hash only; nothing of the original name, tags, place, phone or
cover picture survives.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import VocesError
from . import pipeline
from .config import DEFAULTS, merge
from .errors import AudioProblem


def clean_recording(
    src: Path, dest_dir: Path, *, bitrate: str = "48k", settings: dict | None = None
) -> Path:
    """Clean ``src`` into ``dest_dir/<sha256>.ogg`` (Opus, mono, no metadata); return it.

    ``bitrate`` defaults to 48 kbps: this copy is kept for editors and re-encoded for
    the web by the build (24 kbps), so it keeps more than the published file. Raises
    :class:`VocesError` (bilingual, naming ``src``) when the file cannot be used: not
    a recording, unreadable, empty, silent, too long or too big (``AUDIO`` settings).
    """
    src, dest_dir = Path(src), Path(dest_dir)
    config = (
        merge(settings or {"AUDIO": {}}, report=False)
        if settings
        else dict(DEFAULTS, workers=1, require_transcript=False, require_voice=False)
    )
    try:
        result = pipeline.process(src, config, aac=False, opus_bitrate=bitrate, budget=False)
    except AudioProblem as problem:
        raise problem.error(src, None, src.name) from None
    except OSError as exc:
        raise VocesError(
            src,
            None,
            f"no se pudo leer el archivo ({exc.strerror}).",
            f"the file could not be read ({exc.strerror}).",
        ) from None
    data = result["ogg"]["data"]
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / pipeline.hashed_name(data, "ogg")
    tmp = target.with_name(f".tmp-{target.name}")
    tmp.write_bytes(data)
    tmp.chmod(0o644)
    tmp.replace(target)
    return target
