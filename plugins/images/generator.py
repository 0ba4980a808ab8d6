"""The images generator: plans, processes, rewrites, then writes only what is published.

* ``prepare(generators)`` (signal ``all_generators_finalized``): finds every
  image the buildable articles and pages use, checks them (file, format, size,
  alt text), makes the missing variants on every core, rewrites each body
  ``<img>`` into the ``partials/picture.html`` markup and sets
  ``content.cover_image``. Any problem is logged as an ERROR naming the
  article and the image; ``build_guard`` (whose receiver runs after this one) stops
  the build before anything is written. In a check (``VOCES_CHECK_ONLY``, ``voces
  revisar``) every image is checked the same way (file, format, size, alt text,
  decoding) but nothing is encoded, cached or rewritten.
* ``generate_output(writer)``: looks again at the *final* article and page
  lists (other plugins may have removed stories since), copies only the
  variants those use into ``output/imagenes/``, prunes anything else there,
  and writes the Dibujos gallery in Spanish and English.
"""

import logging
import os
from dataclasses import dataclass, field

from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator

from ..core.cache_files import buildable, file_sha256, link_or_copy, prune_folder
from ..core.errors import VocesError, report
from . import gallery
from .cache import ImageCache
from .clean import prepare as decode_image
from .config import merge
from .errors import ImageProblem, describe
from .markup import output_name, picture_data, render_picture, with_lazy
from .prefetch import Prefetcher
from .process import run_jobs
from .references import body_images, flag, plain, resolve
from .variants import EXTENSIONS, plan_web, probe_key, variant_key

logger = logging.getLogger(__name__)


@dataclass
class Usage:
    content: object
    ref: str
    path: str = None
    alt: str = ""
    cover: bool = False
    cleanup: bool = False
    match: object = None
    variants: list = field(default_factory=list)


