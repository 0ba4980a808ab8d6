"""``voces revisar --fuente`` (``--sources``): what a commit is about to save.

Run by the pre-commit hook that ``voces nueva-redaccion`` installs. It looks at the
files added or changed in the commit (the staged version, not the working copy) under
``content/`` and refuses the commit when one of them:

* is an image, a recording or a PDF that carries metadata (GPS position, phone model,
  date, author...): the build strips it from the site, but the sources' repository
  would keep it forever;
* is of a kind the build does not accept (it would never be published, or is not
  what it seems);
* contains a protected term (``VOCES_PROTECTED_TERMS``), in its text or its name.

Each problem names the file, what is wrong and the command that fixes it; nothing is
committed until they are fixed. Git's own ``git commit --no-verify`` skips the hook.

:func:`metadata_problems` also serves ``voces revisar``, which lists every file in
``content/`` that still carries metadata.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from voces_plugins.core import file_kinds

#: Markdown as Pelican reads it: exact, lower-case extensions.
MARKDOWN = file_kinds.MARKDOWN
IMAGES = file_kinds.IMAGE_INPUT
AUDIO = file_kinds.AUDIO_INPUT
PDF = file_kinds.PDF
#: Files at the top of content/ that the build reads.
TOP_FILES = {"directorio.toml", "retiradas.toml"}
#: Folders whose files the images plugin reads (drawings only).
DRAWING_FOLDERS = {"dibujos"}
#: The audio plugin's folder: recordings and their transcripts (``<file>.txt``).
AUDIO_FOLDER = "audio"
#: Tags every audio container has that say nothing about a person.
HARMLESS_AUDIO_TAGS = {
    "encoder",
    "handler_name",
    "vendor_id",
    "major_brand",
    "minor_version",
    "compatible_brands",
    "language",
    "duration",
}
TEXT_SUFFIXES = MARKDOWN | file_kinds.TEXT | {".markdown", ".yaml", ".yml", ".json", ".csv"}


@dataclass(frozen=True)
class Finding:
    path: str
    es: str
    en: str

    def line(self) -> str:
        return f"{self.path}: {self.es} / {self.en}"


def _quote(path: str) -> str:
    return f'"{path}"' if any(c in path for c in " '\"$`\\") else path


# -- metadata ------------------------------------------------------------------------------


def audio_tags(path: Path) -> list[str] | None:
    """Names of the personal tags of a recording (ffprobe); None when it cannot be read."""
    ffprobe = shutil.which("ffprobe")
    if not ffprobe:
        return None
    proc = subprocess.run(
        [
            ffprobe,
            "-v",
            "error",
            "-show_entries",
            "format_tags:stream_tags:chapter_tags:stream=codec_type",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return None
    data = json.loads(proc.stdout or "{}")
    tags = set(data.get("format", {}).get("tags", {}))
    for group in ("streams", "chapters"):
        for item in data.get(group, []):
            tags |= set(item.get("tags", {}))
    found = sorted(t for t in tags if t.lower() not in HARMLESS_AUDIO_TAGS)
    # A cover photo (with its own GPS), subtitles or a second track carry no tag at all
    # in an M4A, yet the sources' repository would keep them forever.
    kinds = [item.get("codec_type", "?") for item in data.get("streams", [])]
    extra = sorted(set(kinds) - {"audio"})
    if extra:
        found.append(f"pistas que no son sonido / non-sound streams: {', '.join(extra)}")
    if kinds.count("audio") > 1:
        found.append("más de una pista de sonido / more than one sound track")
    if ogg_links(path) > 1:
        # ffprobe (and exiftool) read the tags of the first recording of a chain only.
        found.append(
            "varias grabaciones unidas (Ogg encadenado): las etiquetas de las siguientes no "
            "se ven / several recordings joined (chained Ogg): the later ones' tags are unseen"
        )
    return found


def ogg_links(path: Path) -> int:
    """How many logical streams begin in an Ogg file (pages with the BOS flag); 0 when
    it is not Ogg. ``cat nota1.opus nota2.opus > historia.opus`` makes a chain of two."""
    count = 0
    try:
        with open(path, "rb") as fh:
            while True:
                header = fh.read(27)
                if len(header) < 27 or header[:4] != b"OggS":
                    return count
                if header[5] & 0x02:
                    count += 1
                table = fh.read(header[26])
                if len(table) < header[26]:
                    return count
                fh.seek(sum(table), 1)
    except OSError:
        return count


def pdf_metadata(path: Path) -> list[str]:
    """What a PDF says about who made it, and metadata in its images."""
    from pypdf import PdfReader

    from voces_plugins.images.check import Report, _check_pdf

    found = []
    try:
        reader = PdfReader(str(path))
        info = reader.metadata or {}
        found += [str(k).lstrip("/") for k, v in info.items() if v not in (None, "")]
        if "/Metadata" in reader.trailer["/Root"]:
            found.append("XMP")
    except Exception as error:
        return [f"ilegible / unreadable ({error.__class__.__name__})"]
    report = Report()
    _check_pdf(str(path), path.name, report)
    if report.problems:
        found.append("imágenes con metadatos / images with metadata")
    return found


def file_metadata(path: Path) -> tuple[str, list[str]] | None:
    """(kind, metadata names) for an image, recording or PDF; None for other files."""
    suffix = file_kinds.suffix(path)
    if suffix in file_kinds.IMAGE:
        from voces_plugins.images.check import image_bytes_problems

        return "image", image_bytes_problems(path.read_bytes())
    if suffix in file_kinds.AUDIO:
        tags = audio_tags(path)
        if tags is None:
            return "audio", ["no se pudo leer con ffprobe / ffprobe could not read it"]
        return "audio", tags
    if suffix in PDF:
        return "pdf", pdf_metadata(path)
    return None


def metadata_finding(shown: str, kind: str, found: list[str]) -> Finding:
    names = ", ".join(found)
    if kind == "image":
        fix_es = f"Límpiela con: voces agregar-dibujo --en-su-lugar {_quote(shown)}"
        fix_en = f"Clean it with: voces add-drawing --in-place {_quote(shown)}"
        what_es, what_en = "la imagen lleva metadatos", "the image carries metadata"
    elif kind == "audio":
        clean = f"{Path(shown).stem}-limpio{Path(shown).suffix}"
        fix_es = (
            f"Límpiela con: ffmpeg -i {_quote(shown)} -map 0:a:0 -map_metadata -1 "
            f"-map_chapters -1 -c copy {_quote(clean)} (y use el archivo limpio)"
        )
        fix_en = (
            f"Clean it with: ffmpeg -i {_quote(shown)} -map 0:a:0 -map_metadata -1 "
            f"-map_chapters -1 -c copy {_quote(clean)} (and use the clean file)"
        )
        what_es, what_en = "la grabación lleva metadatos", "the recording carries metadata"
    else:
        fix_es = (
            "Vuelva a hacer el PDF sin datos del autor, o sáquelo de content/: "
            f"git rm --cached {_quote(shown)}"
        )
        fix_en = (
            "Make the PDF again without author data, or take it out of content/: "
            f"git rm --cached {_quote(shown)}"
        )
        what_es, what_en = "el PDF lleva metadatos", "the PDF carries metadata"
    return Finding(
        shown,
        f"{what_es} ({names}): pueden decir dónde, cuándo y con qué teléfono se hizo, o "
        f"quién. {fix_es}",
        f"{what_en} ({names}): they can tell where, when and with which phone it was made, "
        f"or by whom. {fix_en}",
    )


def metadata_problems(content_root: Path) -> list[Finding]:
    """Every file under ``content_root`` that still carries metadata (``voces revisar``)."""
    content_root = Path(content_root)
    findings = []
    for path in sorted(content_root.rglob("*")):
        if not path.is_file():
            continue
        result = file_metadata(path)
        if result and result[1]:
            shown = f"{content_root.name}/{path.relative_to(content_root).as_posix()}"
            findings.append(metadata_finding(shown, *result))
    return findings


# -- kinds ---------------------------------------------------------------------------------


def kind_problem(rel: str) -> tuple[str, str] | None:
    """Why the build would not accept ``rel`` (a path inside content/), or None."""
    parts = rel.split("/")
    name = parts[-1]
    stem, ext = os.path.splitext(name)
    shown = f"content/{rel}"
    if stem.upper() in ("README", "LEEME") and ext.lower() in (".md", ".txt", ""):
        return None
    if len(parts) == 1 and name in TOP_FILES:
        return None
    if any(part.startswith(".") for part in parts):
        return (
            "es un archivo oculto: la construcción no lo lee y puede guardar datos "
            f"privados. Sáquelo del commit: git rm --cached {_quote(shown)}",
            "it is a hidden file: the build does not read it and it may keep private "
            f"data. Take it out of the commit: git rm --cached {_quote(shown)}",
        )
    if len(parts) > 1 and parts[0] in DRAWING_FOLDERS:
        if ext.lower() in IMAGES:
            return None
        return (
            f"en dibujos/ solo van imágenes (JPEG, PNG, WebP, HEIC). Sáquelo del commit: "
            f"git rm --cached {_quote(shown)}",
            f"only images (JPEG, PNG, WebP, HEIC) go in dibujos/. Take it out of the "
            f"commit: git rm --cached {_quote(shown)}",
        )
    if len(parts) > 1 and parts[0] == AUDIO_FOLDER:
        if ext.lower() in AUDIO or ext.lower() == ".txt":
            return None
        return (
            "en audio/ solo van grabaciones y sus transcripciones (.txt). Sáquelo del "
            f"commit: git rm --cached {_quote(shown)}",
            "only recordings and their transcripts (.txt) go in audio/. Take it out of the "
            f"commit: git rm --cached {_quote(shown)}",
        )
    if ext.lower() in AUDIO:
        target = f"content/{AUDIO_FOLDER}/{name}"
        return (
            f"las grabaciones van en content/{AUDIO_FOLDER}/, donde la construcción las "
            f"limpia. Muévala: git mv {_quote(shown)} {_quote(target)}",
            f"recordings go in content/{AUDIO_FOLDER}/, where the build cleans them. Move "
            f"it: git mv {_quote(shown)} {_quote(target)}",
        )
    if ext in MARKDOWN and len(parts) > 1:
        return None
    if ext.lower() in MARKDOWN:
        better = f"{stem}.md"
        where = "/".join(parts[:-1] + [better]) if len(parts) > 1 else f"comunidad/{better}"
        return (
            "la construcción no lo leería (la extensión debe ser .md, en minúsculas, y el "
            f"artículo debe estar en la carpeta de una sección). Cámbielo: git mv "
            f"{_quote(shown)} {_quote('content/' + where)}",
            "the build would not read it (the extension must be lower-case .md, and the "
            f"article must be in a section's folder). Rename it: git mv {_quote(shown)} "
            f"{_quote('content/' + where)}",
        )
    if ext.lower() in IMAGES and len(parts) > 1:
        return None
    return (
        "la construcción no acepta este tipo de archivo aquí (artículos .md, imágenes, "
        f"grabaciones). Sáquelo del commit: git rm --cached {_quote(shown)}",
        "the build does not accept this kind of file here (.md articles, images, "
        f"recordings). Take it out of the commit: git rm --cached {_quote(shown)}",
    )


# -- protected terms -----------------------------------------------------------------------


def load_matcher(root: Path):
    """(Matcher or None, notice or problem as (es, en), is_problem)."""
    from voces_plugins.protected_terms.matching import Matcher
    from voces_plugins.protected_terms.terms import TermsFileError, configured_path, load_terms

    from . import local_settings

    path = local_settings.setting("VOCES_PROTECTED_TERMS", root)
    if path:
        path = os.path.abspath(os.path.expanduser(path))
    else:
        from .review import load_settings

        path = configured_path(load_settings(None, None))
    if not path:
        return (
            None,
            (
                "Aviso: no hay lista de términos protegidos (VOCES_PROTECTED_TERMS); los "
                "nombres reales no se buscan.",
                "Notice: no protected-terms list (VOCES_PROTECTED_TERMS); real names are "
                "not searched for.",
            ),
            False,
        )
    try:
        return Matcher(load_terms(path)), None, False
    except TermsFileError as error:
        return None, (error.es, error.en), True


def term_findings(
    shown: str, text: str | None, matcher, data: bytes | None = None
) -> list[Finding]:
    """Protected terms in a file's name, its text (with the line), and whatever the
    build's own search reads in its bytes (``data``): text saved as UTF-16 (Windows
    Notepad's "Unicode"), a PDF's text, tags inside a recording."""
    from voces_plugins.protected_terms.extract import UnreadableFile, views_of
    from voces_plugins.protected_terms.matching import views_of_markup

    found = list(matcher.find([shown]))
    in_name = set(found)
    if text is not None:
        found += [t for t in matcher.find(views_of_markup(text)) if t not in found]
    if data is not None:
        try:
            for _name, views in views_of(shown, data):
                found += [t for t in matcher.find(views) if t not in found]
        except UnreadableFile as unreadable:
            return [
                Finding(
                    shown,
                    f"no se pudo leer para buscar términos protegidos ({unreadable.reason}); "
                    f"ábralo y guárdelo otra vez, o sáquelo de content/: git rm --cached "
                    f"{_quote(shown)}",
                    f"could not be read to search for protected terms ({unreadable.reason}); "
                    f"open and save it again, or take it out of content/: git rm --cached "
                    f"{_quote(shown)}",
                )
            ]
    findings = []
    for term in found:
        line = None
        if text is not None:
            line = next(
                (
                    n
                    for n, row in enumerate(text.splitlines(), start=1)
                    if term in matcher.find(views_of_markup(row))
                ),
                None,
            )
        where = f" (línea {line})" if line else " (nombre del archivo)"
        where_en = f" (line {line})" if line else " (file name)"
        if not line and term not in in_name:
            where, where_en = " (dentro del archivo)", " (inside the file)"
        findings.append(
            Finding(
                shown,
                f"contiene el término protegido «{term.text}»{where}. Cámbielo por un "
                f"seudónimo o algo general, guarde y vuelva a hacer: git add {_quote(shown)}",
                f"contains the protected term '{term.text}'{where_en}. Replace it with a "
                f"pseudonym or something general, save and run again: git add "
                f"{_quote(shown)}",
            )
        )
    return findings


# -- the staged files ----------------------------------------------------------------------


def _git(args, cwd, text=True):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=text)


def staged_files(root: Path) -> tuple[Path, list[str]] | None:
    """(top of the repository, staged paths added or changed), None outside git."""
    top = _git(["rev-parse", "--show-toplevel"], root)
    if top.returncode != 0:
        return None
    names = _git(["diff", "--cached", "--name-only", "--diff-filter=ACMRT", "-z"], root)
    return Path(top.stdout.strip()), [n for n in names.stdout.split("\0") if n]


def check_staged(root: Path) -> tuple[list[Finding], list[tuple[str, str]]]:
    """(problems, notices) of the files about to be committed under content/."""
    root = Path(root).resolve()
    staged = staged_files(root)
    if staged is None:
        return [], [
            (
                "Esta carpeta no es un repositorio git: no hay nada que revisar.",
                "This folder is not a git repository: nothing to check.",
            )
        ]
    top, names = staged
    content = (root / "content").resolve()
    try:
        prefix = content.relative_to(top.resolve()).as_posix() + "/"
    except ValueError:
        return [], []
    names = [n for n in names if n.startswith(prefix)]
    if not names:
        return [], []
    matcher, message, is_problem = load_matcher(root)
    problems: list[Finding] = []
    notices = []
    if message and is_problem:
        problems.append(Finding("VOCES_PROTECTED_TERMS", *message))
    elif message:
        notices.append(message)
    with tempfile.TemporaryDirectory(prefix="voces-fuente-") as scratch:
        for n, name in enumerate(sorted(names)):
            rel = name[len(prefix) :]
            shown = f"content/{rel}"
            kind = kind_problem(rel)
            if kind:
                problems.append(Finding(shown, *kind))
            blob = _git(["cat-file", "blob", f":{name}"], top, text=False)
            if blob.returncode != 0:
                continue
            copy = Path(scratch) / f"{n}{file_kinds.suffix(name)}"
            copy.write_bytes(blob.stdout)
            result = file_metadata(copy)
            if result and result[1]:
                problems.append(metadata_finding(shown, *result))
            if matcher:
                text = None
                if file_kinds.suffix(name) in TEXT_SUFFIXES:
                    text = blob.stdout.decode("utf-8-sig", errors="replace")
                problems += term_findings(shown, text, matcher, blob.stdout)
    return problems, notices


def main(argv=None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="voces revisar --fuente",
        description="Revisa los archivos que se van a guardar en git (commit). / Checks "
        "the files about to be committed.",
    )
    parser.parse_args(argv or [])
    root = Path(root or Path.cwd())
    problems, notices = check_staged(root)
    for es, en in notices:
        print(f"{es} / {en}", file=sys.stderr)
    if not problems:
        return 0
    print(
        "NO SE GUARDA (commit detenido): corrija esto y vuelva a intentarlo. / NOT "
        "COMMITTED: fix this and try again.",
        file=sys.stderr,
    )
    for finding in problems:
        print(f"  - {finding.line()}", file=sys.stderr)
    print(
        "Solo si está segura de que no hay riesgo: git commit --no-verify. / Only if you "
        "are sure there is no risk: git commit --no-verify.",
        file=sys.stderr,
    )
    return 1
