"""The ``EDITIONS`` setting: defaults, merged once (core.settings), unknown keys reported."""

import logging

from ..core.settings import cache_folder
from ..core.settings import merge as merge_setting

logger = logging.getLogger(__name__)

PAPERS = ("letter", "a4")
BOOKLET_SHEETS = ("double", "same")
BOOKLET_VARIANTS = ("bw", "color")

DEFAULTS = {
    # "letter" (Carta, the paper of Mexican copy shops) or "a4".
    "paper": "letter",
    # QR codes need an absolute address; used only while SITEURL is empty.
    "placeholder_siteurl": "https://voces.example.org",
    # Booklet sheet: "double" = a sheet twice the page (doble carta / A3), text
    # keeps its size; "same" = two pages shrunk onto one sheet of the same paper.
    "booklet_sheet": "double",
    # Which PDF is imposed as the booklet: "bw" (photocopies) or "color".
    "booklet_variant": "bw",
    # Build the PDFs in the full build (the site pages are always built).
    "pdf": True,
    # Only this edition's PDFs (used by ``voces edicion N``); None = all.
    "only": None,
    # The directory entry (content/directorio.toml id) shown as "how to reach us".
    "contact_entry": "colectiva",
    # Copy-shop PDFs: set by ``voces edicion N`` to a folder OUTSIDE the site. Only
    # these PDFs carry the print-only stories (consent for paper, not internet);
    # the PDFs published on the site never do. None = no copy-shop PDFs.
    "copy_shop_dir": None,
    # Where rendered PDFs are kept between builds, relative to the project; None:
    # VOCES_CACHE/editions.
    "cache_dir": None,
    # Pages of the printed edition: a multiple of 4 (16, 20, 24), filled with the
    # prepared pieces (help cards, notice, notes); None = the next multiple of 4.
    "pages": None,
    # Copy-shop PDFs are refused while the site address or a directory entry is
    # sample data; True (``voces edicion N --muestra``) makes them anyway, with
    # "MUESTRA" on every page: for a workshop, never for handing out.
    "print_sample": False,
}


def edition_settings(settings):
    """Return the merged EDITIONS dict and a list of problems (bilingual text)."""
    merged, errors = merge_setting(settings, "EDITIONS", DEFAULTS, example='{"paper": "letter"}')
    problems = [error.message() for error in errors]
    merged["cache_dir"] = merged["cache_dir"] or cache_folder(settings, "editions")
    for key, allowed in (
        ("paper", PAPERS),
        ("booklet_sheet", BOOKLET_SHEETS),
        ("booklet_variant", BOOKLET_VARIANTS),
    ):
        if merged[key] not in allowed:
            problems.append(
                f"pelicanconf.py: EDITIONS['{key}'] = {merged[key]!r} no es válido; use uno de "
                f"{', '.join(allowed)}. / EDITIONS['{key}'] = {merged[key]!r} is not valid; "
                f"use one of {', '.join(allowed)}."
            )
            merged[key] = DEFAULTS[key]
    pages = merged["pages"]
    if pages is not None and (
        isinstance(pages, bool) or not isinstance(pages, int) or pages < 4 or pages % 4
    ):
        problems.append(
            f"pelicanconf.py: EDITIONS['pages'] = {pages!r}: debe ser un múltiplo de 4 "
            f"(16, 20, 24) o None. / EDITIONS['pages'] must be a multiple of 4 (16, 20, 24) "
            f"or None."
        )
        merged["pages"] = None
    return merged, problems
