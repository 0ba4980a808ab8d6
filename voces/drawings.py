"""Originals cleaned at the door: ``voces agregar-dibujo FOTO… [--nombre NOMBRE]``.

A photo of a drawing comes from a phone with its GPS position, the phone's model, the
date and time, sometimes a thumbnail, and a file name that can carry a date or a
person's name. Each photo is decoded, turned upright (its EXIF orientation), converted
to sRGB and copied pixel by pixel into a new image at full resolution (the images
plugin's own ``clean.prepare``), encoded as a JPEG and verified metadata-free
(``clean.encode``) before it is written into ``content/dibujos/`` under a neutral name:
``--nombre`` made into a slug, or ``dibujo-001``. An existing drawing is never
overwritten. The Markdown line to paste is printed for each.

``--en-su-lugar`` (``--in-place``) cleans files already in ``content/`` keeping their
names, the fix ``voces revisar`` and the pre-commit hook point to.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

DRAWINGS = Path("content") / "dibujos"
JPEG_QUALITY = 92
DEFAULT_STEM = "dibujo"
ALT_PLACEHOLDER = "DESCRIBA AQUÍ EL DIBUJO"


class DrawingError(Exception):
    def __init__(self, es: str, en: str):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


def _config():
    from voces_plugins.images.config import merge

    return merge({"IMAGES": {}}, report=False)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:60].strip("-")


def clean_bytes(path: Path, fmt: str = "JPEG") -> tuple[bytes, tuple[int, int]]:
    """The photo's pixels only, upright, full resolution: (encoded bytes, size)."""
    from voces_plugins.images.clean import encode, prepare
    from voces_plugins.images.errors import ImageProblem

    try:
        image, size = prepare(str(path), _config())
        if fmt == "PNG":
            return _encode_png(image), size
        return encode(image, fmt, JPEG_QUALITY), size
    except ImageProblem as problem:
        es, _, en = problem.message(str(path)).partition(" / ")
        raise DrawingError(es, en) from None
    except OSError as error:
        raise DrawingError(
            f"{path}: no se pudo leer ({error.strerror or error}).",
            f"{path}: could not be read ({error.strerror or error}).",
        ) from None


def _encode_png(image) -> bytes:
    import io

    from voces_plugins.images.check import image_bytes_problems
    from voces_plugins.images.clean import pixels_only
    from voces_plugins.images.errors import ImageProblem

    out = io.BytesIO()
    pixels_only(image).save(out, "PNG", optimize=True)
    data = out.getvalue()
    leaks = image_bytes_problems(data)
    if leaks:
        raise ImageProblem("unclean", ", ".join(leaks))
    return data


def _write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Write ``data`` as ``stem.jpg`` (or ``stem-2.jpg``...), never over a file."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, 10_000):
        name = f"{stem}.jpg" if n == 1 else f"{stem}-{n}.jpg"
        target = folder / name
        try:
            with open(target, "xb") as handle:
                handle.write(data)
        except FileExistsError:
            continue
        target.chmod(0o644)
        return target
    raise DrawingError(  # pragma: no cover - ten thousand drawings with one name
        f"Ya hay demasiados dibujos llamados {stem}. Use --nombre con otro nombre.",
        f"Too many drawings are called {stem}. Use --nombre with another name.",
    )


def _numbered_stem(folder: Path) -> str:
    taken = {p.stem for p in folder.glob("*")} if folder.is_dir() else set()
    n = 1
    while f"{DEFAULT_STEM}-{n:03d}" in taken:
        n += 1
    return f"{DEFAULT_STEM}-{n:03d}"


def add_drawings(root: Path, photos: list[Path], name: str | None = None) -> list[Path]:
    """Clean every photo into content/dibujos/; all are checked before any is written."""
    root = Path(root).resolve()
    folder = root / DRAWINGS
    stem = None
    if name is not None:
        stem = slug(name)
        if not stem:
            raise DrawingError(
                f"--nombre «{name}» no tiene letras ni números. Escriba, por ejemplo: "
                "--nombre manos-juntas",
                f"--nombre '{name}' has no letters or digits. Write, e.g.: --nombre manos-juntas",
            )
    cleaned = []
    for photo in photos:
        photo = Path(photo)
        if not photo.is_file():
            raise DrawingError(
                f"{photo}: no existe o no es un archivo. Revise la ruta.",
                f"{photo}: does not exist or is not a file. Check the path.",
            )
        cleaned.append(clean_bytes(photo)[0])
    written = []
    for data in cleaned:
        written.append(_write_new(folder, stem or _numbered_stem(folder), data))
    return written


def clean_in_place(root: Path, files: list[Path]) -> list[Path]:
    """Re-encode images already in content/, keeping their names and formats."""
    root = Path(root).resolve()
    content = root / "content"
    formats = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
    jobs = []
    for file in files:
        path = Path(file).resolve()
        if content not in path.parents:
            raise DrawingError(
                f"{file}: --en-su-lugar solo limpia imágenes que ya están en content/. Para "
                "una foto nueva use: voces agregar-dibujo FOTO",
                f"{file}: --in-place only cleans images already in content/. For a new "
                "photo use: voces add-drawing PHOTO",
            )
        fmt = formats.get(path.suffix.lower())
        if fmt is None:
            raise DrawingError(
                f"{file}: --en-su-lugar limpia JPEG, PNG y WebP. Para otra foto use "
                "voces agregar-dibujo (crea un JPEG limpio) y cambie el enlace.",
                f"{file}: --in-place cleans JPEG, PNG and WebP. For another photo use "
                "voces add-drawing (it writes a clean JPEG) and change the link.",
            )
        jobs.append((path, clean_bytes(path, fmt)[0]))
    for path, data in jobs:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".limpiando-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return [path for path, _ in jobs]


def markdown_line(root: Path, path: Path) -> str:
    rel = Path(path).resolve().relative_to(Path(root).resolve() / "content").as_posix()
    return f"![{ALT_PLACEHOLDER}]({rel})"


def run(root: Path, photos: list[str], name: str | None, in_place: bool) -> int:
    try:
        if in_place:
            done = clean_in_place(root, [Path(p) for p in photos])
            for path in done:
                print(f"Limpia / clean: {path.relative_to(Path(root).resolve())}")
            return 0
        written = add_drawings(root, [Path(p) for p in photos], name)
    except DrawingError as error:
        print(f"{error.es}\n  / {error.en}", file=sys.stderr)
        return 1
    print(
        "Dibujos agregados, sin metadatos. Pegue la línea en el artículo y describa el "
        "dibujo entre los corchetes: / Drawings added, without metadata. Paste the line "
        "into the article and describe the drawing between the brackets:"
    )
    for path in written:
        print(f"  {markdown_line(root, path)}")
    return 0
