"""Start making a story's image variants as soon as Pelican has read the story.

Pelican reads every story on one core before any plugin sees the whole list; only then
does ``ImagesGenerator.prepare`` make the variants, on every core. On a cold build of a
year of stories the other cores sat idle while the stories were read. The images a
published story uses are known once it is read (its ``image`` field and the ``<img>`` of
its body), so their variants are started then, on the cores the reading leaves free.

This is only an early start: the same ``make_variants`` writes into the same cache. When
``prepare`` begins it calls ``finish``, which waits for what is running and drops what has
not started; ``prepare`` then plans, checks and reports every image as before, and makes
whatever is still missing. A failure here is not reported: ``prepare`` meets the same
source and says what is wrong with it.
"""

from __future__ import annotations

import os

from ..core.parallel import process_pool, safe_to_fork
from .references import body_images, flag, plain, resolve
from .variants import EXTENSIONS, make_variants, plan_web, probe_key, variant_key


def early_workers(config) -> int:
    """Worker processes while the stories are read: every core but the reading one."""
    cores = os.cpu_count() or 1
    wanted = config["workers"] or cores
    return max(0, min(wanted, cores) - 1)


class Prefetcher:
    """Receives each content object as it is made (``content_object_init``)."""

    def __init__(self, settings, config, cache, source_sha):
        self.settings = settings  # contents of this build carry this very object
        self.config = config
        self.content_root = settings["PATH"]
        self.cache = cache  # the generator's ImageCache: what is verified here stays so
        self.source_sha = source_sha  # the generator's memoised file hash
        self.workers = early_workers(config) if safe_to_fork() else 0
        self.seen = set()
        self.waiting = []  # jobs not yet handed to a worker
        self.running = []  # futures
        self.pool = None
        self.started = 0
        self.closed = False

    def offer(self, content):
        if self.closed or not self.workers or getattr(content, "status", "") != "published":
            return
        if getattr(content, "settings", None) is not self.settings:
            return  # another build in this process (one that stopped before ``finish``)
        source_dir = os.path.dirname(content.source_path)
        cleanup = self.config["scan_cleanup"] or flag(content.metadata.get("scan_cleanup"))
        refs = [plain(content.metadata.get("image"))]
        refs += [attrs.get("src", "") for _match, attrs in body_images(content._content)]
        for ref in refs:
            if not ref:
                continue
            path, problem = resolve(ref, self.content_root, source_dir)
            if problem or (path, cleanup) in self.seen:
                continue
            self.seen.add((path, cleanup))
            job = self._job(path, cleanup)
            if job is not None:
                self.waiting.append(job)
        self._hand_out()

    def _job(self, path, cleanup):
        try:
            if os.path.getsize(path) > self.config["max_bytes"]:
                return None
            sha = self.source_sha(path)
        except OSError:
            return None
        job = {"path": path, "sha": sha, "cleanup": cleanup, "config": self.config}
        record = self.cache.get_record(probe_key(sha))
        if record is None:
            return dict(job, specs=None)
        specs = plan_web((record["width"], record["height"]), self.config, cleanup)
        missing = [
            s for s in specs if not self.cache.get(variant_key(sha, s), EXTENSIONS[s["fmt"]])
        ]
        return dict(job, specs=missing) if missing else None

    def _hand_out(self):
        """Keep each worker busy with one job and one more queued; no more, so that a
        build stopped while reading leaves little behind."""
        self.running = [future for future in self.running if not future.done()]
        while self.waiting and len(self.running) < 2 * self.workers:
            if self.pool is None:
                self.pool = process_pool(self.workers)
            self.running.append(self.pool.submit(make_variants, self.waiting.pop(0)))
            self.started += 1

    def finish(self):
        """Wait for the jobs running, drop the rest; nothing more is started."""
        self.closed = True
        self.waiting.clear()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        return self.started
