"""Reading content files as the build's reader does, for tools that need the sources.

``voces retirar`` (voces/withdraw.py) and the pre-commit source check use these helpers
to find a story's files and its images. The content check itself is not here: ``voces
revisar`` runs the production build's own plugins (voces/check.py), so it cannot drift
from what the build decides.
"""

from __future__ import annotations

import fnmatch
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(?P<src>.*?)\1", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    path: str
    field: str | None
    es: str
    en: str

    def line(self) -> str:
        where = f"{self.path} [{self.field}]" if self.field else self.path
        return f"{where}: {self.es} / {self.en}"


@dataclass
class Entry:
    """One content file as the build would see it."""

    path: Path
    shown: str
    kind: str  # "article" or "page"
    metadata: dict
    html: str


def load_settings(settings_file: str | None, content_dir: str | None) -> dict:
    import logging

    from .build import read_settings_file

    # Pelican's advice about feeds and SITEURL is for builds, not for this report.
    logging.getLogger("pelican.settings").setLevel(logging.ERROR)

    path = Path(settings_file) if settings_file else Path("publishconf.py")
    if not path.exists() and not settings_file:
        path = Path("pelicanconf.py")
    override = {"VOCES_PREVIEW": False}
    if content_dir:
        override["PATH"] = str(Path(content_dir).resolve())
    return read_settings_file(path, override)


# -- reading -----------------------------------------------------------------------------


def _ignored(name: str, settings) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", []))


def _display(path: Path, content_root: Path) -> str:
    return f"{content_root.name}/{path.relative_to(content_root).as_posix()}"


def content_files(content_root: Path, settings):
    """(path, kind) of every Markdown file the build reads as an article or a page."""
    page_dirs = {p.strip("/") for p in settings.get("PAGE_PATHS", [])}
    excluded = {p.strip("/") for p in settings.get("ARTICLE_EXCLUDES", [])}
    for path in sorted(content_root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".md", ".markdown"):
            continue
        if _ignored(path.name, settings):
            continue
        top = path.relative_to(content_root).parts[0]
        if top in page_dirs:
            yield path, "page"
        elif top not in excluded:
            yield path, "article"


def read_entries(content_root: Path, settings, problems: list[Problem]) -> list[Entry]:
    from voces_plugins.content_model import ContentError, VocesMarkdownReader

    reader = VocesMarkdownReader(settings)
    entries = []
    for path, kind in content_files(content_root, settings):
        shown = _display(path, content_root)
        try:
            body_html, metadata = reader.read(str(path))
        except ContentError as error:
            problems.append(Problem(shown, error.field, error.es, error.en))
            continue
        except Exception as error:  # what the build would report as "Could not process"
            problems.append(
                Problem(
                    shown,
                    None,
                    f"el archivo no se pudo leer ({error}). Revise la cabecera.",
                    f"the file could not be read ({error}). Check its header.",
                )
            )
            continue
        entries.append(Entry(path, shown, kind, metadata, body_html))
    return entries


# -- resolving references -------------------------------------------------------------


def _resolve(reference: str, entry: Entry, content_root: Path) -> Path:
    ref = unquote(html.unescape(reference.split("#", 1)[0].split("?", 1)[0]))
    for prefix in ("{static}", "{attach}", "{filename}", "{index}"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
    if ref.startswith("/"):
        return (content_root / ref.lstrip("/")).resolve()
    beside = (entry.path.parent / ref).resolve()
    if beside.exists():
        return beside
    return (content_root / ref).resolve()
