"""reading: what the site does for its readers on their phones (``READING``).

Puts the merged setting into the template context as ``VOCES_READING``; templates
read ``VOCES_READING.replace_history`` (quick exit) and ``VOCES_READING.offline``.
Writes the offline worker, the withdrawn list and the manifest (offline.py).
"""

from __future__ import annotations

import logging

from pelican import signals

from ..core.errors import report
from .config import merge
from .glossary import explain
from .offline import OfflineGenerator, remember_withdrawn

logger = logging.getLogger(__name__)


def check_settings(pelican):
    for problem in merge(pelican.settings)[1]:
        report(problem)


def add_context(generator):
    generator.context["VOCES_READING"] = merge(generator.settings)[0]
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters["siglas"] = explain


def get_generators(pelican):
    return OfflineGenerator


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_context)
    signals.article_generator_context.connect(remember_withdrawn)
    signals.page_generator_context.connect(remember_withdrawn)
    signals.get_generators.connect(get_generators)
