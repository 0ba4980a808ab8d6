"""reading: what the site does for its readers on their phones (``READING``).

Puts the merged setting into the template context as ``VOCES_READING``; templates
read ``VOCES_READING.replace_history`` (quick exit).
"""

from __future__ import annotations

import logging

from pelican import signals

from ..core.errors import report
from .config import merge

logger = logging.getLogger(__name__)


def check_settings(pelican):
    for problem in merge(pelican.settings)[1]:
        report(problem)


def add_context(generator):
    generator.context["VOCES_READING"] = merge(generator.settings)[0]


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_context)
