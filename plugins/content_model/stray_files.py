"""Files a member saved in a section folder that Pelican would silently ignore.

A phone may save ``mi-historia.txt`` or ``mi-historia.md.txt``; Pelican only reads the
extensions it knows and would skip such a file without a word. The build stops instead.
"""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)

READ = {".md", ".markdown", ".mkd", ".mdown"}
IMAGES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif"}


def stray_files(content_path, sections, ignore_names=("README", "LEEME")) -> list[str]:
    found = []
    for section in sections:
        folder = os.path.join(content_path, section)
        if not os.path.isdir(folder):
            continue
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in sorted(filenames):
                stem, ext = os.path.splitext(name)
                if name.startswith(".") or name.endswith("~") or stem.upper() in ignore_names:
                    continue
                if ext.lower() not in READ | IMAGES:
                    found.append(os.path.join(dirpath, name))
    return found


def report_stray_files(generator):
    settings = generator.settings
    for path in stray_files(settings["PATH"], settings.get("SECTIONS", {})):
        logger.error(
            "%s: este archivo no es Markdown (.md) y no se publicaría. Si es un artículo, "
            "cambie su nombre para que termine en .md; si no, sáquelo de la carpeta. / this "
            "file is not Markdown (.md) and would not be published. If it is an article, "
            "rename it to end in .md; otherwise move it out of the folder.",
            os.path.relpath(path))
