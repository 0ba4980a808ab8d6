"""content_model: the members' Markdown, read strictly.

Replaces Pelican's Markdown reader with one that accepts Spanish metadata keys, maps
sections and statuses, and stops the build with a clear message on bad input.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals

from ..core import signals as core_signals
from .destinations import check_destinations
from .errors import ContentError
from .feeds import PlainTextFeedWriter
from .reader import VocesMarkdownReader
from .stray_files import report_stray_files

logger = logging.getLogger(__name__)


class LoggingReader(VocesMarkdownReader):
    """Log a ContentError in full before Pelican turns it into 'Could not process'.

    Any other exception while reading (a Markdown extension, a bug) also becomes a
    bilingual message naming the file, never a bare traceback.
    """

    def read(self, source_path):
        try:
            return super().read(source_path)
        except ContentError as error:
            logger.error("%s", error.message())
            error.voces_reported = True
            raise
        except Exception as error:
            logger.error("%s", unreadable(source_path, error).message())
            error.voces_reported = True
            raise


def unreadable(path, error) -> ContentError:
    what = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return ContentError(
        path,
        None,
        f"el archivo no se pudo procesar ({what}). Revise la cabecera y el texto, sobre todo "
        "el HTML escrito a mano; si no encuentra el problema, pida ayuda a una editora.",
        f"the file could not be processed ({what}). Check its header and text, above all "
        "any hand-written HTML; if you cannot find the problem, ask an editor for help.",
    )


class CouldNotProcess(logging.Filter):
    """Pelican's bare "Could not process x.md" becomes the bilingual message naming the file.

    Pelican logs it inside its ``except`` block, so the exception is at hand: one the
    reader already reported is not said twice; any other (raised by a plugin while the
    file was being read, e.g. on ``content_object_init``) is said in full.
    """

    def filter(self, record):
        if record.msg != "Could not process %s" or not record.args:
            return True
        error = sys.exc_info()[1]
        if error is None:
            return True
        if getattr(error, "voces_reported", False):
            return False
        record.msg, record.args = "%s", (unreadable(record.args[0], error).message(),)
        return True


COULD_NOT_PROCESS = CouldNotProcess()


def use_voces_reader(readers):
    for ext in VocesMarkdownReader.file_extensions:
        readers.reader_classes[ext] = LoggingReader


def feed_writer(pelican):
    return PlainTextFeedWriter


def register():
    logging.getLogger("pelican.generators").addFilter(COULD_NOT_PROCESS)
    signals.readers_init.connect(use_voces_reader)
    signals.get_writer.connect(feed_writer)
    signals.article_generator_finalized.connect(report_stray_files)
    core_signals.content_ready.connect(check_destinations)
