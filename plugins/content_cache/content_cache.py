"""content_cache: each Markdown file is read (Markdown, Typogrify) once, not on every build.

Pelican's own content cache (``CACHE_CONTENT``) is keyed by the file alone: it would
give a preview build's reading of a story in review (published, marked) to a
production build, and it runs Typogrify again on every build anyway. This cache keys
each result by

* the SHA-256 of the file's bytes and its path under ``content/``;
* a fingerprint of every setting (``VOCES_PREVIEW``, ``SECTIONS``, ``MARKDOWN``...), of
  the source of ``plugins/content_model`` and of this plugin, and of the versions of
  Pelican, Python-Markdown and Typogrify,

so a change to any of them reads the file again. Only files that were read without
error are stored (a ``ContentError`` is raised, never cached), so every error is
reported on every build. Status, consent and withdrawal are decided from the cached
metadata by the later plugins on every build, as before.

Typogrify (``TYPOGRIFY``) is applied here, inside the cached step, with Pelican's own
rules (``TYPOGRIFY_IGNORE_TAGS``, ``TYPOGRIFY_OMIT_FILTERS``, ``TYPOGRIFY_DASHES``), to
the body, title and summary; Pelican's own pass after its reader is then switched off
for this build.

The cache lives in ``CACHE_PATH/contenido/``; ``voces revisar`` (``VOCES_CHECK_ONLY``)
reads it but never writes it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
from pathlib import Path

from pelican import signals
from pelican.readers import MarkdownReader

from ..core.build_cache import ResultCache, code_digest, fingerprint, settings_digest
from .templates import flat_globals, use_code_cache

logger = logging.getLogger(__name__)

FOLDER = "contenido"
#: The code whose output is cached: the reader and this plugin.
CODE = (Path(__file__).resolve().parents[1] / "content_model", Path(__file__).resolve().parent)
LIBRARIES = ("pelican", "markdown", "typogrify", "smartypants", "nh3", "pymdown-extensions")
#: Settings key set for a build whose Typogrify pass runs here.
TYPOGRIFY_HERE = "VOCES_TYPOGRIFY_CACHED"


def typogrify_function(settings):
    """Pelican's typogrify wrapper (readers.py) as one function of a text."""
    import smartypants
    from typogrify.filters import typogrify

    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    if dashes == "oldschool":
        smartypants.Attr.default = smartypants.Attr.set2
    elif dashes == "oldschool_inverted":
        smartypants.Attr.default = smartypants.Attr.set3
    else:
        smartypants.Attr.default = smartypants.Attr.set1
    smartypants.Attr.default |= smartypants.Attr.w
    ignore = settings.get("TYPOGRIFY_IGNORE_TAGS", [])
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)

    def apply(text):
        return typogrify(text, ignore, **omit)

    return apply


def take_over_typogrify(pelican):
    """initialized: Typogrify runs inside the cached read, not after it."""
    settings = pelican.settings
    if settings.get("TYPOGRIFY"):
        settings[TYPOGRIFY_HERE] = True
        settings["TYPOGRIFY"] = False


def dumps(value, settings) -> bytes:
    """Pickle a reader's result; tags, author and category keep no copy of the settings."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda obj: "settings" if obj is settings else None
    pickler.dump(value)
    return buffer.getvalue()


def loads(data: bytes, settings):
    """A fresh copy of a cached result, bound to this build's settings."""
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = lambda pid: settings if pid == "settings" else None
    return unpickler.load()


class ReaderCache:
    """One per ``Readers`` (articles, pages): results of the Markdown reader."""

    def __init__(self, readers):
        self.readers = readers
        self.settings = readers.settings
        self._store = None
        self._typogrify = None

    @property
    def store(self):
        if self._store is None:
            settings = self.settings
            name = os.path.basename(getattr(self.readers, "_cache_path", "") or "readers")
            self._store = ResultCache(
                os.path.join(settings["CACHE_PATH"], FOLDER),
                name,
                fingerprint(
                    settings_digest(settings), code_digest(CODE, LIBRARIES), "content_cache/1"
                ),
                writable=not settings.get("VOCES_CHECK_ONLY"),
            )
        return self._store

    def key(self, source_path):
        with open(source_path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        rel = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        return f"{rel}\0{digest}"

    def typogrify(self, content, metadata):
        if not self.settings.get(TYPOGRIFY_HERE):
            return content, metadata
        if self._typogrify is None:
            self._typogrify = typogrify_function(self.settings)
        if content:
            content = self._typogrify(content)
        for field in ("title", "summary"):
            if field in metadata:
                metadata[field] = self._typogrify(metadata[field])
        return content, metadata

    def save(self):
        if self._store is not None:
            self._store.save()
            logger.debug(
                "Caché de contenido: %d leídos de la caché, %d leídos de nuevo. / Content "
                "cache: %d from the cache, %d read again.",
                self._store.hits,
                self._store.misses,
                self._store.hits,
                self._store.misses,
            )


def cached_reader_class(reader_class, cache):
    class CachedReader(reader_class):
        def read(self, source_path):
            key = cache.key(source_path)
            hit = cache.store.get(key)
            if hit is not None:
                return loads(hit, self.settings)
            content, metadata = super().read(source_path)  # raises on any content error
            content, metadata = cache.typogrify(content, metadata)
            # Stored as bytes now: later plugins changing these objects change no entry.
            cache.store.put(key, dumps((content, metadata), self.settings))
            return content, metadata

    CachedReader.__name__ = reader_class.__name__  # Pelican names the reader from it
    CachedReader.__qualname__ = reader_class.__qualname__
    return CachedReader


def use_cache(readers):
    """readers_init (after content_model's): wrap the Markdown reader."""
    cache = ReaderCache(readers)
    wrapped = {}
    for ext, reader_class in list(readers.reader_classes.items()):
        if reader_class and issubclass(reader_class, MarkdownReader):
            if reader_class not in wrapped:
                wrapped[reader_class] = cached_reader_class(reader_class, cache)
            readers.reader_classes[ext] = wrapped[reader_class]
    readers.voces_content_cache = cache


def save(generator):
    """article/page_generator_finalized: keep what this build read."""
    cache = getattr(getattr(generator, "readers", None), "voces_content_cache", None)
    if cache is not None:
        cache.save()


def register():
    signals.initialized.connect(take_over_typogrify)
    signals.readers_init.connect(use_cache)
    signals.generator_init.connect(use_code_cache)  # templates compiled once (templates.py)
    signals.generator_init.connect(flat_globals)  # and their globals in one dict
    signals.article_generator_finalized.connect(save)
    signals.page_generator_finalized.connect(save)
