"""audio: recordings members can be heard in, with nothing in them that says who.

Signals:
* ``article_generator_context``: remembers the recordings of withdrawn stories, so the
  build removes them from the cache (they are never published).
* ``all_generators_finalized``: the audio generator checks, cleans and verifies every
  recording and narration of the articles the site will publish.
* ``get_generators``: the generator that writes ``audio/`` and the listening page.
* ``voces_output_ready`` (build_guard): every audio file of the finished tree is
  verified again with ffprobe.
"""

from __future__ import annotations

import logging
import os

from pelican import signals

from ..core import signals as core_signals
from ..core.errors import VocesError
from .check import clean_files_cache, scan_tree
from .config import merge
from .generator import AudioGenerator
from .recordings import KEYS, print_listen_url, wanted

logger = logging.getLogger(__name__)


def get_generators(pelican_object):
    return AudioGenerator


def remember_withdrawn(generator, metadata):
    if metadata.get("voces_status") != "withdrawn":
        return
    refs = {}
    for name in ("audio", "narration"):
        for key in KEYS[name]:
            value = metadata.get(key)
            if value and str(value).strip():
                refs[str(value).strip()] = os.path.dirname(
                    os.path.join(generator.settings["PATH"], metadata.get("voces_source", ""))
                )
    if refs:
        if not hasattr(generator, "voces_audio_withdrawn"):
            generator.voces_audio_withdrawn = []
        generator.voces_audio_withdrawn.append(refs)


def mark_printed_sound(generator):
    """article_generator_finalized: ``article.audio_listen_url`` for the editions' QR code.

    The editions render their PDFs while reading (before ``all_generators_finalized``),
    so the address is set here, as soon as publication_rules has decided scope and
    printability (``article_generator_pretaxonomy``). A recording that then fails its
    checks stops the whole build, PDFs included.
    """
    for article in list(generator.articles) + list(generator.translations):
        try:
            want = wanted(article)
        except VocesError:
            continue  # reported by the generator's checks
        article.audio_listen_url = print_listen_url(article, want)


def prepare(generators):
    for generator in generators:
        if isinstance(generator, AudioGenerator):
            generator.prepare(generators)


def check_output(pelican, output_path=None, **_kwargs):
    config = merge(pelican.settings, report=False)
    if not config["check_output"]:
        return
    cache = clean_files_cache(
        pelican.settings, config, writable=not pelican.settings.get("VOCES_CHECK_ONLY")
    )
    checked, problems = scan_tree(output_path or pelican.output_path, config, cache)
    for problem in problems:
        logger.error("%s", problem)
    if checked:
        logger.info(
            "Audio verificado con ffprobe: %d archivos. / Audio verified with ffprobe: %d files.",
            checked,
            checked,
        )


def register():
    signals.get_generators.connect(get_generators)
    signals.article_generator_context.connect(remember_withdrawn)
    signals.article_generator_finalized.connect(mark_printed_sound)
    signals.all_generators_finalized.connect(prepare)
    core_signals.output_ready.connect(check_output)
