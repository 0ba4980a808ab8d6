"""Files a member saved in a section folder that Pelican would silently ignore.

A phone may save ``mi-historia.txt``, ``mi-historia.md.txt`` or ``HISTORIA.MD``; Pelican
only reads the extensions it knows, case-sensitively, and would skip such a file without
a word. The build stops instead. Articles live in section folders; pages, drawings and
editions are checked by their own plugins.
"""

from __future__ import annotations

import logging
import os

from ..core import file_kinds

logger = logging.getLogger(__name__)

READ = file_kinds.MARKDOWN
IMAGES = file_kinds.IMAGE_INPUT  # a member's photo may sit next to her story


def stray_files(content_path, skip_folders=(), ignore_names=("README", "LEEME")) -> list[str]:
    """Files under content/ (outside ``skip_folders``) that no reader would read.

    Extensions are compared exactly as Pelican does: ``HISTORIA.MD`` is not read by
    Pelican, so it is reported too. Every folder is walked, not only the known sections:
    a folder with a typo (``testimonio/``) would otherwise be ignored without a word.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(content_path):
        rel = os.path.relpath(dirpath, content_path)
        top = rel.split(os.sep)[0]
        if top in skip_folders:
            dirnames[:] = []
            continue
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in sorted(filenames):
            stem, ext = os.path.splitext(name)
            if name.startswith(".") or name.endswith("~") or stem.upper() in ignore_names:
                continue
            if rel == "." and ext in (".toml",):
                continue  # content/directorio.toml: the resource directory
            if ext not in READ and ext.lower() not in IMAGES:
                found.append(os.path.join(dirpath, name))
    return found


def report_stray_files(generator):
    settings = generator.settings
    skip = ["dibujos", "ediciones", "audio"]  # their own plugins check them
    for path in stray_files(settings["PATH"], skip):
        logger.error(
            "%s: este archivo no es Markdown (.md) y no se publicaría. Si es un artículo, "
            "cambie su nombre para que termine en .md; si no, sáquelo de la carpeta. / this "
            "file is not Markdown (.md) and would not be published. If it is an article, "
            "rename it to end in .md; otherwise move it out of the folder.",
            os.path.relpath(path),
        )
