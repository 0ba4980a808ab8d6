"""content_model: the members' Markdown, read strictly.

Replaces Pelican's Markdown reader with one that accepts Spanish metadata keys, maps
sections and statuses, and stops the build with a clear message on bad input.
"""

from __future__ import annotations

import logging

from pelican import signals

from ..core import signals as core_signals
from .destinations import check_destinations
from .errors import ContentError
from .feeds import PlainTextFeedWriter
from .reader import VocesMarkdownReader
from .stray_files import report_stray_files

logger = logging.getLogger(__name__)


class LoggingReader(VocesMarkdownReader):
    """Log a ContentError in full before Pelican turns it into 'Could not process'."""

    def read(self, source_path):
        try:
            return super().read(source_path)
        except ContentError as error:
            logger.error("%s", error.message())
            raise


def use_voces_reader(readers):
    for ext in VocesMarkdownReader.file_extensions:
        readers.reader_classes[ext] = LoggingReader


def feed_writer(pelican):
    return PlainTextFeedWriter


def register():
    signals.readers_init.connect(use_voces_reader)
    signals.get_writer.connect(feed_writer)
    signals.article_generator_finalized.connect(report_stray_files)
    core_signals.content_ready.connect(check_destinations)
