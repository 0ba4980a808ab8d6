"""protected_terms: a production build never publishes a word on the editors' list.

Real names, bars, streets, phone numbers: the editors keep them in a plain-text file
outside the repository (see docs/terminos-protegidos.md). After everything is written
and before the new site replaces ``output/``, build_guard sends ``voces_output_ready``;
every file of the new site is searched (pages, feeds, JSON, text in PDFs, inside
``.gz`` and ``.zip``) and any finding stops the build, naming the file and the term.
Preview builds (``VOCES_PREVIEW``) are not searched: they are never published.
"""

from __future__ import annotations

import logging
import os
import time

from pelican import signals

from ..core import signals as core_signals
from .pdf_cache import PdfTextCache
from .scan import clean_files_cache, scan_tree
from .terms import TermsFileError, configured_path, load_terms, published_place_problem

logger = logging.getLogger(__name__)

MAX_REPORTED_FILES = 30


def _terms_for(settings):
    """(terms, path) for a production build, or None when nothing is to be searched.

    A file that is named but missing or broken is an ERROR: the editor believes she
    is protected.
    """
    if settings.get("VOCES_PREVIEW"):
        return None
    path = configured_path(settings)
    if path is None:
        logger.info(
            "No hay lista de términos protegidos (%s o SAFETY['protected_terms_file'])."
            " / No protected-terms list is configured.",
            "VOCES_PROTECTED_TERMS",
        )
        return None
    try:
        problem = published_place_problem(path, settings)
        if problem is not None:
            raise problem
        return load_terms(path), path
    except TermsFileError as error:
        logger.error("%s / %s", error.es, error.en)
        return None


def _cache_folder(settings):
    cache_path = settings.get("CACHE_PATH")
    return os.path.join(cache_path, "protected_terms") if cache_path else None


def _clean_cache_folder(settings):
    """Files found clean, by hash, for one list of terms (see scan.clean_files_cache)."""
    cache_path = settings.get("CACHE_PATH")
    return os.path.join(cache_path, "protected_terms_clean") if cache_path else None


def _copy_shop_folder(settings):
    """The folder where the editions plugin writes the PDFs for the copy shop, if any."""
    editions = settings.get("EDITIONS") or {}
    folder = editions.get("copy_shop_dir") if isinstance(editions, dict) else None
    return folder if folder and os.path.isdir(folder) else None


def check_terms_file(generators):
    """all_generators_finalized: a missing or broken list stops the build early."""
    if generators:
        _terms_for(generators[0].settings)


def search_output(pelican, output_path=None, **_ignored):
    """voces_output_ready: search the finished (not yet published) output."""
    loaded = _terms_for(pelican.settings)
    if not loaded:
        return
    terms, terms_path = loaded
    started = time.perf_counter()
    cache = PdfTextCache(_cache_folder(pelican.settings))
    clean = clean_files_cache(_clean_cache_folder(pelican.settings), terms)
    findings = scan_tree(output_path or pelican.output_path, terms, cache, clean)
    copy_shop = _copy_shop_folder(pelican.settings)
    if copy_shop:
        # The copy-shop PDFs (print-only stories included) are handed out on paper.
        for finding in scan_tree(copy_shop, terms):
            finding.path = os.path.join(copy_shop, finding.path)
            findings.append(finding)
    logger.info(
        "Términos protegidos: %d término(s) buscados en %.2f s / protected terms: "
        "%d term(s) searched in %.2f s",
        len(terms),
        time.perf_counter() - started,
        len(terms),
        time.perf_counter() - started,
    )
    for finding in findings[:MAX_REPORTED_FILES]:
        if finding.unreadable:
            logger.error(
                "%s: no se pudo leer para buscar términos protegidos (%s); no se publica "
                "lo que no se pudo revisar. / could not be read to search for protected "
                "terms (%s); what cannot be checked is not published.",
                finding.path,
                finding.unreadable,
                finding.unreadable,
            )
            continue
        es = ", ".join(f"«{t.text}» (línea {t.line})" for t in finding.terms)
        en = ", ".join(f"'{t.text}' (line {t.line})" for t in finding.terms)
        logger.error(
            "%s: contiene el término protegido %s de %s / contains the protected term %s from %s",
            finding.path,
            es,
            terms_path,
            en,
            terms_path,
        )
    if len(findings) > MAX_REPORTED_FILES:
        logger.error(
            "... y %d archivo(s) más con términos protegidos. / ... and %d more "
            "file(s) with protected terms.",
            len(findings) - MAX_REPORTED_FILES,
            len(findings) - MAX_REPORTED_FILES,
        )
    if findings:
        logger.error(
            "No se publicó nada: el sitio anterior sigue como estaba. Quite esos términos de "
            "los artículos o páginas (encuéntrelos con «voces revisar») y vuelva a construir."
            " / Nothing was published: the previous site is unchanged. Remove those terms "
            "from the articles or pages (find them with 'voces check') and build again."
        )


def search_output_without_guard(pelican):
    """finalized: only when build_guard is not running (it would have sent the signal)."""
    if getattr(pelican, "voces_guard", None) is None:
        search_output(pelican, output_path=pelican.output_path)


def register():
    signals.all_generators_finalized.connect(check_terms_file)
    signals.finalized.connect(search_output_without_guard)
    core_signals.output_ready.connect(search_output)
