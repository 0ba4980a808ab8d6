"""Accepting a submission: it becomes a draft article, then leaves the quarantine.

The article is written to ``content/<section>/`` with ``estado: borrador`` (no build
publishes it until an editor changes that), the member's pseudonym, her text, her
drawings cleaned again by the project's image cleaning into ``content/dibujos/`` and her
recording into ``content/audio/`` (through the audio plugin when it is installed, else
ffmpeg with every tag removed), under neutral random names. Her consent choices fill
``consentimiento``, ``consentimiento_fecha`` and ``consentimiento_alcance``.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path

from . import media
from .store import Quarantine, StoreError, atomic_write

SCOPES = {
    "internet": ("web",),
    "impreso": ("impreso",),
    "ambos": ("web", "impreso"),
    "todavia_no": (),
}


def _public_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    os.chmod(path, 0o644)  # content files are read by the build and by other editors


def _header_value(text: str) -> str:
    """One line, no control characters: a value the header reader reads back as written."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text or "").strip()


def _concat_recordings(sources: list[Path], dest: Path) -> None:
    inputs = []
    for src in sources:
        inputs += ["-i", str(src)]
    graph = "".join(f"[{i}:a:0]" for i in range(len(sources))) + (
        f"concat=n={len(sources)}:v=0:a=1[a]"
    )
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", *inputs, "-filter_complex", graph]
    cmd += ["-map", "[a]", *media.FFMPEG_CLEAN[2:], str(dest)]
    proc = subprocess.run(cmd, capture_output=True, timeout=600)
    if proc.returncode != 0:
        raise StoreError("ffmpeg no pudo unir las grabaciones. / ffmpeg could not join them.")


def _audio_into_content(sources: list[Path], audio_dir: Path, work: Path) -> Path:
    """One clean recording in ``content/audio/`` (several are joined in order)."""
    if len(sources) > 1:
        joined = work / "unidas.opus"
        _concat_recordings(sources, joined)
        sources = [joined]
    try:  # the audio pipeline (issue 13), when present
        from voces_plugins.audio import clean_recording  # type: ignore[attr-defined]
    except ImportError:
        clean_recording = None
    audio_dir.mkdir(parents=True, exist_ok=True)
    if clean_recording is not None:
        from voces_plugins.core.errors import VocesError

        try:
            return Path(clean_recording(sources[0], audio_dir))
        except VocesError as exc:
            raise StoreError(exc.message()) from None
    dest = audio_dir / f"grabacion-{secrets.token_hex(4)}.opus"
    tmp = work / "limpia.opus"
    media.clean_audio_file(sources[0], tmp)
    _public_write(dest, tmp.read_bytes())
    return dest


def accept(settings, quarantine: Quarantine, receipt: str, section: str) -> Path:
    if section not in settings.sections:
        raise StoreError(
            f"--seccion {section}: no es una sección; use una de: "
            f"{', '.join(settings.sections)}. / not a section; use one of the above."
        )
    data = quarantine.get(receipt)
    content = settings.content
    pseudonym = _header_value(data.get("seudonimo")) or "Sin nombre"
    scope = SCOPES.get(data.get("alcance") or "todavia_no", ())
    day = (data.get("consentimiento_fecha") or data.get("recibido") or "")[:10]
    slug = f"historia-{secrets.token_hex(3)}"
    while (content / section / f"{slug}.md").exists():
        slug = f"historia-{secrets.token_hex(3)}"

    drawings: list[str] = []
    recordings: list[Path] = []
    work = media.new_work_dir(media.ACCEPT_PREFIX)
    written: list[Path] = []
    try:
        for entry in data.get("archivos", []):
            blob = quarantine.read_file(receipt, entry["name"])
            if entry["kind"] == media.PHOTO:
                clean = media.clean_photo(blob, settings.photo_max_side)
                dest = content / "dibujos" / f"dibujo-{secrets.token_hex(4)}.jpg"
                _public_write(dest, clean)
                written.append(dest)
                drawings.append(dest.relative_to(content).as_posix())
            else:
                src = work / f"{len(recordings)}.opus"
                src.write_bytes(blob)
                recordings.append(src)
        audio_rel = None
        if recordings:
            audio_path = _audio_into_content(recordings, content / "audio", work)
            written.append(audio_path)
            audio_rel = audio_path.relative_to(content).as_posix()

        meta = [
            ("título", f"Historia de {pseudonym}"),
            ("fecha", day),
            ("autora", pseudonym),
            ("estado", "borrador"),
            ("slug", slug),
        ]
        if drawings:
            meta += [
                ("imagen", drawings[0]),
                ("imagen_alt", "Dibujo enviado al buzón (describa aquí lo que muestra)."),
            ]
        if audio_rel:
            # Her own recorded voice; editors change it to «prestada» if another member
            # reads the edited transcript instead (issue 13).
            meta += [("audio", audio_rel), ("voz", "propia")]
        if scope:
            meta += [
                ("consentimiento", "sí" if data.get("consentimiento") else "no"),
                ("consentimiento_fecha", day),
                ("consentimiento_alcance", ", ".join(scope)),
            ]
        else:
            meta += [("consentimiento", "no"), ("consentimiento_fecha", day)]
        header = "\n".join(f"{key}: {value}" for key, value in meta if value)
        body = (data.get("texto") or "").strip()
        if not body:
            body = "(Historia grabada: escriba aquí la transcripción.)"
        for extra in drawings[1:]:
            body += f"\n\n![Dibujo enviado al buzón (describa aquí lo que muestra).]({extra})"
        article = content / section / f"{slug}.md"
        _public_write(article, f"{header}\n\n{body}\n".encode())
        written.append(article)
    except BaseException:
        for path in written:
            try:
                path.unlink()
            except OSError:
                pass
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    quarantine.delete(receipt)
    return article
