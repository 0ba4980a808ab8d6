"""``voces agregar-audio GRABACIÓN… [--nombre NOMBRE]`` (``add-audio``): clean at the door.

A voice note from a phone carries the phone's name, the date, sometimes the place and
a cover picture, and a file name that can say who. Each recording is cleaned by the
audio plugin's own :func:`voces_plugins.audio.clean_recording` (re-encoded from the
sound alone: Opus, mono, 48 kbps, no tags, chapters or picture, loudness evened, silent
ends trimmed, verified with ffprobe) and written into ``content/audio/`` under a
neutral name. The lines to paste into the article are printed. ``--en-su-lugar``
cleans recordings already in ``content/audio/`` keeping their names (the fix for what
``voces revisar`` and the pre-commit hook find).
"""

from __future__ import annotations

from .common import absolute_path

NAMES = ("agregar-audio", "add-audio")
HELP = (
    "Agrega grabaciones (notas de voz) a content/audio/ sin metadatos y con un nombre "
    "neutro. / Adds recordings (voice notes) to content/audio/ without metadata, under a "
    "neutral name."
)

DEFAULT_STEM = "grabacion"


def configure(parser) -> None:
    parser.add_argument(
        "grabaciones",
        nargs="+",
        metavar="GRABACIÓN",
        type=absolute_path,  # parsed before voces moves to the newsroom's folder
        help="Ogg/Opus (WhatsApp), M4A, MP3, AMR o WAV",
    )
    parser.add_argument(
        "--nombre",
        "--name",
        dest="name",
        default=None,
        metavar="NOMBRE",
        help="nombre de la grabación (por defecto: grabacion-001...) / recording name",
    )
    parser.add_argument(
        "--en-su-lugar",
        "--in-place",
        dest="in_place",
        action="store_true",
        help="limpiar grabaciones que ya están en content/audio/, con el mismo nombre / "
        "clean recordings already in content/audio/, keeping their names",
    )


def _free_names(folder, stem, count):
    """``stem.ogg`` (or ``stem-001.ogg``...) names not yet used in ``folder``."""
    names, n = [], 0
    while len(names) < count:
        n += 1
        name = f"{stem}.ogg" if (count == 1 and n == 1 and stem != DEFAULT_STEM) else None
        name = name or f"{stem}-{n:03d}.ogg"
        if not (folder / name).exists() and not (folder / f"{name}.txt").exists():
            names.append(name)
    return names


def run(args) -> int:
    import shutil
    import sys
    import tempfile
    from pathlib import Path

    from voces.drawings import slug
    from voces_plugins.audio import clean_recording
    from voces_plugins.core.errors import VocesError

    folder = Path(args.root) / "content" / "audio"
    sources = [Path(p) for p in args.grabaciones]
    for source in sources:
        if not source.is_file():
            print(
                f"No existe el archivo «{source}». / The file '{source}' does not exist.",
                file=sys.stderr,
            )
            return 1
    if args.in_place:
        inside = folder.resolve()
        outside = [s for s in sources if s.resolve().parent != inside]
        if outside:
            print(
                f"--en-su-lugar limpia solo grabaciones de content/audio/: {outside[0]}. / "
                f"--in-place only cleans recordings in content/audio/: {outside[0]}.",
                file=sys.stderr,
            )
            return 1
        targets = [s.with_suffix(".ogg").name for s in sources]
    else:
        stem = slug(args.name) if args.name else DEFAULT_STEM
        targets = _free_names(folder, stem or DEFAULT_STEM, len(sources))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="voces-agregar-audio-") as tmp:
        for source, name in zip(sources, targets):
            try:
                clean = clean_recording(source, Path(tmp))
            except VocesError as error:
                print(f"{error.es}\n  / {error.en}\n  ({source.name})", file=sys.stderr)
                return 1
            target = folder / name
            shutil.copyfile(clean, target)
            target.chmod(0o644)
            if args.in_place and source.resolve() != target.resolve():
                transcript = Path(f"{source}.txt")
                if transcript.exists() and not Path(f"{target}.txt").exists():
                    transcript.rename(f"{target}.txt")
                source.unlink()
            written.append(target)
    print(
        "Grabaciones agregadas, sin metadatos. Pegue estas líneas en el artículo, elija la "
        "voz (propia, prestada) y escriba lo que se oye en el archivo .txt: / Recordings "
        "added, without metadata. Paste these lines into the article, choose the voice and "
        "write what is heard in the .txt file:"
    )
    for target in written:
        print(f"  audio: audio/{target.name}")
        print("  voz: propia")
        print(f"  (transcripción / transcript: content/audio/{target.name}.txt)")
    return 0
