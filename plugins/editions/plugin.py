"""editions: numbered issues, their pages on the site, and the printable PDFs."""

from __future__ import annotations

from pelican import signals
from pelican.utils import slugify

from ..core import signals as core_signals
from . import after_build, withdrawn_prints
from .pages import UNPUBLISHED_KEY, EditionsGenerator

NOT_PUBLISHED = {"draft", "review", "withdrawn"}


def remember_unpublished(generator, metadata):
    """Note slugs of stories that will not be published, so editions can leave them out."""
    status = metadata.get("voces_status")
    if status not in NOT_PUBLISHED and metadata.get("status") != "skip":
        return
    slug = metadata.get("slug")
    if not slug and metadata.get("title"):
        slug = slugify(
            str(metadata["title"]),
            regex_subs=generator.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        )
    if slug:
        generator.context.setdefault(UNPUBLISHED_KEY, set()).add(str(slug))


def get_generators(pelican):
    return EditionsGenerator


def register():
    signals.article_generator_context.connect(remember_unpublished)
    signals.get_generators.connect(get_generators)
    core_signals.output_complete.connect(after_build.on_output_complete)
    core_signals.output_published.connect(after_build.on_output_published)
    core_signals.output_discarded.connect(after_build.on_output_discarded)
    signals.finalized.connect(after_build.on_finalized)
    core_signals.content_ready.connect(withdrawn_prints.prune)
