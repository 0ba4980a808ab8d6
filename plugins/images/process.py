"""Run image jobs on every core, with progress on long runs."""

import logging
from concurrent.futures import as_completed

from ..core.parallel import process_pool
from .variants import make_variants

logger = logging.getLogger(__name__)


def run_jobs(jobs, workers, progress_every):
    """Run ``make_variants`` over ``jobs``; return results in the same order."""
    results = [None] * len(jobs)
    total = len(jobs)
    if total == 0:
        return results
    if workers <= 1 or total == 1:
        for n, job in enumerate(jobs):
            results[n] = make_variants(job)
            _progress(n + 1, total, progress_every)
        return results
    with process_pool(min(workers, total)) as pool:
        futures = {pool.submit(make_variants, job): n for n, job in enumerate(jobs)}
        for done, future in enumerate(as_completed(futures), 1):
            results[futures[future]] = future.result()
            _progress(done, total, progress_every)
    return results


def _progress(done, total, every):
    if total >= every and (done % every == 0 or done == total):
        logger.info(
            "Imágenes: %d de %d procesadas. / Images: %d of %d processed.", done, total, done, total
        )
