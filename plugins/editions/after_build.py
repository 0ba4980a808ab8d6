"""What waits for the end of the build: copy-shop PDFs and the cache clean-up.

The copy-shop PDFs (``EDITIONS['copy_shop_dir']``) carry stories consented for paper
only. They reach their folder only when the site itself is published:

1. ``voces_output_complete`` (build_guard, after every generator wrote): they are
   written into ``<copy_shop_dir>/.pendiente-<pid>/``, where the final checks
   (protected terms, at ``voces_output_ready``) search them;
2. ``voces_output_published`` (every check passed, output swapped in): they are moved
   to ``<copy_shop_dir>/NN/`` and the PDF cache is cut down to the PDFs this build
   used, so a PDF of a withdrawn story, or a copy-shop PDF, does not stay in
   ``.cache/editions``;
3. ``voces_output_discarded`` (a check failed): the pending folder is deleted.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..core.processes import pid_alive
from . import pdf
from .model import EditionProblem

try:
    import fcntl
except ImportError:  # Windows: no shared lock; pruning then relies on file times only
    fcntl = None

logger = logging.getLogger(__name__)

PENDING_PREFIX = ".pendiente-"
#: Every build holds a shared lock on this file while it uses the cache; pruning needs
#: the lock alone, so one build never deletes a PDF another build is about to copy.
LOCK_NAME = ".en-uso.lock"
#: A half-written ``.part`` cache file older than this belongs to a build that died.
STALE_PART_SECONDS = 600


@dataclass
class AfterBuild:
    """One build's pending work, registered by the generator."""

    cache_dir: Path  # the PDF cache this build uses
    shop_dir: Path | None = None  # EDITIONS['copy_shop_dir'], resolved
    started: float = field(default_factory=time.time)
    used: set = field(default_factory=set)  # cached PDFs this build used
    copy_shop_files: list = field(default_factory=list)  # (path under shop_dir, cached)
    lock: object = None  # open lock file while the build uses the cache

    def hold_cache(self):
        """Take the shared lock: no other build prunes the cache while this one runs."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        if fcntl is not None and self.lock is None:
            self.lock = open(self.cache_dir / LOCK_NAME, "a+b")  # noqa: SIM115 (kept open)
            fcntl.flock(self.lock, fcntl.LOCK_SH)

    def release_cache(self):
        if self.lock is not None:
            self.lock.close()  # closing drops the lock
            self.lock = None

    @property
    def pending_dir(self) -> Path | None:
        return self.shop_dir / f"{PENDING_PREFIX}{os.getpid()}" if self.shop_dir else None

    def stage(self):
        """Write the copy-shop PDFs where the final checks see them, not where they go."""
        if not self.copy_shop_files:
            return
        remove_dead_pending(self.shop_dir)
        for relpath, source in self.copy_shop_files:
            with _writing(self.shop_dir / relpath):
                pdf.write_atomic(self.pending_dir / relpath, Path(source).read_bytes())

    def publish(self):
        """The site passed every check: the copy-shop PDFs take their place; cache pruned."""
        for relpath, _source in self.copy_shop_files:
            target = self.shop_dir / relpath
            with _writing(target):
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.pending_dir / relpath, target)
            logger.info("PDF para la imprenta / copy-shop PDF: %s", target)
        self.discard()
        self.prune_cache()
        self.release_cache()

    def discard(self):
        if self.pending_dir is not None:
            shutil.rmtree(self.pending_dir, ignore_errors=True)

    def prune_cache(self):
        """Delete every cached PDF this build did not use.

        A file touched after this build started is kept: another build running at the
        same time (``voces ver`` and ``voces edicion``) may be using it; while one is,
        nothing is deleted (the next build prunes).
        """
        if not self.cache_dir.is_dir():
            return
        if self.lock is not None:
            try:
                fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                logger.info(
                    "Ediciones: otra construcción usa la caché de PDF; se limpiará la "
                    "próxima vez. / editions: another build is using the PDF cache; "
                    "it will be pruned next time."
                )
                return
        used = {Path(path).resolve() for path in self.used}
        removed = 0
        for path in self.cache_dir.iterdir():
            try:
                modified = path.stat().st_mtime
                if path.suffix == ".pdf" and path.resolve() not in used and modified < self.started:
                    path.unlink()
                    removed += 1
                elif path.suffix == ".part" and modified < self.started - STALE_PART_SECONDS:
                    path.unlink()
            except OSError:  # gone already (another build pruned it): nothing to do
                continue
        if removed:
            logger.info(
                "Ediciones: %d PDF viejo(s) borrado(s) de la caché / editions: %d old "
                "PDF(s) removed from the cache",
                removed,
                removed,
            )


@contextmanager
def _writing(target: Path):
    """A disk problem with a copy-shop PDF: a message, not a traceback."""
    try:
        yield
    except OSError as error:
        raise EditionProblem(
            f"EDITIONS['copy_shop_dir']: no se pudo escribir {target} ({error}). Revise la "
            f"carpeta y el espacio en disco y vuelva a hacer los PDF. / could not write "
            f"{target} ({error}). Check the folder and the disk space and make the PDFs "
            f"again."
        ) from error


def remove_dead_pending(shop_dir: Path):
    """Pending folders left by a build that was killed (Ctrl+C) during its checks."""
    for folder in shop_dir.glob(f"{PENDING_PREFIX}*"):
        pid = folder.name[len(PENDING_PREFIX) :]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


#: staging output path -> the pending work of the build writing there.
_PENDING: dict[str, AfterBuild] = {}


def expect(output_path, work: AfterBuild | None):
    """Register (or, with None, forget) the work of the build writing ``output_path``."""
    key = os.path.realpath(output_path)
    previous = _PENDING.pop(key, None)
    if previous is not None:  # a build in this process (voces ver) that failed early
        previous.release_cache()
    if work is not None:
        _PENDING[key] = work


#: staging output path -> work staged there, waiting for build_guard's verdict.
_STAGED: dict[str, AfterBuild] = {}


def on_output_complete(pelican, output_path=None, **_ignored):
    """voces_output_complete: stage the copy-shop PDFs where the final checks see them."""
    key = os.path.realpath(output_path or pelican.output_path)
    work = _PENDING.pop(key, None)
    if work is None:
        return
    _STAGED[key] = work
    work.stage()


def on_output_published(pelican, output_path=None, staging_path=None, **_ignored):
    """voces_output_published: every check passed; the PDFs move to their folder."""
    work = _STAGED.pop(os.path.realpath(staging_path), None) if staging_path else None
    if work is not None:
        work.publish()


def on_output_discarded(guard, output_path=None, **_ignored):
    """voces_output_discarded: a check failed; the pending PDFs are deleted."""
    key = os.path.realpath(output_path) if output_path else None
    for table in (_STAGED, _PENDING):
        work = table.pop(key, None)
        if work is not None:
            work.discard()
            work.release_cache()


def on_finalized(pelican):
    """finalized: without build_guard nobody else decides; finish at once."""
    if getattr(pelican, "voces_guard", None) is not None:
        return
    work = _PENDING.pop(os.path.realpath(pelican.output_path), None)
    if work is not None:
        work.stage()
        work.publish()