def label(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


class ImagesGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = merge(self.settings)
        self.cache = ImageCache(self.config["cache_dir"])
        self.generators = []
        self.usages = {}  # id(content) -> [Usage]
        self.gallery = []  # Usage of drawings in the gallery folder, by articles
        self._shas = {}  # path -> (size, mtime_ns, sha256): each source hashed once a build
        # Generators are made before any story is read: the variants of a published
        # story's images can start as soon as it is read (prefetch.py). Never in a check.
        self.prefetch = None
        if not self.settings.get("VOCES_CHECK_ONLY"):
            self.prefetch = Prefetcher(self.settings, self.config, self.cache, self.source_sha)
            signals.content_object_init.connect(self.prefetch.offer)

    def source_sha(self, path):
        """SHA-256 of a source image, computed once per build unless the file changed."""
        stat = os.stat(path)
        known = self._shas.get(path)
        if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
            return known[2]
        sha = file_sha256(path)
        self._shas[path] = (stat.st_size, stat.st_mtime_ns, sha)
        return sha

    def generate_context(self):
        """Nothing here: the work waits for every generator (``prepare``)."""

    # -- planning and processing ----------------------------------------------
    def prepare(self, generators):
        if self.prefetch is not None:
            signals.content_object_init.disconnect(self.prefetch.offer)
            started = self.prefetch.finish()
            if started:
                logger.info(
                    "Imágenes: %d empezadas mientras se leían los textos. / Images: %d "
                    "started while the texts were read.",
                    started,
                    started,
                )
        self.generators = list(generators)
        errors = []
        content_root = self.settings["PATH"]
        usages = []
        for content in buildable(self.generators):
            usages += self._usages_of(content, content_root, errors)
        if self.settings.get("VOCES_CHECK_ONLY"):
            self._check_sources(usages, errors)
            for message in errors:
                logger.error(message)
            return
        sources = self._process(usages, errors)
        for usage in usages:
            if usage.path and (usage.path, usage.cleanup) in sources:
                usage.variants = sources[(usage.path, usage.cleanup)]
        if errors:
            # Logged at ERROR: build_guard lists them (also under -q) and stops the build.
            for message in errors:
                logger.error(message)
            return
        self._rewrite(usages)

    def _usages_of(self, content, content_root, errors):
        where = label(content.source_path)
        source_dir = os.path.dirname(content.source_path)
        cleanup = self.config["scan_cleanup"] or flag(content.metadata.get("scan_cleanup"))
        for ref in getattr(content, "_voces_refused_images", ()):
            errors.append(f"{where}: " + describe("original_link", ref))
        found = []
        cover = plain(content.metadata.get("image"))
        if cover:
            found.append(
                Usage(
                    content,
                    cover,
                    alt=plain(content.metadata.get("image_alt")),
                    cover=True,
                    cleanup=cleanup,
                )
            )
        for match, attrs in body_images(content._content):
            found.append(
                Usage(
                    content,
                    attrs["src"],
                    alt=attrs.get("alt", "").strip(),
                    cleanup=cleanup,
                    match=match,
                )
            )
        for usage in found:
            usage.path, problem = resolve(usage.ref, content_root, source_dir)
            if problem:
                errors.append(f"{where}: " + describe(problem, usage.ref))
                usage.path = None
            if not usage.alt:
                message = f"{where}: " + describe(
                    "no_cover_alt" if usage.cover else "no_alt", usage.ref
                )
                if self.config["require_alt"]:
                    errors.append(message)
                else:
                    logger.warning(message)
        return found

    def _check_sources(self, usages, errors):
        """A check: every source decoded as the build decodes it, nothing encoded or cached.

        A source whose variants are already cached was decoded cleanly by an earlier
        build (same bytes, same sha256) and is not decoded again.
        """
        sources = {}
        for usage in usages:
            if usage.path:
                sources.setdefault((usage.path, usage.cleanup), []).append(usage)
        for (path, cleanup), users in sources.items():
            problem = None
            size = os.path.getsize(path)
            if size > self.config["max_bytes"]:
                problem = ImageProblem(
                    "too_big",
                    f"{size // (1024 * 1024)} MB, máx./max "
                    f"{self.config['max_bytes'] // (1024 * 1024)} MB",
                )
            elif self.cache.get_record(probe_key(self.source_sha(path))) is None:
                try:
                    decode_image(
                        path, self.config, cleanup=cleanup, draft_width=max(self.config["widths"])
                    )
                except ImageProblem as exc:
                    problem = exc
                except MemoryError:
                    problem = ImageProblem("too_big", "memoria insuficiente / out of memory")
            if problem is not None:
                for usage in users:
                    errors.append(
                        f"{label(usage.content.source_path)}: " + problem.message(usage.ref)
                    )

    def _process(self, usages, errors):
        """Make every missing variant; return {(path, cleanup): [variant tuples]}."""
        sources = {}
        for usage in usages:
            if usage.path:
                sources.setdefault((usage.path, usage.cleanup), []).append(usage)
        jobs, planned, failed = [], {}, {}
        for (path, cleanup), users in sources.items():
            size = os.path.getsize(path)
            if size > self.config["max_bytes"]:
                failed[(path, cleanup)] = ImageProblem(
                    "too_big",
                    f"{size // (1024 * 1024)} MB, máx./max "
                    f"{self.config['max_bytes'] // (1024 * 1024)} MB",
                )
                continue
            sha = self.source_sha(path)
            planned[(path, cleanup)] = sha
            record = self.cache.get_record(probe_key(sha))
            job = {"path": path, "sha": sha, "cleanup": cleanup, "config": self.config}
            if record is None:
                jobs.append(dict(job, specs=None))
                continue
            specs = plan_web((record["width"], record["height"]), self.config, cleanup)
            missing = [
                s for s in specs if not self.cache.get(variant_key(sha, s), EXTENSIONS[s["fmt"]])
            ]
            if missing:
                jobs.append(dict(job, specs=missing))
        if jobs:
            logger.info(
                "Imágenes: %d por procesar, %d en caché. / Images: %d to process, %d cached.",
                len(jobs),
                len(planned) - len(jobs),
                len(jobs),
                len(planned) - len(jobs),
            )
        for job, result in zip(
            jobs, run_jobs(jobs, self.config["workers"], self.config["progress_every"])
        ):
            if "error" in result:
                failed[(job["path"], job["cleanup"])] = ImageProblem(*result["error"])
        done = {}
        for key, users in sources.items():
            problem = failed.get(key)
            if problem is None:
                try:
                    done[key] = self._variants(planned[key], key[1])
                    continue
                except ImageProblem as exc:
                    problem = exc
            for usage in users:
                errors.append(f"{label(usage.content.source_path)}: " + problem.message(usage.ref))
        return done

    def _variants(self, sha, cleanup):
        record = self.cache.get_record(probe_key(sha))
        if record is None:
            raise ImageProblem("unclean", "sin registro en caché / no cache record")
        variants = []
        for spec in plan_web((record["width"], record["height"]), self.config, cleanup):
            key = variant_key(sha, spec)
            hit = self.cache.get(key, EXTENSIONS[spec["fmt"]])
            if hit is None:
                raise ImageProblem("unclean", "caché incompleta / incomplete cache")
            meta = hit[1]
            variants.append(
                (
                    spec["fmt"],
                    meta["width"],
                    meta["height"],
                    output_name(key, meta["width"], spec["fmt"]),
                    key,
                )
            )
        return variants

    # -- HTML ----------------------------------------------------------------
    def _picture(self, usage, lazy):
        return picture_data(
            [v[:4] for v in usage.variants],
            usage.alt,
            lazy,
            self.settings.get("SITEURL", ""),
            self.config,
        )

    def _rewrite(self, usages):
        by_content = {}
        for usage in usages:
            by_content.setdefault(id(usage.content), []).append(usage)
        gallery_root = (
            os.path.join(os.path.realpath(self.settings["PATH"]), self.config["gallery_dir"])
            + os.sep
        )
        for found in by_content.values():
            content = found[0].content
            covers = [u for u in found if u.cover]
            body = [u for u in found if not u.cover]
            if covers:
                content.cover_image = self._picture(covers[0], lazy=False)
            text = content._content
            for n, usage in reversed(list(enumerate(body))):
                eager = not covers and n == 0
                markup = render_picture(self.env, self._picture(usage, lazy=not eager))
                start, end = usage.match.span()
                text = text[:start] + markup + text[end:]
            content._content = text
            self.usages[id(content)] = found
            if isinstance(content, Article):
                self.gallery += [u for u in found if u.path.startswith(gallery_root)]

    # -- writing -------------------------------------------------------------
    def generate_output(self, writer):
        final = buildable(self.generators)
        names = {}
        for content in final:
            for usage in self.usages.get(id(content), ()):
                for fmt, _w, _h, name, key in usage.variants:
                    names[name] = (key, EXTENSIONS[fmt])
        folder = os.path.join(self.output_path, self.config["output_dir"])
        for name, (key, ext) in sorted(names.items()):
            # Verified against its SHA-256 in this build (ImageCache.get), linked, not
            # copied (cache files are never changed in place: each is written new and
            # renamed), and what was placed is hashed again: only checked bytes go out.
            hit = self.cache.get(key, ext)
            target = os.path.join(folder, name)
            if hit is not None and not (
                os.path.isfile(target)
                and os.path.getsize(target) == hit[1]["bytes"]
                and file_sha256(target) == hit[1]["sha256"]
            ):
                link_or_copy(hit[0], target)
                if file_sha256(target) != hit[1]["sha256"]:
                    os.unlink(target)
                    hit = None
            if hit is None:
                report(
                    VocesError(
                        self.config["cache_dir"],
                        None,
                        f"la caché de imágenes cambió durante la construcción ({name}); "
                        "vuelva a construir.",
                        f"the image cache changed during the build ({name}); build again.",
                    ),
                    logger,
                )
        prune_folder(folder, set(names))
        if names:
            logger.info(
                "Imágenes: %d archivos en %s/. / Images: %d files in %s/.",
                len(names),
                self.config["output_dir"],
                len(names),
                self.config["output_dir"],
            )
        final_ids = {id(c) for c in final}
        gallery.write(
            self, writer, [u for u in self.gallery if id(u.content) in final_ids], final_ids
        )

    def picture_for(self, usage, lazy):
        return with_lazy(self._picture(usage, lazy), lazy)
