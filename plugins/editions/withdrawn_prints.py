"""Copy-shop PDFs already handed out (``output-ediciones/NN/``) follow withdrawals.

``voces edicion N`` leaves the PDFs for the copy shop in ``output-ediciones/NN/``,
outside the site. A story withdrawn afterwards (or sent back to draft, or whose
consent for paper was taken back) would stay in them, and a reprint would print it.
So every production build, once it knows which stories may go on paper
(``voces_content_ready``), reads which stories each of those PDFs carries (each
printed story starts at an anchor ``articulo-<slug>``, kept in the PDF as a named
destination) and deletes the PDFs of every edition folder that carries a story that
may no longer be printed, saying which and how to make them again. A check
(``voces revisar``, ``VOCES_CHECK_ONLY``) only says what a build would delete.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from .model import printable

logger = logging.getLogger(__name__)

ANCHOR_PREFIX = "articulo-"
#: What reading the anchors depends on (this plugin and core.pdf_strings).
CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "core")
FOLDER_NAME = "output-ediciones"


#: Every folder ``voces edicion N --salida`` delivered to, one per line, so that a
#: withdrawal reaches them too (``.cache/`` is never committed).
DELIVERIES = Path(".cache") / "voces-entregas.txt"


def remember_delivery(project: Path, folder: Path) -> None:
    """Note ``folder`` (where ``voces edicion`` put the PDFs) for later withdrawals."""
    record = Path(project) / DELIVERIES
    folder = str(Path(folder).resolve())
    known = record.read_text(encoding="utf-8").splitlines() if record.is_file() else []
    if folder not in known:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text("\n".join([*known, folder]) + "\n", encoding="utf-8")


def copy_shop_folders(settings) -> list[Path]:
    """Where copy-shop PDFs were handed out: ``output-ediciones`` next to ``content/``
    and every folder ``voces edicion --salida`` delivered to."""
    project = Path(os.path.abspath(settings["PATH"])).parent
    folders = [project / FOLDER_NAME]
    record = project / DELIVERIES
    if record.is_file():
        folders += [Path(line) for line in record.read_text(encoding="utf-8").splitlines() if line]
    unique = []
    for folder in folders:
        if folder.is_dir() and folder.resolve() not in unique:
            unique.append(folder.resolve())
    return unique


def carried_slugs(pdf: Path, cache=None) -> set[str] | None:
    """Slugs of the stories ``pdf`` carries; None when it cannot be read.

    ``cache`` (a core.build_cache.ResultCache) keeps the answer by the PDF's SHA-256:
    parsing a PDF costs ~0.2 s, and every build and check looks at each one again.
    """
    from ..core.pdf_strings import read_pdf

    try:
        data = pdf.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(data).hexdigest()
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        return set(hit)
    try:
        strings = read_pdf(data, pages=False).strings
    except Exception:  # an unreadable PDF: the caller says so
        return None
    slugs = {s[len(ANCHOR_PREFIX) :] for s in strings if s.startswith(ANCHOR_PREFIX)}
    if cache is not None:
        cache.put(key, sorted(slugs))
    return slugs


def _anchor_cache(settings):
    """Slugs found in handed-out PDFs, kept in CACHE_PATH (read, never written, by a check)."""
    from ..core.build_cache import ResultCache, code_digest, fingerprint

    if not settings.get("CACHE_PATH"):
        return None
    return ResultCache(
        os.path.join(settings["CACHE_PATH"], "ediciones-entregadas"),
        "anclas",
        fingerprint(code_digest(CODE, ("pikepdf",)), ANCHOR_PREFIX, "withdrawn_prints/1"),
        writable=not settings.get("VOCES_CHECK_ONLY"),
    )


def printable_slugs(generators) -> set[str]:
    from pelican.generators import ArticlesGenerator

    slugs = set()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            items = [
                *generator.articles,
                *generator.translations,
                *(generator.context.get("print_only_articles") or []),
            ]
            slugs.update(str(a.slug) for a in items if printable(a))
    return slugs


def prune(generators) -> None:
    """voces_content_ready: remove handed-out PDFs that carry a story no longer printable."""
    if not generators:
        return
    settings = generators[0].settings
    if settings.get("VOCES_PREVIEW"):
        return
    check_only = bool(settings.get("VOCES_CHECK_ONLY"))
    allowed = printable_slugs(generators)
    editions = generators[0].context.get("editions")
    published = None if editions is None else {f"{e.number:02d}" for e in editions}
    cache = _anchor_cache(settings)
    try:
        _prune_folders(settings, allowed, published, check_only, cache)
    finally:
        if cache is not None:
            cache.save()


def _prune_folders(settings, allowed, published, check_only, cache) -> None:
    for folder in copy_shop_folders(settings):
        # Only what voces edicion makes: NN/voces-NN*.pdf (never another file there).
        for edition_dir in sorted(p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()):
            pdfs = sorted(edition_dir.glob(f"voces-{edition_dir.name}*.pdf"))
            stale: set[str] = set()
            unreadable = []
            carried: set[str] = set()
            for pdf in pdfs:
                slugs = carried_slugs(pdf, cache)
                if slugs is None:
                    unreadable.append(pdf.name)
                else:
                    carried |= slugs
                    stale |= slugs - allowed
            if pdfs and not carried and not unreadable:
                logger.warning(
                    "%s: no se sabe qué historias llevan estos PDF (no son de esta versión o "
                    "solo está el cuadernillo). Si se retiró una historia de esta edición, "
                    "bórrelos y vuelva a hacerlos con «voces edicion». / it cannot be told "
                    "which stories these PDFs carry; if a story of this edition was "
                    "withdrawn, delete them and make them again with 'voces edition'.",
                    edition_dir,
                )
            if pdfs and published is not None and edition_dir.name not in published:
                # The edition itself is withdrawn, back to draft, or gone.
                stale.add(f"edición {edition_dir.name} / edition {edition_dir.name}")
            if not stale and not unreadable:
                continue
            why = ", ".join(sorted(stale)) or ", ".join(unreadable)
            nn = edition_dir.name
            if check_only:
                logger.warning(
                    "%s: estos PDF para la imprenta llevan historias que ya no se pueden "
                    "imprimir (%s); la próxima construcción los borrará. / these copy-shop "
                    "PDFs carry stories that may no longer be printed (%s); the next build "
                    "deletes them.",
                    edition_dir,
                    why,
                    why,
                )
                continue
            for pdf in pdfs:
                pdf.unlink(missing_ok=True)
            logger.warning(
                "%s: se borraron los PDF para la imprenta porque llevaban historias retiradas "
                "o que ya no se pueden imprimir (%s). Vuelva a hacerlos con «voces edicion %s» "
                "y avise a la imprenta que no use los anteriores. / the copy-shop PDFs were "
                "deleted because they carried stories withdrawn or no longer printable (%s). "
                "Make them again with 'voces edition %s' and tell the copy shop not to use "
                "the old ones.",
                edition_dir,
                why,
                nn.lstrip("0") or nn,
                why,
                nn.lstrip("0") or nn,
            )
