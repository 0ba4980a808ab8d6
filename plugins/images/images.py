"""images: metadata-free, light, responsive drawings; print variants; the gallery.

Signals:
* ``content_object_init``: {static}/{attach} links to images are rewritten at
  once, so Pelican never copies an original (with its GPS tag) to output/.
* ``all_generators_finalized``: the images generator checks, processes and
  rewrites every image of the buildable articles and pages.
* ``static_generator_finalized``: a last guard, no original image is copied.
* ``get_generators``: the generator that writes the variants and the gallery.
"""

import logging
import os

from pelican import signals

from ..core import signals as core_signals
from .check import clean_files_cache, scan_tree
from .config import merge
from .generator import ImagesGenerator
from .references import IMAGE_EXTENSIONS, neutralize_static_links

logger = logging.getLogger(__name__)


def get_generators(pelican_object):
    return ImagesGenerator


def neutralize(instance):
    text = getattr(instance, "_content", None)
    if not isinstance(text, str) or ("static" not in text and "attach" not in text):
        return
    content_root = instance.settings["PATH"]
    source_dir = os.path.dirname(instance.source_path)
    instance._content, refused = neutralize_static_links(text, content_root, source_dir)
    if refused:
        instance._voces_refused_images = refused


def prepare(generators):
    for generator in generators:
        if isinstance(generator, ImagesGenerator):
            generator.prepare(generators)


def drop_originals(static_generator):
    """Never copy a member's file as it is.

    ``STATIC_PATHS`` is empty, so every static file here was pulled in by a
    ``{static}``/``{attach}`` link. An original image may carry phone data; any other
    file (HTML, SVG, a zip, audio, video, a document) may carry scripts or metadata that
    nothing cleans. None is published, and the build stops saying which file it is.
    """
    for static in static_generator.staticfiles:
        if os.path.splitext(static.source_path)[1].lower() in IMAGE_EXTENSIONS:
            logger.error(
                "%s: no se publica el archivo original de una imagen (podría llevar datos "
                "del teléfono). Muéstrela con ![texto alternativo](...). / an original "
                "image file is not published (it may carry phone data). Show it with "
                "![alt text](...).",
                static.source_path,
            )
        else:
            logger.error(
                "%s: este archivo está enlazado con {static} o {attach}, pero el sitio solo "
                "publica textos y dibujos procesados: un archivo así puede llevar código o "
                "datos de quien lo hizo. Quite el enlace. / this file is linked with {static} "
                "or {attach}, but the site only publishes texts and processed drawings: such "
                "a file may carry code or data about who made it. Remove the link.",
                static.source_path,
            )
    static_generator.staticfiles[:] = []


def check_output(pelican, output_path=None, **_kwargs):
    """After writing (build_guard): no image in the finished tree carries metadata."""
    if not merge(pelican.settings, report=False)["check_output"]:
        return
    cache_path = pelican.settings.get("CACHE_PATH")
    cache = clean_files_cache(
        os.path.join(cache_path, "imagenes_revisadas") if cache_path else None
    )
    report = scan_tree(output_path or pelican.output_path, cache)
    for problem in report.problems:
        logger.error(problem)
    logger.info(
        "Imágenes revisadas sin metadatos: %d. / Images checked for metadata: %d.",
        report.images,
        report.images,
    )


def register():
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(neutralize)
    signals.all_generators_finalized.connect(prepare)
    signals.static_generator_finalized.connect(drop_originals)
    # Sent by build_guard once everything is written, before the output is swapped in.
    core_signals.output_ready.connect(check_output)
