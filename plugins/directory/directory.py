"""directory: puts the resource directory into the template context as ``DIRECTORY``."""

from __future__ import annotations

import logging
import os

from pelican import signals

from .loader import DirectoryError, load_directory

logger = logging.getLogger(__name__)

FILENAME = "directorio.toml"


def add_directory(generator):
    context = generator.context
    if "DIRECTORY" in context:
        return
    path = os.path.join(generator.settings["PATH"], FILENAME)
    try:
        context["DIRECTORY"] = load_directory(path)
    except DirectoryError as error:
        logger.error("%s", error)
        context["DIRECTORY"] = {"categories": [], "entries": []}


def register():
    signals.generator_init.connect(add_directory)
